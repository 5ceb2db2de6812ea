//! A second source of payloads besides the spec's examples: values generated from the schemas.
//!
//! Every component schema and every JSON body schema written inline gets two payloads, each from
//! its own seed (derived from the schema's pointer, so adding a schema changes no other payload):
//! a *full* one, with every optional property present and no `null`, and a *sparse* one, with
//! optional properties present or absent at random and `null` wherever the schema allows it
//! (below the top).
//! Unions pick a member at random, enums a value, numbers are doubles with all their digits.
//! Sizes are capped so the test data stays small: below [`MAX_DEPTH`] objects get only their
//! required properties and arrays their fewest items, and arrays have at most [`MAX_ITEMS`].
//!
//! The generator follows the description's JSON tree, not the types lowering built. What it
//! produces is valid by construction except where it cut a cycle with a `null`; it reports
//! those places ([`Payload::cuts`]), which the audit counts as contradicted instead of asking a
//! JSON Schema validator (compiling one per component is quadratic in a `$ref` chain).

use serde_json::{json, Map, Number, Value};

use super::schema_keyword;
use crate::pointer;

/// Nesting (objects and arrays) below which only what the schema requires is generated.
const MAX_DEPTH: usize = 3;
/// Nesting at which a required cycle is cut (with a `null`, which the check then reports).
const CUT_DEPTH: usize = 12;
/// Most items an array gets.
const MAX_ITEMS: usize = 2;
/// Schemas followed at once (through `$ref`s and compositions as well as nesting) beyond which
/// the generator is going round a cycle that never reaches a property (an alias cycle, rule
/// `alias-cycle`); it is cut with a `null`.
const MAX_FRAMES: usize = 256;

/// How a payload is generated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::lower) enum Mode {
    /// Every property, no `null`.
    Full,
    /// Optional properties at random, `null` wherever allowed.
    Sparse,
}

impl Mode {
    pub const ALL: [Mode; 2] = [Mode::Full, Mode::Sparse];
}

/// The seed of the payload of `schema` in `mode`: FNV-1a of the pointer, so it is stable across
/// runs, platforms and unrelated changes to the description.
pub(in crate::lower) fn seed(schema: &str, mode: Mode) -> u64 {
    let hash = schema
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    hash ^ mode as u64
}

/// A generated payload.
#[derive(Debug, PartialEq)]
pub(in crate::lower) struct Payload {
    pub value: Value,
    /// JSON pointers into `value` of the `null`s that cut a cycle, which the schema may not
    /// allow.
    pub cuts: Vec<String>,
}

/// A payload for the schema at `schema` (a pointer written as if inline) of `tree`.
pub(in crate::lower) fn generate(tree: &Value, schema: &str, mode: Mode, seed: u64) -> Payload {
    let mut generator = Generator {
        tree,
        path: String::new(),
        cuts: Vec::new(),
        mode,
        rng: fastrand::Rng::with_seed(seed),
        frames: 0,
    };
    let value = generator.value(pointer::resolve(tree, schema), 0);
    Payload {
        value,
        cuts: generator.cuts,
    }
}

struct Generator<'t> {
    tree: &'t Value,
    mode: Mode,
    rng: fastrand::Rng,
    /// Calls of [`Generator::value`] under way.
    frames: usize,
    /// Where in the payload the value being generated goes.
    path: String,
    cuts: Vec<String>,
}

impl<'t> Generator<'t> {
    /// A value of the schema `node` (`None`: a pointer that leads nowhere). Schemas below
    /// another are looked up from its node, never from the root by their pointers.
    fn value(&mut self, node: Option<&'t Value>, depth: usize) -> Value {
        if self.frames >= MAX_FRAMES {
            return self.cut();
        }
        self.frames += 1;
        let value = self.schema_value(node, depth);
        self.frames -= 1;
        value
    }

