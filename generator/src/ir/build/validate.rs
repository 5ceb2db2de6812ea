//! Request examples against their schemas, checked independently of the generated types.
//!
//! Every request-body example is validated once, here, by the `jsonschema` crate against the
//! schema of its body, and the validator's reasons are kept on the example
//! ([`Example::invalid`]). The generated crate's example test then tells "the spec's example is
//! wrong" (listed in its `tests/invalid-examples.md`) from "the generated type is wrong".
//!
//! OpenAPI 3.0 schema objects are not JSON Schema. The schemas are converted, once per document,
//! to JSON Schema 2020-12 (chosen over draft 4 for its `uuid` format):
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
//!
//! Formats are asserted (`date-time`, `date`, `email`, `uri`, `uuid`); formats JSON Schema does
//! not define (`int64`, `float`, `timestamp`, `binary`) accept any value.
//!
//! Only the schemas validation can reach are converted: `#/components/schemas` and the schemas of
//! request bodies that have examples. Each lands at its own pointer in a new document, which is
//! registered under [`DOCUMENT_URI`]; a body is validated against `{"$ref": "<uri>#<pointer>"}`,
//! so `$ref`s to `#/components/schemas/..` resolve inside that document. The specs only refer to
//! whole components, so wrapping a nullable schema (which moves its keywords under `else`) breaks
//! no reference. Validators are compiled lazily, one per body schema.

use std::collections::{BTreeSet, HashMap};

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Registry, ValidationError, Validator};
use serde_json::{json, Map, Value};

use super::SCHEMA_REF_PREFIX;
use crate::ir::{Example, Operation};
use crate::load::Document;
use crate::Diagnostic;

/// The base URI of the converted document (it is never fetched: the registry holds it).
const DOCUMENT_URI: &str = "urn:intercom-codegen:openapi";

/// How long an instance may be, as JSON, before a message names it by its kind instead.
const MAX_QUOTED_INSTANCE: usize = 80;

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
                bodies.push((pointer.clone(), resolve(&document.tree, pointer)));
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
            if let Some(node) = pointer(&document.tree, resolved) {
                insert_at(&mut converted, resolved, converter.schema(node));
            }
        }
    }
    // Rule `dangling-ref`: a reference to a schema that does not exist is any JSON value.
    for reference in &converter.refs {
        if let Some(key) = reference.strip_prefix(SCHEMA_REF_PREFIX) {
            let key = unescape(key);
            if !schemas.contains_key(&key) {
                schemas.insert(key, json!({}));
            }
        }
    }
    insert_at(
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
    let fragment = uri_fragment(pointer.strip_prefix('#').unwrap_or(pointer));
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(registry)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(true)
        .build(&json!({ "$ref": format!("{DOCUMENT_URI}#{fragment}") }))
        .map_err(|error| error.to_string())
}

/// Why `example` fails `validator`: each error after its instance path, joined with `"; "`.
fn reasons(validator: &Validator, example: &Example) -> Option<String> {
    let reasons: Vec<String> = validator
        .iter_errors(&example.value)
        .map(|error| describe(&error))
        .collect();
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

/// One validator error after its instance path. The message quotes the instance when it is
/// short; a failed `oneOf`/`anyOf` adds why each member failed (`[1: ..; .. | 2: ..]`), and an
/// ambiguous `oneOf` which members matched.
fn describe(error: &ValidationError<'_>) -> String {
    let at = match error.instance_path().as_str() {
        "" => "(root)",
        path => path,
    };
    let instance = error.instance();
    let message = if instance.to_string().len() <= MAX_QUOTED_INSTANCE {
        error.to_string()
    } else {
        error.masked_with(kind_of(instance)).to_string()
    };
    let detail = match error.kind() {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            let members: Vec<String> = context
                .iter()
                .enumerate()
                .map(|(index, errors)| {
                    let errors: Vec<String> = errors.iter().map(describe).collect();
                    format!("{}: {}", index + 1, errors.join("; "))
                })
                .collect();
            format!(" [{}]", members.join(" | "))
        }
        ValidationErrorKind::OneOfMultipleValid { context } => {
            let valid: Vec<String> = context
                .iter()
                .enumerate()
                .filter(|(_, errors)| errors.is_empty())
                .map(|(index, _)| (index + 1).to_string())
                .collect();
            format!(" [valid under {}]", valid.join(", "))
        }
        _ => String::new(),
    };
    format!("{at}: {message}{detail}")
}

