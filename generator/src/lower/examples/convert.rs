//! OpenAPI 3.0 schema objects to JSON Schema 2020-12 (chosen over draft 4 for its `uuid` format).
//!
//! - Only assertion keywords are kept (`type`, `enum`, `format`, `properties`, `required`,
//!   `items`, `allOf`, ...); annotations (`description`, `example`, `discriminator`, `xml`,
//!   `x-*`, ...) would be ignored anyway and are not worth copying.
//! - `nullable: true` allows `null`: it is added to `type` and, if present, to `enum`. A schema
//!   whose shape comes from `allOf`/`anyOf`/`oneOf`/`not`/`$ref` (as the `ref-siblings` rewrite
//!   makes of `{$ref, nullable}`) becomes `{if: {type: null}, else: <schema>}`: the same as
//!   `anyOf: [<schema>, {type: null}]`, but the validator then reports why a non-null value fails
//!   the schema instead of "not valid under any of the schemas listed in 'anyOf'".
//! - Draft 4 style `exclusiveMinimum: true` (with `minimum`) becomes the 2020-12 numeric form.
//! - A `readOnly` property is not `required` in a request ("the required will take effect on the
//!   response only", OpenAPI 3.0.3).

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

/// The keywords of an OpenAPI 3.0 schema object that assert something, and so are kept.
const ASSERTIONS: &[&str] = &[
    "$ref",
    "type",
    "enum",
    "format",
    "multipleOf",
    "maximum",
    "minimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
];

/// Keywords that give a schema its shape from other schemas: a nullable schema with one of these
/// is wrapped, since adding `null` to its own `type` would not let `null` through them.
const COMPOSITION: &[&str] = &["$ref", "allOf", "anyOf", "oneOf", "not"];

/// Converts OpenAPI 3.0 schema objects into JSON Schema 2020-12 (see the module docs).
#[derive(Default)]
pub(super) struct Converter {
    /// Every `$ref` of the converted schemas.
    pub refs: BTreeSet<String>,
}

impl Converter {
    pub fn schema(&mut self, node: &Value) -> Value {
        let Value::Object(object) = node else {
            // `additionalProperties: true/false`, or a malformed schema the build has typed.
            return node.clone();
        };
        let mut converted = Map::new();
        for (key, value) in object {
            let value = match (key.as_str(), value) {
                ("properties", Value::Object(properties)) => Value::Object(
                    properties
                        .iter()
                        .map(|(name, property)| (name.clone(), self.schema(property)))
                        .collect(),
                ),
                ("items" | "additionalProperties" | "not", _) => self.schema(value),
                ("allOf" | "anyOf" | "oneOf", Value::Array(members)) => {
                    Value::Array(members.iter().map(|member| self.schema(member)).collect())
                }
                ("$ref", Value::String(reference)) => {
                    self.refs.insert(reference.clone());
                    value.clone()
                }
                (keyword, _) if ASSERTIONS.contains(&keyword) => value.clone(),
                _ => continue,
            };
            converted.insert(key.clone(), value);
        }
        openapi_semantics(object, converted)
    }
}

/// What OpenAPI 3.0 means by `object`'s keywords that JSON Schema 2020-12 reads otherwise, applied
/// to its `converted` assertions.
fn openapi_semantics(object: &Map<String, Value>, mut converted: Map<String, Value>) -> Value {
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if object.get(exclusive) == Some(&Value::Bool(true)) {
            if let Some(limit) = converted.remove(bound) {
                converted.insert(exclusive.to_owned(), limit);
            }
        }
    }
    drop_read_only_required(object, &mut converted);
    if object.get("nullable") != Some(&Value::Bool(true)) {
        return Value::Object(converted);
    }
    if COMPOSITION
        .iter()
        .any(|keyword| converted.contains_key(*keyword))
    {
        return json!({ "if": { "type": "null" }, "else": converted });
    }
    if let Some(Value::String(ty)) = converted.get("type") {
        let types = json!([ty, "null"]);
        converted.insert("type".to_owned(), types);
    }
    if let Some(Value::Array(values)) = converted.get_mut("enum") {
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
    }
    Value::Object(converted)
}

/// Removes from `required` the properties the original schema marks `readOnly`.
fn drop_read_only_required(original: &Map<String, Value>, converted: &mut Map<String, Value>) {
    let Some(properties) = original.get("properties").and_then(Value::as_object) else {
        return;
    };
    let read_only = |name: &Value| {
        let property = name.as_str().and_then(|name| properties.get(name));
        property.and_then(|property| property.get("readOnly")) == Some(&Value::Bool(true))
    };
    if let Some(Value::Array(required)) = converted.get_mut("required") {
        required.retain(|name| !read_only(name));
        if required.is_empty() {
            converted.remove("required");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_schemas_allow_null() {
        let schema = |node| Converter::default().schema(&node);
        let converted = schema(json!({"type": "string", "enum": ["a"], "nullable": true}));
        assert_eq!(
            converted,
            json!({"type": ["string", "null"], "enum": ["a", null]})
        );
        let converted =
            schema(json!({"allOf": [{"$ref": "#/x"}], "nullable": true, "description": "d"}));
        assert_eq!(
            converted,
            json!({"if": {"type": "null"}, "else": {"allOf": [{"$ref": "#/x"}]}})
        );
    }
}
