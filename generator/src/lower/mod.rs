//! Lower stage: `openapiv3` types -> the IR. Each spec quirk is a named rule, applied here once,
//! and every name is decided here, through one namespace per scope.
//!
//! | rule | where |
//! |---|---|
//! | `ref-siblings` | `crate::load`: `{$ref, nullable}` survives parsing |
//! | `dangling-ref` | `Lowering::resolve_ref` |
//! | `name-collisions`, `symbol-names` | `naming` |
//! | `untyped-schemas`, `free-form-objects`, `all-of-merge`, `variant-names` | `schema` |
//! | `recursive-types` | `recursion` |
//! | `pages-without-parameter` | `pagination` |
//! | `union-tags` | `unions` |
//! | `invalid-examples` | `examples` |
//! | `version-header`, `version-header-mismatch`, `string-parameter` | `parameter_rules` |
//! | `single-value-header`, `required-body`, `documented-redirect`, `path-param-in-query`, `undeclared-path-param`, `missing-operation-id`, `example-without-schema`, `undocumented-success-body`, `error-bodies`, `media-types` | `operation` |

mod docs;
mod examples;
pub mod naming;
mod operation;
mod pagination;
mod parameter_rules;
mod recursion;
mod references;
mod schema;
mod unions;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::ir::{Api, Server, TypeDef, TypeRef};
use crate::load::Document;
use crate::pointer;
use crate::Diagnostic;

/// The IR of one description, and what lowering noticed on the way.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub api: Api,
    /// Spec defects worked around (each names its rule and location).
    pub warnings: Vec<Diagnostic>,
}

/// What lowering needs to know about the API beyond its description.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options<'a> {
    /// The header that selects the API version (`Intercom-Version`): the client sends it on
    /// every request, so the header parameters of that name are not arguments.
    pub version_header: Option<&'a str>,
}

/// Lowers a loaded description to the IR, with no API-specific [`Options`].
pub fn lower(document: &Document) -> Result<Lowered, Diagnostic> {
    lower_with(document, Options::default())
}

/// Lowers a loaded description to the IR.
///
/// Defects the generator knows how to work around become warnings; lowering fails only on a
/// description it cannot make sense of.
pub fn lower_with(document: &Document, options: Options<'_>) -> Result<Lowered, Diagnostic> {
    let mut lowering = Lowering::new(document, options);
    lowering.components();
    let mut operations = lowering.operations()?;
    examples::request_examples(document, &mut operations, &mut lowering.warnings);
    let mut types = lowering.types;
    recursion::box_cycles(&mut types);
    unions::tag_variants(&mut types);
    let openapi = &document.openapi;
    let api = Api {
        title: openapi.info.title.clone(),
        version: openapi.info.version.clone(),
        docs: docs::to_rustdoc(openapi.info.description.as_deref().unwrap_or_default()),
        servers: openapi
            .servers
            .iter()
            .map(|server| Server {
                url: server.url.trim_end_matches('/').to_owned(),
                description: server.description.clone().unwrap_or_default(),
            })
            .collect(),
        types,
        operations,
    };
    Ok(Lowered {
        api,
        warnings: lowering.warnings,
    })
}

/// The state of one lowering: names claimed so far, types defined so far, warnings.
struct Lowering<'a> {
    document: &'a Document,
    openapi: &'a OpenAPI,
    /// Rust type name of each component schema, by its key in `#/components/schemas`.
    component_names: BTreeMap<&'a str, String>,
    names: naming::Namespace,
    types: BTreeMap<String, TypeDef>,
    warnings: Vec<Diagnostic>,
    options: Options<'a>,
}

impl<'a> Lowering<'a> {
    fn new(document: &'a Document, options: Options<'a>) -> Self {
        Self {
            options,
            document,
            openapi: &document.openapi,
            component_names: BTreeMap::new(),
            names: naming::Namespace::default(),
            types: BTreeMap::new(),
            warnings: Vec::new(),
        }
    }

    /// Names every component schema first, in key order, so that references resolve and
    /// component names win over inline names derived later.
    fn components(&mut self) {
        let Some(components) = &self.openapi.components else {
            return;
        };
        let schemas: BTreeMap<&'a str, &'a ReferenceOr<Schema>> = components
            .schemas
            .iter()
            .map(|(key, schema)| (key.as_str(), schema))
            .collect();
        // Keys that are already identifiers (`ticket_type`) claim their names before keys that
        // only become them by case conversion (`ticket.type`).
        let mut claim_order: Vec<&'a str> = schemas.keys().copied().collect();
        claim_order.sort_by_key(|key| (!naming::is_snake_case(key), *key));
        for key in claim_order {
            let name = self.names.claim(&naming::type_name(key));
            self.component_names.insert(key, name);
        }
        for (key, schema) in schemas {
            let name = self.component_names[key].clone();
            match schema {
                ReferenceOr::Item(schema) => self.define_component(key, &name, schema),
                ReferenceOr::Reference { reference } => {
                    let pointer = pointer::component_schema(key);
                    let target = self.resolve_ref(reference, &pointer);
                    self.types.insert(
                        name.clone(),
                        TypeDef {
                            name,
                            source: pointer,
                            docs: String::new(),
                            deprecated: false,
                            kind: crate::ir::TypeKind::Alias(target),
                            examples: Vec::new(),
                        },
                    );
                }
            }
        }
    }

    /// The component schema a `$ref` points to, if it exists.
    fn component(&self, reference: &str) -> Option<&'a Schema> {
        references::resolve_reference(self.openapi, reference).ok()
    }

    /// Rule `dangling-ref`: a reference to a schema that does not exist (2.9 and 2.11 point at
    /// `#/components/schemas/custom_attributes`, which they never define) is typed as any JSON
    /// value, with a warning, instead of failing the build.
    fn resolve_ref(&mut self, reference: &str, pointer: &str) -> TypeRef {
        let name = pointer::component_schema_key(reference)
            .and_then(|key| self.component_names.get(key.as_str()));
        match name {
            Some(name) => TypeRef::Named(name.clone()),
            None => {
                self.warn(
                    pointer,
                    format!(
                        "rule dangling-ref: `{reference}` does not exist; typed as any JSON value"
                    ),
                );
                TypeRef::Any
            }
        }
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Diagnostic::new(
            &self.document.path,
            Some(pointer.to_owned()),
            message,
        ));
    }

    fn docs(&self, text: Option<&str>) -> String {
        docs::to_rustdoc(text.unwrap_or_default())
    }
}
