//! A union's enum and its impls, built as syntax: the enum (serialized untagged), its
//! placeholder, and its `Decode`, a table of the variants that `union::decode_union` scores a
//! value against (tags, the shape of the JSON each can hold, the values its fields allow).

use proc_macro2::Literal;
use quote::{quote, ToTokens};
use syn::Expr;

use super::definitions::{definition_attributes, placeholder_value};
use super::rust::{
    doc_attribute, generic_type, ident, lifetime_argument, list_attribute, path_of, path_type,
    rust_type, word_attribute, Scope,
};
use super::syntax::{self, Receiver, Signature};
use crate::ir::{Api, TypeDef, TypeKind, TypeRef, Union};

/// The enum, `Placeholder` and `Decode` impls and `union_enum!` invocation of a union.
pub fn union_items(api: &Api, definition: &TypeDef, union: &Union) -> Vec<syn::Item> {
    let name = definition.name.as_str();
    let self_type = || generic_type(&[name], []);
    // The placeholder, for a missing required value: no variant is a valid default, so a union
    // has no `Default`.
    let placeholder = &union.variants[union.placeholder];
    let mut value = placeholder_value();
    if placeholder.boxed {
        value = syntax::call(&["Box", "new"], [value]);
    }
    let placeholder = function(
        vec![word_attribute("inline")],
        "placeholder",
        syn::Generics::default(),
        Vec::new(),
        generic_type(&["Self"], []),
        syntax::call(&["Self", &placeholder.ident], [value]),
    );
    // Only scalars are converted on decoding, so a union of objects and enums never is; saying
    // so spares its fields a second decoder (see `Decode::CONVERTS`).
    let never_converts = union.variants.iter().all(|variant| {
        matches!(
            resolved_kind(api, &variant.ty),
            Some(TypeKind::Struct(_) | TypeKind::Enum(_))
        )
    });
    let converts = never_converts.then(|| {
        syntax::associated_const(
            "CONVERTS",
            generic_type(&["bool"], []),
            syntax::boolean(false),
        )
    });
    let choices = union.variants.iter().map(|variant| {
        let mut wrap = syntax::path(&["Self", &variant.ident]);
        if variant.boxed {
            let boxed = syntax::call(&["Box", "new"], [syntax::path(&["inner"])]);
            wrap = syntax::closure("inner", syntax::call(&["Self", &variant.ident], [boxed]));
        }
        let decode = syntax::call(&["union", "variant"], [syntax::path(&["value"]), wrap]);
        let fields = [
            ("tags", strings(&variant.tags)),
            ("shape", shape(api, &variant.ty)),
            ("allowed", slice(allowed_values(api, &variant.ty))),
            ("decode", syntax::closure("value", decode)),
        ];
        syntax::structure(
            &["union", "Variant"],
            fields.map(|(member, value)| (member.to_owned(), Some(value))),
        )
    });
    let body = syntax::call(
        &["union", "decode_union"],
        [
            syntax::path(&["deserializer"]),
            syntax::string(&union.tag_property),
            slice(choices.collect()),
        ],
    );
    let decoded = path_type(
        &["Result"],
        [
            path_type(&["Decoded"], [generic_type(&["Self"], [])]),
            generic_type(&["D", "Error"], []),
        ],
    );
    let decode = function(
        Vec::new(),
        "decode",
        deserializer_generics(),
        vec![("deserializer".to_owned(), generic_type(&["D"], []))],
        decoded,
        body,
    );
    vec![
        syn::Item::Enum(enum_item(definition, union)),
        syntax::trait_impl(
            &["intercom_runtime", "model", "Placeholder"],
            self_type(),
            vec![placeholder],
        ),
        syntax::trait_impl(
            &["Decode"],
            self_type(),
            converts.into_iter().chain([decode]).collect(),
        ),
        syntax::item_macro(
            &["intercom_runtime", "union_enum"],
            ident(name).into_token_stream(),
        ),
    ]
}

