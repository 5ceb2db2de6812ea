//! The models' structs and string enums, built as syntax: they are little else than attributes
//! and types, and most of `src/models.rs`, and prettyplease lays them out without syn parsing
//! their tokens first (5% of the instructions of generating Unstable's crate).

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{
    deprecated_attribute, doc_attribute, list_attribute, map_type, path_type, rust_type, Scope,
};
use super::syntax;
use crate::ir::{
    Slot, StringEnum, Struct, TypeDef, TypeRef, ADDITIONAL_FIELD, EXTRA_FIELD, UNKNOWN_VARIANT,
};

/// The struct, built as syntax (it is most of the models' source); decoding starts from its
/// placeholder, `Debug` shows its JSON and `PartialEq` compares it, and its `Default`, where it
/// has one, is the placeholder (all implemented by `object!`).
pub fn struct_def(definition: &TypeDef, object: &Struct) -> syn::ItemStruct {
    let field = |docs: &str, deprecated: bool, name: &str, ty: syn::Type| {
        let attrs = doc_attribute(docs)
            .into_iter()
            .chain(deprecated_attribute(deprecated))
            .collect();
        syntax::named_field(attrs, true, name, ty)
    };
    let described = object.fields.iter().map(|described| {
        let mut ty = rust_type(&described.ty, Scope::Models);
        if described.boxed {
            ty = path_type(&["Box"], [ty]);
        }
        let ty = slot_type(described.slot(), ty);
        field(&described.docs, described.deprecated, &described.ident, ty)
    });
    let additional = typed_additional_properties(object).map(|values| {
        let ty = map_type(rust_type(values, Scope::Models));
        let docs = "Properties beyond the described ones, as the spec types them.";
        field(docs, false, ADDITIONAL_FIELD, ty)
    });
    let extra = field(
        "What was received that this type does not describe: unknown keys, and values\n\
         that were `null` or did not fit where the spec says otherwise. Sent back as is.",
        false,
        EXTRA_FIELD,
        path_type(&["Extra"], []),
    );
    let fields = described.chain(additional).chain([extra]);
    syntax::struct_item(
        definition_attributes(definition, quote! { Clone }),
        &definition.name,
        None,
        fields,
    )
}

/// The Rust type of a field of type `ty` held in `slot`.
fn slot_type(slot: Slot, ty: syn::Type) -> syn::Type {
    match slot {
        Slot::Required | Slot::File { required: true } => ty,
        Slot::RequiredNullable | Slot::Optional | Slot::File { required: false } => {
            path_type(&["Option"], [ty])
        }
        Slot::Nullable => path_type(&["Nullable"], [ty]),
    }
}

/// The enum, built as syntax as a struct is. `as_str`, `From<&str>`, `Display` and the serde
/// impls come from the `string_enum!` table that follows it (`string_enum_table`).
pub fn enum_def(definition: &TypeDef, values: &StringEnum) -> syn::ItemEnum {
    let known = values.variants.iter().map(|known| {
        let docs = super::markdown::code_span(&known.value);
        syntax::variant(
            doc_attribute(&docs).into_iter().collect(),
            &known.ident,
            None,
        )
    });
    let unknown = syntax::variant(
        doc_attribute("A value this version of the crate does not know; the raw string is kept.")
            .into_iter()
            .collect(),
        UNKNOWN_VARIANT,
        Some(path_type(&["String"], [])),
    );
    syntax::enum_item(
        definition_attributes(definition, quote! { Clone }),
        &definition.name,
        known.chain([unknown]),
    )
}

/// `intercom_runtime::model::Placeholder::placeholder()`: the placeholder of the type the
/// expression is written for (what decoding starts from, and what constructors and unions fill
/// in where no value is given).
pub fn placeholder_value() -> syn::Expr {
    syntax::call(
        &["intercom_runtime", "model", "Placeholder", "placeholder"],
        [],
    )
}

/// The attributes of a struct or enum: its docs, `#[deprecated]`, `#[derive(derives)]`.
pub fn definition_attributes(definition: &TypeDef, derives: TokenStream) -> Vec<syn::Attribute> {
    doc_attribute(&definition.docs)
        .into_iter()
        .chain(deprecated_attribute(definition.deprecated))
        .chain([list_attribute("derive", derives)])
        .collect()
}

/// The value type of `additionalProperties`, when the spec gives one (untyped extra keys are
/// kept in `extra`).
pub fn typed_additional_properties(object: &Struct) -> Option<&TypeRef> {
    object
        .additional_properties
        .as_ref()
        .filter(|ty| **ty != TypeRef::Any)
}
