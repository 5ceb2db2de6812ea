//! `tests/examples.rs` and `tests/examples/`: every example of the spec, decoded into the Rust
//! type for its position and encoded again.
//!
//! The examples are data, so they live in a JSON file the test reads; the test code has one
//! `match` arm per Rust type that has examples. The test crate's root only declares the module
//! with the code, `#[rustfmt::skip]`, so that `cargo fmt` leaves generated code as generated.
//!
//! Request examples that are invalid against their schema (the IR's [`Example::invalid`]) are a
//! defect of the spec, not of the types: the test only counts them, and
//! `tests/examples/invalid-examples.md` lists them with the validator's reasons.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{json, Value};

use super::markdown::code_span;
use super::rust::type_tokens;
use super::EmittedFile;
use crate::ir::{Api, Example, Operation, ResponseBody, TypeKind, TypeRef};

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

pub fn files(api: &Api, lib: &str) -> Vec<EmittedFile> {
    let cases = cases(api);
    let models = quote! { models:: };
    let mut arms: BTreeMap<String, TokenStream> = BTreeMap::new();
    let data: Vec<Value> = cases
        .iter()
        .map(|case| {
            let tokens = type_tokens(&case.ty, &models);
            let key = tokens.to_string();
            arms.entry(key.clone()).or_insert(tokens);
            json!({
                "position": case.position.as_str(),
                "pointer": case.example.pointer,
                "type": key,
                "value": case.example.value,
                "invalid": case.example.invalid,
            })
        })
        .collect();
    let arms = arms
        .iter()
        .map(|(key, ty)| quote! { #key => round_trip::<#ty>(value), });
    let lib = super::rust::ident(lib);
    let root = quote! {
        //! Every example of the spec, decoded into the type for its position (response body,
        //! request body, schema) and encoded again: decoding must succeed and give back the same
        //! JSON value. Request examples that are invalid against their schema (listed, with the
        //! reasons, in `examples/invalid-examples.md`) are only counted.
        #[rustfmt::skip]
        #[path = "examples/round_trip.rs"]
        mod round_trip;
    };
    let allow_deprecated = super::rust::allow_deprecated(api);
    let uses_models = cases.iter().any(|case| case.ty.mentions_named());
    let import = uses_models.then(|| quote! { use #lib::models; });
    let code = quote! {
        #allow_deprecated
        #import

        #[test]
        fn every_example_decodes_and_round_trips() {
            let examples: Vec<serde_json::Value> =
                serde_json::from_str(include_str!("examples.json")).expect("examples.json is JSON");
            let mut tally = std::collections::BTreeMap::<&str, Tally>::new();
            let mut failures = Vec::new();
            for example in &examples {
                let value = &example["value"];
                let position = example["position"].as_str().unwrap_or_default();
                let counts = tally.entry(position).or_default();
                if position == "request" && example["invalid"].is_string() {
                    counts.invalid += 1;
                    continue;
                }
                let outcome = match example["type"].as_str().unwrap_or_default() {
                    #(#arms)*
                    other => panic!("no type {other} in the example table"),
                };
                counts.total += 1;
                let pointer = &example["pointer"];
                match outcome {
                    Outcome::Exact => {
                        counts.decoded += 1;
                        counts.exact += 1;
                    }
                    Outcome::Changed(encoded) => {
                        counts.decoded += 1;
                        failures.push(format!("{position} {pointer}: re-encoded differently: {encoded}"));
                    }
                    // A schema's own example that contradicts the schema (a string for an
                    // object, say) cannot be that type; it is kept as it is, which is the
                    // guarantee for values inside objects too.
                    Outcome::KeptRaw if position == "schema" => counts.kept_raw += 1,
                    Outcome::KeptRaw => failures.push(format!("{position} {pointer}: does not fit the type")),
                    Outcome::Failed(reason) => failures.push(format!("{position} {pointer}: {reason}")),
                }
            }
            for (position, counts) in &tally {
                let Tally { total, decoded, exact, kept_raw, invalid } = counts;
                println!(
                    "{position} examples: {decoded}/{total} decoded, {exact}/{total} round-trip exact, \
                     {kept_raw} contradict their schema (kept raw), {invalid} invalid against their schema (counted only)"
                );
            }
            assert!(failures.is_empty(), "{} examples failed:\n{}", failures.len(), failures.join("\n"));
        }

        #[derive(Default)]
        struct Tally {
            total: usize,
            decoded: usize,
            exact: usize,
            kept_raw: usize,
            invalid: usize,
        }

        enum Outcome {
            Exact,
            Changed(serde_json::Value),
            KeptRaw,
            Failed(String),
        }

        /// Decodes `value` as `T`, encodes the result and compares it with `value`. A value
        /// converted to the declared type counts as exact when the original it keeps is `value`:
        /// inside an object, that original is what is sent back.
        fn round_trip<T>(value: &serde_json::Value) -> Outcome
        where
            T: intercom_runtime::model::Decode + serde::Serialize,
        {
            use intercom_runtime::model::Decoded;
            let decoded = match T::decode(value) {
                Ok(Decoded::Value(decoded)) => decoded,
                Ok(Decoded::Coerced(_, original)) if original == *value => return Outcome::Exact,
                Ok(Decoded::Coerced(decoded, _)) => decoded,
                Ok(Decoded::Null) => return Outcome::Failed("null where the type has no null".to_owned()),
                Ok(Decoded::Raw(_)) => return Outcome::KeptRaw,
                Err(error) => return Outcome::Failed(error.to_string()),
            };
            match serde_json::to_value(&decoded) {
                Ok(encoded) if encoded == *value => Outcome::Exact,
                Ok(encoded) => Outcome::Changed(encoded),
                Err(error) => Outcome::Failed(format!("cannot encode: {error}")),
            }
        }
    };
    // Without examples the round-trip machinery would be dead code (and fail clippy).
    let code = if data.is_empty() {
        quote! {
            #[test]
            fn the_spec_has_no_examples() {
                assert_eq!(include_str!("examples.json").trim(), "[]");
            }
        }
    } else {
        code
    };
    let mut text = serde_json::to_string_pretty(&data).expect("examples serialize");
    text.push('\n');
    vec![
        EmittedFile::rust("tests/examples.rs", root),
        EmittedFile::rust("tests/examples/round_trip.rs", code),
        EmittedFile::Text("tests/examples/examples.json".into(), text),
        EmittedFile::Text(
            "tests/examples/invalid-examples.md".into(),
            invalid_report(api),
        ),
    ]
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
                .filter(|field| field.ty != TypeRef::Bytes)
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

    fn api(spec: &str) -> Api {
        let document = crate::load::parse(Path::new("spec.yaml"), spec).expect("spec parses");
        crate::lower::lower(&document).expect("spec builds").api
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
        let files = files(&api(SPEC), "intercom_test");
        let [EmittedFile::Rust(..), EmittedFile::Rust(_, code), EmittedFile::Text(_, data), EmittedFile::Text(path, _)] =
            files.as_slice()
        else {
            panic!("four files");
        };
        assert_eq!(path, Path::new("tests/examples/invalid-examples.md"));
        let data: Vec<Value> = serde_json::from_str(data).expect("JSON");
        let invalid: Vec<&Value> = data.iter().map(|entry| &entry["invalid"]).collect();
        assert_eq!(
            invalid.iter().filter(|reason| reason.is_string()).count(),
            2
        );
        assert_eq!(invalid.iter().filter(|reason| reason.is_null()).count(), 1);
        let [super::super::Chunk::Code(code)] = code.as_slice() else {
            panic!("one chunk of code");
        };
        assert!(code
            .to_string()
            .contains("invalid against their schema (counted only)"));
    }

    #[test]
    fn code_spans_outlast_the_backticks_inside() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a `b` c"), "``a `b` c``");
        assert_eq!(code_span("`x"), "`` `x ``");
    }
}