/// How a message names a value too long to quote.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "the object",
        Value::Array(_) => "the array",
        Value::String(_) => "the string",
        Value::Null | Value::Bool(_) | Value::Number(_) => "the value",
    }
}

/// Converts OpenAPI 3.0 schema objects into JSON Schema 2020-12 (see the module docs).
#[derive(Default)]
struct Converter {
    /// Every `$ref` of the converted schemas.
    refs: BTreeSet<String>,
}

impl Converter {
    fn schema(&mut self, node: &Value) -> Value {
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

/// Where `pointer` (`#/paths/..`) lands in `tree`, as a pointer that needs no `$ref` followed.
///
/// IR pointers are written as if every component were inline; a `$ref` met on the way (a request
/// body from `#/components/requestBodies`) is followed, and the pointer goes on from its target.
fn resolve(tree: &Value, pointer: &str) -> Option<String> {
    let mut resolved = String::from("#");
    let mut node = tree;
    let mut hops = 0;
    for segment in pointer.strip_prefix('#')?.split('/').skip(1) {
        loop {
            if let Some(next) = child(node, segment) {
                node = next;
                resolved.push('/');
                resolved.push_str(segment);
                break;
            }
            let target = node.get("$ref")?.as_str()?;
            hops += 1;
            if hops > 16 || !target.starts_with("#/") {
                return None;
            }
            node = self::pointer(tree, target)?;
            resolved = target.to_owned();
        }
    }
    Some(resolved)
}

/// The node at `pointer` (`#/..`) of `tree`.
fn pointer<'t>(tree: &'t Value, pointer: &str) -> Option<&'t Value> {
    tree.pointer(pointer.strip_prefix('#')?)
}

/// The child of `node` named by one escaped pointer segment.
fn child<'t>(node: &'t Value, segment: &str) -> Option<&'t Value> {
    match node {
        Value::Object(object) => object.get(&unescape(segment)),
        Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
        _ => None,
    }
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Puts `value` at `pointer` (`#/..`) of `root`, creating the objects on the way.
fn insert_at(root: &mut Value, pointer: &str, value: Value) {
    let Some(path) = pointer.strip_prefix("#/") else {
        return;
    };
    let mut segments: Vec<String> = path.split('/').map(unescape).collect();
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

/// A JSON pointer as a URI fragment: what RFC 3986 does not allow there is percent-encoded
/// (path templates' braces, for one).
fn uri_fragment(pointer: &str) -> String {
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
    use std::path::Path;

    use super::*;
    use crate::ir::build;

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
        let built = build(&document).expect("spec builds");
        let warnings: Vec<String> = built.warnings.iter().map(ToString::to_string).collect();
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
        let mut built = build(&document).expect("spec builds");
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

    #[test]
    fn pointers_through_references_resolve_to_their_target() {
        let tree = json!({
            "paths": {"/a/{id}": {"put": {"requestBody": {"$ref": "#/components/requestBodies/b"}}}},
            "components": {"requestBodies": {"b": {"content": {"application/json": {"schema": {}}}}}}
        });
        assert_eq!(
            resolve(
                &tree,
                "#/paths/~1a~1{id}/put/requestBody/content/application~1json/schema"
            ),
            Some("#/components/requestBodies/b/content/application~1json/schema".to_owned())
        );
        assert_eq!(resolve(&tree, "#/paths/~1b"), None);
        assert_eq!(
            uri_fragment("/paths/~1a~1{id} x"),
            "/paths/~1a~1%7Bid%7D%20x"
        );
    }
}
