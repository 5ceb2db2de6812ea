//! `$ref`s to components: one resolver for every kind of component the lowering follows.

use indexmap::IndexMap;
use openapiv3::{
    Components, Example, Header, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema,
};

use crate::pointer;

/// A kind of object that `#/components` holds, by name, and that a `$ref` may point to.
pub(super) trait Component: Sized + 'static {
    /// The section of `#/components` (`parameters`), for references and messages.
    const SECTION: &'static str;

    /// What the kind is called in a message ("parameter").
    const NOUN: &'static str;

    /// The components of this kind.
    fn all(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! component {
    ($type:ty, $section:literal, $noun:literal, $field:ident) => {
        impl Component for $type {
            const SECTION: &'static str = $section;
            const NOUN: &'static str = $noun;
            fn all(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
        }
    };
}

component!(Schema, "schemas", "schema", schemas);
component!(Parameter, "parameters", "parameter", parameters);
component!(Response, "responses", "response", responses);
component!(RequestBody, "requestBodies", "request body", request_bodies);
component!(Example, "examples", "example", examples);
component!(Header, "headers", "header", headers);

/// A reference that leads to no component: its target does not exist, is of another kind, is
/// outside the document, or is one of a cycle of references.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unresolved {
    pub reference: String,
    pub noun: &'static str,
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot resolve {} `{}`", self.noun, self.reference)
    }
}

/// The component `item` is, or refers to through any number of references.
pub(super) fn resolve<'a, T: Component>(
    openapi: &'a OpenAPI,
    item: &'a ReferenceOr<T>,
) -> Result<&'a T, Unresolved> {
    match item {
        ReferenceOr::Item(item) => Ok(item),
        ReferenceOr::Reference { reference } => resolve_reference(openapi, reference),
    }
}

/// The component `reference` points to, through any number of further references.
pub(super) fn resolve_reference<'a, T: Component>(
    openapi: &'a OpenAPI,
    reference: &str,
) -> Result<&'a T, Unresolved> {
    let unresolved = || Unresolved {
        reference: reference.to_owned(),
        noun: T::NOUN,
    };
    let components = openapi.components.as_ref().ok_or_else(unresolved)?;
    let all = T::all(components);
    let mut current = reference;
    // A chain longer than the number of components has gone round a cycle.
    for _ in 0..=all.len() {
        let key = current
            .strip_prefix("#/components/")
            .and_then(|rest| rest.strip_prefix(T::SECTION))
            .and_then(|rest| rest.strip_prefix('/'))
            .map(pointer::unescape)
            .ok_or_else(unresolved)?;
        match all.get(key.as_ref()).ok_or_else(unresolved)? {
            ReferenceOr::Item(item) => return Ok(item),
            ReferenceOr::Reference { reference } => current = reference,
        }
    }
    Err(unresolved())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn openapi(yaml: &str) -> OpenAPI {
        serde_yaml::from_str(yaml).expect("a valid document")
    }

    #[test]
    fn references_resolve_through_chains_and_stop_at_cycles() {
        let openapi = openapi(
            "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  parameters:\n    a: {$ref: '#/components/parameters/b'}\n    b: {name: id, in: query, schema: {type: string}}\n    c: {$ref: '#/components/parameters/d'}\n    d: {$ref: '#/components/parameters/c'}\n    a~1b: {name: slash, in: query, schema: {type: string}}\n",
        );
        let found: &Parameter =
            resolve_reference(&openapi, "#/components/parameters/a").expect("resolves");
        assert_eq!(found.parameter_data_ref().name, "id");
        let escaped: &Parameter =
            resolve_reference(&openapi, "#/components/parameters/a~01b").expect("resolves");
        assert_eq!(escaped.parameter_data_ref().name, "slash");
        let cycle = resolve_reference::<Parameter>(&openapi, "#/components/parameters/c");
        assert_eq!(
            cycle.unwrap_err().to_string(),
            "cannot resolve parameter `#/components/parameters/c`"
        );
        let wrong_kind = resolve_reference::<Response>(&openapi, "#/components/parameters/b");
        assert!(wrong_kind.is_err());
    }
}
