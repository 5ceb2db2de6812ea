//! Examples and payloads against their schemas, checked independently of the generated types.
//!
//! Every request-body example is validated once, here, by the `jsonschema` crate against the
//! schema of its body, and the validator's reasons are kept on the example
//! ([`Example::invalid`]). The generated crate's example test then tells "the spec's example is
//! wrong" (listed in its `tests/invalid-examples.md`) from "the generated type is wrong".
//! [`declared`] works out, for every example and every payload [`payloads`] generates, which keys
//! the schema declares, for the test's typed-coverage audit.
//!
//! OpenAPI 3.0 schema objects are not JSON Schema: [`convert`] turns them into JSON Schema
//! 2020-12. Formats are asserted (`date-time`, `date`, `email`, `uri`, `uuid`); formats JSON
//! Schema does not define (`int64`, `float`, `timestamp`, `binary`) accept any value.
//!
//! The converted component schemas form one document, registered under one URI ([`schemas`]).
//! Any other schema of the description is converted on its own, with its `$ref`s made absolute
//! into that document, and compiled when first asked for ([`Schemas::validator`]).
//!
//! [`Example::invalid`]: crate::ir::Example::invalid

mod convert;
pub(super) mod declared;
mod messages;
pub(super) mod payloads;
mod schemas;
mod trim;

use std::collections::{BTreeMap, HashMap};

use rayon::iter::{IntoParallelIterator, IntoParallelRefIterator, ParallelIterator};
use serde_json::Value;

use messages::reasons;
use schemas::schema_keyword;
pub(in crate::lower) use schemas::Schemas;
pub(in crate::lower) use trim::trim_path_item;

use crate::ir::{Coverage, Operation, Payload, ResponseBody, TypeDef, TypeRef};
use crate::pointer;
use crate::rules::Rule;
use crate::Findings;

/// Validates every request-body example of `operations` against its body's schema, setting
/// [`Example::invalid`](crate::ir::Example::invalid). A schema that cannot be validated against
/// (it does not resolve, or the validator rejects it) leaves its examples unvalidated, with a
/// warning.
pub(super) fn request_examples(
    schemas: &mut Schemas<'_>,
    operations: &mut [Operation],
    findings: &mut Findings,
) {
    for body in operations
        .iter_mut()
        .filter_map(|operation| operation.body.as_mut())
    {
        let Some(pointer) = &body.schema_pointer else {
            continue;
        };
        if body.examples.is_empty() {
            continue;
        }
        match schemas.validator(pointer) {
            Ok(validator) => {
                for example in &mut body.examples {
                    example.invalid = reasons(validator, example);
                    if example.invalid.is_some() {
                        findings.apply(
                            Rule::InvalidExamples,
                            &example.pointer,
                            "contradicts its schema; listed in tests/examples/invalid-examples.md",
                        );
                    }
                }
            }
            Err(error) => findings.warn(
                Some(pointer),
                format!("request examples not validated against this schema: {error}"),
            ),
        }
    }
}

/// What the schema declares in every example the generated test audits (response and schema
/// examples, valid request examples), by the example's pointer; worked out on every core.
pub(super) fn example_coverage(
    schemas: &Schemas<'_>,
    operations: &[Operation],
    types: &BTreeMap<String, TypeDef>,
) -> BTreeMap<String, Coverage> {
    let responses = operations
        .iter()
        .flat_map(|operation| &operation.responses)
        .filter(|response| matches!(response.body, ResponseBody::Json(_)))
        .flat_map(|response| &response.examples);
    let requests = operations
        .iter()
        .filter_map(|operation| operation.body.as_ref())
        .flat_map(|body| &body.examples)
        .filter(|example| example.invalid.is_none());
    let schema_examples = types.values().flat_map(|definition| {
        let fields = match &definition.kind {
            crate::ir::TypeKind::Struct(object) => object.fields.as_slice(),
            _ => &[],
        };
        definition
            .examples
            .iter()
            .chain(fields.iter().flat_map(|field| &field.examples))
    });
    let examples: Vec<_> = responses.chain(requests).chain(schema_examples).collect();
    examples
        .into_par_iter()
        .map_init(
            || schemas.fork(),
            |schemas, example| {
                let schema = schema_of_example(&example.pointer)?;
                let coverage = declared::coverage(schemas, &schema, &example.value);
                Some((example.pointer.clone(), coverage))
            },
        )
        .flatten()
        .collect()
}

