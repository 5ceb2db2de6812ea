//! Parts of a document's JSON tree taken out for a while, and put back: lowering reads the
//! object model, and what reads the tree afterwards (the examples stage) needs only some of it.

use rayon::iter::{IntoParallelIterator, ParallelIterator};
use serde_json::{Map, Value};

use super::{take_object, Document};

/// The component schemas of a tree as compact JSON text, in document order: a tenth of the
/// memory they take as a tree (of a 50 MB description, 20 MB of text for 160 MB of tree).
#[derive(Debug, Clone, Default)]
pub struct ParkedSchemas(pub(super) Vec<(String, String)>);

impl Document {
    /// `#/paths` taken out of the tree, an empty object left in its place (nothing when the
    /// description has none): for a reader that keeps only part of each path item once it has
    /// read it, and [puts](Document::put_paths) that part back.
    pub fn take_paths(&mut self) -> Map<String, Value> {
        self.tree
            .get_mut("paths")
            .and_then(take_object)
            .unwrap_or_default()
    }

    /// Puts `paths` in the place [`Document::take_paths`] left empty.
    pub fn put_paths(&mut self, paths: Map<String, Value>) {
        if let Some(place) = self.tree.get_mut("paths") {
            *place = Value::Object(paths);
        }
    }

    /// Puts the component schemas parked while the object model was read back in their place,
    /// read on every core.
    pub fn unpark_schemas(&mut self) {
        unpark(&mut self.tree, std::mem::take(&mut self.schemas));
    }
}

/// Puts the schemas `parked` back in the place they were taken from in `tree`.
pub(super) fn unpark(tree: &mut Value, parked: ParkedSchemas) {
    if parked.0.is_empty() {
        return;
    }
    let schemas: Vec<(String, Value)> = parked
        .0
        .into_par_iter()
        .map(|(key, text)| {
            // Text serde_json wrote from a `Value` reads back as that `Value`.
            let schema = serde_json::from_str(&text).unwrap_or(Value::Null);
            (key, schema)
        })
        .collect();
    if let Some(place) = tree.pointer_mut("/components/schemas") {
        *place = Value::Object(schemas.into_iter().collect());
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn component_schemas_are_parked_while_loaded_and_come_back_as_they_were() {
        let text = r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {
                "b": {"type": "object", "properties": {"n": {"type": "number", "maximum": 0.1}},
                      "x-big": 18446744073709551616},
                "a": {"$ref": "#/components/schemas/b"}
            }}}"##;
        let mut document = super::super::parse(Path::new("t.json"), text).expect("loads");
        assert_eq!(
            document.tree["components"]["schemas"],
            serde_json::json!({})
        );
        document.unpark_schemas();
        let read: Value = serde_json::from_str(text).expect("JSON");
        assert_eq!(document.tree, read);
        let keys: Vec<_> = document.tree["components"]["schemas"]
            .as_object()
            .map(|schemas| schemas.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["b", "a"]);
    }
}
