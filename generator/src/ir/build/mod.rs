//! Building the IR from a loaded document. Each spec quirk is a named rule, applied here once.
//!
//! | rule | where |
//! |---|---|
//! | `ref-siblings` | [`crate::load`]: `{$ref, nullable}` survives parsing |
//! | `dangling-ref` | [`Builder::resolve_ref`] |
//! | `name-collisions`, `symbol-names` | [`crate::ir::naming`] |
//! | `untyped-schemas`, `free-form-objects`, `all-of-merge`, `variant-names` | [`schema`] |
//! | `recursive-types` | [`recursion`] |
//! | `union-tags` | [`unions`] |
//! | `invalid-examples` | [`validate`] |
//! | `version-header`, `path-param-in-query`, `undeclared-path-param`, `missing-operation-id`, `example-without-schema`, `undocumented-success-body`, `error-bodies`, `media-types` | [`operation`] |

mod operation;
mod recursion;
mod schema;
mod unions;
mod validate;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::ir::{docs, naming, Api, Server, TypeDef, TypeRef};
use crate::load::Document;
use crate::Diagnostic;

const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

/// The IR of one description, and what the build noticed on the way.
#[derive(Debug, Clone)]
pub struct Built {
    pub api: Api,
    /// Spec defects worked around (each names its rule and location).
    pub warnings: Vec<Diagnostic>,
}

/// Builds the IR of a loaded description.
///
/// Defects the generator knows how to work around become warnings; the build fails only on a
/// description it cannot make sense of.
pub fn build(document: &Document) -> Result<Built, Diagnostic> {
    let mut builder = Builder::new(document);
    builder.components();
    let mut operations = builder.operations()?;
    validate::request_examples(document, &mut operations, &mut builder.warnings);
    let mut types = builder.types;
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
    Ok(Built {
        api,
        warnings: builder.warnings,
    })
}

/// The state of one IR build: names claimed so far, types defined so far, warnings.
struct Builder<'a> {
    document: &'a Document,
    openapi: &'a OpenAPI,
    /// Rust type name of each component schema, by its key in `#/components/schemas`.
    component_names: BTreeMap<&'a str, String>,
    names: naming::Namespace,
    types: BTreeMap<String, TypeDef>,
    warnings: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    fn new(document: &'a Document) -> Self {
        Self {
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
                    let pointer = format!("{SCHEMA_REF_PREFIX}{}", crate::ir::pointer_escape(key));
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
        let key = reference.strip_prefix(SCHEMA_REF_PREFIX)?;
        match self.openapi.components.as_ref()?.schemas.get(key)? {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.component(reference),
        }
    }

    /// Rule `dangling-ref`: a reference to a schema that does not exist (2.9 and 2.11 point at
    /// `#/components/schemas/custom_attributes`, which they never define) is typed as any JSON
    /// value, with a warning, instead of failing the build.
    fn resolve_ref(&mut self, reference: &str, pointer: &str) -> TypeRef {
        let name = reference
            .strip_prefix(SCHEMA_REF_PREFIX)
            .and_then(|key| self.component_names.get(key));
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
