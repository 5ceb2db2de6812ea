//! Request examples against their schemas, checked independently of the generated types.
//!
//! Every request-body example is validated once, here, by the `jsonschema` crate against the
//! schema of its body, and the validator's reasons are kept on the example
//! ([`Example::invalid`]). The generated crate's example test then tells "the spec's example is
//! wrong" (listed in its `tests/invalid-examples.md`) from "the generated type is wrong".
//!
//! OpenAPI 3.0 schema objects are not JSON Schema: [`convert`] turns them, once per document,
//! into JSON Schema 2020-12. Formats are asserted (`date-time`, `date`, `email`, `uri`, `uuid`);
//! formats JSON Schema does not define (`int64`, `float`, `timestamp`, `binary`) accept any value.
//!
//! Only the schemas validation can reach are converted: `#/components/schemas` and the schemas of
//! request bodies that have examples. Each lands at its own pointer in a new document, which is
//! registered under [`DOCUMENT_URI`]; a body is validated against `{"$ref": "<uri>#<pointer>"}`,
//! so `$ref`s to `#/components/schemas/..` resolve inside that document. The specs only refer to
//! whole components, so wrapping a nullable schema (which moves its keywords under `else`) breaks
//! no reference. Validators are compiled lazily, one per body schema.

mod convert;
mod messages;

use std::collections::HashMap;

use jsonschema::{Draft, Registry, Validator};
use serde_json::{json, Map, Value};

use convert::Converter;
use messages::reasons;

use crate::ir::Operation;
use crate::load::Document;
use crate::pointer;
use crate::Diagnostic;

/// The base URI of the converted document (it is never fetched: the registry holds it).
const DOCUMENT_URI: &str = "urn:intercom-codegen:openapi";

/// Validates every request-body example of `operations` against its body's schema, setting
/// [`Example::invalid`]. A schema that cannot be validated against (it does not resolve, or the
/// validator rejects it) leaves its examples unvalidated, with a warning.
pub(super) fn request_examples(
    document: &Document,
    operations: &mut [Operation],
    warnings: &mut Vec<Diagnostic>,
) {
    // (schema pointer as written, where it resolves in the tree) of every body with examples.
    let mut bodies: Vec<(String, Option<String>)> = Vec::new();
    for body in operations
        .iter()
        .filter_map(|operation| operation.body.as_ref())
    {
        if let (Some(pointer), false) = (&body.schema_pointer, body.examples.is_empty()) {
            if !bodies.iter().any(|(written, _)| written == pointer) {
                bodies.push((pointer.clone(), pointer::resolve(&document.tree, pointer)));
            }
        }
    }
    if bodies.is_empty() {
        return;
    }

    let mut converter = Converter::default();
    let mut schemas = match document.tree.pointer("/components/schemas") {
        Some(Value::Object(schemas)) => schemas
            .iter()
            .map(|(key, node)| (key.clone(), converter.schema(node)))
            .collect(),
        _ => Map::new(),
    };
    let mut converted = json!({});
    for (_, resolved) in &bodies {
        if let Some(resolved) = resolved {
            if let Some(node) = pointer::lookup(&document.tree, resolved) {
                pointer::insert(&mut converted, resolved, converter.schema(node));
            }
        }
    }
    // Rule `dangling-ref`: a reference to a schema that does not exist is any JSON value.
    for reference in &converter.refs {
        if let Some(key) = pointer::component_schema_key(reference) {
            if !schemas.contains_key(&key) {
                schemas.insert(key, json!({}));
            }
        }
    }
    pointer::insert(
        &mut converted,
        "#/components/schemas",
        Value::Object(schemas),
    );
    let registry = Registry::new()
        .draft(Draft::Draft202012)
        .add(DOCUMENT_URI, &converted)
        .and_then(|builder| builder.prepare());
    let registry = match registry {
        Ok(registry) => registry,
        Err(error) => {
            warnings.push(Diagnostic::new(
                &document.path,
                None,
                format!("request examples not validated: the schemas do not load: {error}"),
            ));
            return;
        }
    };

    let mut validators: HashMap<&str, Option<Validator>> = HashMap::new();
    for (written, resolved) in &bodies {
        let validator = match resolved {
            None => Err("it does not resolve".to_owned()),
            Some(resolved) => compile(&registry, resolved),
        };
        let validator = validator
            .map_err(|error| {
                warnings.push(Diagnostic::new(
                    &document.path,
                    Some(written.clone()),
                    format!("request examples not validated against this schema: {error}"),
                ));
            })
            .ok();
        validators.insert(written, validator);
    }

    for body in operations
        .iter_mut()
        .filter_map(|operation| operation.body.as_mut())
    {
        let Some(pointer) = &body.schema_pointer else {
            continue;
        };
        if let Some(Some(validator)) = validators.get(pointer.as_str()) {
            for example in &mut body.examples {
                example.invalid = reasons(validator, example);
            }
        }
    }
}