/// `pub enum Name { Variant(Type), .. }`, serialized as the variant's value.
fn enum_item(definition: &TypeDef, union: &Union) -> syn::ItemEnum {
    let variants = union.variants.iter().map(|variant| {
        let mut ty = rust_type(&variant.ty, Scope::Models);
        if variant.boxed {
            ty = path_type(&["Box"], [ty]);
        }
        let docs = doc_attribute(&variant.docs).into_iter().collect();
        syntax::variant(docs, &variant.ident, Some(ty))
    });
    let mut attrs = definition_attributes(definition, quote! { Clone, serde::Serialize });
    attrs.push(list_attribute("serde", quote! { untagged }));
    syntax::enum_item(attrs, &definition.name, variants)
}

/// An associated function of an impl that returns `value`.
fn function(
    attrs: Vec<syn::Attribute>,
    name: &str,
    generics: syn::Generics,
    inputs: Vec<(String, syn::Type)>,
    output: syn::Type,
    value: Expr,
) -> syn::ImplItem {
    let signature = Signature {
        attrs,
        public: false,
        name: name.to_owned(),
        generics,
        receiver: Receiver::None,
        inputs,
        output,
    };
    syntax::method_item(signature, vec![syntax::tail(value)])
}

/// `<'de, D: serde::Deserializer<'de>>`.
fn deserializer_generics() -> syn::Generics {
    let deserializer = syn::TypeParam {
        attrs: Vec::new(),
        ident: ident("D"),
        colon_token: Some(Default::default()),
        bounds: [syntax::trait_bound(
            &["serde", "Deserializer"],
            [lifetime_argument("'de")],
        )]
        .into_iter()
        .collect(),
        eq_token: None,
        default: None,
    };
    syntax::generics([
        syntax::lifetime_param("'de"),
        syn::GenericParam::Type(deserializer),
    ])
}

/// `&[items]`.
fn slice(items: Vec<Expr>) -> Expr {
    syntax::reference(syntax::array(items))
}

/// `&["a", "b"]`.
fn strings(values: &[String]) -> Expr {
    slice(values.iter().map(|value| syntax::string(value)).collect())
}

/// `("key", union::Allowed::...)` for every field of the object type `ty` whose value says
/// something about the variant: the values of its enum or boolean and number constants, else
/// the shape of its type (nested objects are scored by their keys).
fn allowed_values(api: &Api, ty: &TypeRef) -> Vec<Expr> {
    let Some(TypeKind::Struct(object)) = resolved_kind(api, ty) else {
        return Vec::new();
    };
    let entries = object.fields.iter().filter_map(|field| {
        let allowed = match resolved_kind(api, &field.ty) {
            Some(TypeKind::Enum(values)) => {
                let values: Vec<String> = values
                    .variants
                    .iter()
                    .map(|variant| variant.value.clone())
                    .collect();
                allowed("Strings", strings(&values))
            }
            _ if !field.allowed.is_empty() => listed_values(&field.allowed)?,
            _ if shape_says_nothing(api, &field.ty) => return None,
            _ => allowed("Shape", shape_within(api, &field.ty, false)),
        };
        Some(Expr::Tuple(syn::ExprTuple {
            attrs: Vec::new(),
            paren_token: Default::default(),
            elems: [syntax::string(&field.name), allowed].into_iter().collect(),
        }))
    });
    entries.collect()
}

/// `union::Allowed::kind(value)`.
fn allowed(kind: &str, value: Expr) -> Expr {
    syntax::call(&["union", "Allowed", kind], [value])
}

/// `Allowed::Booleans`, `Integers` or `Numbers` of a field's constants, if they are all of one
/// kind (numbers written as `quote` writes them, with their type as suffix).
fn listed_values(values: &[serde_json::Value]) -> Option<Expr> {
    let all = |kind: &str, literal: &dyn Fn(&serde_json::Value) -> Option<Expr>| {
        let literals = values.iter().map(literal).collect::<Option<Vec<Expr>>>()?;
        Some(allowed(kind, slice(literals)))
    };
    all("Booleans", &|value| value.as_bool().map(syntax::boolean))
        .or_else(|| {
            all("Integers", &|value| {
                Some(syntax::literal(Literal::i64_suffixed(value.as_i64()?)))
            })
        })
        .or_else(|| {
            all("Numbers", &|value| {
                Some(syntax::literal(Literal::f64_suffixed(value.as_f64()?)))
            })
        })
}

