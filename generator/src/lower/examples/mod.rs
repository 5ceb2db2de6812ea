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
//! The converted component schemas form one document, registered under [`DOCUMENT_URI`]. Any
//! other schema of the description is converted on its own, with its `$ref`s made absolute into
//! that document, and compiled when first asked for ([`Schemas::validator`]).
//!
//! [`Example::invalid`]: crate::ir::Example::invalid

mod convert;
pub(super) mod declared;
mod messages;
pub(super) mod payloads;

use std::collections::{BTreeMap, HashMap};

use jsonschema::{Draft, Registry, Validator};
use serde_json::{json, Map, Value};

use convert::Converter;
use messages::reasons;

use crate::ir::{Coverage, Operation, Payload, ResponseBody, Status, TypeDef, TypeRef};
use crate::pointer;
use crate::rules::Rule;
use crate::Findings;

/// A component schema that reaches itself through `$ref`, `allOf`, `oneOf`, `anyOf` and `not`
/// alone, without a property or an item in between (`A: {$ref: B}`, `B: {$ref: A}`,
/// `oneOf: [self]`; rule `alias-cycle`), if there is one.
fn unguarded_cycle(components: &Map<String, Value>) -> Option<&str> {
    fn targets<'v>(node: &'v Value, found: &mut Vec<&'v str>) {
        let Value::Object(object) = node else { return };
        if let Some(Value::String(reference)) = object.get("$ref") {
            found.push(reference);
        }
        for keyword in ["allOf", "oneOf", "anyOf", "not"] {
            match object.get(keyword) {
                Some(Value::Array(members)) => members.iter().for_each(|m| targets(m, found)),
                Some(member) => targets(member, found),
                None => {}
            }
        }
    }
    let keys: Vec<&str> = components.keys().map(String::as_str).collect();
    let index: HashMap<String, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| (pointer::component_schema(key), i))
        .collect();
    let edges: Vec<Vec<usize>> = components
        .values()
        .map(|node| {
            let mut found = Vec::new();
            targets(node, &mut found);
            found
                .iter()
                .filter_map(|target| index.get(*target).copied())
                .collect()
        })
        .collect();
    let component = super::recursion::strongly_connected(&edges);
    let mut sizes = vec![0; keys.len()];
    component.iter().for_each(|&c| sizes[c] += 1);
    (0..keys.len())
        .find(|&i| sizes[component[i]] > 1 || edges[i].contains(&i))
        .map(|i| keys[i])
}

/// Schema objects with at most this many keys are searched key by key (see [`schema_keyword`]).
const SCANNED_KEYS: usize = 12;

/// The keyword `name` of the schema `node`, as `node.get(name)`. A schema object has a handful
/// of keys, and comparing them is cheaper than hashing `name` with serde_json's SipHash: the
/// audit's lookups, hashed, were 4% of the instructions of generating Unstable's crate.
fn schema_keyword<'v>(node: &'v Value, name: &str) -> Option<&'v Value> {
    let object = node.as_object()?;
    if object.len() > SCANNED_KEYS {
        return object.get(name);
    }
    object
        .iter()
        .find_map(|(key, value)| (key == name).then_some(value))
}

/// The base URI of the converted document (it is never fetched: the registry holds it).
const DOCUMENT_URI: &str = "urn:intercom-codegen:openapi";

/// Validators for the schemas of one description, compiled on demand.
pub(super) struct Schemas<'d> {
    /// The description's JSON tree.
    tree: &'d Value,
    registry: Registry<'static>,
    /// The node each pointer as written lands on (`None`: nowhere); the audit asks again and
    /// again for the targets of `$ref`s.
    nodes: HashMap<String, Option<&'d Value>>,
    /// By the schema's node, so that every way of writing one schema shares its validator; `Err`
    /// says why the schema cannot be validated against.
    validators: HashMap<*const Value, Result<Validator, String>>,
}

