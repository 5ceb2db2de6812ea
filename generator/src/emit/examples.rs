//! `tests/examples.rs` and `tests/examples/`: every example of the spec and every payload the
//! generator made from the schemas, decoded into the Rust type for its position, encoded again,
//! and audited for typed coverage.
//!
//! The payloads are data, so they live in JSON files the test reads (`examples.json` for the
//! spec's examples, `payloads.json` for the generated ones); the test code has one `match` arm
//! per Rust type that has payloads. The test crate's root only declares the module with the
//! code, `#[rustfmt::skip]`, so that `cargo fmt` leaves generated code as generated.
//!
//! Request examples that are invalid against their schema (the IR's [`Example::invalid`]) are a
//! defect of the spec, not of the types: the test only counts them, and
//! `tests/examples/invalid-examples.md` lists them with the validator's reasons.
//!
//! The typed-coverage audit (`intercom_runtime::model::audit`) checks that no key the schema
//! declares ends up in `extra` and that unions choose a variant the value is valid against. What
//! the schema declares comes with each payload (`expect`), from the IR's [`Coverage`]; union
//! members are named by the Rust structs made from them.

use std::collections::{BTreeMap, BTreeSet};

use quote::quote;
use serde_json::{json, Value};

use super::markdown::code_span;
use super::round_trip;
use super::EmittedFile;
use crate::ir::{Api, Coverage, Example, Operation, ResponseBody, Slot, TypeKind, TypeRef};

/// The test target (`tests/examples.rs`).
pub(super) const TEST_TARGET: &str = "examples";

/// Where an example stands, which decides what its test may expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Position {
    Response,
    Request,
    Schema,
}

impl Position {
    fn as_str(self) -> &'static str {
        match self {
            Position::Response => "response",
            Position::Request => "request",
            Position::Schema => "schema",
        }
    }
}

struct Case<'a> {
    position: Position,
    ty: TypeRef,
    example: &'a Example,
}

/// The test's data: the examples and payloads as JSON, the report of invalid examples, and the
/// type of every entry, by the name the entries give it: made on another core while the models
/// are emitted (they take about as long on a large description), apart from the test's code,
/// whose tokens cannot leave their thread.
pub struct TestData {
    examples: String,
    payloads: String,
    invalid_report: String,
    types: BTreeMap<String, TypeRef>,
    uses_models: bool,
}

pub fn test_data(api: &Api) -> TestData {
    let mut types: BTreeMap<String, TypeRef> = BTreeMap::new();
    let mut uses_models = false;
    let mut type_key = |ty: &TypeRef| {
        uses_models |= ty.mentions_named();
        let key = ty.to_string();
        types.entry(key.clone()).or_insert_with(|| ty.clone());
        key
    };
    let structs = structs_by_source(api);
    let examples: Vec<ExampleEntry<'_>> = cases(api)
        .into_iter()
        .map(|case| {
            let coverage = api.coverage.get(&case.example.pointer);
            ExampleEntry {
                position: case.position.as_str(),
                pointer: &case.example.pointer,
                ty: type_key(&case.ty),
                value: &case.example.value,
                invalid: case.example.invalid.as_deref(),
                expect: coverage.map(|coverage| expectations(coverage, &structs)),
            }
        })
        .collect();
    let payloads: Vec<PayloadEntry<'_>> = api
        .payloads
        .iter()
        .map(|payload| PayloadEntry {
            position: "generated",
            pointer: &payload.schema,
            seed: payload.seed,
            ty: type_key(&payload.ty),
            value: Transcoded(&payload.json),
            expect: expectations(&payload.coverage, &structs),
        })
        .collect();
    TestData {
        examples: json_text(&examples),
        payloads: json_text(&payloads),
        invalid_report: invalid_report(api),
        types,
        uses_models,
    }
}

