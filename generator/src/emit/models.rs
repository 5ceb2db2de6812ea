//! `src/models.rs`: one Rust type per IR type definition.
//!
//! Serde support comes from `intercom_runtime::model`: a struct is followed by an
//! `intercom_runtime::object!` table of its fields (JSON key, field, how it is held), a string
//! enum by a `string_enum!` table of its variants (variant, wire text), a string enum of one
//! value is a `Tag` of a marker type declared in `src/models/tag.rs`, and unions implement
//! `Decode` with its `union` helpers. The tables are written out as formatted text, a row per
//! line: prettyplease lays a macro's body out as a run of tokens, after syn has parsed them.
//! Decoding is tolerant — a value that deviates from the spec is converted when that is exact,
//! otherwise kept in the object's `extra` — and encoding reproduces what was decoded.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use std::collections::BTreeMap;

use super::definitions::{enum_def, struct_def, typed_additional_properties};
use super::rust::{
    deprecated_attribute, doc_attribute, generic_type, path_type, rust_type, value_attribute, Scope,
};
use super::syntax;
use super::{constructors, unions};
use super::{Chunk, Code, EmittedFile, Gate};
use crate::ir::{
    Api, Field, Slot, StringEnum, Struct, TypeDef, TypeKind, Usage, ADDITIONAL_FIELD, FULL_FEATURE,
};

/// `src/models.rs`, and `src/models/tag.rs` when the API has tags.
pub fn files(api: &Api) -> Vec<EmittedFile<'_>> {
    let gates = gates(api);
    let tags = tag_markers(api, &gates);
    let mut files = vec![EmittedFile::Rust(
        "src/models.rs".into(),
        models_rs(api, &gates, !tags.is_empty()),
    )];
    if !tags.is_empty() {
        files.push(EmittedFile::Rust("src/models/tag.rs".into(), tags));
    }
    files
}

fn models_rs<'a>(api: &'a Api, gates: &BTreeMap<&str, Gate>, has_tags: bool) -> Vec<Chunk<'a>> {
    let imports = imports(api, !gates.is_empty());
    let allow_deprecated = super::rust::allow_deprecated(api);
    let tag_module = has_tags.then(|| quote! { pub mod tag; });
    // Style lints the spec decides, not the generator: variants as large as the schemas make
    // them, a schema called `new`'s constructor `New::new`, and a boxed union variant's
    // placeholder, which clippy takes for `Box::new(Default::default())`.
    let header = quote! {
        //! Every type of the API: request bodies, responses and the objects they hold.
        #![allow(
            clippy::large_enum_variant,
            clippy::self_named_constructors,
            clippy::box_default
        )]
        #allow_deprecated
        #imports
        #tag_module
    };
    let mut chunks = vec![Chunk::Code(header.into())];
    let request_types = api.request_types();
    for definition in api.types.values() {
        let with_gate = |chunk| gated(gates, &definition.name, chunk);
        chunks.push(with_gate(Chunk::Deferred(Box::new(|| {
            type_def(api, definition)
        }))));
        match &definition.kind {
            TypeKind::Struct(object) => {
                chunks.push(with_gate(Chunk::Verbatim(object_table(
                    &definition.name,
                    object,
                    api.has_default(object),
                ))));
                if request_types.contains(definition.name.as_str()) {
                    let name = &definition.name;
                    chunks.push(with_gate(Chunk::Deferred(Box::new(move || {
                        constructors::constructor(api, name, object)
                    }))));
                }
            }
            TypeKind::Enum(values) if values.tag().is_none() => {
                chunks.push(with_gate(Chunk::Verbatim(string_enum_table(
                    &definition.name,
                    values,
                ))));
            }
            _ => {}
        }
    }
    chunks
}

/// `chunk`, compiled with the features that compile the type `name`.
fn gated<'a>(gates: &BTreeMap<&str, Gate>, name: &str, chunk: Chunk<'a>) -> Chunk<'a> {
    match gates.get(name) {
        Some(gate) => Chunk::Gated(gate.clone(), Box::new(chunk)),
        None => chunk,
    }
}

