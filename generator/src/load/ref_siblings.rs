//! Rule `ref-siblings`: keep the keys written beside a schema `$ref`.
//!
//! OpenAPI 3.0 says siblings of `$ref` are ignored, and `openapiv3` drops them, but Intercom's
//! specs write `{$ref: X, nullable: true}` and `{$ref: X, description: ...}` to mean "an X that may
//! be null" and "a field of type X, documented so". Rewriting such a node into the equivalent
//! `{allOf: [{$ref: X}], nullable: true, ...}` keeps that meaning through the object model; the IR
//! then reads a one-member `allOf` as its member.

use serde_json::{Map, Value};

use super::position::Position;
use crate::rules::Rule;
use crate::{pointer, Findings};

/// Rewrites, in place, every schema reference that has sibling keys, reporting each. Data
/// (examples, defaults, a discriminator's mapping) is left as it is, `$ref` keys and all.
pub fn preserve(tree: &mut Value, findings: &mut Findings) {
    preserve_at(tree, Position::Other, &mut String::from("#"), findings);
}

/// [`preserve`] below `node`, which is at `at` (extended and restored on the way down).
fn preserve_at(node: &mut Value, position: Position, at: &mut String, findings: &mut Findings) {
    match node {
        Value::Object(object) => {
            if position == Position::Schema {
                if let Some(wrapped) = wrap_schema_ref(object) {
                    *object = wrapped;
                    findings.apply(
                        Rule::RefSiblings,
                        at,
                        "keys beside `$ref` kept as a one-member `allOf`",
                    );
                }
            }
            for (key, child) in object.iter_mut() {
                let Some(position) = position.child(key, at) else {
                    continue;
                };
                let length = pointer::push(at, key);
                preserve_at(child, position, at, findings);
                at.truncate(length);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                let length = pointer::push(at, &index.to_string());
                preserve_at(child, position.item(), at, findings);
                at.truncate(length);
            }
        }
        _ => {}
    }
}

fn wrap_schema_ref(object: &mut Map<String, Value>) -> Option<Map<String, Value>> {
    let target = object.get("$ref")?.as_str()?;
    if object.len() == 1 || !target.starts_with(pointer::COMPONENT_SCHEMAS) {
        return None;
    }
    let reference = object.remove("$ref")?;
    let mut wrapped = std::mem::take(object);
    let only_member = Map::from_iter([("$ref".to_owned(), reference)]);
    wrapped.insert(
        "allOf".to_owned(),
        Value::Array(vec![Value::Object(only_member)]),
    );
    Some(wrapped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schema_ref_with_siblings_becomes_single_member_all_of() {
        let mut node = json!({"components": {"schemas": {"pet": {"properties": {"owner": {
            "$ref": "#/components/schemas/admin", "nullable": true, "description": "Owner."
        }}}}}});
        let mut findings = Findings::new(std::path::Path::new("spec.yaml"));
        preserve(&mut node, &mut findings);
        let findings = findings.into_vec();
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].location.as_deref(),
            Some("#/components/schemas/pet/properties/owner")
        );
        assert_eq!(
            node,
            json!({"components": {"schemas": {"pet": {"properties": {"owner": {
                "allOf": [{"$ref": "#/components/schemas/admin"}],
                "nullable": true,
                "description": "Owner."
            }}}}}})
        );
    }

    #[test]
    fn bare_refs_non_schema_refs_and_data_are_untouched() {
        // Data may hold a `$ref` key beside others: an example, a mapping's tag `$ref`.
        let data = json!({"$ref": "#/components/schemas/admin", "x": 1});
        let original = json!({"components": {"schemas": {
            "a": {"$ref": "#/components/schemas/admin"},
            "b": {"$ref": "#/components/responses/Unauthorized", "description": "x"},
            "c": {"example": data, "default": data, "enum": [data]},
            "d": {"oneOf": [{"$ref": "#/components/schemas/admin"}], "discriminator": {
                "propertyName": "kind", "mapping": data}},
        }}, "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {
            "example": data, "examples": {"one": {"value": data}}}}}}}}}});
        let mut node = original.clone();
        let mut findings = Findings::new(std::path::Path::new("spec.yaml"));
        preserve(&mut node, &mut findings);
        assert!(findings.into_vec().is_empty());
        assert_eq!(node, original);
    }
}
