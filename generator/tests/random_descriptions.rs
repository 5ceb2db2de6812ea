//! Random valid descriptions: schemas, properties, parameters and operations named with words
//! Rust or the generated code already uses (keywords, the prelude, builder and client methods,
//! names without letters), compositions (with discriminators and properties beside them),
//! arrays, maps and nullables nested in one another, references that close cycles, and every
//! media type. Codegen must accept each, and the crates must compile clippy-clean. (The
//! mutation fuzzer, `fuzz_lowering.rs`, covers invalid input.)
//!
//! CI tries a few seeds; a longer run:
//! `RANDOM_DESCRIPTIONS=200 cargo test --release -p generator --test random_descriptions`.
//! Crates are named after their seed; `RANDOM_SEED=N` starts from seed N, so one replays.

mod hostile_support;

use hostile_support::{assert_builds_cleanly, generate_text, Check, Rng};
use serde_json::{json, Map, Value};

/// Descriptions per run in the normal suite.
const DEFAULT_DESCRIPTIONS: u64 = 6;

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
struct Describer {
    rng: Rng,
    schema_names: Vec<String>,
}

impl Describer {
    fn new(seed: u64) -> Self {
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
        Describer { rng, schema_names }
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
                union["discriminator"] = json!({"propertyName": self.word()});
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

    fn parameters(&mut self, path: &str) -> Vec<Value> {
        let mut parameters: Vec<Value> = path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| {
                let schema = match self.rng.below(3) {
                    0 => json!({"type": "string"}),
                    1 => json!({"type": "integer"}),
                    _ => self.reference(),
                };
                json!({"name": name, "in": "path", "required": true, "schema": schema})
            })
            .collect();
        for _ in 0..self.rng.below(5) {
            let location = *self.rng.pick(&["query", "query", "header"]);
            let name = self.word();
            let taken = parameters
                .iter()
                .any(|p| p["name"] == name && p["in"] == location);
            if taken {
                continue;
            }
            let schema = match self.rng.below(3) {
                0 => self.scalar(),
                1 => json!({"type": "array", "items": self.scalar()}),
                _ => self.reference(),
            };
            let required = self.rng.chance(30);
            if self.rng.chance(10) {
                // A parameter whose value is serialised as a media type.
                let content = json!({"application/json": {"schema": schema}});
                parameters.push(
                    json!({"name": name, "in": location, "required": required, "content": content}),
                );
                continue;
            }
            parameters.push(
                json!({"name": name, "in": location, "required": required, "schema": schema}),
            );
        }
        parameters
    }

    fn content(&mut self, media_types: &[&str], schema: Value) -> Value {
        json!({*self.rng.pick(media_types): {"schema": schema}})
    }

    fn operation(&mut self, index: usize, path: &str, method: &str) -> Value {
        let id = if self.rng.chance(70) {
            format!("op{index}")
        } else {
            self.word().to_owned()
        };
        let mut operation =
            json!({"operationId": id, "parameters": self.parameters(path), "responses": {}});
        if self.rng.chance(70) {
            operation["tags"] = json!([self
                .rng
                .pick(&["a", "b", "Tag Name", "default", "full", "self", ""])]);
        }
        for _ in 0..=self.rng.below(3) {
            let status = *self
                .rng
                .pick(&["200", "201", "204", "400", "404", "default", "2XX"]);
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
            operation["responses"][status] = response;
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
            operation["requestBody"] = json!({"required": self.rng.chance(70), "content": content});
        }
        operation
    }

    fn description(mut self, seed: u64) -> Value {
        let schemas: Map<String, Value> = self
            .schema_names
            .clone()
            .into_iter()
            .map(|name| {
                let schema = if self.rng.chance(60) {
                    self.object(0)
                } else {
                    self.schema(0)
                };
                (name, schema)
            })
            .collect();
        let mut paths = Map::new();
        for index in 0..=self.rng.below(12) {
            let path = format!(
                "/r{index}{}",
                self.rng.pick(&["", "/{id}", "/{self}/{type}", "/{a-b}"])
            );
            let method = *self.rng.pick(&["get", "post", "put", "patch", "delete"]);
            let operation = self.operation(index, &path, method);
            paths.insert(path, json!({method: operation}));
        }
        json!({
            "openapi": "3.0.3",
            "info": {"title": format!("Random {seed}"), "version": "1"},
            "servers": [{"url": "https://api.example.com"}],
            "paths": paths,
            "components": {"schemas": schemas},
        })
    }
}

fn from_env(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.parse().ok()
}

#[test]
fn random_valid_descriptions_generate_crates_that_compile_clippy_clean() {
    let first = from_env("RANDOM_SEED").unwrap_or(1);
    let count = from_env("RANDOM_DESCRIPTIONS").unwrap_or(DEFAULT_DESCRIPTIONS);
    let mut crates = Vec::new();
    let mut refused = Vec::new();
    for seed in first..first + count {
        let text = Describer::new(seed).description(seed).to_string();
        let name = format!("random-{seed}");
        match generate_text(&text, &name) {
            Ok((files, _)) => crates.push((name, files)),
            Err(error) => refused.push(format!("seed {seed}: {error}")),
        }
    }
    assert!(
        refused.is_empty(),
        "valid descriptions refused:\n{}",
        refused.join("\n")
    );
    assert_builds_cleanly("random-descriptions", &crates, Check::Clippy);
}
