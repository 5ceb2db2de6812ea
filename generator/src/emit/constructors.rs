//! `new` constructors for the structs a request carries: they take the required fields and fill
//! in the rest, so a request cannot be built without what the spec requires.
//!
//! A required field whose type allows one value only (the `type: [admin]` of most Intercom
//! objects) is not an argument: it is a `Tag`, whose `Default` is that value.
//! A struct with a constructor has no `Default` ([`Api::has_default`]): `new` fills the fields
//! it does not take from the struct's placeholder, which for them is their valid unset value
//! (optional fields absent, single values filled in).

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{ident, type_tokens, Scope};
use crate::ir::{Api, ArgumentForm, Field, Slot, Struct, TypeRef};

/// `impl Name { pub fn new(..) -> Self }`, or nothing when no field needs an argument; for a
/// struct with a choice of required keys, one constructor per choice instead (`with_email`).
pub fn constructor(api: &Api, name: &str, object: &Struct) -> TokenStream {
    let required = api.constructor_arguments(object);
    let constructors: Vec<TokenStream> = if object.required_choices.is_empty() {
        if required.is_empty() {
            return TokenStream::new();
        }
        let docs = format!(" Builds a `{name}` from its required fields; the others are unset.");
        vec![function("new", &docs, &required, &[])]
    } else {
        object
            .required_choices
            .iter()
            .map(|choice| {
                let chosen: Vec<&Field> = object
                    .fields
                    .iter()
                    .filter(|field| choice.keys.contains(&field.name))
                    .filter(|field| !required.contains(field))
                    .collect();
                let keys: Vec<String> = choice.keys.iter().map(|key| format!("`{key}`")).collect();
                let and_required = if required.is_empty() {
                    ""
                } else {
                    ", and its required fields"
                };
                let docs = format!(
                    " Builds a `{name}` with {}, one of the choices the spec requires{and_required}; \
                     the others are unset.",
                    keys.join(" and ")
                );
                function(&choice.constructor, &docs, &required, &chosen)
            })
            .collect()
    };
    let type_name = ident(name);
    quote! {
        impl #type_name {
            #(#constructors)*
        }
    }
}

/// One constructor taking the `required` fields, then the `chosen` optional ones (as values).
fn function(name: &str, docs: &str, required: &[&Field], chosen: &[&Field]) -> TokenStream {
    let name = ident(name);
    let value_type = |field: &Field| {
        let ty = type_tokens(&field.ty, Scope::Models);
        match field.ty {
            TypeRef::String => quote! { impl Into<String> },
            _ => ty,
        }
    };
    let parameters = required
        .iter()
        .map(|field| {
            let member = ident(&field.ident);
            let ty = type_tokens(&field.ty, Scope::Models);
            match field.argument_form() {
                ArgumentForm::IntoString => quote! { #member: impl Into<String> },
                ArgumentForm::Option => quote! { #member: Option<#ty> },
                ArgumentForm::Plain => quote! { #member: #ty },
            }
        })
        .chain(chosen.iter().map(|field| {
            let (member, ty) = (ident(&field.ident), value_type(field));
            quote! { #member: #ty }
        }));
    let initializers = required
        .iter()
        .map(|field| {
            let member = ident(&field.ident);
            match (field.boxed, field.argument_form()) {
                (true, ArgumentForm::Option) => quote! { #member: #member.map(Box::new) },
                (true, _) => quote! { #member: Box::new(#member) },
                (false, ArgumentForm::IntoString) => quote! { #member: #member.into() },
                (false, _) => quote! { #member },
            }
        })
        .chain(chosen.iter().map(|field| {
            let member = ident(&field.ident);
            let mut value = match field.ty {
                TypeRef::String => quote! { #member.into() },
                _ => quote! { #member },
            };
            if field.boxed {
                value = quote! { Box::new(#value) };
            }
            match field.slot() {
                Slot::Nullable => quote! { #member: intercom_runtime::Nullable::Value(#value) },
                _ => quote! { #member: Some(#value) },
            }
        }));
    let lint = (required.len() + chosen.len() > 7)
        .then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        #[doc = #docs]
        #lint
        pub fn #name(#(#parameters),*) -> Self {
            Self {
                #(#initializers,)*
                ..intercom_runtime::model::Placeholder::placeholder()
            }
        }
    }
}
