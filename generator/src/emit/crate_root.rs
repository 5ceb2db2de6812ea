//! `src/lib.rs`: the crate's front door: its docs, modules and re-exports.

use proc_macro2::TokenStream;
use quote::quote;

use super::markdown::{code_span, text};
use super::rust::inner_doc_attrs;
use super::CrateConfig;
use crate::ir::Api;

/// `src/lib.rs`. Its modules are `#[rustfmt::skip]`: they are formatted by the generator, and
/// `cargo fmt --all` must not rewrite them, or `cargo xtask codegen --check` would report them.
pub fn lib_rs(api: &Api, config: &CrateConfig) -> TokenStream {
    let crate_docs = inner_doc_attrs(&crate_docs(api, config));
    let version = &api.version;
    let version_docs = format!(
        " The `Intercom-Version` header value this crate sends: {}.",
        code_span(version)
    );
    // Drop check takes a few steps per level of nesting (`Option`, `Box`, `Vec`); rustc's
    // default limit of 128 serves about 30 levels.
    let recursion_limit = (api.nesting_depth > 24).then(|| {
        let limit = (api.nesting_depth * 4 + 64).to_string();
        quote! { #![recursion_limit = #limit] }
    });
    quote! {
        #crate_docs
        #![forbid(unsafe_code)]
        #recursion_limit

        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        pub mod operations;

        pub use client::Client;
        pub use intercom_runtime::{ApiError, Config, Error, Region};

        #[doc = #version_docs]
        pub const API_VERSION: &str = #version;
    }
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
        "Typed async client for the {title}, version {api_name} ({version}).\n\n\
         Generated from the API's OpenAPI description by `cargo xtask codegen`; do not edit.\n\n\
         ```no_run\n{example}```\n{servers}",
        title = text(&api.title),
        api_name = text(&config.api_name),
        version = code_span(&format!("Intercom-Version: {}", api.version)),
        example = usage_example(api, config),
    );
    if !api.docs.is_empty() {
        docs.push('\n');
        docs.push_str(&api.docs);
    }
    docs
}

/// A compiled (not run) example: build a client and call an operation that needs no input,
/// preferring Intercom's "identify admin".
pub fn usage_example(api: &Api, config: &CrateConfig) -> String {
    let lib = config.name.replace('-', "_");
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
    format!(
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
         use {lib}::{{Client, Config, Region}};\n\n\
         let client = Client::with_config(Config::new(\"<access token>\").region(Region::Eu));\n\
         {call}\
         # Ok(())\n\
         # }}\n"
    )
}
