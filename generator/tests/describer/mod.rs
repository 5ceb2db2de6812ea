//! The describer behind `random_descriptions.rs`: builds a random valid description from a seed.

mod files;

use crate::hostile_support::Rng;
use serde_json::{json, Map, Value};

/// Names that have broken generators, or might.
const WORDS: &[&str] = &[
    "id", "type", "name", "value", "data", "items", "extra", "self", "Self", "new", "default",
    "clone", "body", "send", "options", "client", "request", "page", "per_page", "123", "a-b",
    "a.b", "A", "a", "x_y", "xY", "X-Y", "中文", "", "_", "$ref", "enum", "match", "fn", "async",
    "None", "Some", "null", "true", "Unknown", "list", "pages", "next", "Value", "Option",
    "Result", "String", "Box", "Vec", "Into", "Default", "Extra", "Nullable", "base_url",
];

const DESCRIPTIONS: &[&str] = &[
    "",
    "`",
    "A *doc* with [a link](x) and <b>HTML</b>",
    "```\ncode\n```",
    "# Heading\n\n| a | b |\n|---|---|\n| 1 | 2 |",
];

/// Builds one description from a seed.
pub struct Describer {
    rng: Rng,
    schema_names: Vec<String>,
    /// `components.parameters`, `responses` and `requestBodies`: made on first use, then
    /// sometimes referred to again.
    shared_parameters: Map<String, Value>,
    shared_responses: Map<String, Value>,
    shared_bodies: Map<String, Value>,
}

impl Describer {
    pub fn new(seed: u64) -> Self {
        let mut rng = Rng::seeded(seed);
        let count = 5 + rng.below(30);
        let mut schema_names: Vec<String> = Vec::new();
        while schema_names.len() < count {
            let base = if rng.chance(25) {
                format!("S{}", schema_names.len())
            } else {
                (*rng.pick(WORDS)).to_owned()
            };
            let name = base + *rng.pick(&["", "", "_obj", "List", "2"]);
            if !schema_names.contains(&name) {
                schema_names.push(name);
            }
        }
        Describer {
            rng,
            schema_names,
            shared_parameters: Map::new(),
            shared_responses: Map::new(),
            shared_bodies: Map::new(),
        }
    }

