//! Lower stage: `openapiv3` types -> the IR. Each spec quirk is a named rule, applied here once,
//! and every name is decided here, through one namespace per scope.

//!
//! The rules are listed, with where each applies, in [`crate::rules`].

mod binary;
mod compositions;
mod docs;
mod enums;
mod examples;
mod inline_schemas;
mod members;
pub mod naming;
mod operation;
mod pagination;
mod parameter_rules;
mod read_ahead;
mod recursion;
mod references;
mod responses;
mod schema;
mod unions;

use std::collections::{BTreeMap, HashMap, HashSet};

use openapiv3::{OpenAPI, PathItem, ReferenceOr, Schema};

use crate::ir::{Api, Server, TypeDef, TypeRef};
use crate::load::Document;
use crate::pointer;
use crate::rules::Rule;
use crate::{Diagnostic, Findings};

/// The IR of one description, and what lowering noticed on the way.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub api: Api,
    /// Rules applied and warnings, from loading and lowering, each with its location.
    pub findings: Vec<Diagnostic>,
}

/// What lowering needs to know about the API beyond its description.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options<'a> {
    /// The header that selects the API version (`Intercom-Version`): the client sends it on
    /// every request, so the header parameters of that name are not arguments.
    pub version_header: Option<&'a str>,
}

/// Lowers a loaded description to the IR, with no API-specific [`Options`].
pub fn lower(document: Document) -> Result<Lowered, Diagnostic> {
    lower_with(document, Options::default())
}

/// Lowers a loaded description to the IR, with the request examples validated and the
/// typed-coverage expectations of the generated crate's tests ([`Api::coverage`],
/// [`Api::payloads`]).
///
/// Defects the generator knows how to work around become warnings; lowering fails only on a
/// description it cannot make sense of. The description is consumed: its object model is freed
/// as soon as the IR is built.
pub fn lower_with(mut document: Document, options: Options<'_>) -> Result<Lowered, Diagnostic> {
    // Lowering reads the object model; the examples stage after it reads the tree, but only the
    // part of each path item it needs, and the component schemas. While the model is alive,
    // the paths are cut down as they are read, and the component schemas are text (parked
    // when loaded): of a 50 MB description, 300 and 160 MB of its 460 MB tree.
    let paths = document.take_paths();
    let (mut lowered, read_paths) = {
        let mut lowering = Lowering::new(&document, options);
        let (api, read_paths) = lowering.model(Some(paths))?;
        (lowering.finish(api), read_paths)
    };
    // The object model, the largest thing alive, is freed before the schemas are read back
    // (a 5 MB description peaked at 300 MB, 135 MB of it the model).
    drop(std::mem::take(&mut document.openapi));
    document.unpark_schemas();
    document.put_paths(read_paths);
    check_examples(&document.path, &document.tree, &mut lowered);
    Ok(lowered)
}

/// Validates the request examples of `lowered`'s IR and works out the typed-coverage
/// expectations, against the schemas of the description's JSON `tree` (read from `path`).
pub(in crate::lower) fn check_examples(
    path: &std::path::Path,
    tree: &serde_json::Value,
    lowered: &mut Lowered,
) {
    let mut findings = Findings::new(path);
    let api = &mut lowered.api;
    match examples::Schemas::new(tree) {
        Ok(mut schemas) => {
            examples::request_examples(&mut schemas, &mut api.operations, &mut findings);
            api.coverage = examples::example_coverage(&schemas, &api.operations, &api.types);
            api.payloads = examples::generated_payloads(&schemas, &api.operations, &api.types);
        }
        Err(error) => findings.warn(
            None,
            format!("examples not validated and payloads not generated: {error}"),
        ),
    }
    lowered.findings.extend(findings.into_vec());
}

