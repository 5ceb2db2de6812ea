//! `src/client.rs`: the `Client` every operation is a method of, and the API's regions.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::ident;
use super::CrateConfig;
use crate::ir::Api;

pub fn client_rs(api: &Api, config: &CrateConfig) -> TokenStream {
    let title = format!(
        " A client for the {}, version {}.",
        super::markdown::text(&api.title),
        super::markdown::code_span(&api.version)
    );
    let default_base_url = default_base_url(api, config);
    let version_header = match &config.version_header {
        Some(name) => quote! { Some((#name, crate::API_VERSION)) },
        None => quote! { None },
    };
    let new_docs =
        format!(" A client for `{default_base_url}`, authenticated with an access token.");
    let regions = regions(config);
    quote! {
        use intercom_runtime::{ApiInfo, Config};

        /// What the runtime needs to know about this API.
        const API: ApiInfo = ApiInfo {
            default_base_url: #default_base_url,
            version_header: #version_header,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
        };

        #[doc = #title]
        ///
        /// Cloning is cheap: clones share one connection pool. `Debug` never shows the token.
        #[derive(Clone, Debug)]
        pub struct Client {
            pub(crate) inner: intercom_runtime::Client,
        }

        impl Client {
            #[doc = #new_docs]
            pub fn new(token: impl Into<String>) -> Self {
                Self::with_config(Config::new(token))
            }

            /// A client configured with a region or base URL, timeouts, retries, a user agent
            /// or a custom HTTP client.
            pub fn with_config(config: Config) -> Self {
                Self {
                    inner: intercom_runtime::Client::new(config, API),
                }
            }

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }
        }

        #regions
    }
}

/// Where requests go by default: the first configured region, else the description's first
/// server.
pub fn default_base_url<'a>(api: &'a Api, config: &'a CrateConfig) -> &'a str {
    config
        .regions
        .first()
        .map(|region| region.url.as_str())
        .or_else(|| api.servers.first().map(|server| server.url.as_str()))
        .unwrap_or_default()
}

/// `enum Region`, when the API has regions.
fn regions(config: &CrateConfig) -> TokenStream {
    if config.regions.is_empty() {
        return TokenStream::new();
    }
    let variants = config.regions.iter().enumerate().map(|(index, region)| {
        let (name, docs) = (
            ident(&region.name),
            format!(" {}, `{}`.", region.description, region.url),
        );
        let default = (index == 0).then(|| quote! { #[default] });
        quote! { #[doc = #docs] #default #name, }
    });
    let urls = config.regions.iter().map(|region| {
        let (name, url) = (ident(&region.name), &region.url);
        quote! { Region::#name => #url, }
    });
    quote! {
        /// The API's data centers. A workspace lives in exactly one region, and its access
        /// tokens only work there.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
        pub enum Region {
            #(#variants)*
        }

        impl Region {
            /// The region's base URL, without a trailing slash.
            pub const fn base_url(self) -> &'static str {
                match self {
                    #(#urls)*
                }
            }
        }

        impl intercom_runtime::ServerRegion for Region {
            fn base_url(&self) -> &'static str {
                Region::base_url(*self)
            }
        }
    }
}
