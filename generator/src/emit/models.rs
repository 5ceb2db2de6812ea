//! `src/models.rs`: one Rust type per IR type definition.
//!
//! Serde support comes from `intercom_runtime::model`: structs implement its `Object` trait
//! (which fields exist, how each decodes and encodes), enums and unions are handed to its
//! macros. Decoding is tolerant — a value that deviates from the spec is converted when that is
//! exact, otherwise kept in the object's `extra` — and encoding reproduces what was decoded.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{deprecated_attr, doc_attrs, ident, type_tokens};
use crate::ir::{
    Api, Field, StringEnum, Struct, TypeDef, TypeKind, TypeRef, Union, ADDITIONAL_FIELD,
    EXTRA_FIELD, UNKNOWN_VARIANT,
};

pub fn models_rs(api: &Api) -> TokenStream {
    let items = api
        .types
        .values()
        .map(|definition| type_def(api, definition));
    let imports = imports(api);
    quote! {
        //! Every type of the API: request bodies, responses and the objects they hold.
        #![allow(clippy::large_enum_variant)]
        #imports
        #(#items)*
    }
}

/// The runtime names the models use, and only those (an API without unions needs no `union`).
fn imports(api: &Api) -> TokenStream {
    let kinds = || api.types.values().map(|definition| &definition.kind);
    let has_structs = kinds().any(|kind| matches!(kind, TypeKind::Struct(_)));
    let has_unions = kinds().any(|kind| matches!(kind, TypeKind::Union(_)));
    let has_nullable = kinds().any(|kind| match kind {
        TypeKind::Struct(object) => object
            .fields
            .iter()
            .any(|field| matches!(Slot::of(field), Slot::Nullable)),
        _ => false,
    });
    let mut model = Vec::new();
    let mut runtime = Vec::new();
    if has_structs {
        model.extend([quote! { field }, quote! { Object }]);
        runtime.push(quote! { Extra });
    }
    if has_unions {
        model.extend([quote! { union }, quote! { Decode }, quote! { Decoded }]);
    }
    if has_nullable {
        runtime.push(quote! { Nullable });
    }
    let model = (!model.is_empty()).then(|| quote! { use intercom_runtime::model::{#(#model),*}; });
    let runtime = (!runtime.is_empty()).then(|| quote! { use intercom_runtime::{#(#runtime),*}; });
    quote! { #model #runtime }
}

fn type_def(api: &Api, definition: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&definition.docs);
    let deprecated = deprecated_attr(definition.deprecated);
    let name = ident(&definition.name);
    let body = match &definition.kind {
        TypeKind::Struct(object) => struct_def(&name, object),
        TypeKind::Enum(values) => enum_def(&name, values),
        TypeKind::Union(union) => union_def(api, &name, union),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty, &TokenStream::new());
            quote! { pub type #name = #ty; }
        }
    };
    quote! { #docs #deprecated #body }
}

/// How a field is held and decoded, from what the spec says of it.
#[derive(Clone, Copy)]
enum Slot {
    /// Required, not nullable: `T`.
    Required,
    /// Required and nullable: `Option<T>`, `None` sent as `null`.
    RequiredNullable,
    /// Optional, not nullable: `Option<T>`, `None` left out.
    Optional,
    /// Optional and nullable: `Nullable<T>`, absent, `null` or a value.
    Nullable,
    /// A file of a multipart body: added to the form by the operation, never serialized.
    File,
}

impl Slot {
    fn of(field: &Field) -> Slot {
        match (field.ty == TypeRef::Bytes, field.required, field.nullable) {
            (true, _, _) => Slot::File,
            (false, true, false) => Slot::Required,
            (false, true, true) => Slot::RequiredNullable,
            (false, false, false) => Slot::Optional,
            (false, false, true) => Slot::Nullable,
        }
    }

    fn rust_type(self, ty: TokenStream, optional_file: bool) -> TokenStream {
        match self {
            Slot::Required => ty,
            Slot::File if !optional_file => ty,
            Slot::RequiredNullable | Slot::Optional | Slot::File => quote! { Option<#ty> },
            Slot::Nullable => quote! { Nullable<#ty> },
        }
    }

    /// The `field::` functions that decode and encode the slot.
    fn functions(self) -> Option<(&'static str, &'static str)> {
        match self {
            Slot::Required => Some(("required", "encode_required")),
            Slot::RequiredNullable => Some(("required_nullable", "encode_required_nullable")),
            Slot::Optional => Some(("optional", "encode_optional")),
            Slot::Nullable => Some(("nullable", "encode_nullable")),
            Slot::File => None,
        }
    }
}

fn struct_def(name: &proc_macro2::Ident, object: &Struct) -> TokenStream {
    let extra = ident(EXTRA_FIELD);
    let fields = object.fields.iter().map(|field| {
        let docs = doc_attrs(&field.docs);
        let deprecated = deprecated_attr(field.deprecated);
        let member = ident(&field.ident);
        let mut ty = type_tokens(&field.ty, &TokenStream::new());
        if field.boxed {
            ty = quote! { Box<#ty> };
        }
        let ty = Slot::of(field).rust_type(ty, field.is_optional());
        quote! { #docs #deprecated pub #member: #ty, }
    });
    let described: Vec<&Field> = object
        .fields
        .iter()
        .filter(|field| Slot::of(field).functions().is_some())
        .collect();
    let table = described.iter().map(|field| {
        let (key, required) = (&field.name, field.required);
        quote! { (#key, #required) }
    });
    let decoders = described.iter().map(|field| {
        let (key, member) = (&field.name, ident(&field.ident));
        let (decode, _) = Slot::of(field)
            .functions()
            .expect("described fields have a slot");
        let decode = format_ident!("{decode}");
        quote! { #key => field::#decode(map, #key, &mut self.#member, &mut self.#extra), }
    });
    let encoders = described.iter().map(|field| {
        let (key, member) = (&field.name, ident(&field.ident));
        let (_, encode) = Slot::of(field)
            .functions()
            .expect("described fields have a slot");
        let encode = format_ident!("{encode}");
        quote! { field::#encode(map, #key, &self.#member, &self.#extra)?; }
    });
    let additional = object
        .additional_properties
        .as_ref()
        .filter(|ty| **ty != TypeRef::Any);
    let (additional_field, additional_methods) = match additional {
        Some(values) => {
            let values = type_tokens(values, &TokenStream::new());
            let member = ident(ADDITIONAL_FIELD);
            (
                quote! {
                    /// Properties beyond the described ones, as the spec types them.
                    pub #member: std::collections::BTreeMap<String, #values>,
                },
                quote! {
                    fn decode_other<'de, A: serde::de::MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error> {
                        field::additional(map, key, &mut self.#member, &mut self.#extra)
                    }

                    fn encode_other<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                        field::encode_additional(map, &self.#member)
                    }
                },
            )
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    // Decoding and encoding touch every field, deprecated ones included.
    let allow_deprecated = object
        .fields
        .iter()
        .any(|field| field.deprecated)
        .then(|| quote! { #[allow(deprecated)] });
    quote! {
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #name {
            #(#fields)*
            #additional_field
            /// What was received that this type does not describe: unknown keys, and values
            /// that were `null` or did not fit where the spec says otherwise. Sent back as is.
            pub #extra: Extra,
        }

        #allow_deprecated
        impl Object for #name {
            const FIELDS: &'static [(&'static str, bool)] = &[#(#table),*];

            fn decode_field<'de, A: serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
                match key {
                    #(#decoders)*
                    _ => Ok(()),
                }
            }

            fn encode_fields<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                #(#encoders)*
                Ok(())
            }

            #additional_methods

            fn extra(&self) -> &Extra {
                &self.#extra
            }

            fn extra_mut(&mut self) -> &mut Extra {
                &mut self.#extra
            }
        }

        intercom_runtime::object!(#name);
    }
}

fn enum_def(name: &proc_macro2::Ident, values: &StringEnum) -> TokenStream {
    let unknown = ident(UNKNOWN_VARIANT);
    let variants = values.variants.iter().map(|variant| {
        let (ident, docs) = (ident(&variant.ident), format!(" `{}`", variant.value));
        quote! { #[doc = #docs] #ident, }
    });
    let as_str = values.variants.iter().map(|variant| {
        let (ident, value) = (ident(&variant.ident), &variant.value);
        quote! { Self::#ident => #value, }
    });
    let from_str = values.variants.iter().map(|variant| {
        let (ident, value) = (ident(&variant.ident), &variant.value);
        quote! { #value => Self::#ident, }
    });
    quote! {
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know; the raw string is kept.
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

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        intercom_runtime::string_enum!(#name);
    }
}

fn union_def(api: &Api, name: &proc_macro2::Ident, union: &Union) -> TokenStream {
    let variant_type = |ty: &TypeRef, boxed: bool| {
        let ty = type_tokens(ty, &TokenStream::new());
        if boxed {
            quote! { Box<#ty> }
        } else {
            ty
        }
    };
    let variants = union.variants.iter().map(|variant| {
        let docs = doc_attrs(&variant.docs);
        let ident = ident(&variant.ident);
        let ty = variant_type(&variant.ty, variant.boxed);
        quote! { #docs #ident(#ty), }
    });
    let choices = union.variants.iter().map(|variant| {
        let ident = ident(&variant.ident);
        let tags = &variant.tags;
        let shape = shape(api, &variant.ty);
        let wrap = if variant.boxed {
            quote! { |inner| Self::#ident(Box::new(inner)) }
        } else {
            quote! { Self::#ident }
        };
        quote! {
            union::Variant {
                tags: &[#(#tags),*],
                shape: #shape,
                decode: |value| union::variant(value, #wrap),
            },
        }
    });
    // Default (a placeholder for a missing required value) is the first variant that is not
    // boxed, so it cannot recurse into itself.
    let default = union
        .variants
        .iter()
        .find(|variant| !variant.boxed)
        .unwrap_or(&union.variants[0]);
    let default_variant = ident(&default.ident);
    let tag_property = &union.tag_property;
    let expected = format!("a value of {name}");
    quote! {
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }

        impl Default for #name {
            fn default() -> Self {
                Self::#default_variant(Default::default())
            }
        }

        impl Decode for #name {
            fn decode<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
                union::decode_union(deserializer, #tag_property, &[#(#choices)*])
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                intercom_runtime::model::deserialize(deserializer, #expected)
            }
        }
    }
}

/// Which JSON values a union variant of type `ty` can hold.
fn shape(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote! { union::Shape::String },
        TypeRef::Integer => quote! { union::Shape::Integer },
        TypeRef::Number => quote! { union::Shape::Number },
        TypeRef::Boolean => quote! { union::Shape::Boolean },
        TypeRef::Array(_) => quote! { union::Shape::Array },
        TypeRef::Map(_) => quote! { union::Shape::Map },
        TypeRef::Any | TypeRef::Bytes => quote! { union::Shape::Any },
        TypeRef::Named(name) => match api.types.get(name).map(|definition| &definition.kind) {
            Some(TypeKind::Struct(_)) => {
                let name = ident(name);
                quote! { union::Shape::Object(<#name as Object>::FIELDS) }
            }
            Some(TypeKind::Enum(_)) => quote! { union::Shape::String },
            Some(TypeKind::Alias(target)) => shape(api, target),
            Some(TypeKind::Union(_)) | None => quote! { union::Shape::Any },
        },
    }
}
