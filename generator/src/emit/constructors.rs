//! `new` constructors for the structs a request carries: they take the required fields and fill
//! in the rest, so a request cannot be built without what the spec requires.
//!
//! A required field whose type allows one value only (the `type: [admin]` of most Intercom
//! objects) is not an argument: it is a `Tag`, whose `Default` is that value.
//! A struct with a constructor has no `Default` ([`Api::has_default`]): `new` fills the fields
//! it does not take from the struct's placeholder, which for them is their valid unset value
//! (optional fields absent, single values filled in).

use quote::quote;

use super::definitions::placeholder_value;
use super::rust::{doc_attribute, generic_type, list_attribute, path_type, rust_type, Scope};
use super::syntax::{self, Receiver, Signature};
use super::Code;
use crate::ir::{Api, ArgumentForm, Field, Slot, Struct, TypeRef};

/// `impl Name { pub fn new(..) -> Self }`, or nothing when no field needs an argument; for a
/// struct with a choice of required keys, one constructor per choice instead (`with_email`).
pub fn constructor(api: &Api, name: &str, object: &Struct) -> Code {
    let required = api.constructor_arguments(object);
    let constructors: Vec<syn::ImplItem> = if object.required_choices.is_empty() {
        if required.is_empty() {
            return Code::Items(Vec::new());
        }
        let docs = format!("Builds a `{name}` from its required fields; the others are unset.");
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
                    "Builds a `{name}` with {}, one of the choices the spec requires{and_required}; \
                     the others are unset.",
                    keys.join(" and ")
                );
                function(&choice.constructor, &docs, &required, &chosen)
            })
            .collect()
    };
    let ty = generic_type(&[name], []);
    Code::Items(vec![syntax::impl_block(None, ty, constructors)])
}

/// One constructor taking the `required` fields, then the `chosen` optional ones (as values).
fn function(name: &str, docs: &str, required: &[&Field], chosen: &[&Field]) -> syn::ImplItem {
    let variable = |field: &Field| syntax::path(&[&field.ident]);
    let parameters = required
        .iter()
        .map(|field| {
            let ty = rust_type(&field.ty, Scope::Models);
            let ty = match field.argument_form() {
                ArgumentForm::IntoString => syntax::impl_into_string(),
                ArgumentForm::Option => path_type(&["Option"], [ty]),
                ArgumentForm::Plain => ty,
            };
            (field.ident.clone(), ty)
        })
        .chain(chosen.iter().map(|field| {
            let ty = match field.ty {
                TypeRef::String => syntax::impl_into_string(),
                _ => rust_type(&field.ty, Scope::Models),
            };
            (field.ident.clone(), ty)
        }));
    let initializers = required
        .iter()
        .map(|field| {
            let value = match (field.boxed, field.argument_form()) {
                (true, ArgumentForm::Option) => Some(syntax::method(
                    variable(field),
                    "map",
                    [syntax::path(&["Box", "new"])],
                )),
                (true, _) => Some(syntax::call(&["Box", "new"], [variable(field)])),
                (false, ArgumentForm::IntoString) => {
                    Some(syntax::method(variable(field), "into", []))
                }
                (false, _) => None,
            };
            (field.ident.clone(), value)
        })
        .chain(chosen.iter().map(|field| {
            let mut value = match field.ty {
                TypeRef::String => syntax::method(variable(field), "into", []),
                _ => variable(field),
            };
            if field.boxed {
                value = syntax::call(&["Box", "new"], [value]);
            }
            let value = match field.slot() {
                Slot::Nullable => syntax::call(&["intercom_runtime", "Nullable", "Value"], [value]),
                _ => syntax::call(&["Some"], [value]),
            };
            (field.ident.clone(), Some(value))
        }));
    let lint = (required.len() + chosen.len() > 7)
        .then(|| list_attribute("allow", quote! { clippy::too_many_arguments }));
    let signature = Signature {
        attrs: doc_attribute(docs).into_iter().chain(lint).collect(),
        public: true,
        name: name.to_owned(),
        generics: syn::Generics::default(),
        receiver: Receiver::None,
        inputs: parameters.collect(),
        output: generic_type(&["Self"], []),
    };
    let body = syntax::structure_updating(&["Self"], initializers, placeholder_value());
    syntax::method_item(signature, vec![syntax::tail(body)])
}