    fn schema_value(&mut self, node: Option<&'t Value>, depth: usize) -> Value {
        let Some(node) = node else {
            return json!("any");
        };
        if let Some(target) = schema_keyword(node, "$ref").and_then(Value::as_str) {
            return self.value(pointer::resolve(self.tree, target), depth);
        }
        let nullable = schema_keyword(node, "nullable") == Some(&Value::Bool(true));
        // Not at the top: a payload is there to exercise a type, and `null` has none.
        let null_allowed = nullable && depth > 0 && self.mode == Mode::Sparse;
        if depth > CUT_DEPTH {
            return self.cut();
        }
        if null_allowed && self.rng.bool() {
            return Value::Null;
        }
        if let Some(Value::Array(values)) = schema_keyword(node, "enum") {
            let values: Vec<&Value> = values.iter().filter(|value| !value.is_null()).collect();
            if !values.is_empty() {
                return values[self.rng.usize(..values.len())].clone();
            }
        }
        let union = ["oneOf", "anyOf"]
            .into_iter()
            .find_map(|name| schema_keyword(node, name)?.as_array())
            .filter(|members| !members.is_empty());
        let members = schema_keyword(node, "allOf")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let object =
            schema_keyword(node, "properties").is_some() || type_of(node) == Some("object");
        if let (Some(union), [], false) = (union, members, object) {
            let member = self.rng.usize(..union.len());
            return self.value(Some(&union[member]), depth);
        }
        // An `allOf` of one schema and members that only annotate or constrain it (`maxLength`,
        // `nullable`) is that schema, as lowering reads it (rule `all-of-merge`): a string
        // stays a string rather than the merge of objects.
        if let (None, false, [typed]) = (union, object, typed_members(members).as_slice()) {
            return self.value(Some(typed), depth);
        }
        if !members.is_empty() || union.is_some() || object {
            let mut merged = Map::new();
            for member in members {
                self.merge(&mut merged, member, depth);
            }
            if let Some(union) = union {
                let member = self.rng.usize(..union.len());
                self.merge(&mut merged, &union[member], depth);
            }
            self.properties(&mut merged, node, depth);
            return Value::Object(merged);
        }
        self.scalar_or_array(node, depth)
    }

    /// A `null` that cuts a cycle, recorded.
    fn cut(&mut self) -> Value {
        self.cuts.push(self.path.clone());
        Value::Null
    }

    /// Generates the value at `segment` below the current path with `generate`.
    fn at(&mut self, segment: &str, generate: impl FnOnce(&mut Self) -> Value) -> Value {
        let length = pointer::push(&mut self.path, segment);
        let value = generate(self);
        self.path.truncate(length);
        value
    }

    /// Adds the keys of the object generated for `member` (nothing if it is not an object).
    fn merge(&mut self, merged: &mut Map<String, Value>, member: &'t Value, depth: usize) {
        if let Value::Object(object) = self.value(Some(member), depth) {
            merged.extend(object);
        }
    }

    /// Adds the properties of the object schema `node`.
    fn properties(&mut self, object: &mut Map<String, Value>, node: &'t Value, depth: usize) {
        let required: Vec<&str> = schema_keyword(node, "required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(Value::Object(properties)) = schema_keyword(node, "properties") {
            for (key, schema) in properties {
                let wanted = required.contains(&key.as_str())
                    || (depth < MAX_DEPTH && (self.mode == Mode::Full || self.rng.bool()));
                if wanted {
                    let value = self.at(key, |this| this.value(Some(schema), depth + 1));
                    object.insert(key.clone(), value);
                }
            }
        }
        if depth < MAX_DEPTH && self.mode == Mode::Full {
            match schema_keyword(node, "additionalProperties") {
                Some(schema @ Value::Object(keywords)) if !keywords.is_empty() => {
                    let key = "additional_key";
                    let value = self.at(key, |this| this.value(Some(schema), depth + 1));
                    object.insert(key.to_owned(), value);
                }
                Some(Value::Bool(true) | Value::Object(_)) => {
                    object.insert("free_form_key".to_owned(), json!("free-form value"));
                }
                _ => {}
            }
        }
    }