pub fn files(api: &Api, lib: &str, data: TestData) -> Vec<EmittedFile<'static>> {
    let lib = super::rust::ident(lib);
    let recursion_limit = super::crate_root::recursion_limit_attribute(api);
    let root = quote! {
        //! Every example of the spec, and payloads generated from its schemas, decoded into the
        //! type for its position (response body, request body, schema) and encoded again:
        //! decoding must succeed and give back the same JSON value, and every key the schema
        //! declares must be held by a typed field, not kept in `extra`. Request examples that are
        //! invalid against their schema (listed, with the reasons, in
        //! `examples/invalid-examples.md`) are only counted.
        #recursion_limit
        #[rustfmt::skip]
        #[path = "examples/round_trip.rs"]
        mod round_trip;
    };
    let round_trip = if data.types.is_empty() {
        round_trip::without_entries()
    } else {
        let import = data.uses_models.then_some(lib);
        round_trip::chunks(super::rust::allow_deprecated(api), import, data.types)
    };
    vec![
        EmittedFile::rust(format!("tests/{TEST_TARGET}.rs"), root),
        EmittedFile::Rust("tests/examples/round_trip.rs".into(), round_trip),
        EmittedFile::Text("tests/examples/examples.json".into(), data.examples),
        EmittedFile::Text("tests/examples/payloads.json".into(), data.payloads),
        EmittedFile::Text(
            "tests/examples/invalid-examples.md".into(),
            data.invalid_report,
        ),
    ]
}

/// One entry of `examples.json`: an example of the spec. The IR's values are written as they
/// are, not copied into a `Value` first.
#[derive(serde::Serialize)]
struct ExampleEntry<'a> {
    position: &'static str,
    pointer: &'a str,
    #[serde(rename = "type")]
    ty: String,
    value: &'a Value,
    invalid: Option<&'a str>,
    expect: Option<Value>,
}

/// One entry of `payloads.json`: a payload generated from a schema.
#[derive(serde::Serialize)]
struct PayloadEntry<'a> {
    position: &'static str,
    pointer: &'a str,
    seed: u64,
    #[serde(rename = "type")]
    ty: String,
    value: Transcoded<'a>,
    expect: Value,
}

/// JSON text written as the value it holds, laid out as the file around it is: what serde
/// reads from the text goes straight to the writer, with no `Value` built in between.
struct Transcoded<'a>(&'a str);

impl serde::Serialize for Transcoded<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut text = serde_json::Deserializer::from_str(self.0);
        serde_transcode::transcode(&mut text, serializer)
    }
}

pub(super) fn json_text<T: serde::Serialize>(entries: &[T]) -> String {
    let mut text = serde_json::to_string_pretty(entries).expect("test data serializes");
    text.push('\n');
    text
}

/// The Rust structs made from each schema, by the schema's pointer.
fn structs_by_source(api: &Api) -> BTreeMap<&str, Vec<&str>> {
    let mut structs: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for definition in api.types.values() {
        if let TypeKind::Struct(_) = definition.kind {
            structs
                .entry(definition.source.as_str())
                .or_default()
                .push(&definition.name);
        }
    }
    structs
}

/// `intercom_runtime::model::audit::Expectations` for a payload, with each union's accepted
/// schemas named by the Rust structs made from them; plus the count of contradicted keys.
fn expectations(coverage: &Coverage, structs: &BTreeMap<&str, Vec<&str>>) -> Value {
    let unions: Vec<Value> = coverage
        .unions
        .iter()
        .map(|union| {
            let accepted: BTreeSet<&str> = union
                .accepted
                .iter()
                .filter_map(|schema| structs.get(schema.as_str()))
                .flatten()
                .copied()
                .collect();
            json!({ "path": union.path, "accepted": accepted })
        })
        .collect();
    json!({
        "skipped": coverage.skipped,
        "additional": coverage.additional,
        "unions": unions,
        "contradicted": coverage.contradicted,
    })
}

