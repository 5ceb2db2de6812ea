//! `tests/prism.rs` and `tests/prism/`: every operation called once against Prism serving the
//! description's examples, and every `GET` several times against Prism generating responses from
//! the schemas. Emitted only when the crate knows where its description and the mock-server
//! support crate are ([`CrateConfig::end_to_end`]).
//!
//! The arguments are data (`calls.json`, written from the IR: each parameter's example, each
//! body's first valid request example); the code has one `match` arm per operation that decodes
//! them into the method's argument types and sends the request. An argument the description
//! gives no example for gets a plain value of its type and is listed in `without_example`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{json, Value};

use super::examples::json_text;
use super::rust::{doc_attribute, generic_type, path_type, rust_type, Scope};
use super::syntax;
use super::{Chunk, Code, CrateConfig, EmittedFile};
use crate::ir::{Api, Operation, TypeRef};

/// The test target (`tests/prism.rs`).
pub(super) const TEST_TARGET: &str = "prism";

/// How many times each `GET` is called against Prism's generated responses.
const CALLS_PER_GET: usize = 5;

/// The seed of Prism's generated responses, so a failure can be reproduced.
const DYNAMIC_SEED: u64 = 1;

pub fn files<'a>(api: &'a Api, config: &CrateConfig) -> Vec<EmittedFile<'a>> {
    let Some(end_to_end) = &config.end_to_end else {
        return Vec::new();
    };
    let recursion_limit = super::crate_root::recursion_limit_attribute(api);
    let root = quote! {
        //! Every operation called against Prism, a mock server that validates each request against
        //! the description: once with the description's examples as arguments, and every `GET`
        //! again against responses generated from the schemas. Needs Prism
        //! (`cargo xtask install-tools`): without it the tests are skipped locally and fail in CI.
        #recursion_limit
        #[rustfmt::skip]
        #[path = "prism/calls.rs"]
        mod calls;
    };
    let calls: Vec<Value> = api.operations.iter().map(call_data).collect();
    vec![
        EmittedFile::rust(format!("tests/{TEST_TARGET}.rs"), root),
        EmittedFile::Rust(
            "tests/prism/calls.rs".into(),
            vec![
                Chunk::Code(code(config, &end_to_end.spec).into()),
                Chunk::Deferred(Box::new(|| Code::Items(vec![send_fn(api)]))),
            ],
        ),
        EmittedFile::Text("tests/prism/calls.json".into(), json_text(&calls)),
    ]
}