    fn scalar_or_array(&mut self, node: &'t Value, depth: usize) -> Value {
        let bound = |keyword: &str| schema_keyword(node, keyword).and_then(Value::as_u64);
        match type_of(node) {
            Some("array") => {
                let fewest = bound("minItems").map_or(0, |n| n as usize);
                let most = bound("maxItems").map_or(MAX_ITEMS, |n| (n as usize).min(MAX_ITEMS));
                let count = if depth >= MAX_DEPTH {
                    fewest
                } else {
                    self.rng.usize(fewest.max(1).min(most)..=most.max(fewest))
                };
                let items = schema_keyword(node, "items");
                Value::Array(
                    (0..count)
                        .map(|index| {
                            self.at(&index.to_string(), |this| this.value(items, depth + 1))
                        })
                        .collect(),
                )
            }
            Some("integer") => {
                let low = schema_keyword(node, "minimum")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                let high = schema_keyword(node, "maximum")
                    .and_then(Value::as_i64)
                    .unwrap_or(low + 100_000);
                json!(self.rng.i64(low..=high.max(low)))
            }
            Some("number") => {
                // Seventeen significant digits, which only an exact float parser reads back.
                let number = self.rng.f64() * 100_000_000.0;
                Number::from_f64(number).map_or(json!(0), Value::Number)
            }
            Some("boolean") => json!(self.rng.bool()),
            // OpenAPI 3.1's way to allow `null`, which lowering reads as `nullable`.
            Some("null") => Value::Null,
            Some("string") => {
                let text = self.string(node);
                match bound("maxLength") {
                    Some(most) => json!(text.chars().take(most as usize).collect::<String>()),
                    None => json!(text),
                }
            }
            // A schema that says nothing takes anything.
            _ => json!("any value"),
        }
    }

    fn string(&mut self, node: &Value) -> String {
        let number = self.rng.u32(..100_000);
        match schema_keyword(node, "format").and_then(Value::as_str) {
            Some("date-time") => {
                format!("2024-01-{:02}T10:{:02}:00Z", number % 28 + 1, number % 60)
            }
            Some("date") => format!("2024-02-{:02}", number % 28 + 1),
            Some("email") => format!("user{number}@example.com"),
            Some("uri" | "url") => format!("https://example.com/{number}"),
            Some("uuid") => format!("123e4567-e89b-12d3-a456-{number:012}"),
            _ => format!("text {number}"),
        }
    }
}

/// The members of an `allOf` that say what type the value is, not only how it is constrained
/// or described: the JSON tree's side of lowering's `members::only_annotates`, which reads the
/// object model.
fn typed_members(members: &[Value]) -> Vec<&Value> {
    const TYPE_KEYWORDS: [&str; 9] = [
        "$ref",
        "type",
        "properties",
        "additionalProperties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "enum",
    ];
    members
        .iter()
        .filter(|member| {
            TYPE_KEYWORDS
                .iter()
                .any(|keyword| schema_keyword(member, keyword).is_some())
        })
        .collect()
}

