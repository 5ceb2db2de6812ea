//! `src/operations/`: per tag, the `Client` methods and their request builders.
//!
//! A method takes what the call cannot do without (path parameters, required query
//! parameters, a required body) and returns a builder; optional parameters are builder setters,
//! and `send` performs the request.

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{deprecated_attr, doc_attrs, ident, inner_doc_attrs, type_tokens, Scope};
use super::{Chunk, EmittedFile};
use crate::ir::{
    Api, BodyEncoding, Operation, PagingStyle, Parameter, ParameterLocation, ResponseBody, Slot,
    TypeKind, TypeRef, BUILDER_CLIENT_FIELD,
};

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
    let mut chunks = vec![Chunk::Code(header)];
    for operation in operations {
        let krate = krate.to_owned();
        chunks.push(Chunk::Deferred(Box::new(move || {
            operation_items(api, &krate, operation).into()
        })));
    }
    chunks
}

/// How a parameter or body is held by the builder.
struct Input<'a> {
    /// The builder field and setter / argument name.
    ident: proc_macro2::Ident,
    ty: TokenStream,
    required: bool,
    docs: &'a str,
    /// What the setter's docs say when the spec describes nothing: what it sets, on the wire.
    sets: String,
    /// `Into<String>` for string arguments, so `&str` works.
    takes_into_string: bool,
}