/// The marker type of each tag, which gives its value to `intercom_runtime::model::Tag`: named
/// like the tag, in a module of its own. Empty when the API has no tags.
fn tag_markers<'a>(api: &'a Api, gates: &BTreeMap<&str, Gate>) -> Vec<Chunk<'a>> {
    let markers: Vec<Chunk> = api
        .types
        .values()
        .filter_map(|definition| match &definition.kind {
            TypeKind::Enum(values) => values.tag().map(|value| (&definition.name, value)),
            _ => None,
        })
        .map(|(name, value)| {
            let docs = format!(
                "{}: the value of [`{name}`](super::{name}).",
                super::markdown::code_span(value)
            );
            // An enum without variants: a type that has no values, only a name.
            let docs = doc_attribute(&docs).into_iter().collect();
            let marker = syn::Item::Enum(syntax::enum_item(docs, name, []));
            let str_type = generic_type(&["str"], []);
            let value = syntax::associated_const(
                "VALUE",
                syntax::reference_type(Some("'static"), str_type),
                syntax::string(value),
            );
            let tag_value = syntax::trait_impl(
                &["intercom_runtime", "model", "TagValue"],
                generic_type(&[name], []),
                vec![value],
            );
            gated(
                gates,
                name,
                Chunk::Code(Code::Items(vec![marker, tag_value])),
            )
        })
        .collect();
    if markers.is_empty() {
        return markers;
    }
    let header = quote! {
        //! The value of each tag of [`models`](super) (a string enum of one value, such as the
        //! `type` of most objects), as a type: what makes it an `intercom_runtime::model::Tag`.
    };
    std::iter::once(Chunk::Code(header.into()))
        .chain(markers)
        .collect()
}

/// The most features a type's `#[cfg(any(..))]` lists: a type more modules use is always
/// compiled, so a description whose types are shared by hundreds of modules does not get
/// hundreds of features on each item.
const MAX_GATE_FEATURES: usize = 16;

/// Which features compile each type: the operation modules that use it (none when every
/// module, or more than [`MAX_GATE_FEATURES`], do), `full` when none does.
fn gates(api: &Api) -> BTreeMap<&str, Gate> {
    let using = api.modules_using_types(MAX_GATE_FEATURES);
    let modules = api.modules().len();
    api.types
        .keys()
        .filter_map(|name| match using.get(name.as_str()) {
            None => Some((name.as_str(), Gate::any_of([FULL_FEATURE]))),
            Some(Usage::Modules(using)) if using.len() < modules => {
                Some((name.as_str(), Gate::any_of(using)))
            }
            Some(_) => None,
        })
        .collect()
}