    /// `make`'s value, or, some of the time, a reference to one in `components.{section}`: an
    /// earlier one, or a new one kept there.
    fn shared(
        &mut self,
        section: &str,
        made: Value,
        components: fn(&mut Self) -> &mut Map<String, Value>,
    ) -> Value {
        if !self.rng.chance(30) {
            return made;
        }
        let existing = components(self).len();
        let name = if existing > 0 && self.rng.chance(50) {
            format!("{section}{}", self.rng.below(existing))
        } else {
            let name = format!("{section}{existing}");
            components(self).insert(name.clone(), made);
            name
        };
        json!({"$ref": format!("#/components/{section}/{name}")})
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.rng.below(WORDS.len())]
    }

    fn reference(&mut self) -> Value {
        let name = self.rng.pick(&self.schema_names).clone();
        json!({"$ref": format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1"))})
    }

    /// A reference half the time, else what `make` makes at the top level.
    fn reference_or(&mut self, make: fn(&mut Self, usize) -> Value) -> Value {
        if self.rng.chance(50) {
            self.reference()
        } else {
            make(self, 0)
        }
    }

    /// A scalar, sometimes with a format, an enum, a default or an example.
    fn scalar(&mut self) -> Value {
        let kind = *self.rng.pick(&["string", "integer", "number", "boolean"]);
        let mut schema = Map::from_iter([("type".to_owned(), json!(kind))]);
        let formats: &[&str] = match kind {
            "string" => &[
                "date-time",
                "date",
                "uuid",
                "byte",
                "binary",
                "email",
                "uri",
                "int64",
            ],
            "integer" => &["int32", "int64", "int8", "uint64", "unix-time"],
            "number" => &["float", "double", "decimal"],
            _ => &[],
        };
        if !formats.is_empty() && self.rng.chance(35) {
            schema.insert("format".into(), json!(self.rng.pick(formats)));
        }
        if self.rng.chance(25) {
            let values: Vec<Value> = match kind {
                "string" => (0..=self.rng.below(5))
                    .map(|_| json!(self.word()))
                    .collect(),
                "integer" => vec![json!(0), json!(-1), json!(1_u64 << 40)],
                "number" => vec![json!(0.5), json!(1.5)],
                _ => vec![json!(self.rng.chance(50))],
            };
            schema.insert("enum".into(), Value::Array(values));
        }
        if self.rng.chance(10) {
            let values = [json!(null), json!("x"), json!(1), json!([]), json!({})];
            let value = self.rng.pick(&values).clone();
            let key = *self.rng.pick(&["default", "example"]);
            schema.insert(key.to_owned(), value);
        }
        Value::Object(schema)
    }

    /// A discriminator, sometimes mapping words to the members that are references: by the
    /// reference, or by the component's name.
    fn discriminator(&mut self, members: &[Value]) -> Value {
        let mut mapping = Map::new();
        for member in members {
            let Some(reference) = member.get("$ref").and_then(Value::as_str) else {
                continue;
            };
            if self.rng.chance(50) {
                let name = reference.trim_start_matches("#/components/schemas/");
                let target = if self.rng.chance(50) || name.contains(['~', '#', '/']) {
                    reference
                } else {
                    name
                };
                mapping.insert(self.word().to_owned(), json!(target));
            }
        }
        json!({"propertyName": self.word(), "mapping": mapping})
    }

    /// Any schema, at most four levels of nesting deep.
    fn schema(&mut self, depth: usize) -> Value {
        let roll = self.rng.below(100);
        let mut schema = if depth > 3 || roll < 35 {
            if self.rng.chance(60) {
                self.scalar()
            } else {
                return self.reference();
            }
        } else if roll < 55 {
            self.object(depth + 1)
        } else if roll < 65 {
            json!({"type": "array", "items": self.schema(depth + 1)})
        } else if roll < 75 {
            let members: Vec<Value> = (0..=self.rng.below(3))
                .map(|_| self.schema(depth + 1))
                .collect();
            let mut union = json!({*self.rng.pick(&["oneOf", "anyOf"]): members});
            if self.rng.chance(20) {
                // Properties beside the members, which every variant gets.
                union["properties"] = json!({self.word(): self.scalar()});
            }
            if self.rng.chance(20) {
                union["discriminator"] = self.discriminator(&members);
            }
            union
        } else if roll < 82 {
            let mut members: Vec<Value> = (0..=self.rng.below(2))
                .map(|_| self.schema(depth + 1))
                .collect();
            if self.rng.chance(25) {
                let variants = vec![self.object(depth + 1), self.reference()];
                members.push(json!({"oneOf": variants}));
            }
            json!({"allOf": members})
        } else if roll < 88 {
            let additional = match self.rng.below(3) {
                0 => json!(true),
                1 => json!(false),
                _ => self.schema(depth + 1),
            };
            json!({"type": "object", "additionalProperties": additional})
        } else if roll < 92 {
            json!({})
        } else {
            json!({"type": "object"})
        };
        let keys = schema
            .as_object_mut()
            .expect("every schema here is an object");
        if self.rng.chance(20) {
            keys.insert("nullable".into(), json!(true));
        }
        if self.rng.chance(10) {
            keys.insert("description".into(), json!(self.rng.pick(DESCRIPTIONS)));
        }
        if self.rng.chance(5) {
            keys.insert(
                self.rng
                    .pick(&["deprecated", "readOnly", "writeOnly"])
                    .to_string(),
                json!(true),
            );
        }
        if self.rng.chance(5) {
            // Keywords that only constrain or annotate, which must change nothing that compiles.
            let (key, value) = self
                .rng
                .pick(&[
                    ("not", json!({"type": "string"})),
                    ("minimum", json!(1)),
                    ("maxLength", json!(3)),
                    ("pattern", json!("^[a-z]+$")),
                    ("minItems", json!(1)),
                    ("uniqueItems", json!(true)),
                    ("title", json!("A title")),
                    ("x-extension", json!({"any": ["thing"]})),
                    ("externalDocs", json!({"url": "https://example.com"})),
                ])
                .clone();
            keys.insert(key.to_owned(), value);
        }
        schema
    }

    /// An object of up to eight properties, some required, maybe one a single-value enum.
    fn object(&mut self, depth: usize) -> Value {
        let mut properties = Map::new();
        for _ in 0..self.rng.below(9) {
            let schema = if self.rng.chance(10) {
                json!({"type": "string", "enum": [self.word()]})
            } else {
                self.schema(depth + 1)
            };
            properties.insert(self.word().to_owned(), schema);
        }
        let required: Vec<&String> = properties.keys().filter(|_| self.rng.chance(40)).collect();
        let mut object = json!({"type": "object", "properties": properties, "required": required});
        if self.rng.chance(15) {
            object["additionalProperties"] = match self.rng.below(2) {
                0 => json!(true),
                _ => self.schema(depth + 1),
            };
        }
        object
    }

    /// The parameters of an operation on `path`: its template's variables (unless the path item
    /// declares them, `declared`), and a few query and header parameters, some shared.
    fn parameters(&mut self, path: &str, declared: &[Value]) -> Vec<Value> {
        let mut parameters: Vec<Value> = path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .filter(|name| !declared.iter().any(|p| p["name"] == *name))
            .map(|name| self.path_parameter(name))
            .collect();
        // What each parameter is, its shared definition's for a reference.
        let mut seen: Vec<(Value, Value)> = parameters
            .iter()
            .map(|p| (p["name"].clone(), p["in"].clone()))
            .collect();
        for _ in 0..self.rng.below(5) {
            let parameter = self.query_or_header_parameter();
            let key = (parameter["name"].clone(), parameter["in"].clone());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let parameter = self.shared("parameters", parameter, |d| &mut d.shared_parameters);
            parameters.push(parameter);
        }
        parameters
    }

    fn path_parameter(&mut self, name: &str) -> Value {
        let schema = match self.rng.below(3) {
            0 => json!({"type": "string"}),
            1 => json!({"type": "integer"}),
            _ => self.reference(),
        };
        json!({"name": name, "in": "path", "required": true, "schema": schema})
    }

    fn query_or_header_parameter(&mut self) -> Value {
        let location = *self.rng.pick(&["query", "query", "header"]);
        let name = self.word();
        let schema = match self.rng.below(4) {
            0 => self.scalar(),
            1 => json!({"type": "array", "items": self.scalar()}),
            2 if location == "query" => {
                // An object, sent as `name[key]=value` or flattened.
                let style = *self.rng.pick(&["deepObject", "form"]);
                let object = self.object(2);
                return json!({"name": name, "in": location, "style": style, "explode": true,
                    "schema": object});
            }
            _ => self.reference(),
        };
        let mut parameter = json!({"name": name, "in": location,
            "required": self.rng.chance(30)});
        if self.rng.chance(10) {
            // A parameter whose value is serialised as a media type.
            parameter["content"] = json!({"application/json": {"schema": schema}});
            return parameter;
        }
        parameter["schema"] = schema;
        if self.rng.chance(10) {
            let (key, value) = self
                .rng
                .pick(&[
                    ("deprecated", json!(true)),
                    ("explode", json!(false)),
                    ("allowEmptyValue", json!(true)),
                    ("example", json!("x")),
                    ("description", json!("A *parameter*")),
                ])
                .clone();
            parameter[key] = value;
        }
        parameter
    }

    fn content(&mut self, media_types: &[&str], schema: Value) -> Value {
        json!({*self.rng.pick(media_types): {"schema": schema}})
    }

    fn operation(&mut self, id: String, path: &str, method: &str, declared: &[Value]) -> Value {
        let mut operation = json!({"operationId": id,
            "parameters": self.parameters(path, declared), "responses": {}});
        if self.rng.chance(70) {
            operation["tags"] = json!([self
                .rng
                .pick(&["a", "b", "Tag Name", "default", "full", "self", ""])]);
        }
        for _ in 0..=self.rng.below(3) {
            let status = *self
                .rng
                .pick(&["200", "201", "204", "400", "404", "default", "2XX"]);
            let response = self.response(status);
            operation["responses"][status] =
                self.shared("responses", response, |d| &mut d.shared_responses);
        }
        if matches!(method, "post" | "put" | "patch") && self.rng.chance(80) {
            let schema = self.reference_or(Self::object);
            let media = [
                "application/json",
                "application/json",
                "multipart/form-data",
                "application/x-www-form-urlencoded",
                "application/octet-stream",
                "text/plain",
            ];
            let content = self.content(&media, schema);
            let body = json!({"required": self.rng.chance(70), "content": content});
            operation["requestBody"] = self.shared("requestBodies", body, |d| &mut d.shared_bodies);
        }
        if self.rng.chance(10) {
            // A request the API makes back: nothing for a client to call.
            let callback = json!({"post": {"requestBody": {"content":
                {"application/json": {"schema": self.reference()}}},
                "responses": {"200": {"description": "received"}}}});
            operation["callbacks"] = json!({self.word(): {"{$request.body#/url}": callback}});
        }
        if self.rng.chance(15) {
            let (key, value) = self
                .rng
                .pick(&[
                    ("deprecated", json!(true)),
                    ("security", json!([])),
                    ("security", json!([{"bearer": []}, {"key": []}])),
                    ("summary", json!("A `summary`")),
                    ("externalDocs", json!({"url": "https://example.com"})),
                ])
                .clone();
            operation[key] = value;
        }
        operation
    }

    /// A response for `status`, maybe with a body, headers and links.
    fn response(&mut self, status: &str) -> Value {
        let mut response = json!({"description": "a response"});
        if status != "204" && self.rng.chance(80) {
            let schema = self.reference_or(Self::schema);
            let media = [
                "application/json",
                "application/json",
                "text/plain",
                "application/octet-stream",
                "application/problem+json",
            ];
            response["content"] = self.content(&media, schema);
        }
        if self.rng.chance(15) {
            let header = json!({"description": "A header", "schema": self.scalar()});
            response["headers"] = json!({self.word(): header});
        }
        if self.rng.chance(5) {
            let link = json!({"operationId": "op0", "parameters": {"id": "$response.body#/id"}});
            response["links"] = json!({self.word(): link});
        }
        response
    }

    pub fn description(&mut self, seed: u64) -> Value {
        let schemas: Map<String, Value> = self
            .schema_names
            .clone()
            .into_iter()
            .map(|name| {
                let schema = match self.rng.below(100) {
                    0..60 => self.object(0),
                    // Unions of components only, which may be unions of one another.
                    60..70 => {
                        let members: Vec<Value> = (0..=1 + self.rng.below(2))
                            .map(|_| self.reference())
                            .collect();
                        json!({*self.rng.pick(&["oneOf", "anyOf"]): members})
                    }
                    _ => self.schema(0),
                };
                (name, schema)
            })
            .collect();
        let mut paths = Map::new();
        let mut operations = 0;
        for index in 0..=self.rng.below(12) {
            let path = format!(
                "/r{index}{}",
                self.rng.pick(&["", "/{id}", "/{self}/{type}", "/{a-b}"])
            );
            let mut item = Map::new();
            if path.contains('{') && self.rng.chance(25) {
                // The template's variables declared once for every method of the path.
                let declared: Vec<Value> = path
                    .split('/')
                    .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
                    .map(|name| self.path_parameter(name))
                    .collect();
                item.insert("parameters".into(), Value::Array(declared));
            }
            let declared = item
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for _ in 0..=self.rng.below(2) {
                let method = *self.rng.pick(&["get", "post", "put", "patch", "delete"]);
                if item.contains_key(method) {
                    continue;
                }
                let id = if self.rng.chance(70) {
                    format!("op{operations}")
                } else {
                    self.word().to_owned()
                };
                operations += 1;
                let operation = self.operation(id, &path, method, &declared);
                item.insert(method.into(), operation);
            }
            paths.insert(path, Value::Object(item));
        }
        let servers = if self.rng.chance(20) {
            json!([{"url": "https://{region}.example.com/v{version}",
                "variables": {"region": {"default": "us", "enum": ["us", "eu"]},
                    "version": {"default": "1"}}}])
        } else {
            json!([{"url": "https://api.example.com"}])
        };
        json!({
            "openapi": "3.0.3",
            "info": {"title": format!("Random {seed}"), "version": "1"},
            "servers": servers,
            "security": [{"bearer": []}],
            "paths": paths,
            "components": {
                "schemas": schemas,
                "parameters": self.shared_parameters,
                "responses": self.shared_responses,
                "requestBodies": self.shared_bodies,
                "securitySchemes": {
                    "bearer": {"type": "http", "scheme": "bearer"},
                    "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                },
            },
        })
    }
}
