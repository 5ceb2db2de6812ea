//! What the operations reach: the types a request carries, and the types each operation module
//! uses (the Cargo features of a generated crate).

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Api, TypeKind, TypeRef};
use super::Operation;

impl Api {
    /// The names of the types a request can carry: those reachable from a request body or a
    /// parameter.
    pub fn request_types(&self) -> BTreeSet<&str> {
        let mut reached = BTreeSet::new();
        let roots = self.operations.iter().flat_map(|operation| {
            let parameters = operation.parameters.iter().map(|parameter| &parameter.ty);
            parameters.chain(operation.body.iter().map(|body| &body.ty))
        });
        self.walk(roots, |name| {
            reached.insert(name);
            true
        });
        reached
    }

    /// For every type some operation uses, the operation modules that use it (each module is
    /// a Cargo feature of the generated crate), through its parameters, body and responses,
    /// then fields, union variants, aliases, arrays and maps; [`Usage::Many`] once more than
    /// `limit` do. A type no operation uses is absent.
    pub fn modules_using_types(&self, limit: usize) -> BTreeMap<&str, Usage<'_>> {
        let mut using: BTreeMap<&str, Usage> = BTreeMap::new();
        for operations in self.operations.chunk_by(|a, b| a.module == b.module) {
            let module = operations[0].module.as_str();
            self.walk(operations.iter().flat_map(Operation::types), |name| {
                let usage = using.entry(name).or_insert(Usage::Modules(BTreeSet::new()));
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
        using
    }

    /// The operation modules, in order.
    pub fn modules(&self) -> Vec<&str> {
        let mut modules: Vec<&str> = self.operations.iter().map(|o| o.module.as_str()).collect();
        modules.dedup();
        modules
    }

    /// Visits each type `roots` reach once, through fields, union variants, aliases, arrays and
    /// maps; what a type reaches is visited only if `visit` returns `true` for it.
    fn walk<'a>(
        &'a self,
        roots: impl IntoIterator<Item = &'a TypeRef>,
        mut visit: impl FnMut(&'a str) -> bool,
    ) {
        let mut seen = std::collections::HashSet::new();
        let mut pending: Vec<&TypeRef> = roots.into_iter().collect();
        while let Some(ty) = pending.pop() {
            let Some(name) = ty.named() else { continue };
            let Some(definition) = self.types.get(name) else {
                continue;
            };
            if !seen.insert(definition.name.as_str()) || !visit(definition.name.as_str()) {
                continue;
            }
            match &definition.kind {
                TypeKind::Struct(object) => {
                    pending.extend(object.fields.iter().map(|field| &field.ty));
                    pending.extend(&object.additional_properties);
                }
                TypeKind::Union(union) => {
                    pending.extend(union.variants.iter().map(|variant| &variant.ty));
                }
                TypeKind::Alias(target) => pending.push(target),
                TypeKind::Enum(_) => {}
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
