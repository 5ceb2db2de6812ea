//! `src/models.rs`: one Rust type per IR type definition.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{deprecated_attr, doc_attrs, ident, type_tokens};
use crate::ir::{Api, Field, StringEnum, Struct, TypeDef, TypeKind, TypeRef, Union};

pub fn models_rs(api: &Api) -> TokenStream {
    let defaults = Defaultable::new(&api.types);
    let items = api
        .types
        .values()
        .map(|definition| type_def(definition, &defaults));
    quote! {
        //! Every type of the API: request bodies, responses and the objects they hold.
        #![allow(clippy::large_enum_variant)]
        use serde::{Deserialize, Serialize};
        #(#items)*
    }
}

fn type_def(definition: &TypeDef, defaults: &Defaultable) -> TokenStream {
    let docs = doc_attrs(&definition.docs);
    let deprecated = deprecated_attr(definition.deprecated);
    let name = ident(&definition.name);
    let body = match &definition.kind {
        TypeKind::Struct(object) => {
            struct_def(&name, object, defaults.is_default(&definition.name))
        }
        TypeKind::Enum(values) => enum_def(&name, values),
        TypeKind::Union(union) => union_def(&name, union),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty, &TokenStream::new());
            quote! { pub type #name = #ty; }
        }
    };
    quote! { #docs #deprecated #body }
}

fn struct_def(name: &proc_macro2::Ident, object: &Struct, derive_default: bool) -> TokenStream {
    let fields = object.fields.iter().map(field);
    let additional = object.additional_properties.as_ref().map(|values| {
        let values = type_tokens(values, &TokenStream::new());
        quote! {
            /// Properties beyond the documented ones.
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<String, #values>,
        }
    });
    let default = derive_default.then(|| quote! { Default, });
    quote! {
        #[derive(Clone, Debug, #default PartialEq, Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn field(field: &Field) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let deprecated = deprecated_attr(field.deprecated);
    let name = ident(&field.ident);
    let mut ty = type_tokens(&field.ty, &TokenStream::new());
    if field.boxed {
        ty = quote! { Box<#ty> };
    }
    let mut serde = Vec::new();
    if field.ident != field.name {
        let wire = &field.name;
        serde.push(quote! { rename = #wire });
    }
    if field.ty == TypeRef::Bytes {
        // File parts are not serialized: the operation adds them to the multipart form.
        serde.push(quote! { skip });
    } else if field.required && field.nullable {
        // Required but nullable: `None` is sent as `null`, never left out.
        serde.push(quote! { default });
    } else if field.is_optional() {
        serde.push(quote! { default, skip_serializing_if = "Option::is_none" });
    }
    if field.is_optional() {
        ty = quote! { Option<#ty> };
    }
    let serde = (!serde.is_empty()).then(|| quote! { #[serde(#(#serde),*)] });
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

fn enum_def(name: &proc_macro2::Ident, values: &StringEnum) -> TokenStream {
    let variants = values.variants.iter().map(|variant| {
        let ident = ident(&variant.ident);
        let value = &variant.value;
        quote! {
            #[serde(rename = #value)]
            #ident,
        }
    });
    let as_str = values.variants.iter().map(|variant| {
        let ident = ident(&variant.ident);
        let value = &variant.value;
        quote! { Self::#ident => #value, }
    });
    let unknown = ident(crate::ir::UNKNOWN_VARIANT);
    quote! {
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know; the raw string is kept.
            #[serde(untagged)]
            #unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn union_def(name: &proc_macro2::Ident, union: &Union) -> TokenStream {
    let variants = union.variants.iter().map(|variant| {
        let docs = doc_attrs(&variant.docs);
        let ident = ident(&variant.ident);
        let mut ty = type_tokens(&variant.ty, &TokenStream::new());
        if variant.boxed {
            ty = quote! { Box<#ty> };
        }
        quote! { #docs #ident(#ty), }
    });
    quote! {
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// Which structs can derive `Default`: those whose required fields all have a default, so
/// request bodies can be written as `Body { field, ..Default::default() }`.
struct Defaultable<'a> {
    types: &'a BTreeMap<String, TypeDef>,
    memo: std::cell::RefCell<BTreeMap<String, bool>>,
}

impl<'a> Defaultable<'a> {
    fn new(types: &'a BTreeMap<String, TypeDef>) -> Self {
        Self {
            types,
            memo: Default::default(),
        }
    }

    fn is_default(&self, name: &str) -> bool {
        if let Some(known) = self.memo.borrow().get(name) {
            return *known;
        }
        // Assume no while deciding, so a cycle of required fields is not defaultable.
        self.memo.borrow_mut().insert(name.to_owned(), false);
        let answer = match self.types.get(name).map(|definition| &definition.kind) {
            Some(TypeKind::Struct(object)) => object
                .fields
                .iter()
                .all(|field| field.is_optional() || self.ty_is_default(&field.ty)),
            Some(TypeKind::Alias(ty)) => self.ty_is_default(ty),
            Some(TypeKind::Enum(_) | TypeKind::Union(_)) | None => false,
        };
        self.memo.borrow_mut().insert(name.to_owned(), answer);
        answer
    }

    fn ty_is_default(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(name) => self.is_default(name),
            _ => true,
        }
    }
}
