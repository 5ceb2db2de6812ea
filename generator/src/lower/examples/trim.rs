//! What this stage reads of a path item, the rest of it dropped as soon as it is lowered: a
//! description's paths are most of its JSON tree (33 of a 50 MB synthetic description's 50),
//! and the tree is alive until this stage is done.
//!
//! The stage reads a path item only at the IR's pointers into it, and follows `$ref`s from
//! there: the schemas of bodies and responses ([`RequestBody::schema_pointer`],
//! [`Response::schema_pointer`]) to validate request examples and generate payloads for the
//! inline ones, and the schema of every example (the schema an `example` is written in, or the
//! schema beside a media type's `example`/`examples`) to audit its coverage. Lowering reads a
//! `$ref` into `#/paths` as a reference to nothing (rule `dangling-ref`), so no schema is
//! read through one. Parameters' schemas are not read: their examples are no IR examples.
//!
//! [`RequestBody::schema_pointer`]: crate::ir::RequestBody::schema_pointer
//! [`Response::schema_pointer`]: crate::ir::Response::schema_pointer

use serde_json::Value;

/// Cuts the path item `item` down to what this stage reads of it: the schemas of bodies and
/// responses, but a bare `$ref` without examples beside it (no payload is generated for one, see
/// [`super::generated_payloads`]), every `$ref` outside a schema (a `requestBody` or a
/// response may be one, on the way to a body's schema), and the objects that hold them.
/// Whether anything is left of it.
pub(in crate::lower) fn trim_path_item(item: &mut Value) -> bool {
    trim(item, Place::Other)
}

/// What a JSON object of a path item is, as far as trimming it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A `content` map, from media type names to media types.
    ContentMap,
    /// A media type: its `schema` is a body's or a response's.
    MediaType,
    Other,
}

/// Trims `node`, at `place`; whether anything is left of it.
fn trim(node: &mut Value, place: Place) -> bool {
    match node {
        Value::Object(object) => {
            let exemplified = object.contains_key("example") || object.contains_key("examples");
            let media_type = place == Place::MediaType;
            object.retain(|key, child| match key.as_str() {
                _ if place == Place::ContentMap => trim(child, Place::MediaType),
                "$ref" => true,
                "schema" => media_type && (exemplified || !bare_ref(child)),
                "content" => trim(child, Place::ContentMap),
                _ => trim(child, Place::Other),
            });
            !object.is_empty()
        }
        // Items keep their places: pointers into arrays (`parameters/2`) count them.
        Value::Array(items) => {
            let mut kept = false;
            for item in items {
                if trim(item, Place::Other) {
                    kept = true;
                } else {
                    *item = Value::Null;
                }
            }
            kept
        }
        _ => false,
    }
}

/// Whether `schema` only refers to another.
fn bare_ref(schema: &Value) -> bool {
    schema
        .as_object()
        .is_some_and(|object| object.len() == 1 && object.contains_key("$ref"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn keeps_what_the_stage_reads_of_a_path_item() {
        let mut item = json!({
            "parameters": [
                {"name": "a", "in": "query", "schema": {"type": "string"}},
                {"name": "b", "in": "query", "schema": {"type": "string", "example": "x"}},
                {"$ref": "#/components/parameters/c"},
            ],
            "post": {
                "operationId": "create",
                "requestBody": {"$ref": "#/components/requestBodies/thing"},
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/a"}},
                            "text/plain": {"schema": {"type": "string"}},
                        },
                    },
                    "201": {
                        "description": "created",
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/a"},
                            "example": {"id": 1},
                        }},
                    },
                    "204": {"description": "no content"},
                },
            },
        });
        assert!(trim_path_item(&mut item));
        let expected = json!({
            "parameters": [null, null, {"$ref": "#/components/parameters/c"}],
            "post": {
                "requestBody": {"$ref": "#/components/requestBodies/thing"},
                "responses": {
                    "200": {"content": {"text/plain": {"schema": {"type": "string"}}}},
                    "201": {"content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/a"},
                    }}},
                },
            },
        });
        assert_eq!(item, expected);
    }

    #[test]
    fn a_path_item_with_nothing_read_is_left_empty() {
        let mut item = json!({"get": {
            "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
            "responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/a"},
            }}}},
        }});
        assert!(!trim_path_item(&mut item));
        assert_eq!(item, json!({}));
    }
}

/// The stage's results are the same whether a description's path items were trimmed as they
/// were lowered or not.
#[cfg(test)]
mod whole_descriptions {
    use std::path::Path;

    use rayon::iter::{IntoParallelRefIterator, ParallelIterator};

    use crate::load::Document;
    use crate::lower::{check_examples, lower_with, Options};
    use crate::test_support::shared_documents;

    /// Whether the stage, run again on `document`'s whole tree, finds what it found on the
    /// trimmed one; `None` when `document` does not lower.
    fn same_on_the_whole_tree(document: &Document) -> Option<bool> {
        let trimmed = lower_with(document.clone(), Options::default()).ok()?;
        let mut whole = trimmed.clone();
        let api = &mut whole.api;
        api.coverage.clear();
        api.payloads.clear();
        for operation in &mut api.operations {
            for example in operation
                .body
                .iter_mut()
                .flat_map(|body| &mut body.examples)
            {
                example.invalid = None;
            }
        }
        check_examples(&document.path, &document.tree, &mut whole);
        Some(whole.api == trimmed.api)
    }

    #[test]
    fn the_stage_reads_nothing_that_trimming_drops() {
        let differ: Vec<String> = shared_documents()
            .par_iter()
            .filter(|document| same_on_the_whole_tree(document) == Some(false))
            .map(|document| document.path.display().to_string())
            .collect();
        assert!(
            differ.is_empty(),
            "trimming dropped what the stage reads: {differ:?}"
        );
    }

    #[test]
    fn a_parameter_schema_with_examples_is_not_read() {
        let text = r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [{"name": "filter", "in": "query", "schema": {
                    "type": "object", "example": {"state": "open", "n": 1},
                    "properties": {"state": {"type": "string", "enum": ["open", "closed"]},
                                   "n": {"type": "integer", "example": 2}}}}],
                "responses": {"204": {"description": "none"}}}}}}"##;
        let mut document = crate::load::parse(Path::new("t.json"), text).expect("loads");
        document.unpark_schemas();
        assert_eq!(same_on_the_whole_tree(&document), Some(true));
    }
}
