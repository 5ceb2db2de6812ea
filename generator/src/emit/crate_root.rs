//! `src/lib.rs`: the crate's front door: its docs, modules and re-exports.

use proc_macro2::TokenStream;
use quote::quote;

use super::markdown::{code_span, text};
use super::rust::inner_doc_attrs;
use super::CrateConfig;
use crate::ir::{Api, FULL_FEATURE};

/// `src/lib.rs`. Its modules are `#[rustfmt::skip]`: they are formatted by the generator, and
/// `cargo fmt --all` must not rewrite them, or `cargo xtask codegen --check` would report them.
pub fn lib_rs(api: &Api, config: &CrateConfig) -> TokenStream {
    let crate_docs = inner_doc_attrs(&crate_docs(api, config));
    let version = &api.version;
    let version_docs = match &config.version_header {
        Some(header) => format!(
            " The `{header}` header value this crate sends: {}.",
            code_span(version)
        ),
        None => format!(
            " The API version of the description (`info.version`): {}.",
            code_span(version)
        ),
    };
    let region = (!config.regions.is_empty()).then(|| quote! { pub use client::Region; });
    let recursion_limit = recursion_limit_attribute(api);
    quote! {
        #crate_docs
        #![forbid(unsafe_code)]
        // Containers nest as deep as the spec nests them, in fields and in response types.
        #![allow(clippy::type_complexity)]
        #recursion_limit

        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        pub mod operations;

        pub use client::Client;
        #region
        // Short lists, so that rustfmt and prettyplease lay them out alike.
        pub use intercom_runtime::{ApiError, DecodeError, Error, RateLimited};
        pub use intercom_runtime::{Drift, DriftKind, Redirect, Response};
        pub use intercom_runtime::{ErrorItem, ErrorList};
        pub use intercom_runtime::{Bytes, FilePart, HeaderMap, StatusCode};
        pub use intercom_runtime::{Extra, Nullable, Value};
        pub use intercom_runtime::{reqwest, Config, RequestOptions, RetryPolicy};

        /// The result of every operation: one error type for the whole crate.
        pub type Result<T, E = Error> = std::result::Result<T, E>;

        #[doc = #version_docs]
        pub const API_VERSION: &str = #version;
    }
}

/// The `recursion_limit` a crate needs when its types nest deeper than rustc's default limit
/// (128) serves, about 30 levels: drop check and layout take a few steps per level of nesting
/// (`Option`, `Box`, `Vec`). Every crate that decodes or holds the deepest types needs it, not
/// only the one that defines them: the generated tests and doctests, and the user's.
pub(super) fn recursion_limit(api: &Api) -> Option<String> {
    (api.nesting_depth > 24).then(|| (api.nesting_depth * 4 + 64).to_string())
}

/// `#![recursion_limit = ...]` for the root of the library or a test target, where one is
/// needed. (The crate's doctests, which are `no_run`, build without it.)
pub(super) fn recursion_limit_attribute(api: &Api) -> Option<TokenStream> {
    recursion_limit(api).map(|limit| quote! { #![recursion_limit = #limit] })
}

fn crate_docs(api: &Api, config: &CrateConfig) -> String {
    let servers: String = api
        .servers
        .iter()
        .map(|server| {
            format!(
                "- {}: {}\n",
                code_span(&server.url),
                text(&server.description)
            )
        })
        .collect();
    let servers = if servers.is_empty() {
        servers
    } else {
        format!("\nServers:\n\n{servers}")
    };
    let mut docs = format!(
        "Typed async client for the {title}, {version}.\n\n\
         Generated from the API's OpenAPI description by `cargo xtask codegen`; do not edit.\n\n\
         ```no_run\n{example}```\n{servers}\n\
         Features: each module of [`operations`] is compiled with the Cargo feature of its name,\n\
         with the types it uses; the default feature `full` enables them all. A program that\n\
         needs only some (`default-features = false, features = [\"{first}\", \"rustls-tls\"]`)\n\
         compiles only those. `rustls-tls` (default) or `native-tls` choose the TLS backend.\n",
        title = text(&api.title),
        version = version_phrase(api, config),
        example = usage_example(api, config),
        first = api.modules().first().copied().unwrap_or(FULL_FEATURE),
    );
    if let Some(limit) = recursion_limit(api) {
        docs.push_str(&format!(
            "\nIts types nest {depth} deep, more than rustc follows by default: a crate that\n\
             decodes or holds the deepest of them needs `#![recursion_limit = \"{limit}\"]`\n\
             at its root, as this one has.\n",
            depth = api.nesting_depth,
        ));
    }
    if !api.docs.is_empty() {
        docs.push('\n');
        docs.push_str(&api.docs);
    }
    docs
}

/// A compiled (not run) example: build a client and call an operation that needs no input,
/// preferring Intercom's "identify admin".
pub fn usage_example(api: &Api, config: &CrateConfig) -> String {
    let lib = config.library_name();
    let needs_nothing = |operation: &&crate::ir::Operation| {
        operation.parameters.iter().all(|p| !p.required)
            && operation.body.as_ref().is_none_or(|body| !body.required)
    };
    let call = api
        .operations
        .iter()
        .filter(needs_nothing)
        .min_by_key(|operation| (operation.ident != "identify_admin", &operation.ident))
        .map(|operation| {
            format!(
                "let response = client.{}().send().await?;\n# let _ = response;\n",
                operation.ident
            )
        })
        .unwrap_or_default();
    let (imports, config) = match config.regions.get(1).or(config.regions.first()) {
        Some(region) => (
            "Client, Config, Region",
            format!(
                "Config::new(\"<access token>\").region(Region::{})",
                region.name
            ),
        ),
        None => (
            "Client, Config",
            format!(
                "Config::new(\"<access token>\").base_url({:?})",
                super::client::default_base_url(api, config)
            ),
        ),
    };
    format!(
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
         use {lib}::{{{imports}}};\n\n\
         let client = Client::with_config({config});\n\
         {call}\
         # Ok(())\n\
         # }}\n"
    )
}

/// "version 2.11 (`Intercom-Version: 2.11`)", or "version `1.0`" for an API without a version
/// header.
pub fn version_phrase(api: &Api, config: &CrateConfig) -> String {
    match version_label(api, config) {
        (name, Some(header_line)) => {
            format!("version {} ({})", text(name), code_span(&header_line))
        }
        (version, None) => format!("version {}", code_span(version)),
    }
}

/// The version's name and, when the API has a version header, the header line every request
/// sends (`Intercom-Version: 2.11`); without one, the description's `info.version`, never the
/// crate's `api_name` (for a description outside the manifest, that is its path).
pub fn version_label<'a>(api: &'a Api, config: &'a CrateConfig) -> (&'a str, Option<String>) {
    match &config.version_header {
        Some(header) => (&config.api_name, Some(format!("{header}: {}", api.version))),
        None => (&api.version, None),
    }
}