/// The schema an example stands for: the media type's `schema` for `.../content/<type>/example`
/// and `.../content/<type>/examples/<name>/value`, the schema itself for `<schema>/example`.
fn schema_of_example(example: &str) -> Option<String> {
    let segments: Vec<&str> = example.split('/').collect();
    let base = match segments.as_slice() {
        [base @ .., "example"] => base,
        [base @ .., "examples", _, "value"] => base,
        _ => return None,
    };
    match base {
        [.., "content", _] => Some(format!("{}/schema", base.join("/"))),
        _ => Some(base.join("/")),
    }
}

/// Payloads generated from every component schema and every JSON body schema written inline
/// (a body that only refers to a component is covered by the component's payloads), on every
/// core.
pub(super) fn generated_payloads(
    schemas: &Schemas<'_>,
    operations: &[Operation],
    types: &BTreeMap<String, TypeDef>,
) -> Vec<Payload> {
    let tree = schemas.tree();
    let mut component_targets: Vec<(String, TypeRef)> = Vec::new();
    if let Some(Value::Object(components)) = tree.pointer("/components/schemas") {
        let named: HashMap<&str, &str> = types
            .values()
            .map(|definition| (definition.source.as_str(), definition.name.as_str()))
            .collect();
        for key in components.keys() {
            let schema = pointer::component_schema(key);
            if let Some(name) = named.get(schema.as_str()) {
                component_targets.push((schema, TypeRef::Named((*name).to_owned())));
            }
        }
    }
    // Finding each schema walks a pointer into the tree: on every core, in order.
    let operation_targets = operations.par_iter().flat_map_iter(json_schemas);
    let inline = |(schema, _): &(String, TypeRef)| {
        pointer::resolve(tree, schema).is_some_and(|node| node.get("$ref").is_none())
    };
    let mut targets: Vec<(String, TypeRef)> = component_targets
        .into_par_iter()
        .chain(operation_targets)
        .filter(inline)
        .collect();
    targets.dedup_by(|a, b| a.0 == b.0);
    let work: Vec<_> = targets
        .iter()
        .flat_map(|(schema, ty)| payloads::Mode::ALL.map(|mode| (schema, ty, mode)))
        .collect();
    work.into_par_iter()
        .map_init(
            || schemas.fork(),
            |schemas, (schema, ty, mode)| {
                let seed = payloads::seed(schema, mode);
                let payloads::Payload { value, cuts } =
                    payloads::generate(tree, schema, mode, seed);
                let coverage = declared::coverage_with(schemas, schema, &value, cuts);
                Payload {
                    schema: schema.clone(),
                    seed,
                    ty: ty.clone(),
                    json: value.to_string(),
                    coverage,
                }
            },
        )
        .collect()
}

/// The JSON schemas of `operation`'s request and response bodies (their pointers, written as
/// if inline), with the types the bodies are.
fn json_schemas(operation: &Operation) -> impl Iterator<Item = (String, TypeRef)> + '_ {
    let body = operation
        .body
        .as_ref()
        .filter(|body| matches!(body.encoding, crate::ir::BodyEncoding::Json))
        .and_then(|body| Some((body.schema_pointer.clone()?, body.ty.clone())));
    let responses = operation.responses.iter().filter_map(|response| {
        let ResponseBody::Json(ty) = &response.body else {
            return None;
        };
        Some((response.schema_pointer.clone()?, ty.clone()))
    });
    body.into_iter().chain(responses)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

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
        let built = lower(document).expect("spec builds");
        let warnings: Vec<String> = built
            .findings
            .iter()
            .filter(|finding| finding.severity == crate::Severity::Warning)
            .filter(|finding| finding.rule != Some(crate::rules::Rule::RequiredBody))
            .map(ToString::to_string)
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
        let mut document = crate::load::parse(Path::new("spec.yaml"), SPEC).expect("spec parses");
        document.unpark_schemas();
        let mut built = lower(document.clone()).expect("spec builds");
        let body = built.api.operations[0].body.as_mut().expect("a body");
        body.examples.truncate(1);
        body.examples[0].value = json!({"email": "x", "tags": [1]});
        body.examples[0].invalid = None;
        let mut schemas = Schemas::new(&document.tree).expect("schemas load");
        request_examples(
            &mut schemas,
            &mut built.api.operations,
            &mut Findings::new(Path::new("spec.yaml")),
        );
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
