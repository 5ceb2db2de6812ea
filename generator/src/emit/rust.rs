//! Rust syntax shared by every emitter: identifiers, type expressions, doc attributes.

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
pub fn doc_attrs(docs: &str) -> TokenStream {
    doc_value(docs).map_or_else(TokenStream::new, |value| quote! { #[doc = #value] })
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