/// `tests/examples/invalid-examples.md`: every request example that is invalid against its schema, by
/// pointer, with its operation and the validator's reasons.
fn invalid_report(api: &Api) -> String {
    let mut total = 0;
    let mut invalid: Vec<(&Operation, &Example, &str)> = Vec::new();
    for operation in &api.operations {
        let Some(body) = &operation.body else {
            continue;
        };
        total += body.examples.len();
        invalid.extend(
            body.examples
                .iter()
                .filter_map(|example| Some((operation, example, example.invalid.as_deref()?))),
        );
    }
    invalid.sort_by(|a, b| a.1.pointer.cmp(&b.1.pointer));
    let mut text = String::from(
        "# Request examples invalid against their schema\n\n\
         The request-body examples of the spec that do not validate against the schema of their \
         body, checked by the generator with a JSON Schema validator (the OpenAPI 3.0 schema read \
         as JSON Schema 2020-12: `nullable` allows `null`, formats such as `email`, `uri`, `uuid` \
         and `date-time` are asserted, `readOnly` properties are not required). Each entry gives \
         the example's JSON pointer in the spec, its operation, and the validator's reasons, each \
         after the path in the example it is about. These are defects of the spec: \
         `tests/examples.rs` counts them instead of requiring them to round-trip through the \
         request types, as every valid request example must. Generated; do not edit.\n\n",
    );
    if total == 0 {
        text.push_str("None: the spec has no request examples.\n");
        return text;
    }
    if invalid.is_empty() {
        text.push_str(&format!(
            "None: all {total} request examples are valid against their schema.\n"
        ));
        return text;
    }
    text.push_str(&format!(
        "{} of {total} request examples are invalid.\n",
        invalid.len()
    ));
    for (operation, example, reason) in invalid {
        text.push_str(&format!(
            "\n- {}\n  - operation: {} ({})\n  - reason: {}\n",
            code_span(&example.pointer),
            code_span(&format!("{} {}", operation.method.as_str(), operation.path)),
            code_span(&operation.id),
            code_span(reason),
        ));
    }
    text
}

/// Every example, with the type it decodes into, in a fixed order.
fn cases<'a>(api: &'a Api) -> Vec<Case<'a>> {
    let mut cases = Vec::new();
    let mut add = |position: Position, ty: &TypeRef, examples: &'a [Example]| {
        cases.extend(examples.iter().map(|example| Case {
            position,
            ty: ty.clone(),
            example,
        }));
    };
    for operation in &api.operations {
        for response in &operation.responses {
            if let ResponseBody::Json(ty) = &response.body {
                add(Position::Response, ty, &response.examples);
            }
        }
        if let Some(body) = &operation.body {
            add(Position::Request, &body.ty, &body.examples);
        }
    }
    for definition in api.types.values() {
        add(
            Position::Schema,
            &TypeRef::Named(definition.name.clone()),
            &definition.examples,
        );
        if let TypeKind::Struct(object) = &definition.kind {
            for field in object
                .fields
                .iter()
                .filter(|field| !matches!(field.slot(), Slot::File { .. }))
            {
                add(Position::Schema, &field.ty, &field.examples);
            }
        }
    }
    cases.sort_by(|a, b| (a.position, &a.example.pointer).cmp(&(b.position, &b.example.pointer)));
    cases
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::emit::{Chunk, Code};

    fn api(spec: &str) -> Api {
        let document = crate::load::parse(Path::new("spec.yaml"), spec).expect("spec parses");
        crate::lower::lower(document).expect("spec builds").api
    }

    const SPEC: &str = r#"
openapi: 3.0.1
info: {title: t, version: '1'}
paths:
  /tags:
    post:
      operationId: createTag
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
            examples:
              b_wrong_type: {value: {name: 7}}
              a_missing: {value: {}}
              valid: {value: {name: x}}
      responses:
        '200': {description: ok}
