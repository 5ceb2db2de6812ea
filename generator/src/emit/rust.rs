//! Rust syntax shared by every emitter: identifiers, type expressions, doc attributes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::TypeRef;

/// An identifier; the IR has already made every name valid.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc = "..."]` lines for a rustdoc text; nothing for an empty one.
pub fn doc_attrs(docs: &str) -> TokenStream {
    doc_lines(docs)
        .map(|line| quote! { #[doc = #line] })
        .collect()
}

/// `//!` lines for a rustdoc text.
pub fn inner_doc_attrs(docs: &str) -> TokenStream {
    doc_lines(docs)
        .map(|line| quote! { #![doc = #line] })
        .collect()
}

/// The lines of a doc comment as attribute values: a space after `///`, none on blank lines.
fn doc_lines(docs: &str) -> impl Iterator<Item = String> + '_ {
    docs.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    })
}

/// `#[deprecated]` when the spec says so.
pub fn deprecated_attr(deprecated: bool) -> TokenStream {
    if deprecated {
        quote! { #[deprecated] }
    } else {
        TokenStream::new()
    }
}

/// `#![allow(deprecated)]` for a module of generated code when the API deprecates any type,
/// field or variant: the generated code itself uses them (impls, builders, example tests),
/// and only users' uses should warn.
pub fn allow_deprecated(api: &crate::ir::Api) -> TokenStream {
    use crate::ir::TypeKind;
    let deprecated = api.types.values().any(|definition| {
        definition.deprecated
            || matches!(&definition.kind, TypeKind::Struct(object)
                if object.fields.iter().any(|field| field.deprecated))
    });
    if deprecated {
        quote! { #![allow(deprecated)] }
    } else {
        TokenStream::new()
    }
}

/// The Rust type of a type expression. `models` is the path prefix of named types
/// (empty inside the models module itself).
pub fn type_tokens(ty: &TypeRef, models: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote! { String },
        TypeRef::Bytes => quote! { intercom_runtime::FilePart },
        TypeRef::Integer => quote! { i64 },
        TypeRef::Number => quote! { f64 },
        TypeRef::Boolean => quote! { bool },
        TypeRef::Any => quote! { serde_json::Value },
        TypeRef::Named(name) => {
            let name = ident(name);
            quote! { #models #name }
        }
        TypeRef::Array(items) => {
            let items = type_tokens(items, models);
            quote! { Vec<#items> }
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner, models);
            quote! { Option<#inner> }
        }
        TypeRef::Map(values) => {
            let values = type_tokens(values, models);
            quote! { std::collections::BTreeMap<String, #values> }
        }
    }
}
