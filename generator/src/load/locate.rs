//! Narrowing a structural error to the object that causes it.
//!
//! `openapiv3` flattens extension maps into several of its types, and serde loses the path
//! through a flattened map, so an error deep inside a path item is reported at the item. When that
//! happens, the candidate objects below are deserialized one by one, deepest first, and the
//! first that fails names the location.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::pointer;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The JSON pointer and message of the innermost known object of the path item `item`, at
/// `item_pointer`, that does not deserialize, if any.
pub fn path_item(item: &Value, item_pointer: &str) -> Option<(String, String)> {
    for method in METHODS {
        let Some(operation) = item.get(*method) else {
            continue;
        };
        let pointer = format!("{item_pointer}/{method}");
        let responses = operation.get("responses").and_then(Value::as_object);
        for (status, response) in responses.into_iter().flatten() {
            let found = check::<openapiv3::Response>(
                response,
                &format!("{pointer}/responses/{}", pointer::escape(status)),
            );
            if found.is_some() {
                return found;
            }
        }
        if let Some(found) = check::<openapiv3::Operation>(operation, &pointer) {
            return Some(found);
        }
    }
    check::<openapiv3::PathItem>(item, item_pointer)
}

/// The JSON pointer and message of the innermost known object of `tree`'s components that
/// does not deserialize, if any (path items are read, and located, one at a time: [`path_item`]).
pub fn components(tree: &Value) -> Option<(String, String)> {
    let components = tree.get("components")?;
    let kinds: [(&str, Check); 4] = [
        (
            "schemas",
            check::<openapiv3::ReferenceOr<openapiv3::Schema>>,
        ),
        (
            "responses",
            check::<openapiv3::ReferenceOr<openapiv3::Response>>,
        ),
        (
            "parameters",
            check::<openapiv3::ReferenceOr<openapiv3::Parameter>>,
        ),
        (
            "requestBodies",
            check::<openapiv3::ReferenceOr<openapiv3::RequestBody>>,
        ),
    ];
    kinds.iter().find_map(|(kind, check)| {
        components
            .get(*kind)?
            .as_object()?
            .iter()
            .find_map(|(name, value)| {
                check(
                    value,
                    &format!("#/components/{kind}/{}", pointer::escape(name)),
                )
            })
    })
}

/// Deserializes a value as one OpenAPI object type; see [`check`].
type Check = fn(&Value, &str) -> Option<(String, String)>;

/// The error of deserializing `value` as `T`, located below `pointer`. References are skipped:
/// `ReferenceOr` is an untagged enum, which would hide the path again.
fn check<T: DeserializeOwned>(value: &Value, pointer: &str) -> Option<(String, String)> {
    if value.get("$ref").is_some() {
        return None;
    }
    let error = serde_path_to_error::deserialize::<_, T>(value).err()?;
    let location = super::serde_pointer(pointer, error.path());
    Some((location, error.into_inner().to_string()))
}
