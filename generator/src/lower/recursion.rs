//! Rule `recursive-types`: a type that contains itself without indirection (such as
//! `multiple_filter_search_request`, whose `value` may be another
//! `multiple_filter_search_request`) would have infinite size, so the field or variant that
//! closes the cycle is boxed. Arrays and maps already allocate, so cycles through them are fine.
//! A boxed field is also made optional: JSON values are finite, so every cycle ends in an
//! absent value, and a required one would give the type an infinite `Default`.
//!
//! Rule `alias-cycle`: type aliases that expand to themselves (`A: {$ref: B}`, `B: {$ref: A}`,
//! `allOf: [self]`, an array of itself) are not Rust; the reference that closes the cycle is
//! typed as any JSON value.
//!
//! A union whose every variant is another such union (`U1: oneOf [U2, U3]`, `U2: oneOf [U1,
//! U3]`, ...) has no JSON value either: it falls under `alias-cycle` too, and becomes any JSON
//! value. Every other union gets a placeholder variant that ends.
//!
//! The first two are decided on the strongly connected components of the type graph (Tarjan's
//! algorithm, linear in the number of references, iterative so a 10,000-deep chain needs no deep
//! stack); the unions' values breadth first from the types that hold one, linear too.

use std::collections::{BTreeMap, VecDeque};

use foldhash::{HashMap, HashMapExt};

use crate::ir::{TypeDef, TypeKind, TypeRef, Union, UnionVariant};
use crate::rules::Rule;
use crate::{pointer, Findings};

/// The types as a graph: node `i` is the `i`-th type in name order.
struct Graph<'t> {
    index: HashMap<&'t str, usize>,
    edges: Vec<Vec<usize>>,
}

