//! Rust syntax shared by every emitter: identifiers, type expressions, attributes.
//!
//! Attributes and types are built as syntax, for the items given to prettyplease without syn
//! parsing their tokens first (the models' structs and enums, the request builders; see
//! [`super::syntax`]): that parse was the larger part of formatting them. Other items quote
//! them as tokens.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::ir::TypeRef;

/// An identifier; the IR has already made every name valid.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Stands for a line break in the value of a doc attribute while it goes through syn and
/// prettyplease, which print it as one `///` line; [`format`](mod@super::format) splits that line
/// back into one per line of the text. One attribute per comment instead of one per line spares
/// syn an expression parse per line: 2% of the instructions of generating Unstable's crate.
pub const DOC_LINE_BREAK: char = '\u{1f}';

/// The `///` comment of a rustdoc text, as one `#[doc]` attribute; nothing for an empty text.
pub fn doc_attribute(docs: &str) -> Option<syn::Attribute> {
    let value = syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::new(doc_value(docs)?),
    });
    Some(value_attribute("doc", value))
}

/// `#[meta]`.
fn outer_attribute(meta: syn::Meta) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// `#[name]` (`#[inline]`).
pub fn word_attribute(name: &str) -> syn::Attribute {
    outer_attribute(syn::Meta::Path(ident(name).into()))
}

