//! `new` constructors for the structs a request carries: they take the required fields and fill
//! in the rest, so a request cannot be built without what the spec requires.
//!
//! A required field whose type allows one value only (the `type: [admin]` of most Intercom
//! objects) is not an argument: its `Default` is that value (`string_enum!(.., default = ..)`).

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{ident, type_tokens};
use crate::ir::{Api, Field, Slot, Struct, TypeKind, TypeRef};

/// `impl Name { pub fn new(..) -> Self }`, or nothing when no field needs an argument.
pub fn constructor(api: &Api, name: &str, object: &Struct) -> TokenStream {
    let arguments: Vec<&Field> = object
        .fields
        .iter()
        .filter(|field| needs_argument(api, field))
        .collect();
    if arguments.is_empty() {
        return TokenStream::new();
    }
    let parameters = arguments.iter().map(|field| {
        let member = ident(&field.ident);
        let ty = type_tokens(&field.ty, &TokenStream::new());
        match (field.slot(), &field.ty) {
            (Slot::Required, TypeRef::String) => quote! { #member: impl Into<String> },
            (Slot::RequiredNullable, _) => quote! { #member: Option<#ty> },
            _ => quote! { #member: #ty },
        }
    });
    let initializers = arguments.iter().map(|field| {
        let member = ident(&field.ident);
        let into_string = matches!((field.slot(), &field.ty), (Slot::Required, TypeRef::String));
        match (field.boxed, field.slot()) {
            (true, Slot::RequiredNullable) => quote! { #member: #member.map(Box::new) },
            (true, _) => quote! { #member: Box::new(#member) },
            (false, _) if into_string => quote! { #member: #member.into() },
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
                    ..Default::default()
                }
            }
        }
    }
}

/// Whether the constructor takes `field`: it is required (a file part too), and its type allows
/// more than one value.
fn needs_argument(api: &Api, field: &Field) -> bool {
    let required = matches!(
        field.slot(),
        Slot::Required | Slot::RequiredNullable | Slot::File { required: true }
    );
    required && !single_valued(api, &field.ty)
}

/// Whether `ty` is a string enum of one value.
fn single_valued(api: &Api, ty: &TypeRef) -> bool {
    matches!(
        crate::ir::resolve(&api.types, ty).map(|definition| &definition.kind),
        Some(TypeKind::Enum(values)) if values.variants.len() == 1
    )
}
