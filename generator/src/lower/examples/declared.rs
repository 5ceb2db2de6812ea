//! Which keys of a payload its schema declares: the expectations of the generated test's
//! typed-coverage audit ([`Coverage`]).
//!
//! The walk reads the description's JSON tree, never the types lowering built, so that a key
//! lowering forgot (a property beside `allOf`, a member of a nested `allOf`) is still declared
//! here. At each value it gathers every schema that applies: the schema itself, what its `$ref`
//! points to, its `allOf` members, and the `oneOf`/`anyOf` members the value is valid against
//! (by the JSON Schema validator). A key is declared when one of them lists it in `properties`,
//! or has a schema for `additionalProperties`; its value is walked against all of them.
//!
//! A key whose value contradicts its schema (wrong type, a `null` the schema forbids, no union
//! member fits) is a defect of the payload, not of the types: it is skipped and counted. Missing
//! required keys, formats and unlisted enum values do not stop a value from being typed, so they
//! are not contradictions.

use std::collections::BTreeSet;

use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::{schema_keyword, Schemas};
use crate::ir::{Coverage, UnionCoverage};
use crate::pointer;

/// What the schema at `schema` (a pointer written as if inline) declares in the example
/// `value`; where the value contradicts the schema, the JSON Schema validator says.
pub(in crate::lower) fn coverage(
    schemas: &mut Schemas<'_>,
    schema: &str,
    value: &Value,
) -> Coverage {
    // Contradictions are looked up by key, so a scalar has none to look up.
    let container = matches!(value, Value::Object(_) | Value::Array(_));
    let validator = container.then(|| schemas.validator(schema).ok()).flatten();
    let contradictions = validator.map(|validator| {
        validator
            .iter_errors(value)
            .filter(|error| contradicts(error.kind()))
            .map(|error| error.instance_path().as_str().to_owned())
            .collect()
    });
    walk(schemas, schema, value, contradictions)
}

/// What the schema at `schema` declares in `value`, which contradicts it at the instance paths
/// `contradictions` only (a generated payload's cuts).
pub(in crate::lower) fn coverage_with(
    schemas: &mut Schemas<'_>,
    schema: &str,
    value: &Value,
    contradictions: Vec<String>,
) -> Coverage {
    walk(schemas, schema, value, Some(contradictions))
}

/// Walks `value` against the schema at `schema`; `contradictions` are `None` when nothing can be
/// told valid (the validator does not build), and then everything is audited.
fn walk(
    schemas: &mut Schemas<'_>,
    schema: &str,
    value: &Value,
    contradictions: Option<Vec<String>>,
) -> Coverage {
    let start: Vec<Applied<'_>> = schemas
        .node(schema)
        .map(|node| Applied {
            pointer: schema.to_owned(),
            node,
        })
        .into_iter()
        .collect();
    let mut walk = Walk {
        schemas,
        contradictions,
        coverage: Coverage::default(),
    };
    walk.value(value, start, &mut String::new());
    walk.coverage
}

/// Whether an error says the value cannot be what the schema describes.
fn contradicts(kind: &ValidationErrorKind) -> bool {
    matches!(
        kind,
        ValidationErrorKind::Type { .. }
            | ValidationErrorKind::AnyOf { .. }
            | ValidationErrorKind::OneOfNotValid { .. }
            | ValidationErrorKind::FalseSchema
    )
}

struct Walk<'s, 'd> {
    schemas: &'s mut Schemas<'d>,
    /// Instance paths of the errors that [`contradicts`]; `None` when they are not known.
    contradictions: Option<Vec<String>>,
    coverage: Coverage,
}

/// A schema that applies to a value: where it is written, and the node.
///
/// The node of a schema below another is looked up from the other's node, never from the
/// root by its pointer: the walk meets hundreds of thousands of them.
#[derive(Clone)]
struct Applied<'d> {
    pointer: String,
    node: &'d Value,
}