/// Lowers a loaded description to the IR of its types and operations only, without checking
/// examples and with every `docs` left empty (descriptions are not rendered as rustdoc): what a
/// comparison of two descriptions reads, at a fraction of the cost.
pub fn lower_model(document: &Document, options: Options<'_>) -> Result<Lowered, Diagnostic> {
    let mut lowering = Lowering::new(document, options);
    lowering.render_docs = false;
    let (api, _) = lowering.model(None)?;
    Ok(lowering.finish(api))
}

impl Lowering<'_> {
    /// The types and operations, every rule applied. The operations are those of `paths`
    /// (`#/paths`, taken out of the document), which come back trimmed to what the examples
    /// stage reads ([`Lowering::operations_trimming`]); or, without, the document's own.
    fn model(
        &mut self,
        paths: Option<serde_json::Map<String, serde_json::Value>>,
    ) -> Result<(Api, serde_json::Map<String, serde_json::Value>), Diagnostic> {
        self.components();
        let (mut operations, read_paths) = match paths {
            Some(paths) => self.operations_trimming(paths)?,
            None => (self.operations()?, serde_json::Map::new()),
        };
        let mut types = std::mem::take(&mut self.types);
        binary::binary_as_strings(&mut types, &mut operations, &mut self.findings);
        recursion::break_alias_cycles(&mut types, &mut self.findings);
        recursion::box_cycles(&mut types, &mut self.findings);
        recursion::choose_placeholders(&mut types, &mut self.findings);
        let nesting_depth = recursion::nesting_depth(&types);
        unions::tag_variants(&mut types, &mut self.findings);
        let document = self.document;
        let openapi = &document.openapi;
        let api = Api {
            title: openapi.info.title.clone(),
            version: openapi.info.version.clone(),
            docs: self.docs(openapi.info.description.as_deref()),
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
            coverage: Default::default(),
            payloads: Vec::new(),
            nesting_depth,
        };
        Ok((api, read_paths))
    }

    /// The IR with every finding, the loader's first.
    fn finish(self, api: Api) -> Lowered {
        let mut findings = self.document.findings.clone();
        findings.extend(self.findings);
        Lowered {
            api,
            findings: findings.into_vec(),
        }
    }
}

/// The state of one lowering: names claimed so far, types defined so far, warnings.
struct Lowering<'a> {
    document: &'a Document,
    openapi: &'a OpenAPI,
    /// Rust type name of each component schema, by its key in `#/components/schemas`.
    component_names: BTreeMap<&'a str, String>,
    /// The same names, as a set.
    component_types: HashSet<String>,
    names: naming::Namespace,
    types: BTreeMap<String, TypeDef>,
    /// The named type each inline schema object was lowered to, by the object's address: an
    /// `allOf` merge lowers its members' properties again, and a schema written once is one
    /// type, not a copy per merge (`CreateTicketRequest2ContactsItem`).
    inline_types: HashMap<*const Schema, String>,
    /// The inline schema objects whose types are being lowered now: one met again inside its
    /// own lowering (an `allOf` member referring back to the object that holds it) is that
    /// type, where lowering it again would never end.
    inline_in_progress: HashSet<*const Schema>,
    /// The keys of `inline_types` added since [`Lowering::forget_inline_types`] last ran: while
    /// a path item is lowered, its own objects' and those of components it refers to.
    inline_types_added: Vec<*const Schema>,
    /// The inline types something refers to beyond the place that defined them (found through
    /// `inline_types`): they stay, even when a later `allOf` member redefines that place.
    inline_types_shared: HashSet<String>,
    findings: Findings,
    options: Options<'a>,
    /// How many unions nested in unions are getting the properties declared beside an outer
    /// one now (rule `composition-siblings`).
    sibling_depth: usize,
    /// Whether descriptions are rendered as rustdoc ([`lower_model`] does without).
    render_docs: bool,
}