fn operation_items(api: &Api, krate: &str, operation: &Operation) -> TokenStream {
    let builder = ident(&operation.builder);
    let client = ident(BUILDER_CLIENT_FIELD);
    let method = ident(&operation.ident);
    let inputs: Vec<Input> = operation
        .parameters
        .iter()
        .map(parameter_input)
        .chain(operation.body.as_ref().map(|body| Input {
            ident: ident(&body.ident),
            ty: type_tokens(&body.ty, Scope::Outside),
            required: body.required,
            docs: &body.docs,
            sets: "Sets the request body.".to_owned(),
            takes_into_string: false,
        }))
        .collect();

    let arguments = inputs.iter().filter(|input| input.required).map(|input| {
        let (name, ty) = (&input.ident, &input.ty);
        if input.takes_into_string {
            quote! { #name: impl Into<String> }
        } else {
            quote! { #name: #ty }
        }
    });
    let initializers = inputs.iter().map(|input| {
        let name = &input.ident;
        match (input.required, input.takes_into_string) {
            (true, true) => quote! { #name: #name.into() },
            (true, false) => quote! { #name },
            (false, _) => quote! { #name: None },
        }
    });
    let fields = inputs.iter().map(|input| {
        let (name, ty) = (&input.ident, &input.ty);
        if input.required {
            quote! { #name: #ty }
        } else {
            quote! { #name: Option<#ty> }
        }
    });
    let setters = inputs.iter().filter(|input| !input.required).map(|input| {
        let (name, ty) = (&input.ident, &input.ty);
        let docs = if input.docs.is_empty() {
            doc_attrs(&input.sets)
        } else {
            doc_attrs(input.docs)
        };
        if input.takes_into_string {
            quote! {
                #docs
                pub fn #name(mut self, value: impl Into<String>) -> Self {
                    self.#name = Some(value.into());
                    self
                }
            }
        } else {
            quote! {
                #docs
                pub fn #name(mut self, value: #ty) -> Self {
                    self.#name = Some(value);
                    self
                }
            }
        }
    });

    let docs = doc_attrs(&operation.docs);
    let deprecated = deprecated_attr(operation.deprecated);
    // Clippy's limit is 7, `&self` included; a path with many variables needs them all.
    let too_many_arguments = (inputs.iter().filter(|input| input.required).count() >= 7)
        .then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let route = format!("{} {}", operation.method.as_str(), operation.path);
    let http = format!(" {}", super::markdown::code_span(&route));
    let example = doc_attrs(&super::usage::example_section(krate, operation));
    let aliases = [route.as_str(), operation.summary.as_str()]
        .into_iter()
        .filter_map(doc_alias)
        .map(|alias| quote! { #[doc(alias = #alias)] });
    let builder_docs = format!(" Request builder for [`Client::{}`].", operation.ident);
    let send = send_fns(api, operation);
    let paginated = pagination_fns(operation, &builder);
    // A blank doc line between the spec's text and the HTTP line, when there is text.
    let docs = if operation.docs.is_empty() {
        docs
    } else {
        quote! { #docs #[doc = ""] }
    };
    // `Debug` shows the request rather than the fields: derived, it costs the compiler a call
    // per field of every builder (1% of Unstable's check). It is inline, as `send` is (see
    // `send_fns`): compiled in the library, it was the one caller there of `request`, and so of
    // the encoders of every request body, 90% of 2.11's machine code.
    quote! {
        impl Client {
            #docs
            #[doc = #http]
            #[doc = ""]
            #example
            #(#aliases)*
            #deprecated
            #too_many_arguments
            pub fn #method(&self, #(#arguments),*) -> #builder<'_> {
                #builder { #client: self, #(#initializers,)* options: RequestOptions::new() }
            }
        }

        #[doc = #builder_docs]
        #[derive(Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder<'a> {
            #client: &'a Client,
            #(#fields,)*
            options: RequestOptions,
        }

        // `Debug` shows the request the builder would send.
        intercom_runtime::builder_debug!(#builder);

        #paginated

        impl<'a> #builder<'a> {
            #(#setters)*

            /// Overrides the client's timeout, retries or headers for this request.
            pub fn options(mut self, options: RequestOptions) -> Self {
                self.options = options;
                self
            }

            #send
        }
    }
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
        ident: ident(&parameter.ident),
        ty: type_tokens(&parameter.ty, Scope::Outside),
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

/// `.file(..)` and `.files(..)` calls for the file fields of a multipart body, which serde
/// skips.
fn file_parts(api: &Api, body: &crate::ir::RequestBody, value: &TokenStream) -> TokenStream {
    let TypeRef::Named(name) = &body.ty else {
        return TokenStream::new();
    };
    let Some(TypeKind::Struct(object)) = api.types.get(name).map(|definition| &definition.kind)
    else {
        return TokenStream::new();
    };
    object
        .fields
        .iter()
        .filter_map(|field| {
            let Slot::File { required } = field.slot() else {
                return None;
            };
            let (wire, member) = (&field.name, ident(&field.ident));
            let list = matches!(field.ty, TypeRef::Array(_));
            Some(match (list, required) {
                (false, true) => quote! { .file(#wire, Some(&#value.#member)) },
                (false, false) => quote! { .file(#wire, #value.#member.as_ref()) },
                (true, true) => quote! { .files(#wire, &#value.#member) },
                (true, false) => {
                    quote! { .files(#wire, #value.#member.as_deref().unwrap_or_default()) }
                }
            })
        })
        .collect()
}

fn send_fns(api: &Api, operation: &Operation) -> TokenStream {
    let client = ident(BUILDER_CLIENT_FIELD);
    let http_method = format_ident!("{}", operation.method.as_str());
    let path = path_expression(operation);
    let (id, template) = (&operation.id, &operation.path);
    let parameters = operation
        .parameters
        .iter()
        .filter(|p| p.location != ParameterLocation::Path)
        .map(|parameter| {
            let name = &parameter.name;
            let field = ident(&parameter.ident);
            let value = if parameter.required {
                quote! { Some(&self.#field) }
            } else {
                quote! { self.#field.as_ref() }
            };
            match parameter.location {
                ParameterLocation::Header => quote! { .header(#name, #value) },
                _ if !parameter.explode => quote! { .query_joined(#name, #value) },
                _ => quote! { .query(#name, #value) },
            }
        });
    let fixed_headers = operation.fixed_headers.iter().map(|header| {
        let (name, value) = (&header.name, &header.value);
        quote! { .header(#name, Some(#value)) }
    });
    let redirect =
        (operation.success == ResponseBody::Redirect).then(|| quote! { .expect_redirect() });
    // The last expression of `request()`: the request, with its body when there is one.
    let finish = match operation.body.as_ref() {
        None => TokenStream::new(),
        Some(body) => {
            let field = ident(&body.ident);
            let media_type = &body.media_type;
            let encode = match (body.encoding, &body.ty) {
                (BodyEncoding::Json, _) => quote! { json(body) },
                (BodyEncoding::Multipart, _) => quote! { multipart(body) },
                (BodyEncoding::Form, _) => quote! { form(body) },
                (BodyEncoding::Raw, TypeRef::Bytes) => quote! { raw(#media_type, body) },
                (BodyEncoding::Raw, _) => quote! { raw_text(#media_type, body) },
            };
            let files = file_parts(api, body, &quote! { body });
            if body.required {
                quote! {
                    let body = &self.#field;
                    request.#encode #files
                }
            } else {
                quote! {
                    match &self.#field {
                        Some(body) => request.#encode #files,
                        None => request,
                    }
                }
            }
        }
    };
    let new_request = quote! {
        Request::new(#id, Method::#http_method, #template, #path)
            #(#parameters)*
            #(#fixed_headers)*
            #redirect
            .options(self.options)
    };
    let request = if finish.is_empty() {
        new_request
    } else {
        quote! { let request = #new_request; #finish }
    };
    let (output, decode) = match &operation.success {
        ResponseBody::Empty => (quote! { () }, quote! { empty }),
        ResponseBody::Text => (quote! { String }, quote! { text }),
        ResponseBody::Json(ty) => (type_tokens(ty, Scope::Outside), quote! { json }),
        ResponseBody::Binary => (quote! { intercom_runtime::Bytes }, quote! { bytes }),
        ResponseBody::Redirect => (quote! { intercom_runtime::Redirect }, quote! { redirect }),
    };
    let errors = doc_attrs(&super::send_docs::errors_section(operation));
    let with_response = doc_attrs(&super::send_docs::with_response_docs(operation));
    // Named futures (`Sending`), not `async fn`s: see `intercom_runtime::Sending`.
    //
    // `#[inline]` on every function that reaches the runtime's generic sending: a library
    // compiles its non-generic public functions (and the private ones they reach) to machine
    // code, and these instantiate the response's decoder and the body's encoder. Inline, they
    // are compiled in the crate that calls them, for the operations it calls.
    quote! {
        /// Sends the request and returns the response body.
        ///
        #errors
        #[inline]
        pub fn send(self) -> Sending<'a, #output> {
            let client = self.#client;
            client.inner.send_body(self.request(), RawResponse::#decode)
        }

        #with_response
        #[inline]
        pub fn send_with_response(self) -> SendingWithResponse<'a, #output> {
            let client = self.#client;
            client.inner.send(self.request(), RawResponse::#decode)
        }

        #[inline]
        fn request(self) -> Request {
            #request
        }
    }
}

/// `pages()` and `items()` of a list operation's builder.
fn pagination_fns(operation: &Operation, builder: &proc_macro2::Ident) -> TokenStream {
    let (Some(pagination), ResponseBody::Json(page)) = (&operation.pagination, &operation.success)
    else {
        return TokenStream::new();
    };
    let client = ident(BUILDER_CLIENT_FIELD);
    let page = type_tokens(page, Scope::Outside);
    let item = type_tokens(&pagination.items.item, Scope::Outside);
    let (paging, how) = match &pagination.style {
        PagingStyle::QueryCursor { parameter, next } => (
            quote! { QueryCursor { parameter: #parameter, next: #next } },
            format!("the cursor in the `{parameter}` query parameter"),
        ),
        PagingStyle::BodyCursor { pointer, next } => (
            quote! { BodyCursor { pointer: #pointer, next: #next } },
            format!("the cursor in the body at `{pointer}`"),
        ),
        PagingStyle::PageNumber { parameter } => (
            quote! { PageNumber { parameter: #parameter } },
            format!("page numbers in the `{parameter}` query parameter"),
        ),
        PagingStyle::Scroll { parameter, next } => (
            quote! { Scroll { parameter: #parameter, next: #next } },
            format!("the `{parameter}` query parameter"),
        ),
    };
    let items_pointer = format!("/{}", crate::pointer::escape(&pagination.items.name));
    let field = ident(&pagination.items.ident);
    let list = match (pagination.items.required, pagination.items.nullable) {
        (true, false) => quote! { page.#field },
        (false, true) => quote! { page.#field.into_value().unwrap_or_default() },
        _ => quote! { page.#field.unwrap_or_default() },
    };
    let extract = if pagination.items.null_items {
        quote! { |page| #list.into_iter().flatten().collect() }
    } else {
        quote! { |page| #list }
    };
    let pages_docs = format!(
        " Every page from this request's position on, fetched as the stream is polled \
         ({how}). Stops after an empty page, the last page, or a repeated cursor."
    );
    let items_docs = format!(
        " Every item of `{}` across [`pages`](Self::pages){}.",
        pagination.items.name,
        if pagination.items.null_items {
            ", without the `null`s the list may hold"
        } else {
            ""
        }
    );
    // Inline, as `send` is (see `send_fns`).
    quote! {
        impl<'a> #builder<'a> {
            #[doc = #pages_docs]
            #[inline]
            pub fn pages(self) -> intercom_runtime::Pages<'a, #page> {
                let client = self.#client;
                let paging = intercom_runtime::Paging::#paging;
                client.inner.pages(self.request(), paging, #items_pointer)
            }

            #[doc = #items_docs]
            #[inline]
            pub fn items(self) -> intercom_runtime::Items<'a, #item> {
                intercom_runtime::items(self.pages(), #extract)
            }
        }
    }
}

/// `["/contacts/", &path_segment(&self.contact_id)].concat()` for `/contacts/{contact_id}`:
/// plain expressions rather than `format!`, whose arguments prettyplease cannot lay out.
fn path_expression(operation: &Operation) -> TokenStream {
    let mut pieces = Vec::new();
    let mut rest = operation.path.as_str();
    while let Some((literal, after)) = rest.split_once('{') {
        let Some((name, after)) = after.split_once('}') else {
            break;
        };
        if !literal.is_empty() {
            pieces.push(quote! { #literal });
        }
        let parameter = operation
            .parameters
            .iter()
            .find(|p| p.location == ParameterLocation::Path && p.name == name)
            .expect("the IR declares every path template variable");
        let field = ident(&parameter.ident);
        pieces.push(quote! { &intercom_runtime::path_segment(&self.#field) });
        rest = after;
    }
    if !rest.is_empty() || pieces.is_empty() {
        pieces.push(quote! { #rest });
    }
    match pieces.as_slice() {
        [only] => quote! { #only.to_owned() },
        _ => quote! { [#(#pieces),*].concat() },
    }
}
