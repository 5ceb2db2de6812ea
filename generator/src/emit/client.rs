//! `src/lib.rs` and `src/client.rs`: the crate's front door.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::inner_doc_attrs;
use super::CrateSpec;
use crate::ir::Api;

/// `src/lib.rs`. Its modules are `#[rustfmt::skip]`: they are formatted by the generator, and
/// `cargo fmt --all` must not rewrite them, or `cargo xtask codegen --check` would report them.
pub fn lib_rs(api: &Api, spec: &CrateSpec) -> TokenStream {
    let crate_docs = inner_doc_attrs(&crate_docs(api, spec));
    let version = &api.version;
    let version_docs =
        format!(" The `Intercom-Version` header value this crate sends: `{version}`.");
    quote! {
        #crate_docs
        #![forbid(unsafe_code)]

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

fn crate_docs(api: &Api, spec: &CrateSpec) -> String {
    let servers: String = api
        .servers
        .iter()
        .map(|server| format!("- `{}`: {}\n", server.url, server.description))
        .collect();
    let servers = if servers.is_empty() {
        servers
    } else {
        format!("\nServers:\n\n{servers}")
    };
    let mut docs = format!(
        "Typed async client for the {title}, version {api_name} (`Intercom-Version: {version}`).\n\n\
         Generated from the API's OpenAPI description by `cargo xtask codegen`; do not edit.\n\n\
         ```no_run\n{example}```\n{servers}",
        title = api.title,
        api_name = spec.api_name,
        version = api.version,
        example = usage_example(api, spec),
    );
    if !api.docs.is_empty() {
        docs.push('\n');
        docs.push_str(&api.docs);
    }
    docs
}

/// A compiled (not run) example: build a client and call an operation that needs no input,
/// preferring Intercom's "identify admin".
pub fn usage_example(api: &Api, spec: &CrateSpec) -> String {
    let lib = spec.name.replace('-', "_");
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

pub fn client_rs(api: &Api) -> TokenStream {
    let title = format!(
        " A client for the {}, version `{}`.",
        api.title, api.version
    );
    quote! {
        use intercom_runtime::Config;

        #[doc = #title]
        ///
        /// Cloning is cheap: clones share one connection pool.
        #[derive(Clone, Debug)]
        pub struct Client {
            pub(crate) inner: intercom_runtime::Client,
        }

        impl Client {
            /// A client for the US region, authenticated with an access token.
            pub fn new(token: impl Into<String>) -> Self {
                Self::with_config(Config::new(token))
            }

            /// A client configured for a region, a custom base URL or a custom HTTP client.
            pub fn with_config(config: Config) -> Self {
                Self {
                    inner: intercom_runtime::Client::new(config, crate::API_VERSION),
                }
            }

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }
        }
    }
}
