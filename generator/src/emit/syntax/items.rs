//! Items and types built as syntax: methods, functions, structs, `impl` blocks.

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::Stmt;

use super::{binding, block};
use crate::emit::rust::{generic_type, ident, lifetime_argument, path_of};

/// How a method takes `self`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receiver {
    /// `&self`.
    Borrowed,
    /// `self`.
    Owned,
    /// `mut self`.
    OwnedMut,
    /// Not at all: an associated function (`Type::new`).
    None,
}

/// A method's head: everything but its body.
pub struct Signature {
    pub attrs: Vec<syn::Attribute>,
    pub public: bool,
    pub name: String,
    pub generics: syn::Generics,
    pub receiver: Receiver,
    pub inputs: Vec<(String, syn::Type)>,
    pub output: syn::Type,
}

/// The method with `signature` and the statements `body`.
pub fn method_item(signature: Signature, body: Vec<Stmt>) -> syn::ImplItem {
    let self_type = generic_type(&["Self"], []);
    let receiver = (signature.receiver != Receiver::None).then(|| syn::Receiver {
        attrs: Vec::new(),
        reference: (signature.receiver == Receiver::Borrowed).then(|| (Default::default(), None)),
        mutability: (signature.receiver == Receiver::OwnedMut).then(Default::default),
        self_token: Default::default(),
        colon_token: None,
        ty: Box::new(match signature.receiver {
            Receiver::Borrowed => reference_type(None, self_type),
            Receiver::Owned | Receiver::OwnedMut | Receiver::None => self_type,
        }),
    });
    let inputs = receiver
        .map(syn::FnArg::Receiver)
        .into_iter()
        .chain(typed_inputs(signature.inputs))
        .collect();
    syn::ImplItem::Fn(syn::ImplItemFn {
        attrs: signature.attrs,
        vis: visibility(signature.public),
        defaultness: None,
        sig: function_signature(
            (&signature.name, false),
            signature.generics,
            inputs,
            signature.output,
        ),
        block: block(body),
    })
}

/// A private function `name(inputs) -> output { body }` (`async` when `asynchronous`).
pub fn function_item(
    attrs: Vec<syn::Attribute>,
    (name, asynchronous): (&str, bool),
    inputs: Vec<(String, syn::Type)>,
    output: syn::Type,
    body: Vec<Stmt>,
) -> syn::Item {
    let inputs = typed_inputs(inputs).collect();
    syn::Item::Fn(syn::ItemFn {
        attrs,
        vis: syn::Visibility::Inherited,
        sig: function_signature(
            (name, asynchronous),
            syn::Generics::default(),
            inputs,
            output,
        ),
        block: Box::new(block(body)),
    })
}

/// `name: ty` parameters.
fn typed_inputs(inputs: Vec<(String, syn::Type)>) -> impl Iterator<Item = syn::FnArg> {
    inputs.into_iter().map(|(name, ty)| {
        syn::FnArg::Typed(syn::PatType {
            attrs: Vec::new(),
            pat: Box::new(binding(&name)),
            colon_token: Default::default(),
            ty: Box::new(ty),
        })
    })
}

/// `fn name<generics>(inputs) -> output` (`async` when `asynchronous`).
fn function_signature(
    (name, asynchronous): (&str, bool),
    generics: syn::Generics,
    inputs: Punctuated<syn::FnArg, syn::Token![,]>,
    output: syn::Type,
) -> syn::Signature {
    syn::Signature {
        constness: None,
        asyncness: asynchronous.then(Default::default),
        unsafety: None,
        abi: None,
        fn_token: Default::default(),
        ident: ident(name),
        generics,
        paren_token: Default::default(),
        inputs,
        variadic: None,
        output: syn::ReturnType::Type(Default::default(), Box::new(output)),
    }
}

/// The field `name: ty` of a struct with named fields, `pub` when `public`.
pub fn named_field(
    attrs: Vec<syn::Attribute>,
    public: bool,
    name: &str,
    ty: syn::Type,
) -> syn::Field {
    syn::Field {
        attrs,
        vis: visibility(public),
        mutability: syn::FieldMutability::None,
        ident: Some(ident(name)),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// `pub struct name<'lifetime> { fields }` (no generics without a lifetime).
pub fn struct_item(
    attrs: Vec<syn::Attribute>,
    name: &str,
    lifetime: Option<&str>,
    fields: impl IntoIterator<Item = syn::Field>,
) -> syn::ItemStruct {
    syn::ItemStruct {
        attrs,
        vis: visibility(true),
        struct_token: Default::default(),
        ident: ident(name),
        generics: lifetime_generics(lifetime),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: fields.into_iter().collect(),
        }),
        semi_token: None,
    }
}

/// `<'lifetime>`, or no generics.
pub fn lifetime_generics(lifetime: Option<&str>) -> syn::Generics {
    generics(lifetime.map(lifetime_param))
}

/// The lifetime parameter `'name` (`name` with its quote).
pub fn lifetime_param(name: &str) -> syn::GenericParam {
    syn::GenericParam::Lifetime(syn::LifetimeParam::new(syn::Lifetime::new(
        name,
        Span::call_site(),
    )))
}

/// `<params>`, or no generics when there are none.
pub fn generics(params: impl IntoIterator<Item = syn::GenericParam>) -> syn::Generics {
    let params: Punctuated<syn::GenericParam, syn::Token![,]> = params.into_iter().collect();
    let has_params = !params.is_empty();
    syn::Generics {
        lt_token: has_params.then(Default::default),
        params,
        gt_token: has_params.then(Default::default),
        where_clause: None,
    }
}

