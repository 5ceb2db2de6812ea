//! Emit stage: IR -> the files of one crate.
//!
//! Every crate has the same layout, so two versions diff file by file:
//!
//! ```text
//! Cargo.toml, README.md
//! src/lib.rs              crate docs, re-exports, API_VERSION
//! src/client.rs           Client: configuration and construction
//! src/models.rs           every named type
//! src/models/tag.rs       the value of each string enum of one value, as a type
//! src/operations/mod.rs   one module per tag
//! src/operations/<tag>.rs one Client method and request builder per operation
//! tests/examples.rs       every example of the spec and payloads generated from its schemas,
//! tests/examples/         decoded, re-encoded and audited for typed coverage: the test crate's
//!                         root, and its code, data (`examples.json`, `payloads.json`) and
//!                         report of request examples invalid against their schema
//! ```

mod client;
mod constructors;
mod crate_root;
mod definitions;
mod examples;
mod format;
mod markdown;
mod models;
mod operations;
mod package;
mod prism;
mod requests;
mod round_trip;
mod rust;
mod send_docs;
mod syntax;
mod unions;
mod usage;

pub use format::{format, FormatError};
pub use package::is_generated_manifest;

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

/// What the generated crate is called, where its runtime lives, and what the API needs beyond
/// its description.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrateConfig {
    /// Package name, such as `intercom-v2-11`.
    pub name: String,
    /// Package version, such as `2.11.0`: it encodes the API version.
    pub version: String,
    /// The API version's name for people (`2.11`, `Unstable`).
    pub api_name: String,
    /// Path from the crate's directory to the `intercom-runtime` crate.
    pub runtime_path: String,
    /// The header every request carries with the description's `info.version`
    /// (`Intercom-Version`); `None` for APIs without one.
    pub version_header: Option<String>,
    /// The data centers the API is served from, which become the crate's `Region` enum; the
    /// first is the default. Empty: the description's first server is the default, and there
    /// is no `Region`.
    pub regions: Vec<Region>,
    /// crates.io keywords naming the API (`intercom`), before the generic `api`, `client` and
    /// `openapi`.
    pub keywords: Vec<String>,
    /// Where the description and the mock-server crate are, for the end-to-end test against
    /// Prism (`tests/prism.rs`); `None`: the crate has no such test.
    pub end_to_end: Option<EndToEnd>,
}

/// Paths from a generated crate's directory, for its end-to-end test.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndToEnd {
    /// The description the crate is generated from.
    pub spec: String,
    /// The `intercom-mock-server` crate, which runs Prism.
    pub mock_server: String,
}

impl CrateConfig {
    /// What the lowering stage needs to know about the API.
    pub fn lower_options(&self) -> crate::lower::Options<'_> {
        crate::lower::Options {
            version_header: self.version_header.as_deref(),
        }
    }

    /// The crate's name as Rust code writes it (`intercom_v2_11`).
    pub fn library_name(&self) -> String {
        self.name.replace('-', "_")
    }
}

/// One data center of an API.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// The enum variant, such as `Eu`.
    pub name: String,
    /// The base URL, without a trailing slash.
    pub url: String,
    /// What it is, for the variant's docs ("Europe").
    pub description: String,
}

/// One file of a crate before formatting.
pub enum EmittedFile<'a> {
    /// Rust source, formatted by [`format()`].
    Rust(PathBuf, Vec<Chunk<'a>>),
    /// Any other text, written as it is.
    Text(PathBuf, String),
}

impl EmittedFile<'_> {
    /// A Rust file that is one stream of tokens.
    pub fn rust(path: impl Into<PathBuf>, code: TokenStream) -> Self {
        EmittedFile::Rust(path.into(), vec![Chunk::Code(code.into())])
    }
}

/// A piece of a Rust file.
pub enum Chunk<'a> {
    /// Items, formatted by prettyplease.
    Code(Code),
    /// Items emitted by [`format()`] on one of its threads, then formatted like [`Chunk::Code`]:
    /// the bulk of a crate (its models) is emitted and formatted on every core, and its tokens
    /// (several times the size of the source) never all exist at once. Token streams cannot
    /// cross threads, so the work crosses instead.
    Deferred(Box<dyn FnOnce() -> Code + Send + 'a>),
    /// A macro invocation laid out by the emitter, one entry per line: prettyplease cannot lay
    /// out macro input, and would run it together.
    Verbatim(String),
    /// A chunk whose every item is compiled only with one of some Cargo features.
    Gated(Gate, Box<Chunk<'a>>),
}

/// What the emitter of a [`Chunk::Deferred`] makes: tokens, which syn parses for prettyplease,
/// or items built as syntax, which spare that parse.
pub enum Code {
    Tokens(TokenStream),
    Items(Vec<syn::Item>),
}

impl From<TokenStream> for Code {
    fn from(tokens: TokenStream) -> Self {
        Self::Tokens(tokens)
    }
}

/// Cargo features of the generated crate, any of which enables the items it gates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gate {
    features: Vec<String>,
}

impl Gate {
    pub fn any_of<S: AsRef<str>>(features: impl IntoIterator<Item = S>) -> Self {
        Self {
            features: features
                .into_iter()
                .map(|f| f.as_ref().to_owned())
                .collect(),
        }
    }

    /// The `#[cfg(...)]` attribute, as its line of source.
    fn line(&self) -> String {
        let features: Vec<String> = self
            .features
            .iter()
            .map(|feature| format!("feature = {feature:?}"))
            .collect();
        match features.as_slice() {
            [one] => format!("#[cfg({one})]"),
            _ => format!("#[cfg(any({}))]", features.join(", ")),
        }
    }

    /// The `#[cfg(...)]` attribute of [`Self::line`], built rather than parsed: it goes on every
    /// gated item.
    fn attribute(&self) -> syn::Attribute {
        let features = self
            .features
            .iter()
            .map(|feature| quote! { feature = #feature });
        let condition = match self.features.as_slice() {
            [_] => quote! { #(#features)* },
            _ => quote! { any(#(#features),*) },
        };
        rust::list_attribute("cfg", condition)
    }
}

/// A crate ready to write: relative path -> contents, in path order.
pub type CrateFiles = std::collections::BTreeMap<PathBuf, String>;

/// Emits the files of the crate for `api`, as token streams and text.
pub fn emit<'a>(api: &'a Api, config: &CrateConfig) -> Vec<EmittedFile<'a>> {
    let mut files = vec![
        EmittedFile::Text("Cargo.toml".into(), package::cargo_toml(api, config)),
        EmittedFile::Text("README.md".into(), package::readme(api, config)),
        EmittedFile::rust("src/lib.rs", crate_root::lib_rs(api, config)),
        EmittedFile::rust("src/client.rs", client::client_rs(api, config)),
    ];
    let krate = config.library_name();
    let mut test_data = None;
    rayon::in_place_scope(|scope| {
        scope.spawn(|_| test_data = Some(examples::test_data(api)));
        files.extend(models::files(api));
        files.extend(operations::files(api, &krate));
    });
    let test_data = test_data.expect("made in the scope");
    files.extend(examples::files(api, &krate, test_data));
    files.extend(prism::files(api, config));
    files
}
