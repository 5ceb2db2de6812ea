//! JSON pointers (RFC 6901) in URI-fragment form, `#/paths/~1contacts/get`: how every place in a
//! description is named, in diagnostics, in the IR and in the example data. One module writes,
//! reads and follows them, so escaping is done the same way everywhere.

use std::borrow::Cow;

use serde_json::{Map, Value};

/// What a reference to a component schema starts with; the rest is the schema's escaped key.
pub const COMPONENT_SCHEMAS: &str = "#/components/schemas/";

/// Escapes one segment (`~` -> `~0`, `/` -> `~1`); borrowed when there is nothing to escape,
/// which is almost always (pointers are built and followed in the hot loops of the audit).
pub fn escape(segment: &str) -> Cow<'_, str> {
    // A byte scan: both are ASCII, and a `char` pattern decodes every character.
    if segment.bytes().any(|byte| byte == b'~' || byte == b'/') {
        Cow::Owned(segment.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(segment)
    }
}

/// Reverses [`escape`].
pub fn unescape(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
}

/// `base` extended by `segments`, each escaped.
pub fn join<S: AsRef<str>>(base: &str, segments: impl IntoIterator<Item = S>) -> String {
    let mut pointer = base.to_owned();
    for segment in segments {
        push(&mut pointer, segment.as_ref());
    }
    pointer
}

/// Extends `pointer` in place by `segment`, escaped, and returns its length before, for
/// `truncate` once the walk below it is done: walks of the whole tree keep one buffer rather
/// than a string per node.
pub fn push(pointer: &mut String, segment: &str) -> usize {
    let length = pointer.len();
    pointer.push('/');
    pointer.push_str(&escape(segment));
    length
}

/// The pointer of the component schema with key `key`.
pub fn component_schema(key: &str) -> String {
    format!("{COMPONENT_SCHEMAS}{}", escape(key))
}

/// The key of the component schema `reference` points to, if it points to one.
pub fn component_schema_key(reference: &str) -> Option<String> {
    reference
        .strip_prefix(COMPONENT_SCHEMAS)
        .map(|key| unescape(key).into_owned())
}

/// The node at `pointer` of `tree`.
pub fn lookup<'t>(tree: &'t Value, pointer: &str) -> Option<&'t Value> {
    // Not `Value::pointer`, which allocates for every segment: the audit looks up hundreds of
    // thousands of pointers.
    match pointer.strip_prefix('#')? {
        "" => Some(tree),
        rest => rest
            .strip_prefix('/')?
            .split('/')
            .try_fold(tree, |node, segment| child(node, segment)),
    }
}

/// The child of `node` named by one escaped segment.
fn child<'t>(node: &'t Value, segment: &str) -> Option<&'t Value> {
    match node {
        Value::Object(object) => object.get(unescape(segment).as_ref()),
        Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
        _ => None,
    }
}

/// The node `pointer` lands on in `tree`.
///
/// The IR's pointers are written as if every component were inline; a `$ref` met on the way (a
/// request body from `#/components/requestBodies`) is followed, and the pointer goes on from its
/// target. `None` when the pointer leads nowhere, out of the document, or round a cycle.
pub fn resolve<'t>(tree: &'t Value, pointer: &str) -> Option<&'t Value> {
    /// More `$ref` hops than any sane document needs; the bound keeps a cycle finite.
    const MAX_HOPS: usize = 16;
    let mut node = tree;
    let mut hops = 0;
    for segment in pointer.strip_prefix('#')?.split('/').skip(1) {
        loop {
            if let Some(next) = child(node, segment) {
                node = next;
                break;
            }
            let target = node.get("$ref")?.as_str()?;
            hops += 1;
            if hops > MAX_HOPS || !target.starts_with("#/") {
                return None;
            }
            node = lookup(tree, target)?;
        }
    }
    Some(node)
}

/// Puts `value` at `pointer` of `root`, creating the objects on the way.
pub fn insert(root: &mut Value, pointer: &str, value: Value) {
    let Some(path) = pointer.strip_prefix("#/") else {
        return;
    };
    let mut segments: Vec<String> = path
        .split('/')
        .map(|segment| unescape(segment).into_owned())
        .collect();
    let Some(last) = segments.pop() else { return };
    let mut node = root;
    for segment in segments {
        let Value::Object(object) = node else { return };
        node = object
            .entry(segment)
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if let Value::Object(object) = node {
        object.insert(last, value);
    }
}

/// A pointer as a URI fragment: what RFC 3986 does not allow there is percent-encoded (path
/// templates' braces, for one).
pub fn uri_fragment(pointer: &str) -> String {
    let mut fragment = String::with_capacity(pointer.len());
    for byte in pointer.bytes() {
        let allowed = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&byte);
        if allowed {
            fragment.push(char::from(byte));
        } else {
            fragment.push_str(&format!("%{byte:02X}"));
        }
    }
    fragment
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn segments_escape_and_unescape() {
        assert_eq!(escape("/a~b"), "~1a~0b");
        assert_eq!(unescape("~1a~0b"), "/a~b");
        assert_eq!(
            join("#/paths", ["/contacts/{id}", "get"]),
            "#/paths/~1contacts~1{id}/get"
        );
        assert_eq!(
            component_schema("a/b"),
            "#/components/schemas/a~1b".to_owned()
        );
        assert_eq!(
            component_schema_key("#/components/schemas/a~1b").as_deref(),
            Some("a/b")
        );
    }

    #[test]
    fn a_pushed_segment_is_escaped_and_truncating_restores_the_pointer() {
        let mut pointer = "#/paths".to_owned();
        let length = push(&mut pointer, "/contacts");
        assert_eq!(pointer, "#/paths/~1contacts");
        pointer.truncate(length);
        assert_eq!(pointer, "#/paths");
    }

    #[test]
    fn pointers_through_references_resolve_to_their_target() {
        let tree = json!({
            "paths": {"/a/{id}": {"put": {"requestBody": {"$ref": "#/components/requestBodies/b"}}}},
            "components": {"requestBodies": {"b": {"content": {"application/json": {"schema": {}}}}}}
        });
        assert!(std::ptr::eq(
            resolve(
                &tree,
                "#/paths/~1a~1{id}/put/requestBody/content/application~1json/schema"
            )
            .expect("it resolves"),
            &tree["components"]["requestBodies"]["b"]["content"]["application/json"]["schema"]
        ));
        assert_eq!(resolve(&tree, "#/paths/~1b"), None);
        assert_eq!(
            uri_fragment("/paths/~1a~1{id} x"),
            "/paths/~1a~1%7Bid%7D%20x"
        );
    }

    #[test]
    fn reference_cycles_resolve_to_nothing() {
        let tree = json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}});
        assert_eq!(resolve(&tree, "#/a/x"), None);
    }

    #[test]
    fn insert_creates_the_objects_on_the_way() {
        let mut root = json!({});
        insert(&mut root, "#/components/schemas/a~1b", json!(1));
        assert_eq!(root, json!({"components": {"schemas": {"a/b": 1}}}));
    }
}