/// `#[name(tokens)]` (`#[derive(Clone)]`).
pub fn list_attribute(name: &str, tokens: proc_macro2::TokenStream) -> syn::Attribute {
    outer_attribute(syn::Meta::List(syn::MetaList {
        path: ident(name).into(),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[name = value]` (`#[must_use = "..."]`).
pub fn value_attribute(name: &str, value: syn::Expr) -> syn::Attribute {
    outer_attribute(syn::Meta::NameValue(syn::MetaNameValue {
        path: ident(name).into(),
        eq_token: Default::default(),
        value,
    }))
}

/// The `//!` comment of a rustdoc text, as one `#![doc]` attribute.
pub fn inner_doc_attrs(docs: &str) -> TokenStream {
    doc_value(docs).map_or_else(TokenStream::new, |value| quote! { #![doc = #value] })
}

/// The lines of a doc comment, each after a space (none on blank lines), joined by
/// [`DOC_LINE_BREAK`], as a string literal; `None` when there are none. The break character in
/// the text itself becomes a space, so that it cannot start a line.
fn doc_value(docs: &str) -> Option<Literal> {
    let mut value: Option<String> = None;
    for line in docs.lines() {
        let value = match &mut value {
            Some(value) => {
                value.push(DOC_LINE_BREAK);
                value
            }
            None => value.insert(String::with_capacity(docs.len() + docs.len() / 32)),
        };
        if !line.is_empty() {
            value.push(' ');
            if line.contains(DOC_LINE_BREAK) {
                value.push_str(&line.replace(DOC_LINE_BREAK, " "));
            } else {
                value.push_str(line);
            }
        }
    }
    value.as_deref().map(str_literal)
}

/// A raw string literal of `text` (`r#"..."#`, with as many `#` as it needs), or a cooked one
/// when `text` holds a carriage return, which a raw literal cannot. Raw literals are what
/// examples show for JSON text, and what doc comments travel as: a cooked literal is escaped by
/// proc_macro2 and unescaped by syn one `char` at a time, which for doc comments, the longest
/// literals, was 6% of the instructions of generating Unstable's crate (valgrind).
pub fn str_literal(text: &str) -> Literal {
    if text.contains('\r') {
        return Literal::string(text);
    }
    // One `#` more than follows any `"` in the text, so that none of them ends the literal.
    let longest_run = text
        .match_indices('"')
        .map(|(at, _)| {
            text[at + 1..]
                .bytes()
                .take_while(|&byte| byte == b'#')
                .count()
        })
        .max();
    let hashes = "#".repeat(longest_run.map_or(1, |run| run + 1));
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
}

/// `#[deprecated]` when the spec says so.
pub fn deprecated_attribute(deprecated: bool) -> Option<syn::Attribute> {
    deprecated.then(|| word_attribute("deprecated"))
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

/// Where a type expression is written: in the `models` module, which names its types bare, or
/// outside it (`models::Contact`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Models,
    Outside,
}

/// The Rust type of a type expression written in `scope`.
pub fn rust_type(ty: &TypeRef, scope: Scope) -> syn::Type {
    match ty {
        TypeRef::String => path_type(&["String"], []),
        TypeRef::Bytes => path_type(&["intercom_runtime", "FilePart"], []),
        TypeRef::Integer => path_type(&["i64"], []),
        TypeRef::Number => path_type(&["f64"], []),
        TypeRef::Boolean => path_type(&["bool"], []),
        TypeRef::Any => path_type(&["serde_json", "Value"], []),
        TypeRef::Named(name) => match scope {
            Scope::Models => path_type(&[name], []),
            Scope::Outside => path_type(&["models", name], []),
        },
        TypeRef::Array(items) => path_type(&["Vec"], [rust_type(items, scope)]),
        TypeRef::Nullable(inner) => path_type(&["Option"], [rust_type(inner, scope)]),
        TypeRef::Map(values) => map_type(rust_type(values, scope)),
    }
}

/// `std::collections::BTreeMap<String, values>`.
pub fn map_type(values: syn::Type) -> syn::Type {
    path_type(
        &["std", "collections", "BTreeMap"],
        [path_type(&["String"], []), values],
    )
}

/// The type at `path` (`["std", "collections", "BTreeMap"]`) with the type `arguments`.
pub fn path_type<const N: usize>(path: &[&str], arguments: [syn::Type; N]) -> syn::Type {
    generic_type(path, arguments.map(syn::GenericArgument::Type))
}

/// The type at `path` with the generic `arguments` (lifetimes among them: `Sending<'a, T>`).
pub fn generic_type(
    path: &[&str],
    arguments: impl IntoIterator<Item = syn::GenericArgument>,
) -> syn::Type {
    let mut path = path_of(path);
    let arguments: syn::punctuated::Punctuated<_, _> = arguments.into_iter().collect();
    if let (false, Some(last)) = (arguments.is_empty(), path.segments.last_mut()) {
        last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: arguments,
            gt_token: Default::default(),
        });
    }
    syn::Type::Path(syn::TypePath { qself: None, path })
}

/// The path of `segments` (`["intercom_runtime", "builder_debug"]`).
pub fn path_of(segments: &[&str]) -> syn::Path {
    syn::Path {
        leading_colon: None,
        segments: segments
            .iter()
            .map(|segment| syn::PathSegment::from(ident(segment)))
            .collect(),
    }
}

/// The lifetime `'a` (`name` with its quote) as a generic argument.
pub fn lifetime_argument(name: &str) -> syn::GenericArgument {
    syn::GenericArgument::Lifetime(syn::Lifetime::new(name, Span::call_site()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_literal_is_raw_and_holds_its_text_unless_it_has_a_carriage_return() {
        for text in [
            "",
            "plain",
            "\"",
            "a \"# b",
            "\"## and \"#",
            "\\n is text",
            "end\"",
        ] {
            let literal = str_literal(text);
            assert!(literal.to_string().starts_with('r'), "{literal}");
            let parsed: syn::LitStr = syn::parse2(quote! { #literal }).unwrap();
            assert_eq!(parsed.value(), text);
        }
        let literal = str_literal("a\rb");
        assert_eq!(literal.to_string(), r#""a\rb""#);
        assert_eq!(str_literal(r#"{"a":1}"#).to_string(), r##"r#"{"a":1}"#"##);
        assert_eq!(
            str_literal(r##"{"a":"#"}"##).to_string(),
            r###"r##"{"a":"#"}"##"###
        );
    }
}
