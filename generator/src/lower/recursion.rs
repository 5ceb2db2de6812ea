//! Rule `recursive-types`: a type that contains itself without indirection (such as
//! `multiple_filter_search_request`, whose `value` may be another
//! `multiple_filter_search_request`) would have infinite size, so the field or variant that
//! closes the cycle is boxed. Arrays and maps already allocate, so cycles through them are fine.
//! A boxed field is also made optional: JSON values are finite, so every cycle ends in an
//! absent value, and a required one would give the type an infinite `Default`.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::rules::Rule;
use crate::{pointer, Findings};

/// Sets `boxed` on every field and variant that leads back to its own type inline.
pub(super) fn box_cycles(types: &mut BTreeMap<String, TypeDef>, findings: &mut Findings) {
    let edges: BTreeMap<String, Vec<String>> = types
        .values()
        .map(|definition| (definition.name.clone(), inline_children(&definition.kind)))
        .collect();
    for definition in types.values_mut() {
        let owner = definition.name.clone();
        let closes_cycle = |ty: &TypeRef| match ty {
            TypeRef::Named(child) => reaches(&edges, child, &owner),
            _ => false,
        };
        match &mut definition.kind {
            TypeKind::Struct(object) => {
                for field in &mut object.fields {
                    field.boxed = closes_cycle(&field.ty);
                    field.required &= !field.boxed;
                    if field.boxed {
                        let at = pointer::join(&definition.source, ["properties", &field.name]);
                        findings.apply(Rule::RecursiveTypes, &at, "closes a cycle; boxed");
                    }
                }
            }
            TypeKind::Union(union) => {
                for variant in &mut union.variants {
                    variant.boxed = closes_cycle(&variant.ty);
                    if variant.boxed {
                        let detail = format!("variant `{}` closes a cycle; boxed", variant.ident);
                        findings.apply(Rule::RecursiveTypes, &definition.source, detail);
                    }
                }
            }
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
}

/// The named types a type holds by value.
fn inline_children(kind: &TypeKind) -> Vec<String> {
    let named = |ty: &TypeRef| match ty {
        TypeRef::Named(name) => Some(name.clone()),
        _ => None,
    };
    match kind {
        TypeKind::Struct(object) => object.fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Union(union) => union.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Whether `target` can be reached from `start` through types held by value.
fn reaches(edges: &BTreeMap<String, Vec<String>>, start: &str, target: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(name) = stack.pop() {
        if name == target {
            return true;
        }
        if seen.insert(name) {
            stack.extend(edges.get(name).into_iter().flatten().map(String::as_str));
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Struct};

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            name: name.into(),
            ident: name.into(),
            ty,
            required: false,
            nullable: false,
            boxed: false,
            docs: String::new(),
            deprecated: false,
            examples: Vec::new(),
        }
    }

    fn object(name: &str, fields: Vec<Field>) -> (String, TypeDef) {
        let definition = TypeDef {
            name: name.into(),
            source: String::new(),
            docs: String::new(),
            deprecated: false,
            kind: TypeKind::Struct(Struct {
                fields,
                additional_properties: None,
            }),
            examples: Vec::new(),
        };
        (name.into(), definition)
    }

    fn boxed_fields(types: &BTreeMap<String, TypeDef>, name: &str) -> Vec<(String, bool)> {
        let TypeKind::Struct(object) = &types[name].kind else {
            panic!("{name} is a struct")
        };
        object
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.boxed))
            .collect()
    }

    #[test]
    fn only_the_fields_that_close_an_inline_cycle_are_boxed() {
        let mut types = BTreeMap::from([
            object(
                "Query",
                vec![
                    field("nested", TypeRef::Named("Query".into())),
                    field(
                        "many",
                        TypeRef::Array(Box::new(TypeRef::Named("Query".into()))),
                    ),
                    field("via", TypeRef::Named("Wrapper".into())),
                    field("leaf", TypeRef::Named("Leaf".into())),
                ],
            ),
            object(
                "Wrapper",
                vec![field("query", TypeRef::Named("Query".into()))],
            ),
            object("Leaf", vec![field("name", TypeRef::String)]),
        ]);
        box_cycles(&mut types, &mut Findings::default());
        assert_eq!(
            boxed_fields(&types, "Query"),
            [
                ("nested".into(), true),
                ("many".into(), false),
                ("via".into(), true),
                ("leaf".into(), false)
            ]
        );
        assert_eq!(boxed_fields(&types, "Wrapper"), [("query".into(), true)]);
    }
}