/// The schema's `type`, or the one its keywords imply as lowering reads them (rule
/// `untyped-schemas`): an object where it has `additionalProperties`, an array where it has
/// `items`.
fn type_of(node: &Value) -> Option<&str> {
    schema_keyword(node, "type")
        .and_then(Value::as_str)
        .or_else(|| {
            schema_keyword(node, "additionalProperties")
                .is_some()
                .then_some("object")
        })
        .or_else(|| schema_keyword(node, "items").is_some().then_some("array"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Value {
        json!({"components": {"schemas": {
            "contact": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "email": {"type": "string", "format": "email", "nullable": true},
                    "role": {"type": "string", "enum": ["user", "lead"]},
                    "tags": {"type": "array", "items": {"$ref": "#/components/schemas/tag"}},
                    "owner": {"oneOf": [{"type": "integer"}, {"type": "string", "format": "uuid"}]},
                    "reactions": {"type": "array", "items": {"type": "string", "nullable": true}},
                },
            },
            "tag": {"type": "object", "nullable": true, "properties": {"name": {"type": "string"}}},
        }}})
    }

    #[test]
    fn payloads_are_deterministic_and_fill_every_property_when_full() {
        let tree = tree();
        let schema = "#/components/schemas/contact";
        let seed = seed(schema, Mode::Full);
        let payload = generate(&tree, schema, Mode::Full, seed).value;
        assert_eq!(payload, generate(&tree, schema, Mode::Full, seed).value);
        let keys: Vec<&String> = payload.as_object().expect("an object").keys().collect();
        assert_eq!(keys, ["id", "email", "role", "tags", "owner", "reactions"]);
        assert!(payload["email"]
            .as_str()
            .is_some_and(|email| email.contains('@')));
        let tags = payload["tags"].as_array().expect("an array");
        assert!((1..=MAX_ITEMS).contains(&tags.len()));
        assert!(tags[0]["name"].is_string());
    }

    #[test]
    fn sparse_payloads_keep_required_keys_and_use_null_where_allowed() {
        let tree = tree();
        let schema = "#/components/schemas/contact";
        let payloads: Vec<Value> = (0..32)
            .map(|seed| generate(&tree, schema, Mode::Sparse, seed).value)
            .collect();
        assert!(payloads.iter().all(|payload| payload["id"].is_string()));
        assert!(payloads.iter().any(|payload| payload.get("role").is_none()));
        assert!(payloads
            .iter()
            .any(|payload| payload.get("email") == Some(&Value::Null)));
        assert!(payloads
            .iter()
            .all(|payload| payload.get("tags") != Some(&Value::Null)));
    }

    #[test]
    fn elements_are_null_where_their_schema_allows_it() {
        let tree = tree();
        let schema = "#/components/schemas/contact";
        let payloads: Vec<Value> = (0..64)
            .map(|seed| generate(&tree, schema, Mode::Sparse, seed).value)
            .collect();
        let elements = |key: &str| -> Vec<Value> {
            payloads
                .iter()
                .filter_map(|payload| payload.get(key)?.as_array().cloned())
                .flatten()
                .collect()
        };
        // `tag` is nullable, so an item referring to it may be `null` too.
        assert!(elements("tags").iter().any(Value::is_null));
        assert!(elements("tags").iter().any(Value::is_object));
        assert!(elements("reactions").iter().any(Value::is_null));
    }

    #[test]
    fn the_nulls_that_cut_a_required_cycle_are_reported() {
        let tree = json!({"components": {"schemas": {"node": {
            "type": "object",
            "required": ["next"],
            "properties": {"next": {"$ref": "#/components/schemas/node"}},
        }}}});
        let payload = generate(&tree, "#/components/schemas/node", Mode::Full, 1);
        assert_eq!(payload.cuts.len(), 1);
        let cut = pointer::lookup(&payload.value, &format!("#{}", payload.cuts[0]));
        assert_eq!(cut, Some(&Value::Null), "{:?}", payload.cuts);
        assert!(payload.cuts[0].starts_with("/next/next/"));
    }

    /// What lowering reads off keywords other than `type` (rules `untyped-schemas` and
    /// `all-of-merge`, and 3.1's `type: 'null'`), the payloads take the same shape of.
    #[test]
    fn shapes_read_off_other_keywords_are_the_shapes_lowering_types() {
        let tree = json!({"components": {"schemas": {
            "scores": {"additionalProperties": {"type": "integer"}},
            "ids": {"items": {"type": "integer"}},
            "label": {"allOf": [{"$ref": "#/components/schemas/text"}, {"maxLength": 16}]},
            "text": {"type": "string"},
            "nothing": {"type": "null"},
        }}});
        let full = |name: &str| {
            let schema = format!("#/components/schemas/{name}");
            generate(&tree, &schema, Mode::Full, 1).value
        };
        assert!(
            full("scores")["additional_key"].is_i64(),
            "{}",
            full("scores")
        );
        assert!(full("ids").as_array().is_some_and(|ids| ids[0].is_i64()));
        assert!(full("label").is_string(), "{}", full("label"));
        assert_eq!(full("nothing"), Value::Null);
    }
}
