//! `src/operations/`: per tag, the `Client` methods and their request builders.
//!
//! A method takes what the call cannot do without (path parameters, required query
//! parameters, a required body) and returns a builder; optional parameters are builder setters,
//! and `send` performs the request.

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::requests::{pagination_fns, send_fns};
use super::rust::{
    deprecated_attribute, doc_attribute, generic_type, ident, inner_doc_attrs, list_attribute,
    path_type, rust_type, value_attribute, Scope,
};
use super::syntax::{self, Receiver, Signature};
use super::{Chunk, Code, EmittedFile};
use crate::ir::{Api, Operation, Parameter, TypeRef, BUILDER_CLIENT_FIELD};

/// `src/operations/mod.rs` and one file per module, for the crate `krate` (`intercom_v2_11`).
pub fn files<'a>(api: &'a Api, krate: &str) -> Vec<EmittedFile<'a>> {
    let mut modules: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for operation in &api.operations {
        modules
            .entry(&operation.module)
            .or_default()
            .push(operation);
    }
    // Each module is compiled with the Cargo feature of its name (`full` enables them all).
    let declarations = modules.keys().map(|module| {
        let (feature, module) = (*module, ident(module));
        quote! {
            #[cfg(feature = #feature)]
            pub mod #module;
        }
    });
    let index = quote! {
        //! Request builders, one module per API tag, each compiled with the Cargo feature of
        //! its name (all of them with the default feature `full`). Start from the methods on
        //! [`crate::Client`].
        #(#declarations)*
    };
    let mut files = vec![EmittedFile::rust("src/operations/mod.rs", index)];
    // Once for all modules: it looks at every type.
    let allow_deprecated = super::rust::allow_deprecated(api);
    files.extend(modules.into_iter().map(|(module, operations)| {
        let path = PathBuf::from(format!("src/operations/{module}.rs"));
        let chunks = module_file(api, krate, operations, allow_deprecated.clone());
        EmittedFile::Rust(path, chunks)
    }));
    files
}

/// The module's docs: its tag, then one line per operation with its summary.
fn module_docs(operations: &[&Operation]) -> String {
    let mut docs = match &operations[0].tag {
        Some(tag) => format!("Operations tagged {}.\n\n", super::markdown::code_span(tag)),
        None => "Operations without a tag.\n\n".to_owned(),
    };
    for operation in operations {
        let route = format!("{} {}", operation.method.as_str(), operation.path);
        docs.push_str(&format!(
            "- [`Client::{}`]: {}",
            operation.ident,
            super::markdown::code_span(&route)
        ));
        if let Some(summary) = operation
            .summary
            .lines()
            .next()
            .filter(|line| !line.is_empty())
        {
            docs.push_str(&format!(" {}", super::markdown::text(summary)));
        }
        docs.push('\n');
    }
    docs
}

/// Whether the operation's signature names a model type.
fn mentions_models(operation: &Operation) -> bool {
    let success = operation.success.json();
    operation
        .parameters
        .iter()
        .map(|parameter| &parameter.ty)
        .chain(operation.body.as_ref().map(|body| &body.ty))
        .chain(success)
        .any(TypeRef::mentions_named)
}

/// A module's file: its docs and imports, then each operation's items, emitted and formatted
/// on the formatting threads like the models.
fn module_file<'a>(
    api: &'a Api,
    krate: &str,
    operations: Vec<&'a Operation>,
    allow_deprecated: TokenStream,
) -> Vec<Chunk<'a>> {
    let docs = inner_doc_attrs(&module_docs(&operations));
    let imports = if operations
        .iter()
        .any(|operation| mentions_models(operation))
    {
        quote! { use crate::{models, Client}; }
    } else {
        quote! { use crate::Client; }
    };
    let header = quote! {
        #docs
        #allow_deprecated
        #imports
        use intercom_runtime::{
            Method, RawResponse, Request, RequestOptions, Sending, SendingWithResponse,
        };
    };
    let mut chunks = vec![Chunk::Code(header.into())];
    for operation in operations {
        let krate = krate.to_owned();
        chunks.push(Chunk::Deferred(Box::new(move || {
            Code::Items(operation_items(api, &krate, operation))
        })));
    }
    chunks
}