impl<'t> Graph<'t> {
    /// The graph whose edges are the named types `children` lists for each type.
    fn new(
        types: &'t BTreeMap<String, TypeDef>,
        children: impl Fn(&'t TypeDef) -> Vec<&'t str>,
    ) -> Self {
        let index: HashMap<&str, usize> = types
            .keys()
            .enumerate()
            .map(|(i, name)| (name.as_str(), i))
            .collect();
        let edges = types
            .values()
            .map(|definition| {
                children(definition)
                    .into_iter()
                    .filter_map(|child| index.get(child).copied())
                    .collect()
            })
            .collect();
        Self { index, edges }
    }
}

/// Sets `boxed` on every field and variant that leads back to its own type inline.
pub(super) fn box_cycles(types: &mut BTreeMap<String, TypeDef>, findings: &mut Findings) {
    let (components, index) = {
        let graph = Graph::new(types, |definition| inline_children(&definition.kind));
        (strongly_connected(&graph.edges), graph.index_owned())
    };
    let component_of = |name: &str| index.get(name).map(|&i| components[i]);
    for definition in types.values_mut() {
        let owner = component_of(&definition.name);
        let closes_cycle = |ty: &TypeRef| match ty {
            TypeRef::Named(child) => owner.is_some() && component_of(child) == owner,
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

/// Rule `alias-cycle`: in every alias that is part of a cycle of aliases, the references to the
/// cycle's members become any JSON value.
pub(super) fn break_alias_cycles(types: &mut BTreeMap<String, TypeDef>, findings: &mut Findings) {
    let (components, index) = {
        let graph = Graph::new(types, |definition| match &definition.kind {
            TypeKind::Alias(ty) => named_in(ty)
                .into_iter()
                .filter(|child| {
                    matches!(types.get(*child).map(|t| &t.kind), Some(TypeKind::Alias(_)))
                })
                .collect(),
            _ => Vec::new(),
        });
        (strongly_connected(&graph.edges), graph.index_owned())
    };
    let component_of = |name: &str| index.get(name).map(|&i| components[i]);
    for definition in types.values_mut() {
        let own = component_of(&definition.name);
        let TypeKind::Alias(ty) = &mut definition.kind else {
            continue;
        };
        if replace_named(ty, &|child| own.is_some() && component_of(child) == own) {
            let detail = format!(
                "`{}` is defined only through itself; the reference that closes the cycle is \
                 typed as any JSON value",
                definition.name
            );
            findings.apply(Rule::AliasCycle, &definition.source, detail);
        }
    }
}

/// Rule `alias-cycle` for unions, and each union's placeholder variant (what a missing required
/// value holds, whose own placeholder must end).
///
/// A union holds a value when one of its variants does, an alias when its target does. Every
/// other type holds one: arrays may be empty, and the fields that close a cycle are optional. So
/// the unions and aliases are reached from those outwards, breadth first, and each union's
/// distance from a value is known. Its placeholder is its first variant outside its cycle (the
/// first not boxed), else the variant nearest a value. A union never reached becomes any JSON
/// value.
pub(super) fn choose_placeholders(types: &mut BTreeMap<String, TypeDef>, findings: &mut Findings) {
    let choices: Vec<(String, Option<usize>)> = {
        let distance = distances_to_a_value(types);
        let unions = types
            .values()
            .filter_map(|definition| match &definition.kind {
                TypeKind::Union(union) => Some((definition.name.clone(), union)),
                _ => None,
            });
        unions
            .map(|(name, union)| (name, placeholder(union, &distance)))
            .collect()
    };
    for (name, choice) in choices {
        let Some(definition) = types.get_mut(&name) else {
            continue;
        };
        match (&mut definition.kind, choice) {
            (TypeKind::Union(union), Some(index)) => union.placeholder = index,
            (kind, _) => {
                *kind = TypeKind::Alias(TypeRef::Any);
                let detail = format!(
                    "`{name}` is defined only through itself: every variant is a union of the \
                     same kind; typed as any JSON value"
                );
                findings.apply(Rule::AliasCycle, &definition.source, detail);
            }
        }
    }
}

/// The first variant of `union` outside its cycle (not boxed) that holds a value, else the
/// variant nearest a value; `None` when no variant holds one.
fn placeholder(union: &Union, distance: &HashMap<&str, usize>) -> Option<usize> {
    let variant_distance = |variant: &UnionVariant| match &variant.ty {
        TypeRef::Named(name) => distance.get(name.as_str()).copied(),
        _ => Some(0),
    };
    let variants = union.variants.iter().enumerate();
    let reached =
        variants.filter_map(|(i, variant)| Some((variant_distance(variant)?, i, variant)));
    let reached: Vec<(usize, usize, &UnionVariant)> = reached.collect();
    let outside_cycle = reached.iter().find(|(_, _, variant)| !variant.boxed);
    let nearest = reached
        .iter()
        .min_by_key(|(distance, i, _)| (*distance, *i));
    outside_cycle.or(nearest).map(|(_, i, _)| *i)
}

/// How many unions and aliases away from a value each type is: 0 for the types that hold one,
/// 1 for a union or alias that holds such a type (or an array, a scalar...), and so on; the
/// types that hold none are missing.
fn distances_to_a_value(types: &BTreeMap<String, TypeDef>) -> HashMap<&str, usize> {
    let transparent = |name: &str| {
        let kind = types.get(name).map(|definition| &definition.kind);
        matches!(kind, Some(TypeKind::Union(_) | TypeKind::Alias(_)))
    };
    // For each union and alias, the unions and aliases it holds by name.
    let mut held_by: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut distance: HashMap<&str, usize> = HashMap::new();
    let mut queue = VecDeque::new();
    for definition in types.values() {
        let children: Vec<&TypeRef> = match &definition.kind {
            TypeKind::Union(union) => union.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::Struct(_) | TypeKind::Enum(_) => Vec::new(),
        };
        if children.is_empty() {
            distance.insert(&definition.name, 0);
            continue;
        }
        let mut holds_a_value = false;
        for child in children {
            match child {
                TypeRef::Named(name) if transparent(name) => {
                    held_by.entry(name).or_default().push(&definition.name);
                }
                _ => holds_a_value = true,
            }
        }
        if holds_a_value {
            distance.insert(&definition.name, 1);
            queue.push_back(definition.name.as_str());
        }
    }
    while let Some(name) = queue.pop_front() {
        let next = distance[name] + 1;
        for &holder in held_by.get(name).into_iter().flatten() {
            if !distance.contains_key(holder) {
                distance.insert(holder, next);
                queue.push_back(holder);
            }
        }
    }
    distance
}

/// The length of the longest chain of named types held inside one another (by value, boxed
/// or in a container). rustc's drop check follows such chains and gives up (E0320) beyond its
/// recursion limit. It goes round a cycle before it meets a type again, so a cycle counts as
/// many levels as it has members (the longest path through it, at most).
pub(super) fn nesting_depth(types: &BTreeMap<String, TypeDef>) -> usize {
    let graph = Graph::new(types, |definition| all_children(&definition.kind));
    let components = strongly_connected(&graph.edges);
    let count = components.iter().max().map_or(0, |&last| last + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (node, &component) in components.iter().enumerate() {
        members[component].push(node);
    }
    // Components are numbered successors first, so each height is final when it is read.
    let mut height = vec![0; count];
    for component in 0..count {
        let size = members[component].len();
        height[component] = size;
        for &node in &members[component] {
            for &child in &graph.edges[node] {
                let below = components[child];
                if below != component {
                    height[component] = height[component].max(height[below] + size);
                }
            }
        }
    }
    height.into_iter().max().unwrap_or(0)
}

impl Graph<'_> {
    /// The name index, detached from the borrowed types.
    fn index_owned(&self) -> HashMap<String, usize> {
        self.index
            .iter()
            .map(|(name, &i)| ((*name).to_owned(), i))
            .collect()
    }
}

/// Each node's strongly connected component (Tarjan), numbered in the order they complete:
/// every edge leads to a component with the same or a smaller number.
pub(super) fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let count = edges.len();
    let mut order = vec![UNSEEN; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut component = vec![UNSEEN; count];
    let (mut next_order, mut next_component) = (0, 0);
    // Each frame: a node and the position of the next edge to follow from it.
    let mut frames: Vec<(usize, usize)> = Vec::new();
    for root in 0..count {
        if order[root] != UNSEEN {
            continue;
        }
        frames.push((root, 0));
        while let Some((node, mut position)) = frames.pop() {
            if position == 0 {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            let mut descended = false;
            while let Some(&child) = edges[node].get(position) {
                position += 1;
                if order[child] == UNSEEN {
                    frames.push((node, position));
                    frames.push((child, 0));
                    descended = true;
                    break;
                }
                if on_stack[child] {
                    low[node] = low[node].min(order[child]);
                }
            }
            if descended {
                continue;
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
        }
    }
    component
}

/// The named types a type holds by value.
fn inline_children(kind: &TypeKind) -> Vec<&str> {
    // `Option<T>` holds `T` inline too.
    fn named(ty: &TypeRef) -> Option<&str> {
        match ty {
            TypeRef::Named(name) => Some(name.as_str()),
            TypeRef::Nullable(inner) => named(inner),
            _ => None,
        }
    }
    match kind {
        TypeKind::Struct(object) => object.fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Union(union) => union.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Every named type a type mentions, however deep in containers.
fn all_children(kind: &TypeKind) -> Vec<&str> {
    match kind {
        TypeKind::Struct(object) => object
            .fields
            .iter()
            .map(|field| &field.ty)
            .chain(&object.additional_properties)
            .flat_map(named_in)
            .collect(),
        TypeKind::Union(union) => union
            .variants
            .iter()
            .flat_map(|v| named_in(&v.ty))
            .collect(),
        TypeKind::Alias(ty) => named_in(ty),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// The named type in a type expression, if any.
fn named_in(ty: &TypeRef) -> Vec<&str> {
    ty.named().into_iter().collect()
}

/// Replaces the named type in `ty` by any JSON value if `hit` selects it; whether it did.
fn replace_named(ty: &mut TypeRef, hit: &dyn Fn(&str) -> bool) -> bool {
    let leaf = ty.innermost_mut();
    let selected = matches!(leaf, TypeRef::Named(name) if hit(name));
    if selected {
        *leaf = TypeRef::Any;
    }
    selected
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
            allowed: Vec::new(),
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
                required_choices: Vec::new(),
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

    fn alias(name: &str, ty: TypeRef) -> (String, TypeDef) {
        let (name, mut definition) = object(name, Vec::new());
        definition.kind = TypeKind::Alias(ty);
        (name, definition)
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.into())
    }

    #[test]
    fn alias_cycles_are_broken_where_they_close() {
        let mut types = BTreeMap::from([
            alias("A", named("B")),
            alias("B", named("A")),
            alias("E", TypeRef::Array(Box::new(named("E")))),
            alias("F", named("Leaf")),
            object("Leaf", vec![field("f", named("F"))]),
        ]);
        let mut findings = Findings::default();
        break_alias_cycles(&mut types, &mut findings);
        let broken: Vec<String> = findings
            .into_vec()
            .into_iter()
            .map(|diagnostic| {
                diagnostic
                    .message
                    .split('`')
                    .nth(1)
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        assert_eq!(broken, ["A", "B", "E"]);
        assert_eq!(types["A"].kind, TypeKind::Alias(TypeRef::Any));
        assert_eq!(
            types["E"].kind,
            TypeKind::Alias(TypeRef::Array(Box::new(TypeRef::Any)))
        );
        // A cycle through a struct is a recursive type, not an alias cycle.
        assert_eq!(types["F"].kind, TypeKind::Alias(named("Leaf")));
    }

    /// `S0` holds `S1` holds ... `S{depth}`.
    fn chain(depth: usize) -> BTreeMap<String, TypeDef> {
        (0..=depth)
            .map(|i| {
                let next = (i < depth).then(|| field("next", named(&format!("S{}", i + 1))));
                object(&format!("S{i}"), next.into_iter().collect())
            })
            .collect()
    }

    #[test]
    fn nesting_depth_is_the_longest_chain_with_each_cycle_counted_in_full() {
        assert_eq!(nesting_depth(&chain(9)), 10);
        let mut types = chain(2);
        // S2 -> S0 closes a cycle: S0, S1, S2 are one component.
        types.insert(
            "S2".into(),
            object("S2", vec![field("back", named("S0"))]).1,
        );
        types.insert("Top".into(), object("Top", vec![field("s", named("S0"))]).1);
        assert_eq!(nesting_depth(&types), 4);
    }

    /// A union of the named types `variants`.
    fn union(name: &str, variants: &[&str]) -> (String, TypeDef) {
        let (name, mut definition) = object(name, Vec::new());
        let variants = variants.iter().map(|variant| UnionVariant {
            ident: (*variant).into(),
            ty: named(variant),
            boxed: false,
            docs: String::new(),
            tags: Vec::new(),
        });
        definition.kind = TypeKind::Union(Union {
            tag_property: "type".into(),
            variants: variants.collect(),
            placeholder: 0,
        });
        (name, definition)
    }

    /// The type `name`'s placeholder ends in, following union placeholders; `None` if they loop.
    fn placeholder_end(types: &BTreeMap<String, TypeDef>, name: &str) -> Option<String> {
        let mut name = name.to_owned();
        for _ in 0..=types.len() {
            let TypeKind::Union(union) = &types[&name].kind else {
                return Some(name);
            };
            let TypeRef::Named(next) = &union.variants[union.placeholder].ty else {
                return Some(name);
            };
            name = next.clone();
        }
        None
    }

    #[test]
    fn every_union_placeholder_ends_and_unions_without_a_value_are_any_json_value() {
        // U1 and U2 reach a value only through U3; first variants would go round U1, U2.
        let mut types = BTreeMap::from([
            union("U1", &["U2", "U3"]),
            union("U2", &["U1", "U3"]),
            union("U3", &["U1", "S"]),
            object("S", Vec::new()),
            // D holds itself, and T, which holds a D: both variants close the cycle.
            union("D", &["D", "T"]),
            object("T", vec![field("d", named("D"))]),
            // V1, V2 and V3 hold only one another: no JSON value is one.
            union("V1", &["V2", "V3"]),
            union("V2", &["V1", "V3"]),
            union("V3", &["V1", "V2"]),
        ]);
        box_cycles(&mut types, &mut Findings::default());
        let mut findings = Findings::default();
        choose_placeholders(&mut types, &mut findings);
        for name in ["U1", "U2", "U3"] {
            assert_eq!(
                placeholder_end(&types, name).as_deref(),
                Some("S"),
                "{name}"
            );
        }
        assert_eq!(placeholder_end(&types, "D").as_deref(), Some("T"));
        for name in ["V1", "V2", "V3"] {
            assert_eq!(types[name].kind, TypeKind::Alias(TypeRef::Any), "{name}");
        }
        assert_eq!(findings.into_vec().len(), 3);
    }

    #[test]
    fn a_ten_thousand_deep_chain_needs_no_deep_stack() {
        let mut types = chain(10_000);
        box_cycles(&mut types, &mut Findings::default());
        assert_eq!(nesting_depth(&types), 10_001);
        assert!(boxed_fields(&types, "S0").iter().all(|(_, boxed)| !boxed));
    }
}
