//! `src/client.rs`: the `Client` every operation is a method of.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

pub fn client_rs(api: &Api) -> TokenStream {
    let title = format!(
        " A client for the {}, version {}.",
        super::markdown::text(&api.title),
        super::markdown::code_span(&api.version)
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