/// The runtime names the models use, and only those (an API without unions needs no `union`).
/// With `gated` types, a selection of features may compile none of the types that use a name.
fn imports(api: &Api, gated: bool) -> TokenStream {
    let kinds = || api.types.values().map(|definition| &definition.kind);
    let has_structs = kinds().any(|kind| matches!(kind, TypeKind::Struct(_)));
    let has_unions = kinds().any(|kind| matches!(kind, TypeKind::Union(_)));
    let has_nullable = kinds().any(|kind| match kind {
        TypeKind::Struct(object) => object
            .fields
            .iter()
            .any(|field| field.slot() == Slot::Nullable),
        _ => false,
    });
    let mut model = Vec::new();
    let mut runtime = Vec::new();
    if has_structs {
        runtime.push(quote! { Extra });
    }
    if has_unions {
        model.extend([quote! { union }, quote! { Decode }, quote! { Decoded }]);
    }
    if has_nullable {
        runtime.push(quote! { Nullable });
    }
    let allow = gated.then(|| quote! { #[allow(unused_imports)] });
    let model =
        (!model.is_empty()).then(|| quote! { #allow use intercom_runtime::model::{#(#model),*}; });
    let runtime =
        (!runtime.is_empty()).then(|| quote! { #allow use intercom_runtime::{#(#runtime),*}; });
    quote! { #model #runtime }
}

/// The definition of a type, built as syntax.
fn type_def(api: &Api, definition: &TypeDef) -> Code {
    let alias = |attrs: Vec<syn::Attribute>, ty| {
        let attrs = doc_attribute(&definition.docs)
            .into_iter()
            .chain(deprecated_attribute(definition.deprecated))
            .chain(attrs)
            .collect();
        Code::Items(vec![syntax::type_alias(attrs, &definition.name, ty)])
    };
    match &definition.kind {
        TypeKind::Struct(object) => {
            Code::Items(vec![syn::Item::Struct(struct_def(definition, object))])
        }
        TypeKind::Enum(values) => match values.tag() {
            None => Code::Items(vec![syn::Item::Enum(enum_def(definition, values))]),
            Some(value) => {
                let paragraph = (!definition.docs.is_empty())
                    .then(|| value_attribute("doc", syntax::string("")));
                let value = format!(
                    "Always {}, or a value this version of the crate does not know.",
                    super::markdown::code_span(value)
                );
                let marker = path_type(&["tag", &definition.name], []);
                let tag = path_type(&["intercom_runtime", "model", "Tag"], [marker]);
                alias(
                    paragraph.into_iter().chain(doc_attribute(&value)).collect(),
                    tag,
                )
            }
        },
        TypeKind::Union(union) => Code::Items(unions::union_items(api, definition, union)),
        TypeKind::Alias(ty) => alias(Vec::new(), rust_type(ty, Scope::Models)),
    }
}

/// The field's slot name in `intercom_runtime::object!` (a function of `model::field`); file
/// parts are not decoded or encoded as fields. A boxed field is never required (rule
/// `recursive-types`).
fn slot_table_name(field: &Field) -> Option<&'static str> {
    match (field.slot(), field.boxed) {
        (Slot::Required, _) => Some("required"),
        (Slot::RequiredNullable, _) => Some("required_nullable"),
        (Slot::Optional, false) => Some("optional"),
        (Slot::Optional, true) => Some("optional_boxed"),
        (Slot::Nullable, false) => Some("nullable"),
        (Slot::Nullable, true) => Some("nullable_boxed"),
        (Slot::File { .. }, _) => None,
    }
}

/// The `intercom_runtime::object!` invocation that makes a struct a model: one line per
/// described field, `index: "key" => field: slot`, then the typed additional properties and the file
/// parts (which the macro only needs for the placeholder). `Name: Default` when the IR says the
/// struct's default is valid ([`Api::has_default`]): the placeholder, one call, where a derived
/// `Default` would make one per field.
fn object_table(name: &str, object: &Struct, has_default: bool) -> String {
    let default = if has_default { ": Default" } else { "" };
    let described = object
        .fields
        .iter()
        .filter_map(|field| Some((field, slot_table_name(field)?)))
        .enumerate()
        .map(|(index, (field, slot))| {
            let key = Literal::string(&field.name);
            format!("{index}: {key} => {}: {slot},", field.ident)
        });
    let additional =
        typed_additional_properties(object).map(|_| format!("additional => {ADDITIONAL_FIELD},"));
    let files = object
        .fields
        .iter()
        .filter(|field| slot_table_name(field).is_none())
        .map(|field| format!("file => {},", field.ident));
    macro_table(
        "object",
        &format!("{name}{default}"),
        described.chain(additional).chain(files),
    )
}

/// The invocation of the runtime's table macro `name` (`object`, `string_enum`): `head`, then one
/// row per line, laid out as prettyplease lays out a block.
fn macro_table(name: &str, head: &str, rows: impl Iterator<Item = String>) -> String {
    let mut table = format!("intercom_runtime::{name}! {{\n    {head} {{\n");
    for row in rows {
        table.push_str("        ");
        table.push_str(&row);
        table.push('\n');
    }
    table.push_str("    }\n}\n");
    table
}

/// The `intercom_runtime::string_enum!` invocation that makes a string enum a model: one line per
/// variant, `Variant => "wire text"`. Written out as it is formatted, as `object_table` is:
/// written as a `match` per method instead, the enums' arms took 5% of the instructions of
/// generating Unstable's crate, most of it syn parsing them for prettyplease.
fn string_enum_table(name: &str, values: &StringEnum) -> String {
    let rows = values.variants.iter().map(|variant| {
        let value = Literal::string(&variant.value);
        format!("{} => {value},", variant.ident)
    });
    macro_table("string_enum", name, rows)
}