/// The test's code, but for `send` ([`send_fn`]).
fn code(config: &CrateConfig, spec: &str) -> TokenStream {
    let krate = format_ident!("{}", config.library_name());
    let spec = format!("/{spec}");
    let label = &config.name;
    let (per_get, seed) = (CALLS_PER_GET, DYNAMIC_SEED);
    quote! {
        use std::path::Path;

        use intercom_mock_server::{Call, Failure, Mode, Prism, Report};
        use #krate::{models, Client, Config, DriftKind, Error, Response, RetryPolicy};

        /// The description the crate was generated from.
        const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), #spec);

        fn calls() -> Vec<Call> {
            Call::parse_all(include_str!("calls.json"))
        }

        /// A client of `prism` that reports the first answer: retries would hide what Prism said.
        fn client(prism: &Prism) -> Client {
            let config = Config::new("token")
                .base_url(prism.url())
                .allow_plain_http()
                .retry(RetryPolicy::none());
            Client::with_config(config)
        }

        #[test]
        fn every_operation_against_prism_examples() {
            intercom_mock_server::run(examples());
        }

        #[test]
        fn every_get_against_prism_dynamic_responses() {
            intercom_mock_server::run(dynamic_responses());
        }

        async fn examples() {
            let Some(prism) = Prism::start(Path::new(SPEC), Mode::Examples) else {
                return;
            };
            let client = client(&prism);
            let mut report = Report::new(concat!(#label, ", Prism serving examples"));
            for call in calls() {
                report.record(&call, send(&client, &call, false).await);
            }
            println!("{}", report.summary());
            assert!(report.failures().is_empty(), "{}", report.summary());
        }

        async fn dynamic_responses() {
            let mode = Mode::Dynamic { seed: #seed };
            let Some(prism) = Prism::start(Path::new(SPEC), mode) else {
                return;
            };
            let client = client(&prism);
            let label = concat!(#label, ", Prism generating responses (seed ", #seed, "), ", #per_get, " calls per GET");
            let mut report = Report::new(label);
            for call in calls().iter().filter(|call| call.method == "GET") {
                for _ in 0..#per_get {
                    report.record(call, send(&client, call, true).await);
                }
            }
            println!("{}", report.summary());
            assert!(report.failures().is_empty(), "{}", report.summary());
        }

        /// The status of a success whose body decoded, or the failure, with Prism's account of
        /// how the request contradicts the description (its `sl-violations` header) if it gave one.
        fn outcome<T>(result: #krate::Result<Response<T>>) -> Result<u16, Failure> {
            result.map(|response| response.status.as_u16()).map_err(failure)
        }

        /// [`outcome`] of a JSON body; with `strict`, a body that drifts from the description
        /// fails too (the strict audit): Prism generates its responses from the schemas, so every
        /// key they declare must land in its typed field. Keys they do not declare are allowed
        /// (Prism adds some where `additionalProperties` is not `false`) and kept in `extra`.
        fn audited<T: serde::Serialize>(
            result: #krate::Result<Response<T>>,
            strict: bool,
        ) -> Result<u16, Failure> {
            let response = result.map_err(failure)?;
            let mut drift = if strict { response.drift() } else { Vec::new() };
            drift.retain(|drift| drift.kind != DriftKind::UnknownKey);
            if drift.is_empty() {
                return Ok(response.status.as_u16());
            }
            let drift: Vec<String> = drift.iter().map(ToString::to_string).collect();
            Err(Failure {
                status: Some(response.status.as_u16()),
                message: format!("the body drifts from the description: {}", drift.join("; ")),
                violations: None,
            })
        }

        /// A call that failed, with Prism's account of the request's violations if it gave one.
        fn failure(error: Error) -> Failure {
            // Prism reports violations in a header when it answers with a response the
            // description declares, else in its own `application/problem+json` body.
            let violations = match &error {
                Error::Api(api) => match api.headers.get("sl-violations") {
                    Some(header) => Some(header.as_bytes().to_vec()),
                    None => api
                        .headers
                        .get("content-type")
                        .filter(|media| media.as_bytes() == b"application/problem+json")
                        .map(|_| api.body.to_vec()),
                },
                _ => None,
            };
            Failure {
                status: error.status().map(|status| status.as_u16()),
                message: error.to_string(),
                violations: violations.map(|text| String::from_utf8_lossy(&text).into_owned()),
            }
        }
    }
}

/// `send`, which calls a call's operation with its arguments: an arm per operation, built as
/// syntax (see [`super::syntax`]).
fn send_fn(api: &Api) -> syn::Item {
    let unknown = syntax::call(
        &["Failure", "before_sending"],
        [syntax::macro_call(
            "format",
            quote! { "no operation `{other}`" },
        )],
    );
    let arms = api
        .operations
        .iter()
        .map(|operation| {
            let body = syntax::block_expr(send_arm(operation));
            (syntax::string_pattern(&operation.id), body)
        })
        .chain([(syntax::binding("other"), syntax::call(&["Err"], [unknown]))]);
    let operation = syntax::method(
        syntax::field(syntax::path(&["call"]), "operation"),
        "as_str",
        [],
    );
    let by_reference = |ty: &str| syntax::reference_type(None, generic_type(&[ty], []));
    syntax::function_item(
        doc_attribute("Calls `call`'s operation with its arguments; `strict`: see [`audited`].")
            .into_iter()
            .collect(),
        ("send", true),
        vec![
            ("client".to_owned(), by_reference("Client")),
            ("call".to_owned(), by_reference("Call")),
            ("strict".to_owned(), generic_type(&["bool"], [])),
        ],
        path_type(
            &["Result"],
            [generic_type(&["u16"], []), generic_type(&["Failure"], [])],
        ),
        vec![syntax::tail(syntax::matching(operation, arms))],
    )
}

/// The statements of the match arm that calls `operation`: required arguments in the
/// method's order, then the optional body when there is an example of it.
fn send_arm(operation: &Operation) -> Vec<syn::Stmt> {
    let argument = |name: &str, ty: &TypeRef| {
        let ty = rust_type(ty, Scope::Outside);
        let value =
            syntax::method_generic(syntax::path(&["call"]), "arg", ty, [syntax::string(name)]);
        syntax::question_mark(value)
    };
    let mut arguments: Vec<syn::Expr> = operation
        .parameters
        .iter()
        .filter(|parameter| parameter.required)
        .map(|parameter| argument(&parameter.ident, &parameter.ty))
        .collect();
    let mut optional_body = None;
    if let Some(body) = &operation.body {
        let value = argument(&body.ident, &body.ty);
        if body.required {
            arguments.push(value);
        } else {
            let has = syntax::method(
                syntax::path(&["call"]),
                "has",
                [syntax::string(&body.ident)],
            );
            let set = syntax::method(syntax::path(&["request"]), &body.ident, [value]);
            let assign = syntax::assign(syntax::path(&["request"]), set);
            optional_body = Some(syntax::if_statement(has, vec![assign]));
        }
    }
    let request = syntax::method(syntax::path(&["client"]), &operation.ident, arguments);
    let request = match optional_body {
        Some(_) => syntax::bind_mut("request", request),
        None => syntax::bind("request", request),
    };
    let sent = syntax::awaited(syntax::method(
        syntax::path(&["request"]),
        "send_with_response",
        [],
    ));
    let outcome = if operation.success.json().is_some() {
        syntax::call(&["audited"], [sent, syntax::path(&["strict"])])
    } else {
        syntax::call(&["outcome"], [sent])
    };
    [request]
        .into_iter()
        .chain(optional_body)
        .chain([syntax::tail(outcome)])
        .collect()
}

/// The value of one argument of an operation's call.
pub(super) struct Argument<'a> {
    /// The method's argument (or the builder's setter).
    pub ident: &'a str,
    pub ty: &'a TypeRef,
    /// Whether the method takes it (else it is a setter).
    pub required: bool,
    /// The description's example, or a plain value of the type when it has none.
    pub value: Value,
    /// Whether `value` is a plain value standing in for a missing example.
    pub plain: bool,
    /// The validator's reason when the example contradicts its schema.
    pub invalid: Option<&'a str>,
}

/// The arguments of `operation`'s call, from the description's examples: each required
/// parameter's example, in the method's order, then the body's first valid request example
/// (or its first example); a required argument without example gets a plain value of its type.
pub(super) fn arguments(operation: &Operation) -> Vec<Argument<'_>> {
    let mut arguments: Vec<Argument> = operation
        .parameters
        .iter()
        .filter(|parameter| parameter.required)
        .map(|parameter| Argument {
            ident: &parameter.ident,
            ty: &parameter.ty,
            required: true,
            value: parameter
                .example
                .clone()
                .unwrap_or_else(|| plain_value(&parameter.ty)),
            plain: parameter.example.is_none(),
            invalid: None,
        })
        .collect();
    if let Some(body) = &operation.body {
        let example = body
            .examples
            .iter()
            .find(|example| example.invalid.is_none())
            .or(body.examples.first());
        let value = match example {
            Some(example) => Some(example.value.clone()),
            None => body.required.then(|| plain_value(&body.ty)),
        };
        arguments.extend(value.map(|value| Argument {
            ident: &body.ident,
            ty: &body.ty,
            required: body.required,
            value,
            plain: example.is_none(),
            invalid: example.and_then(|example| example.invalid.as_deref()),
        }));
    }
    arguments
}

/// The arguments of `operation`'s call, as data for the test.
fn call_data(operation: &Operation) -> Value {
    let arguments = arguments(operation);
    let args: serde_json::Map<String, Value> = arguments
        .iter()
        .map(|argument| (argument.ident.to_owned(), argument.value.clone()))
        .collect();
    let without_example: Vec<&str> = arguments
        .iter()
        .filter(|argument| argument.plain)
        .map(|argument| argument.ident)
        .collect();
    let invalid_example = arguments.iter().find_map(|argument| argument.invalid);
    json!({
        "operation": operation.id,
        "method": operation.method.as_str(),
        "path": operation.path,
        "args": args,
        "invalid_example": invalid_example,
        "without_example": without_example,
    })
}

/// A value of `ty` for an argument without an example: what Prism will accept where the schema
/// constrains nothing more than the type.
fn plain_value(ty: &TypeRef) -> Value {
    match ty {
        TypeRef::String => json!("example"),
        TypeRef::Integer | TypeRef::Number => json!(1),
        TypeRef::Boolean => json!(true),
        TypeRef::Array(_) => json!([]),
        TypeRef::Nullable(inner) => plain_value(inner),
        _ => json!({}),
    }
}