/// How a parameter or body is held by the builder.
struct Input<'a> {
    /// The builder field and setter / argument name.
    name: &'a str,
    ty: syn::Type,
    required: bool,
    docs: &'a str,
    /// What the setter's docs say when the spec describes nothing: what it sets, on the wire.
    sets: String,
    /// `Into<String>` for string arguments, so `&str` works.
    takes_into_string: bool,
}

impl Input<'_> {
    /// The type the method or setter takes.
    fn argument_type(&self) -> syn::Type {
        if self.takes_into_string {
            syntax::impl_into_string()
        } else {
            self.ty.clone()
        }
    }

    /// The argument as the builder holds it, from the variable `name`.
    fn held(&self, name: &str) -> syn::Expr {
        if self.takes_into_string {
            syntax::method(syntax::path(&[name]), "into", [])
        } else {
            syntax::path(&[name])
        }
    }
}

/// The operation's `Client` method, its builder and the builder's methods, built as syntax.
fn operation_items(api: &Api, krate: &str, operation: &Operation) -> Vec<syn::Item> {
    let builder = operation.builder.as_str();
    let inputs: Vec<Input> = operation
        .parameters
        .iter()
        .map(parameter_input)
        .chain(operation.body.as_ref().map(|body| Input {
            name: &body.ident,
            ty: rust_type(&body.ty, Scope::Outside),
            required: body.required,
            docs: &body.docs,
            sets: "Sets the request body.".to_owned(),
            // A text body (`text/plain`, base64 image data) takes `&str` as parameters do.
            takes_into_string: body.ty == TypeRef::String,
        }))
        .collect();

    let arguments: Vec<_> = inputs
        .iter()
        .filter(|input| input.required)
        .map(|input| (input.name.to_owned(), input.argument_type()))
        .collect();
    let initializers = inputs.iter().map(|input| {
        let value = match (input.required, input.takes_into_string) {
            (true, true) => Some(input.held(input.name)),
            (true, false) => None,
            (false, _) => Some(syntax::path(&["None"])),
        };
        (input.name.to_owned(), value)
    });
    let construct = syntax::structure(
        &[builder],
        [(
            BUILDER_CLIENT_FIELD.to_owned(),
            Some(syntax::path(&["self"])),
        )]
        .into_iter()
        .chain(initializers)
        .chain([(
            "options".to_owned(),
            Some(syntax::call(&["RequestOptions", "new"], [])),
        )]),
    );

    let route = format!("{} {}", operation.method.as_str(), operation.path);
    let mut attrs = Vec::new();
    if let Some(docs) = doc_attribute(&operation.docs) {
        // A blank doc line between the spec's text and the HTTP line.
        attrs.extend([docs, doc_line("")]);
    }
    attrs.push(doc_line(&format!(
        " {}",
        super::markdown::code_span(&route)
    )));
    attrs.push(doc_line(""));
    attrs.extend(doc_attribute(&super::usage::example_section(
        krate, operation,
    )));
    attrs.extend(
        [route.as_str(), operation.summary.as_str()]
            .into_iter()
            .filter_map(doc_alias)
            .map(|alias| list_attribute("doc", quote! { alias = #alias })),
    );
    attrs.extend(deprecated_attribute(operation.deprecated));
    // Clippy's limit is 7, `&self` included; a path with many variables needs them all.
    if arguments.len() >= 7 {
        attrs.push(list_attribute(
            "allow",
            quote! { clippy::too_many_arguments },
        ));
    }
    let client_method = syntax::method_item(
        Signature {
            attrs,
            public: true,
            name: operation.ident.clone(),
            generics: syn::Generics::default(),
            receiver: Receiver::Borrowed,
            inputs: arguments,
            output: syntax::with_lifetime(builder, "'_"),
        },
        vec![syntax::tail(construct)],
    );

    let setters = inputs.iter().filter(|input| !input.required).map(|input| {
        let docs = if input.docs.is_empty() {
            &input.sets
        } else {
            input.docs
        };
        let value = syntax::call(&["Some"], [input.held("value")]);
        setter(docs, input.name, ("value", input.argument_type()), value)
    });
    let options = setter(
        "Overrides the client's timeout, retries or headers for this request.",
        "options",
        ("options", generic_type(&["RequestOptions"], [])),
        syntax::path(&["options"]),
    );
    let builder_type = syntax::with_lifetime(builder, "'a");
    let builder_methods = setters
        .chain([options])
        .chain(send_fns(api, operation))
        .collect();

    // `Debug` shows the request rather than the fields: derived, it costs the compiler a call
    // per field of every builder (1% of Unstable's check). It is inline, as `send` is (see
    // `send_fns`): compiled in the library, it was the one caller there of `request`, and so of
    // the encoders of every request body, 90% of 2.11's machine code.
    let debug = syn::Item::Macro(syn::ItemMacro {
        attrs: Vec::new(),
        ident: None,
        mac: syntax::macro_invocation(
            &["intercom_runtime", "builder_debug"],
            ident(builder).into_token_stream(),
        ),
        semi_token: Some(Default::default()),
    });
    let mut items = vec![
        syntax::impl_block(None, generic_type(&["Client"], []), vec![client_method]),
        syn::Item::Struct(builder_struct(operation, &inputs)),
        debug,
    ];
    if let Some(paginated) = pagination_fns(operation) {
        items.push(syntax::impl_block(
            Some("'a"),
            builder_type.clone(),
            paginated.into(),
        ));
    }
    items.push(syntax::impl_block(
        Some("'a"),
        builder_type,
        builder_methods,
    ));
    items
}

/// `#[doc = text]`, the text as it is.
fn doc_line(text: &str) -> syn::Attribute {
    value_attribute("doc", syntax::string(text))
}

/// The builder: the client, each input (optional ones as `Option`s) and the request options.
fn builder_struct(operation: &Operation, inputs: &[Input]) -> syn::ItemStruct {
    let field = |name: &str, ty: syn::Type| syntax::named_field(Vec::new(), false, name, ty);
    let client = syntax::reference_type(Some("'a"), generic_type(&["Client"], []));
    let inputs = inputs.iter().map(|input| {
        let ty = if input.required {
            input.ty.clone()
        } else {
            path_type(&["Option"], [input.ty.clone()])
        };
        field(input.name, ty)
    });
    let builder_docs = format!(" Request builder for [`Client::{}`].", operation.ident);
    let must_use = syntax::string("a request does nothing until it is sent");
    let attrs = vec![
        doc_line(&builder_docs),
        list_attribute("derive", quote! { Clone }),
        value_attribute("must_use", must_use),
    ];
    let fields = [field(BUILDER_CLIENT_FIELD, client)]
        .into_iter()
        .chain(inputs)
        .chain([field("options", generic_type(&["RequestOptions"], []))]);
    syntax::struct_item(attrs, &operation.builder, Some("'a"), fields)
}

/// `pub fn name(mut self, value: ty) -> Self { self.name = held; self }`, documented by `docs`
/// (`held` is what the builder keeps of the argument).
fn setter(
    docs: &str,
    name: &str,
    (parameter, ty): (&str, syn::Type),
    held: syn::Expr,
) -> syn::ImplItem {
    syntax::method_item(
        Signature {
            attrs: doc_attribute(docs).into_iter().collect(),
            public: true,
            name: name.to_owned(),
            generics: syn::Generics::default(),
            receiver: Receiver::OwnedMut,
            inputs: vec![(parameter.to_owned(), ty)],
            output: generic_type(&["Self"], []),
        },
        vec![
            syntax::assign(syntax::self_field(name), held),
            syntax::tail(syntax::path(&["self"])),
        ],
    )
}

/// A search alias for rustdoc, if `text` can be one: rustdoc refuses quotes, backslashes and
/// line breaks in aliases.
fn doc_alias(text: &str) -> Option<&str> {
    let text = text.trim();
    let valid = !text.is_empty() && !text.contains(['"', '\'', '`', '\\', '\n', '\r', '\t']);
    valid.then_some(text)
}

fn parameter_input(parameter: &Parameter) -> Input<'_> {
    Input {
        name: &parameter.ident,
        ty: rust_type(&parameter.ty, Scope::Outside),
        required: parameter.required,
        docs: &parameter.docs,
        sets: format!(
            "Sets the {} {} parameter.",
            super::markdown::code_span(&parameter.name),
            parameter.location.as_str()
        ),
        takes_into_string: parameter.ty == TypeRef::String,
    }
}