impl<'d> Schemas<'d> {
    /// Converts and registers the component schemas of the description `tree`.
    pub fn new(tree: &'d Value) -> Result<Self, String> {
        let mut converter = Converter::default();
        let no_components = Map::new();
        let components = match tree.pointer("/components/schemas") {
            Some(Value::Object(schemas)) => schemas,
            _ => &no_components,
        };
        if let Some(key) = unguarded_cycle(components) {
            return Err(format!(
                "component schema `{key}` refers to itself through `$ref`s and compositions \
                 alone, which a validator follows without end"
            ));
        }
        let mut schemas: Map<String, Value> = components
            .iter()
            .map(|(key, node)| (key.clone(), converter.schema(node)))
            .collect();
        // Rule `dangling-ref`: a reference to a schema that does not exist is any JSON value.
        for reference in &converter.refs {
            if let Some(key) = pointer::component_schema_key(reference) {
                if !schemas.contains_key(&key) {
                    schemas.insert(key, json!({}));
                }
            }
        }
        let converted = json!({ "components": { "schemas": schemas } });
        let registry = Registry::new()
            .draft(Draft::Draft202012)
            .add(DOCUMENT_URI, Draft::Draft202012.create_resource(converted))
            .and_then(|builder| builder.prepare())
            .map_err(|error| format!("the schemas do not load: {error}"))?;
        Ok(Self {
            tree,
            registry,
            nodes: HashMap::new(),
            validators: HashMap::new(),
        })
    }

    /// The description's JSON tree.
    pub fn tree(&self) -> &'d Value {
        self.tree
    }

    /// The schema node at `pointer` (written as if inline).
    pub fn node(&mut self, pointer: &str) -> Option<&'d Value> {
        if let Some(node) = self.nodes.get(pointer) {
            return *node;
        }
        let node = pointer::resolve(self.tree, pointer);
        self.nodes.insert(pointer.to_owned(), node);
        node
    }

    /// A validator for the schema at `pointer` (written as if inline, like the IR's pointers).
    pub fn validator(&mut self, pointer: &str) -> Result<&Validator, &str> {
        match self.node(pointer) {
            Some(node) => self.validator_of(node),
            None => Err("it does not resolve"),
        }
    }

    /// A validator for the schema `node` of the description's tree.
    pub fn validator_of(&mut self, node: &'d Value) -> Result<&Validator, &str> {
        // A schema that only refers to another validates the same values: share its validator.
        let node = self.referred(node);
        let registry = &self.registry;
        self.validators
            .entry(std::ptr::from_ref(node))
            .or_insert_with(|| compile(registry, node))
            .as_ref()
            .map_err(String::as_str)
    }

    /// The schema `node` only refers to, through any number of references (`node` itself if it
    /// is more than a reference, or the reference does not resolve).
    pub fn referred(&mut self, mut node: &'d Value) -> &'d Value {
        while let Some(target) = only_reference(node) {
            match self.node(target) {
                Some(next) if !std::ptr::eq(next, node) => node = next,
                _ => break,
            }
        }
        node
    }

    /// Whether `value` is valid against the schema `node`; `None` when it cannot be told.
    pub fn is_valid(&mut self, node: &'d Value, value: &Value) -> Option<bool> {
        self.validator_of(node)
            .ok()
            .map(|validator| validator.is_valid(value))
    }
}

/// The target of the schema `node` when it is nothing but a `$ref`.
fn only_reference(node: &Value) -> Option<&str> {
    match node {
        Value::Object(node) if node.len() == 1 => node.get("$ref")?.as_str(),
        _ => None,
    }
}

/// Compiles the schema `node` against the converted components in `registry`.
fn compile(registry: &Registry<'static>, node: &Value) -> Result<Validator, String> {
    let mut schema = Converter::default().schema(node);
    absolute_refs(&mut schema);
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(registry)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(true)
        .build(&schema)
        .map_err(|error| error.to_string())
}

