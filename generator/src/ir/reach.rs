//! What the operations reach: the types a request carries, and the types each operation module
//! uses (the Cargo features of a generated crate).

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Api, TypeRef};
use super::Operation;

impl Api {
    /// The names of the types a request can carry: those reachable from a request body or a
    /// parameter.
    pub fn request_types(&self) -> BTreeSet<&str> {
        let roots = self.operations.iter().flat_map(|operation| {
            let parameters = operation.parameters.iter().map(|parameter| &parameter.ty);
            parameters.chain(operation.body.iter().map(|body| &body.ty))
        });
        TypeGraph::new(self).reachable(roots)
    }

    /// For every type some operation uses, the operation modules that use it (each module is
    /// a Cargo feature of the generated crate), through its parameters, body and responses,
    /// then fields, union variants, aliases, arrays and maps; [`Usage::Many`] once more than
    /// `limit` do. A type no operation uses is absent.
    pub fn modules_using_types(&self, limit: usize) -> BTreeMap<&str, Usage<'_>> {
        let graph = TypeGraph::new(self);
        let mut using: Vec<Option<Usage>> = vec![None; graph.names.len()];
        let mut walk = Walk::new(&graph);
        for operations in self.operations.chunk_by(|a, b| a.module == b.module) {
            let module = operations[0].module.as_str();
            walk.run(operations.iter().flat_map(Operation::types), |index| {
                let usage = using[index].get_or_insert(Usage::Modules(BTreeSet::new()));
                let Usage::Modules(modules) = usage else {
                    // What a type reaches, the modules that use it reach too: all `Many`
                    // already, so the walk need not go on (and stays linear).
                    return false;
                };
                modules.insert(module);
                if modules.len() > limit {
                    *usage = Usage::Many;
                }
                true
            });
        }
        graph
            .names
            .iter()
            .zip(using)
            .filter_map(|(name, usage)| Some((*name, usage?)))
            .collect()
    }

    /// The operation modules, in order.
    pub fn modules(&self) -> Vec<&str> {
        let mut modules: Vec<&str> = self.operations.iter().map(|o| o.module.as_str()).collect();
        modules.dedup();
        modules
    }
}

/// The types of an API by index (their order in [`Api::types`]), each with the types it refers
/// to through fields, union variants, aliases, arrays and maps: walks over it look no name up.
/// A module's walk visits hundreds of types where components refer to one another in long
/// chains, and looking each up by name was most of the time of emitting the models.
pub struct TypeGraph<'a> {
    names: Vec<&'a str>,
    edges: Vec<Vec<usize>>,
}

impl<'a> TypeGraph<'a> {
    pub fn new(api: &'a Api) -> Self {
        let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
        let edges = api
            .types
            .values()
            .map(|definition| {
                let referenced = definition.referenced_types().into_iter();
                referenced
                    .filter_map(|name| names.binary_search(&name).ok())
                    .collect()
            })
            .collect();
        TypeGraph { names, edges }
    }

    /// The names of the types `roots` reach.
    pub fn reachable<'t>(&self, roots: impl IntoIterator<Item = &'t TypeRef>) -> BTreeSet<&'a str> {
        let mut reached = BTreeSet::new();
        Walk::new(self).run(roots, |index| {
            reached.insert(self.names[index]);
            true
        });
        reached
    }
}

/// The index in `names` (sorted) of the type `ty` names, if it names one.
fn index(names: &[&str], ty: &TypeRef) -> Option<usize> {
    names.binary_search(&ty.named()?).ok()
}

/// Walks over a [`TypeGraph`], each visiting every type its roots reach once; one walk's marks are
/// told from another's by a number, so they need no clearing.
struct Walk<'g, 'a> {
    graph: &'g TypeGraph<'a>,
    /// The walk that last visited each type (0: none).
    visited_by: Vec<u32>,
    walk: u32,
    pending: Vec<usize>,
}

impl<'g, 'a> Walk<'g, 'a> {
    fn new(graph: &'g TypeGraph<'a>) -> Self {
        Walk {
            graph,
            visited_by: vec![0; graph.names.len()],
            walk: 0,
            pending: Vec::new(),
        }
    }

    /// Visits each type `roots` reach once; what a type reaches is visited only if `visit`
    /// returns `true` for it.
    fn run<'t>(
        &mut self,
        roots: impl IntoIterator<Item = &'t TypeRef>,
        mut visit: impl FnMut(usize) -> bool,
    ) {
        self.walk += 1;
        let names = &self.graph.names;
        self.pending
            .extend(roots.into_iter().filter_map(|ty| index(names, ty)));
        while let Some(type_index) = self.pending.pop() {
            if self.visited_by[type_index] == self.walk {
                continue;
            }
            self.visited_by[type_index] = self.walk;
            if visit(type_index) {
                self.pending.extend(&self.graph.edges[type_index]);
            }
        }
    }
}

impl Operation {
    /// The types the operation's signature and responses name directly.
    pub fn types(&self) -> impl Iterator<Item = &TypeRef> {
        let parameters = self.parameters.iter().map(|parameter| &parameter.ty);
        let responses = self
            .responses
            .iter()
            .filter_map(|response| response.body.json());
        parameters
            .chain(self.body.iter().map(|body| &body.ty))
            .chain(responses)
            .chain(self.success.json())
            .chain([&self.error])
    }
}

/// Which operation modules use a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usage<'a> {
    /// These modules, no more than the limit asked for.
    Modules(BTreeSet<&'a str>),
    /// More modules than the limit.
    Many,
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::Usage;

    /// `a` reaches `First -> Middle -> Last`, `b` only `Last`; `b`'s request body is `Body`.
    const SPEC: &str = r##"
openapi: 3.0.1
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      tags: [a]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/First'}
  /b:
    post:
      operationId: postB
      tags: [b]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Body'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Last'}}
components:
  schemas:
    First: {type: object, properties: {middle: {$ref: '#/components/schemas/Middle'}}}
    Middle: {type: object, properties: {last: {$ref: '#/components/schemas/Last'}}}
    Last: {type: object, properties: {name: {type: string}}}
    Body: {type: object, properties: {tags: {type: object, additionalProperties: {$ref: '#/components/schemas/Last'}}}}
    Unused: {type: object, properties: {x: {type: string}}}
"##;

    #[test]
    fn types_are_reached_through_references_and_shared_types_become_many() {
        let document = crate::load::parse(Path::new("spec.yaml"), SPEC).expect("spec parses");
        let api = crate::lower::lower(document).expect("spec builds").api;
        let only = |module: &'static str| Usage::Modules(BTreeSet::from([module]));
        let using = api.modules_using_types(2);
        assert_eq!(using["First"], only("a"));
        assert_eq!(using["Middle"], only("a"));
        assert_eq!(using["Body"], only("b"));
        assert_eq!(using["Last"], Usage::Modules(BTreeSet::from(["a", "b"])));
        assert!(!using.contains_key("Unused"));
        assert_eq!(api.modules_using_types(1)["Last"], Usage::Many);
        assert_eq!(
            api.request_types().into_iter().collect::<Vec<_>>(),
            ["Body", "Last"]
        );
    }
}
