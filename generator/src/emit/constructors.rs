//! `new` constructors for the structs a request carries: they take the required fields and fill
//! in the rest, so a request cannot be built without what the spec requires.
//!
//! A required field whose type allows one value only (the `type: [admin]` of most Intercom
//! objects) is not an argument: its `Default` is that value (`string_enum!(.., default = ..)`).
//! A struct with a constructor has no `Default` ([`Api::has_default`]): `new` fills the fields
//! it does not take from the struct's placeholder, which for them is their valid unset value
//! (optional fields absent, single values filled in).

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{ident, type_tokens};
use crate::ir::{Api, ArgumentForm, Struct};

/// `impl Name { pub fn new(..) -> Self }`, or nothing when no field needs an argument.
pub fn constructor(api: &Api, name: &str, object: &Struct) -> TokenStream {
    let arguments = api.constructor_arguments(object);
    if arguments.is_empty() {
        return TokenStream::new();
    }
    let parameters = arguments.iter().map(|field| {
        let member = ident(&field.ident);
        let ty = type_tokens(&field.ty, &TokenStream::new());
        match field.argument_form() {
            ArgumentForm::IntoString => quote! { #member: impl Into<String> },
            ArgumentForm::Option => quote! { #member: Option<#ty> },
            ArgumentForm::Plain => quote! { #member: #ty },
        }
    });
    let initializers = arguments.iter().map(|field| {
        let member = ident(&field.ident);
        match (field.boxed, field.argument_form()) {
            (true, ArgumentForm::Option) => quote! { #member: #member.map(Box::new) },
            (true, _) => quote! { #member: Box::new(#member) },
            (false, ArgumentForm::IntoString) => quote! { #member: #member.into() },
            (false, _) => quote! { #member },
        }
    });
    let type_name = ident(name);
    let docs = format!(" Builds a `{name}` from its required fields; the others are unset.");
    let lint = (arguments.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        impl #type_name {
            #[doc = #docs]
            #lint
            pub fn new(#(#parameters),*) -> Self {
                Self {
                    #(#initializers,)*
                    ..intercom_runtime::model::Placeholder::placeholder()
                }
            }
        }
    }
}