/// Points the `$ref`s of a converted schema into the registered document.
fn absolute_refs(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            for (key, value) in object.iter_mut() {
                match value {
                    Value::String(reference) if key == "$ref" && reference.starts_with('#') => {
                        let fragment = pointer::uri_fragment(&reference[1..]);
                        *reference = format!("{DOCUMENT_URI}#{fragment}");
                    }
                    _ => absolute_refs(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(absolute_refs),
        _ => {}
    }
}

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
/// examples, valid request examples), by the example's pointer.
pub(super) fn example_coverage(
    schemas: &mut Schemas<'_>,
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
    responses
        .chain(requests)
        .chain(schema_examples)
        .filter_map(|example| {
            let schema = schema_of_example(&example.pointer)?;
            let coverage = declared::coverage(schemas, &schema, &example.value);
            Some((example.pointer.clone(), coverage))
        })
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
/// (a body that only refers to a component is covered by the component's payloads).
pub(super) fn generated_payloads(
    schemas: &mut Schemas<'_>,
    operations: &[Operation],
    types: &BTreeMap<String, TypeDef>,
) -> Vec<Payload> {
    let tree = schemas.tree();
    let mut targets: Vec<(String, TypeRef)> = Vec::new();
    if let Some(Value::Object(components)) = tree.pointer("/components/schemas") {
        let named: HashMap<&str, &str> = types
            .values()
            .map(|definition| (definition.source.as_str(), definition.name.as_str()))
            .collect();
        for key in components.keys() {
            let schema = pointer::component_schema(key);
            if let Some(name) = named.get(schema.as_str()) {
                targets.push((schema, TypeRef::Named((*name).to_owned())));
            }
        }
    }
    for operation in operations {
        if let Some(body) = &operation.body {
            if let (Some(schema), crate::ir::BodyEncoding::Json) =
                (&body.schema_pointer, body.encoding)
            {
                targets.push((schema.clone(), body.ty.clone()));
            }
        }
        for response in &operation.responses {
            if let (ResponseBody::Json(ty), Some(schema)) = (
                &response.body,
                response_schema(tree, operation, response.status),
            ) {
                targets.push((schema, ty.clone()));
            }
        }
    }
    let inline = |schema: &str| {
        pointer::resolve(tree, schema).is_some_and(|node| node.get("$ref").is_none())
    };
    targets.retain(|(schema, _)| inline(schema));
    targets.dedup_by(|a, b| a.0 == b.0);
    let mut payloads = Vec::new();
    for (schema, ty) in targets {
        for mode in payloads::Mode::ALL {
            let seed = payloads::seed(&schema, mode);
            let payloads::Payload { value, cuts } = payloads::generate(tree, &schema, mode, seed);
            let coverage = declared::coverage_with(schemas, &schema, &value, cuts);
            payloads.push(Payload {
                schema: schema.clone(),
                seed,
                ty: ty.clone(),
                value,
                coverage,
            });
        }
    }
    payloads
}

/// The pointer of the JSON schema of a documented response, if it has one.
fn response_schema(tree: &Value, operation: &Operation, status: Status) -> Option<String> {
    let status = status.to_string();
    let method = operation.method.as_str().to_ascii_lowercase();
    let response = pointer::join(
        "#/paths",
        [operation.path.as_str(), &method, "responses", &status],
    );
    let node = pointer::resolve(tree, &response)?;
    let content = node.get("content")?.as_object()?;
    let media = content
        .keys()
        .find(|media| *media == "application/json")
        .or_else(|| content.keys().find(|media| media.contains("json")))?;
    Some(pointer::join(&response, ["content", media, "schema"]))
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
    fn a_schema_keyword_is_what_get_finds_in_small_and_large_objects() {
        let small = json!({"type": "object", "nullable": true, "properties": {}});
        let large: Map<String, Value> = (0..=SCANNED_KEYS)
            .map(|index| (format!("k{index}"), json!(index)))
            .collect();
        let large = Value::Object(large);
        for (node, name) in [
            (&small, "type"),
            (&small, "nullable"),
            (&small, "properties"),
            (&small, "items"),
            (&small, "typ"),
            (&large, "k0"),
            (&large, "k12"),
            (&large, "k13"),
        ] {
            assert_eq!(schema_keyword(node, name), node.get(name), "{name}");
        }
        assert_eq!(schema_keyword(&json!(["type"]), "type"), None);
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