impl<'a> Lowering<'a> {
    fn new(document: &'a Document, options: Options<'a>) -> Self {
        Self {
            options,
            document,
            openapi: &document.openapi,
            component_names: BTreeMap::new(),
            component_types: HashSet::new(),
            names: naming::Namespace::default(),
            types: BTreeMap::new(),
            inline_types: HashMap::new(),
            inline_in_progress: HashSet::new(),
            inline_types_added: Vec::new(),
            inline_types_shared: HashSet::new(),
            findings: Findings::new(&document.path),
            sibling_depth: 0,
            render_docs: true,
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
            let name = self.names.claim_at(
                &naming::type_name(key),
                &pointer::component_schema(key),
                &mut self.findings,
            );
            self.component_types.insert(name.clone());
            self.component_names.insert(key, name);
        }
        for key in allof_members_first(&schemas) {
            let name = self.component_names[key].clone();
            match schemas[key] {
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
        // Components live as long as the document: their inline types are never forgotten.
        self.inline_types_added.clear();
    }

    /// Forgets the inline types added since the last call (or since the components) of the
    /// objects written inside `item`: it is about to be dropped, and another object may then be
    /// allocated where one of them was. Those of the components it refers to stay.
    fn forget_inline_types(&mut self, item: &PathItem) {
        if self.inline_types_added.is_empty() {
            return;
        }
        let inside = inline_schemas::in_path_item(item);
        for address in self.inline_types_added.drain(..) {
            if inside.contains(&address) {
                self.inline_types.remove(&address);
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
        match self.component_name(reference) {
            Some(name) => TypeRef::Named(name.clone()),
            None => {
                self.findings.apply(
                    Rule::DanglingRef,
                    pointer,
                    format!("`{reference}` does not exist; typed as any JSON value"),
                );
                TypeRef::Any
            }
        }
    }

    /// The Rust name of the component schema `reference` points to, if it exists.
    fn component_name(&self, reference: &str) -> Option<&String> {
        let key = pointer::component_schema_key(reference)?;
        self.component_names.get(key.as_str())
    }

    /// Whether the type `ty` names (inside any arrays, maps and nullables) is a component
    /// schema's rather than an inline one's.
    fn names_component(&self, ty: &TypeRef) -> bool {
        ty.named()
            .is_some_and(|name| self.component_types.contains(name))
    }

    /// A description as rustdoc.
    fn docs(&self, text: Option<&str>) -> String {
        match text {
            Some(text) if self.render_docs => docs::to_rustdoc(text),
            _ => String::new(),
        }
    }
}

/// The component keys in the order they are lowered: key order, except that the components an
/// `allOf` merges come before it, so that the inline types they define are named after them
/// (`PageX`), not after the first schema that merges them (`MergedX`).
fn allof_members_first<'a>(schemas: &BTreeMap<&'a str, &'a ReferenceOr<Schema>>) -> Vec<&'a str> {
    let members = |key: &str| -> Vec<&'a str> {
        let all_of = match schemas[key] {
            ReferenceOr::Item(schema) => members::all_of_members(schema),
            ReferenceOr::Reference { .. } => &[],
        };
        all_of
            .iter()
            .filter_map(|member| match member {
                ReferenceOr::Reference { reference } => pointer::component_schema_key(reference),
                ReferenceOr::Item(_) => None,
            })
            .filter_map(|member| schemas.get_key_value(member.as_str()).map(|(key, _)| *key))
            .collect()
    };
    let mut order = Vec::with_capacity(schemas.len());
    let mut seen = HashSet::new();
    // Depth first, members before the schema that merges them; a stack rather than recursion,
    // so that a long chain of merges cannot overflow it.
    for &root in schemas.keys() {
        if !seen.insert(root) {
            continue;
        }
        let mut stack = vec![(root, members(root).into_iter())];
        while let Some((key, pending)) = stack.last_mut() {
            match pending.next() {
                Some(member) if seen.insert(member) => {
                    let next = members(member).into_iter();
                    stack.push((member, next));
                }
                Some(_) => {}
                None => {
                    order.push(*key);
                    stack.pop();
                }
            }
        }
    }
    order
}
