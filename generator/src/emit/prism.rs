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
use super::rust::{ident, type_tokens, Scope};
use super::{CrateConfig, EmittedFile};
use crate::ir::{Api, Operation, TypeRef};

/// The test target (`tests/prism.rs`).
pub(super) const TEST_TARGET: &str = "prism";

/// How many times each `GET` is called against Prism's generated responses.
const CALLS_PER_GET: usize = 5;

/// The seed of Prism's generated responses, so a failure can be reproduced.
const DYNAMIC_SEED: u64 = 1;

pub fn files(api: &Api, config: &CrateConfig) -> Vec<EmittedFile<'static>> {
    let Some(end_to_end) = &config.end_to_end else {
        return Vec::new();
    };
    let root = quote! {
        //! Every operation called against Prism, a mock server that validates each request against
        //! the description: once with the description's examples as arguments, and every `GET`
        //! again against responses generated from the schemas. Needs Prism
        //! (`cargo xtask install-tools`): without it the tests are skipped locally and fail in CI.
        #[rustfmt::skip]
        #[path = "prism/calls.rs"]
        mod calls;
    };
    let calls: Vec<Value> = api.operations.iter().map(call_data).collect();
    vec![
        EmittedFile::rust(format!("tests/{TEST_TARGET}.rs"), root),
        EmittedFile::rust("tests/prism/calls.rs", code(api, config, &end_to_end.spec)),
        EmittedFile::Text("tests/prism/calls.json".into(), json_text(&calls)),
    ]
}

fn code(api: &Api, config: &CrateConfig, spec: &str) -> TokenStream {
    let krate = format_ident!("{}", config.library_name());
    let spec = format!("/{spec}");
    let label = &config.name;
    let arms = api.operations.iter().map(send_arm);
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

        /// Calls `call`'s operation with its arguments; `strict`: see [`audited`].
        async fn send(client: &Client, call: &Call, strict: bool) -> Result<u16, Failure> {
            match call.operation.as_str() {
                #(#arms)*
                other => Err(Failure::before_sending(format!("no operation `{other}`"))),
            }
        }
    }
}

/// The match arm that calls `operation`: required arguments in the method's order, then the
/// optional body when there is an example of it.
fn send_arm(operation: &Operation) -> TokenStream {
    let id = &operation.id;
    let method = ident(&operation.ident);
    let argument = |name: &str, ty: &TypeRef| {
        let ty = type_tokens(ty, Scope::Outside);
        quote! { call.arg::<#ty>(#name)? }
    };
    let mut arguments: Vec<TokenStream> = operation
        .parameters
        .iter()
        .filter(|parameter| parameter.required)
        .map(|parameter| argument(&parameter.ident, &parameter.ty))
        .collect();
    let mut optional_body = TokenStream::new();
    if let Some(body) = &operation.body {
        let value = argument(&body.ident, &body.ty);
        if body.required {
            arguments.push(value);
        } else {
            let (name, setter) = (&body.ident, ident(&body.ident));
            optional_body = quote! {
                if call.has(#name) {
                    request = request.#setter(#value);
                }
            };
        }
    }
    let binding = if optional_body.is_empty() {
        quote! { let request }
    } else {
        quote! { let mut request }
    };
    let outcome = if operation.success.json().is_some() {
        quote! { audited(request.send_with_response().await, strict) }
    } else {
        quote! { outcome(request.send_with_response().await) }
    };
    quote! {
        #id => {
            #binding = client.#method(#(#arguments),*);
            #optional_body
            #outcome
        }
    }
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