/// Whether any JSON value fits `ty` ([`shape`] is `Any`), so its value cannot tell variants
/// apart.
fn shape_says_nothing(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Any | TypeRef::Bytes => true,
        TypeRef::Nullable(inner) => shape_says_nothing(api, inner),
        TypeRef::Named(name) => match api.types.get(name).map(|definition| &definition.kind) {
            Some(TypeKind::Alias(target)) => shape_says_nothing(api, target),
            Some(TypeKind::Struct(_) | TypeKind::Enum(_)) => false,
            Some(TypeKind::Union(_)) | None => true,
        },
        TypeRef::String
        | TypeRef::Integer
        | TypeRef::Number
        | TypeRef::Boolean
        | TypeRef::Array(_)
        | TypeRef::Map(_) => false,
    }
}

/// The kind of the definition `ty` names, looking through aliases.
fn resolved_kind<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a TypeKind> {
    crate::ir::resolve(&api.types, ty).map(|definition| &definition.kind)
}

/// Which JSON values a union variant of type `ty` can hold: a variant that is itself a union,
/// what its own variants can (one level deep, so a union that holds itself ends).
fn shape(api: &Api, ty: &TypeRef) -> Expr {
    shape_within(api, ty, true)
}

/// [`shape`]; a union is `Any` unless `open_union`.
fn shape_within(api: &Api, ty: &TypeRef, open_union: bool) -> Expr {
    let simple = |kind: &str| syntax::path(&["union", "Shape", kind]);
    let composed = |kind: &str, value: Expr| syntax::call(&["union", "Shape", kind], [value]);
    match ty {
        TypeRef::String => simple("String"),
        TypeRef::Integer => simple("Integer"),
        TypeRef::Number => simple("Number"),
        TypeRef::Boolean => simple("Boolean"),
        TypeRef::Array(item) => composed(
            "Array",
            syntax::reference(shape_within(api, item, open_union)),
        ),
        TypeRef::Map(_) => simple("Map"),
        TypeRef::Nullable(inner) => shape_within(api, inner, open_union),
        TypeRef::Any | TypeRef::Bytes => simple("Any"),
        TypeRef::Named(name) => match api.types.get(name).map(|definition| &definition.kind) {
            Some(TypeKind::Struct(_)) => {
                let fields = syntax::associated_item(
                    generic_type(&[name], []),
                    path_of(&["intercom_runtime", "model", "Object"]),
                    "FIELDS",
                );
                composed("Object", fields)
            }
            Some(TypeKind::Enum(_)) => simple("String"),
            Some(TypeKind::Alias(target)) => shape_within(api, target, open_union),
            Some(TypeKind::Union(union)) if open_union => {
                let shapes = union
                    .variants
                    .iter()
                    .map(|variant| shape_within(api, &variant.ty, false));
                composed("Union", slice(shapes.collect()))
            }
            Some(TypeKind::Union(_)) | None => simple("Any"),
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn constants_are_listed_by_kind_with_their_type_as_suffix() {
        let listed = |values: &[serde_json::Value]| {
            listed_values(values).map(|expr| expr.into_token_stream().to_string())
        };
        let integers = [1i64, -2];
        let numbers = [1.5f64, 2.0];
        let tokens = |tokens: proc_macro2::TokenStream| Some(tokens.to_string());
        assert_eq!(
            listed(&[json!(true), json!(false)]),
            tokens(quote! { union::Allowed::Booleans(&[true, false]) })
        );
        assert_eq!(
            listed(&[json!(1), json!(-2)]),
            tokens(quote! { union::Allowed::Integers(&[#(#integers),*]) })
        );
        assert_eq!(
            listed(&[json!(1.5), json!(2.0)]),
            tokens(quote! { union::Allowed::Numbers(&[#(#numbers),*]) })
        );
        assert_eq!(listed(&[json!(1), json!("one")]), None);
    }
}