/// `impl<'lifetime> ty { items }` (no generics without a lifetime).
pub fn impl_block(lifetime: Option<&str>, ty: syn::Type, items: Vec<syn::ImplItem>) -> syn::Item {
    implementation(lifetime, None, ty, items)
}

/// `impl trait_ for ty { items }`, `trait_` a path.
pub fn trait_impl(trait_: &[&str], ty: syn::Type, items: Vec<syn::ImplItem>) -> syn::Item {
    let trait_ = (None, path_of(trait_), Default::default());
    implementation(None, Some(trait_), ty, items)
}

fn implementation(
    lifetime: Option<&str>,
    trait_: Option<(Option<syn::Token![!]>, syn::Path, syn::Token![for])>,
    ty: syn::Type,
    items: Vec<syn::ImplItem>,
) -> syn::Item {
    syn::Item::Impl(syn::ItemImpl {
        attrs: Vec::new(),
        defaultness: None,
        unsafety: None,
        impl_token: Default::default(),
        generics: lifetime_generics(lifetime),
        trait_,
        self_ty: Box::new(ty),
        brace_token: Default::default(),
        items,
    })
}

/// `const name: ty = value;`, in an `impl` block.
pub fn associated_const(name: &str, ty: syn::Type, value: syn::Expr) -> syn::ImplItem {
    syn::ImplItem::Const(syn::ImplItemConst {
        attrs: Vec::new(),
        vis: syn::Visibility::Inherited,
        defaultness: None,
        const_token: Default::default(),
        ident: ident(name),
        generics: syn::Generics::default(),
        colon_token: Default::default(),
        ty,
        eq_token: Default::default(),
        expr: value,
        semi_token: Default::default(),
    })
}

/// `pub type name = ty;`.
pub fn type_alias(attrs: Vec<syn::Attribute>, name: &str, ty: syn::Type) -> syn::Item {
    syn::Item::Type(syn::ItemType {
        attrs,
        vis: visibility(true),
        type_token: Default::default(),
        ident: ident(name),
        generics: syn::Generics::default(),
        eq_token: Default::default(),
        ty: Box::new(ty),
        semi_token: Default::default(),
    })
}

/// `pub enum name { variants }`.
pub fn enum_item(
    attrs: Vec<syn::Attribute>,
    name: &str,
    variants: impl IntoIterator<Item = syn::Variant>,
) -> syn::ItemEnum {
    syn::ItemEnum {
        attrs,
        vis: visibility(true),
        enum_token: Default::default(),
        ident: ident(name),
        generics: syn::Generics::default(),
        brace_token: Default::default(),
        variants: variants.into_iter().collect(),
    }
}

/// The enum variant `name`, or `name(value)` when it holds a value of that type.
pub fn variant(attrs: Vec<syn::Attribute>, name: &str, value: Option<syn::Type>) -> syn::Variant {
    let fields = match value {
        None => syn::Fields::Unit,
        Some(ty) => syn::Fields::Unnamed(syn::FieldsUnnamed {
            paren_token: Default::default(),
            unnamed: [syn::Field {
                attrs: Vec::new(),
                vis: syn::Visibility::Inherited,
                mutability: syn::FieldMutability::None,
                ident: None,
                colon_token: None,
                ty,
            }]
            .into_iter()
            .collect(),
        }),
    };
    syn::Variant {
        attrs,
        ident: ident(name),
        fields,
        discriminant: None,
    }
}

/// The item `path!(tokens);`.
pub fn item_macro(path: &[&str], tokens: proc_macro2::TokenStream) -> syn::Item {
    syn::Item::Macro(syn::ItemMacro {
        attrs: Vec::new(),
        ident: None,
        mac: super::macro_invocation(path, tokens),
        semi_token: Some(Default::default()),
    })
}

/// `Name<'lifetime>`, the type of a request builder.
pub fn with_lifetime(name: &str, lifetime: &str) -> syn::Type {
    generic_type(&[name], [lifetime_argument(lifetime)])
}

/// `&ty`, or `&'lifetime ty`.
pub fn reference_type(lifetime: Option<&str>, ty: syn::Type) -> syn::Type {
    syn::Type::Reference(syn::TypeReference {
        and_token: Default::default(),
        lifetime: lifetime.map(|name| syn::Lifetime::new(name, Span::call_site())),
        mutability: None,
        elem: Box::new(ty),
    })
}

/// `impl Into<String>`, what a method takes for a string so that `&str` works.
pub fn impl_into_string() -> syn::Type {
    let into = trait_bound(&["Into"], [syn::GenericArgument::Type(string_type())]);
    syn::Type::ImplTrait(syn::TypeImplTrait {
        impl_token: Default::default(),
        bounds: [into].into_iter().collect(),
    })
}

/// The bound `path<arguments>` (`serde::Deserializer<'de>`).
pub fn trait_bound(
    path: &[&str],
    arguments: impl IntoIterator<Item = syn::GenericArgument>,
) -> syn::TypeParamBound {
    let syn::Type::Path(bound) = generic_type(path, arguments) else {
        unreachable!("`generic_type` makes a path type")
    };
    syn::TypeParamBound::Trait(syn::TraitBound {
        paren_token: None,
        modifier: syn::TraitBoundModifier::None,
        lifetimes: None,
        path: bound.path,
    })
}

/// `()`.
pub fn unit_type() -> syn::Type {
    syn::Type::Tuple(syn::TypeTuple {
        paren_token: Default::default(),
        elems: Punctuated::new(),
    })
}

/// `String`.
pub fn string_type() -> syn::Type {
    generic_type(&["String"], [])
}

/// `pub`, or nothing.
pub fn visibility(public: bool) -> syn::Visibility {
    if public {
        syn::Visibility::Public(Default::default())
    } else {
        syn::Visibility::Inherited
    }
}