impl<'d> Applied<'d> {
    /// The schema at the keys `segments` of this one's object and the objects below, if any.
    fn below<const N: usize>(&self, segments: [&str; N]) -> Option<Applied<'d>> {
        let node = segments
            .iter()
            .try_fold(self.node, |node, segment| schema_keyword(node, segment))?;
        Some(Applied {
            pointer: pointer::join(&self.pointer, segments),
            node,
        })
    }

    /// The members of this schema's composition `keyword` (`allOf`, `oneOf`, `anyOf`).
    fn members(&self, keyword: &str) -> Vec<Applied<'d>> {
        match schema_keyword(self.node, keyword) {
            Some(Value::Array(members)) => members
                .iter()
                .enumerate()
                .map(|(index, node)| Applied {
                    pointer: format!("{}/{keyword}/{index}", self.pointer),
                    node,
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl<'d> Walk<'_, 'd> {
    /// Walks `value` at `path`, against the schemas `pointers`.
    fn value(&mut self, value: &Value, pointers: Vec<Applied<'d>>, path: &mut String) {
        let applied = self.apply(value, pointers, path);
        match value {
            Value::Object(object) => {
                for (key, child) in object {
                    let length = pointer::push(path, key);
                    self.key(key, child, &applied, path);
                    path.truncate(length);
                }
            }
            Value::Array(items) => {
                let schemas: Vec<Applied<'d>> = applied
                    .iter()
                    .filter_map(|schema| schema.below(["items"]))
                    .collect();
                for (index, item) in items.iter().enumerate() {
                    let length = pointer::push(path, &index.to_string());
                    if schemas.is_empty() {
                        self.coverage.skipped.push(path.clone());
                    } else {
                        self.value(item, schemas.clone(), path);
                    }
                    path.truncate(length);
                }
            }
            _ => {}
        }
    }

    /// Walks the key at `path` of an object the `applied` schemas describe.
    fn key(&mut self, key: &str, value: &Value, applied: &[Applied<'d>], path: &mut String) {
        let properties: Vec<Applied<'d>> = applied
            .iter()
            .filter_map(|schema| schema.below(["properties", key]))
            .collect();
        let additional: Vec<Applied<'d>> = applied
            .iter()
            .filter_map(|schema| schema.below(["additionalProperties"]))
            .filter(|schema| schema.node.as_object().is_some_and(|s| !s.is_empty()))
            .collect();
        let schemas = match (properties.is_empty(), additional.is_empty()) {
            (false, _) => properties,
            (true, false) => {
                self.coverage.additional.push(path.clone());
                additional
            }
            (true, true) => {
                self.coverage.skipped.push(path.clone());
                return;
            }
        };
        if self.is_file(&schemas) {
            self.coverage.skipped.push(path.clone());
            return;
        }
        if self.contradicted(path) {
            self.coverage
                .additional
                .retain(|additional| additional != path);
            self.coverage.skipped.push(path.clone());
            self.coverage.contradicted += 1;
            return;
        }
        self.value(value, schemas, path);
    }

    /// Whether an error that [`contradicts`] is at `path` or below it.
    fn contradicted(&self, path: &str) -> bool {
        self.contradictions.iter().flatten().any(|error| {
            error == path
                || error
                    .strip_prefix(path)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }

    /// The members of the union `schema` names with `keyword` (`oneOf`, `anyOf`) that `value`
    /// at `path` is valid against, and whether there are any. Where there are none, the members
    /// that do not [rule the value out](Self::rules_out): a value too long for a member's
    /// `maxLength`, or one a generated payload nests where another member fits too (which
    /// `oneOf` forbids), is still of one of their types, and of no member more than another.
    ///
    /// A member that rules the value out is not valid. When nothing at or below `path`
    /// contradicts the schemas, the union holds, so a lone member left is the valid one and no
    /// validator is compiled: each compiles every schema its member refers to, over and over on
    /// descriptions whose schemas all refer to each other (Stripe's expandable fields).
    fn valid_members(
        &mut self,
        value: &Value,
        schema: &Applied<'d>,
        keyword: &str,
        path: &str,
    ) -> (Vec<Applied<'d>>, bool) {
        let candidates: Vec<Applied<'d>> = schema
            .members(keyword)
            .into_iter()
            .filter(|member| !self.rules_out(member.node, value, 1))
            .collect();
        // A union that fails is a contradiction at its own path.
        let union_holds = self.contradictions.is_some() && !self.contradicted(path);
        if candidates.len() == 1 && union_holds {
            return (candidates, true);
        }
        let (valid, invalid): (Vec<_>, Vec<_>) = candidates
            .into_iter()
            .partition(|member| self.schemas.is_valid(member.node, value) != Some(false));
        if valid.is_empty() {
            (invalid, false)
        } else {
            (valid, true)
        }
    }

    /// Whether the schema `node` (or the schema it only refers to) rejects `value` for certain:
    /// by its `type`, a string `enum`, a `required` property the value lacks, or (`depth`
    /// levels down) the same of a property's schema. A `false` of the validator's, known
    /// without compiling it; Stripe's unions of objects differ in their `object` enum.
    fn rules_out(&mut self, node: &'d Value, value: &Value, depth: u8) -> bool {
        let node = self.schemas.referred(node);
        if value.is_null() && schema_keyword(node, "nullable") == Some(&Value::Bool(true)) {
            return false;
        }
        if let Some(ty) = schema_keyword(node, "type").and_then(Value::as_str) {
            // A type OpenAPI does not define is the validator's to judge.
            let fits = match value {
                Value::Null => false,
                Value::Bool(_) => ty == "boolean",
                Value::Number(_) => ty == "number" || ty == "integer",
                Value::String(_) => ty == "string",
                Value::Array(_) => ty == "array",
                Value::Object(_) => ty == "object",
            };
            let known = ["boolean", "number", "integer", "string", "array", "object"];
            if !fits && known.contains(&ty) {
                return true;
            }
        }
        let object = match (value, schema_keyword(node, "enum")) {
            // Only strings: `1` and `1.0` are one value to JSON Schema, not to `Value`.
            (Value::String(_), Some(Value::Array(values))) => return !values.contains(value),
            (Value::Object(object), _) => object,
            _ => return false,
        };
        let properties = schema_keyword(node, "properties").and_then(Value::as_object);
        // As the conversion does: a `readOnly` property is never required.
        let read_only = |name: &str| {
            let property = properties.and_then(|properties| properties.get(name));
            property.and_then(|property| schema_keyword(property, "readOnly"))
                == Some(&Value::Bool(true))
        };
        let lacks_required = schema_keyword(node, "required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .any(|name| !object.contains_key(name) && !read_only(name));
        if lacks_required {
            return true;
        }
        depth > 0
            && properties.is_some_and(|properties| {
                object.iter().any(|(key, child)| {
                    properties
                        .get(key)
                        .is_some_and(|schema| self.rules_out(schema, child, depth - 1))
                })
            })
    }

    /// Whether one of `schemas` (or what it refers to) is a file (`format: binary`): a file
    /// part of a multipart body, which the types hold as a file to send, never decoded from
    /// JSON, so an example's stand-in for it (`"@products.json"`) is not audited.
    fn is_file(&mut self, schemas: &[Applied<'d>]) -> bool {
        /// Longer chains of references than any description has; the bound ends a cycle.
        const MAX_REFERENCES: usize = 32;
        schemas.iter().any(|schema| {
            let mut node = Some(schema.node);
            for _ in 0..MAX_REFERENCES {
                let Some(target) = node.and_then(|node| schema_keyword(node, "$ref")?.as_str())
                else {
                    break;
                };
                node = self.schemas.node(target);
            }
            node.and_then(|node| schema_keyword(node, "format")?.as_str()) == Some("binary")
        })
    }

    /// Every schema that applies to `value` given `schemas`: followed through `$ref`, `allOf`,
    /// and the union members `value` is valid against (each union recorded).
    fn apply(&mut self, value: &Value, schemas: Vec<Applied<'d>>, path: &str) -> Vec<Applied<'d>> {
        let mut seen = BTreeSet::new();
        let mut pending = schemas;
        let mut applied = Vec::new();
        let first_union = self.coverage.unions.len();
        while let Some(schema) = pending.pop() {
            if !seen.insert(schema.pointer.clone()) {
                continue;
            }
            let node = schema.node;
            if let Some(target) = schema_keyword(node, "$ref").and_then(Value::as_str) {
                if let Some(node) = self.schemas.node(target) {
                    pending.push(Applied {
                        pointer: target.to_owned(),
                        node,
                    });
                }
            }
            pending.extend(schema.members("allOf"));
            for keyword in ["oneOf", "anyOf"] {
                if !schema_keyword(node, keyword).is_some_and(Value::is_array) {
                    continue;
                }
                let (holders, fits) = self.valid_members(value, &schema, keyword, path);
                // The schemas applied here, this one among them, are added below.
                let mut accepted = Vec::new();
                for member in &holders {
                    accepted.extend(self.reached(value, member, path));
                }
                self.coverage.unions.push(UnionCoverage {
                    path: path.to_owned(),
                    accepted,
                });
                // Only the members it is valid against describe its keys.
                if fits {
                    pending.extend(holders);
                }
            }
            applied.push(schema);
        }
        // Every schema that applies here holds the value, whichever member it is of: the
        // struct an `allOf` makes holds its member's union (a choice of keys to require).
        for union in &mut self.coverage.unions[first_union..] {
            union.accepted.extend(seen.iter().cloned());
            union.accepted.sort();
            union.accepted.dedup();
        }
        applied
    }

    /// The pointers of every schema `value` meets from `member` on (itself, what it refers to,
    /// merges, and the valid members of its own unions): a type made from any of them holds a
    /// value of `member`.
    fn reached(&mut self, value: &Value, member: &Applied<'d>, path: &str) -> Vec<String> {
        // The unions met here are recorded again when the value is walked; these are not.
        let recorded = self.coverage.unions.len();
        let reached = self
            .apply(value, vec![member.clone()], path)
            .into_iter()
            .map(|schema| schema.pointer)
            .collect();
        self.coverage.unions.truncate(recorded);
        reached
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    const SPEC: &str = r##"
openapi: 3.0.1
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    ruled:
      allOf:
      - $ref: '#/components/schemas/base'
      - anyOf:
        - {required: [inbound]}
        - {required: [outbound]}
      properties:
        inbound: {type: string}
        outbound: {type: string}
    article:
      allOf:
      - $ref: '#/components/schemas/base'
      properties:
        statistics:
          $ref: '#/components/schemas/statistics'
        labels:
          type: object
          additionalProperties: {type: integer}
        metadata: {type: object}
        tags:
          type: array
          items: {type: string}
    base:
      type: object
      properties:
        id: {type: string}
        author:
          oneOf:
          - $ref: '#/components/schemas/admin'
          - $ref: '#/components/schemas/team'
    statistics:
      type: object
      nullable: true
      properties:
        views: {type: integer}
    admin:
      type: object
      required: [type]
      properties:
        type: {type: string, enum: [admin]}
        name: {type: string, maxLength: 8}
    team:
      type: object
      required: [type]
      properties:
        type: {type: string, enum: [team]}
        name: {type: string}
    upload:
      type: object
      properties:
        catalog: {$ref: '#/components/schemas/file'}
        finalize: {type: string}
    file: {type: string, format: binary}
    owner:
      anyOf:
      - {type: string}
      - $ref: '#/components/schemas/admin'
"##;

    fn coverage_of(value: Value) -> Coverage {
        coverage_against("article", value)
    }

    fn coverage_against(component: &str, value: Value) -> Coverage {
        coverage_and_validators(component, value).0
    }

    /// The coverage, and how many validators it compiled.
    fn coverage_and_validators(component: &str, value: Value) -> (Coverage, usize) {
        let mut document = crate::load::parse(Path::new("spec.yaml"), SPEC).expect("spec parses");
        document.unpark_schemas();
        let mut schemas = Schemas::new(&document.tree).expect("schemas load");
        let pointer = format!("#/components/schemas/{component}");
        let coverage = coverage(&mut schemas, &pointer, &value);
        (coverage, schemas.compiled_validators())
    }

    /// Stripe's expandable fields (`anyOf: [string, $ref]`) made compiling a validator per
    /// member the bulk of codegen: the one member a valid value fits is taken unchecked.
    #[test]
    fn a_lone_member_the_value_does_not_rule_out_is_taken_without_its_validator() {
        let (coverage, validators) =
            coverage_and_validators("owner", json!({"type": "admin", "name": "a"}));
        assert_eq!(
            coverage.unions[0].accepted,
            [
                "#/components/schemas/admin",
                "#/components/schemas/owner",
                "#/components/schemas/owner/anyOf/1",
            ]
        );
        assert_eq!(validators, 1, "the example's own validator only");
        // Two members of one type: the tag's `enum` tells them apart.
        let (coverage, validators) =
            coverage_and_validators("base", json!({"author": {"type": "team"}}));
        assert_eq!(
            coverage.unions[0].accepted,
            [
                "#/components/schemas/base/properties/author",
                "#/components/schemas/base/properties/author/oneOf/1",
                "#/components/schemas/team",
            ]
        );
        assert_eq!(validators, 1);
        // The union fails (the name is too long): the validator decides, and says no; the
        // value is still an admin, the one member whose type can hold it.
        let long_name = json!({"type": "admin", "name": "longer than 8"});
        let (coverage, validators) = coverage_and_validators("owner", long_name);
        assert_eq!(
            coverage.unions[0].accepted,
            [
                "#/components/schemas/admin",
                "#/components/schemas/owner",
                "#/components/schemas/owner/anyOf/1",
            ]
        );
        assert_eq!(validators, 2);
    }

    /// A multipart example names its file (`"@products.json"`); the file part is sent as a
    /// file, never decoded, so it is not audited.
    #[test]
    fn file_parts_are_not_audited() {
        let coverage = coverage_against(
            "upload",
            json!({"catalog": "@products.json", "finalize": "false"}),
        );
        assert_eq!(coverage.skipped, ["/catalog"]);
        assert_eq!(coverage.contradicted, 0);
    }

    #[test]
    fn keys_beside_all_of_and_in_valid_members_are_declared() {
        let coverage = coverage_of(json!({
            "id": "1",
            "statistics": null,
            "author": {"type": "team", "name": "t"},
            "labels": {"a": 1},
            "metadata": {"free": {"form": true}},
            "tags": ["x"],
            "unknown": 1,
        }));
        assert_eq!(coverage.skipped, ["/metadata/free", "/unknown"]);
        assert_eq!(coverage.additional, ["/labels/a"]);
        assert_eq!(coverage.contradicted, 0);
        assert_eq!(coverage.unions.len(), 1);
        assert_eq!(coverage.unions[0].path, "/author");
        assert_eq!(
            coverage.unions[0].accepted,
            [
                "#/components/schemas/base/properties/author",
                "#/components/schemas/base/properties/author/oneOf/1",
                "#/components/schemas/team",
            ]
        );
    }

    #[test]
    fn values_that_contradict_the_schema_are_skipped() {
        let coverage = coverage_of(json!({"id": 7, "tags": [null], "labels": {"a": "x"}}));
        // A map or array with one value that does not fit is skipped whole.
        assert_eq!(coverage.skipped, ["/id", "/tags", "/labels"]);
        assert_eq!(coverage.additional, Vec::<String>::new());
        assert_eq!(coverage.contradicted, 3);
    }

    /// A union inside an `allOf` member (a choice of keys to require) is held by the struct the
    /// `allOf` makes, whichever member the value is of.
    #[test]
    fn a_union_in_an_all_of_is_held_by_the_schema_that_merges_it() {
        for value in [
            json!({"inbound": "a"}),
            json!({"inbound": "a", "outbound": "b"}),
        ] {
            let coverage = coverage_against("ruled", value);
            assert!(
                coverage.unions[0]
                    .accepted
                    .contains(&"#/components/schemas/ruled".to_owned()),
                "{:?}",
                coverage.unions
            );
        }
    }
}