"#;

    #[test]
    fn the_report_lists_invalid_request_examples_by_pointer() {
        let report = invalid_report(&api(SPEC));
        assert!(
            report.contains("2 of 3 request examples are invalid."),
            "{report}"
        );
        let pointer = "#/paths/~1tags/post/requestBody/content/application~1json/examples";
        let missing = format!("\n- `{pointer}/a_missing/value`\n  - operation: `POST /tags` (`createTag`)\n  - reason: `(root): \"name\" is a required property`\n");
        let wrong_type = format!("\n- `{pointer}/b_wrong_type/value`\n  - operation: `POST /tags` (`createTag`)\n  - reason: `/name: 7 is not of type \"string\"`\n");
        let (at_missing, at_wrong_type) = (report.find(&missing), report.find(&wrong_type));
        assert!(at_missing.is_some() && at_wrong_type.is_some(), "{report}");
        assert!(at_missing < at_wrong_type, "{report}");
        assert!(!report.contains("/valid/value"), "{report}");
    }

    #[test]
    fn the_report_says_when_there_is_nothing_to_list() {
        let valid_only = SPEC
            .replace("b_wrong_type: {value: {name: 7}}", "")
            .replace("a_missing: {value: {}}", "");
        let report = invalid_report(&api(&valid_only));
        assert!(
            report.ends_with("None: all 1 request examples are valid against their schema.\n"),
            "{report}"
        );
    }

    #[test]
    fn examples_json_carries_the_reason_and_the_test_counts_invalid_ones() {
        let api = api(SPEC);
        let files = files(&api, "intercom_test", test_data(&api));
        let [EmittedFile::Rust(..), EmittedFile::Rust(_, code), EmittedFile::Text(_, data), EmittedFile::Text(..), EmittedFile::Text(path, _)] =
            files.as_slice()
        else {
            panic!("five files");
        };
        assert_eq!(path, Path::new("tests/examples/invalid-examples.md"));
        let data: Vec<Value> = serde_json::from_str(data).expect("JSON");
        let invalid: Vec<&Value> = data.iter().map(|entry| &entry["invalid"]).collect();
        assert_eq!(
            invalid.iter().filter(|reason| reason.is_string()).count(),
            2
        );
        assert_eq!(invalid.iter().filter(|reason| reason.is_null()).count(), 1);
        // The code, then the table of types.
        let [Chunk::Code(Code::Tokens(code)), Chunk::Deferred(_)] = code.as_slice() else {
            panic!("the code and the table");
        };
        assert!(code
            .to_string()
            .contains("invalid against their schema (counted only)"));
    }

    #[test]
    fn union_members_are_named_by_the_structs_made_from_them() {
        let coverage = Coverage {
            skipped: vec!["/unknown".to_owned()],
            additional: vec!["/labels/a".to_owned()],
            unions: vec![crate::ir::UnionCoverage {
                path: "/owner".to_owned(),
                accepted: vec!["#/a".to_owned(), "#/b".to_owned(), "#/c".to_owned()],
            }],
            contradicted: 2,
        };
        let structs = BTreeMap::from([("#/a", vec!["Admin"]), ("#/c", vec!["Team", "Team2"])]);
        assert_eq!(
            expectations(&coverage, &structs),
            json!({
                "skipped": ["/unknown"],
                "additional": ["/labels/a"],
                "unions": [{"path": "/owner", "accepted": ["Admin", "Team", "Team2"]}],
                "contradicted": 2,
            })
        );
    }

    #[test]
    fn payloads_json_holds_the_generated_payloads_with_their_expectations() {
        let api = api(SPEC);
        let files = files(&api, "intercom_test", test_data(&api));
        let Some(EmittedFile::Text(_, data)) = files.iter().find(
            |file| matches!(file, EmittedFile::Text(path, _) if path.ends_with("payloads.json")),
        ) else {
            panic!("a payloads.json");
        };
        let data: Vec<Value> = serde_json::from_str(data).expect("JSON");
        // The body schema is inline: a full and a sparse payload.
        assert_eq!(data.len(), 2, "{data:?}");
        for payload in &data {
            assert_eq!(payload["position"], "generated");
            assert!(payload["value"]["name"].is_string(), "{payload}");
            assert_eq!(payload["expect"]["skipped"], json!([]));
        }
    }

    #[test]
    fn code_spans_outlast_the_backticks_inside() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a `b` c"), "``a `b` c``");
        assert_eq!(code_span("`x"), "`` `x ``");
    }
}