/// A validator for the schema at `pointer` of the converted document.
fn compile(registry: &Registry<'_>, pointer: &str) -> Result<Validator, String> {
    let fragment = pointer::uri_fragment(pointer.strip_prefix('#').unwrap_or(pointer));
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(registry)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(true)
        .build(&json!({ "$ref": format!("{DOCUMENT_URI}#{fragment}") }))
        .map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::lower::lower;

    /// A spec with one JSON request body, given as `schema` (YAML, indented for its place), whose
    /// named examples are `examples` (`name: value` lines, indented likewise).
    const SPEC: &str = r##"
openapi: 3.0.1
info: {title: t, version: '1'}
paths:
  /contacts:
    post:
      operationId: createContact
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/create_contact_request'
            examples:
              valid:
                value: {role: user, email: a@example.com, name: null, owner: null, tags: [x]}
              missing_role:
                value: {email: a@example.com}
              wrong_type:
                value: {role: user, tags: 7}
              null_not_nullable:
                value: {role: null}
              nullable_ref:
                value: {role: user, owner: {id: 1}}
              bad_ref_member:
                value: {role: user, owner: {id: one}}
              bad_email:
                value: {role: user, email: not-an-email}
              read_only_missing:
                value: {role: user}
              dangling_ref:
                value: {role: user, custom_attributes: {any: [thing]}}
              one_of:
                value: {role: user, target: true}
      responses:
        '200': {description: ok}
  /tags/{id}:
    put:
      operationId: updateTag
      parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        $ref: '#/components/requestBodies/tag'
      responses:
        '200': {description: ok}
components:
  requestBodies:
    tag:
      content:
        application/json:
          schema:
            type: object
            required: [name]
            properties:
              name: {type: string, format: uuid}
          example: {name: 5}
  schemas:
    create_contact_request:
      type: object
      required: [role, id]
      properties:
        id: {type: string, readOnly: true}
        role: {type: string, enum: [user, lead]}
        email: {type: string, format: email}
        name: {type: string, nullable: true}
        tags:
          type: array
          items: {type: string}
        owner:
          $ref: '#/components/schemas/admin'
          nullable: true
          description: The owner.
        custom_attributes:
          $ref: '#/components/schemas/custom_attributes'
        target:
          oneOf:
          - {type: string}
          - {type: integer}
    admin:
      type: object
      required: [id]
      properties:
        id: {type: integer}
"##;

    fn invalid_reasons() -> BTreeMap<String, Option<String>> {
        let document = crate::load::parse(Path::new("spec.yaml"), SPEC).expect("spec parses");
        let built = lower(&document).expect("spec builds");
        let warnings: Vec<String> = built
            .warnings
            .iter()
            .map(ToString::to_string)
            .filter(|warning| !warning.contains("rule required-body"))
            .collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("rule dangling-ref"), "{warnings:?}");
        built
            .api
            .operations
            .iter()
            .flat_map(|operation| &operation.body.as_ref().expect("a body").examples)
            .map(|example| {
                let name = example.pointer.rsplit('/').nth(1).expect("a name");
                let name = if name == "application~1json" {
                    "example"
                } else {
                    name
                };
                (name.to_owned(), example.invalid.clone())
            })
            .collect()
    }

    use std::collections::BTreeMap;

    #[track_caller]
    fn assert_invalid(reasons: &BTreeMap<String, Option<String>>, name: &str, expected: &[&str]) {
        let reason = reasons[name]
            .as_deref()
            .unwrap_or_else(|| panic!("{name} is valid"));
        for part in expected {
            assert!(reason.contains(part), "{name}: `{part}` not in `{reason}`");
        }
    }

    #[test]
    fn request_examples_are_checked_against_their_schema() {
        let reasons = invalid_reasons();
        assert_eq!(reasons["valid"], None);
        // A nullable `$ref` (rewritten to a one-member `allOf`) takes `null` and its target.
        assert_eq!(reasons["nullable_ref"], None);
        // A `readOnly` property is not required in a request.
        assert_eq!(reasons["read_only_missing"], None);
        // Rule `dangling-ref`: what a missing schema describes is any JSON value.
        assert_eq!(reasons["dangling_ref"], None);
        assert_invalid(
            &reasons,
            "missing_role",
            &["(root): \"role\" is a required property"],
        );
        assert_invalid(
            &reasons,
            "wrong_type",
            &["/tags: 7 is not of type \"array\""],
        );
        assert_invalid(
            &reasons,
            "null_not_nullable",
            &["/role: null is not of type \"string\""],
        );
        assert_invalid(
            &reasons,
            "bad_ref_member",
            &["/owner/id: \"one\" is not of type \"integer\""],
        );
        assert_invalid(
            &reasons,
            "bad_email",
            &["/email: \"not-an-email\" is not a \"email\""],
        );
        // A failed `oneOf` says why each member failed.
        assert_invalid(
            &reasons,
            "one_of",
            &["/target: true is not valid under any of the schemas listed in the 'oneOf' keyword \
               [1: /target: true is not of type \"string\" | \
               2: /target: true is not of type \"integer\"]"],
        );
        // A body from `#/components/requestBodies`: every error, each with its path.
        assert_invalid(&reasons, "example", &["/name: 5 is not of type \"string\""]);
    }

    #[test]
    fn several_errors_are_joined() {
        let document = crate::load::parse(Path::new("spec.yaml"), SPEC).expect("spec parses");
        let mut built = lower(&document).expect("spec builds");
        let body = built.api.operations[0].body.as_mut().expect("a body");
        body.examples.truncate(1);
        body.examples[0].value = json!({"email": "x", "tags": [1]});
        body.examples[0].invalid = None;
        request_examples(&document, &mut built.api.operations, &mut Vec::new());
        let reason = built.api.operations[0].body.as_ref().unwrap().examples[0]
            .invalid
            .clone()
            .expect("invalid");
        assert_eq!(reason.matches("; ").count(), 2, "{reason}");
        assert!(
            reason.contains("(root): \"role\" is a required property"),
            "{reason}"
        );
        assert!(
            reason.contains("/email: \"x\" is not a \"email\""),
            "{reason}"
        );
        assert!(
            reason.contains("/tags/0: 1 is not of type \"string\""),
            "{reason}"
        );
    }
}
