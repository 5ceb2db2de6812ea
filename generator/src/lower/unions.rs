//! Rule `union-tags`: most Intercom objects carry a `type` key with one constant value
//! (`contact`, `company`, ...). A union variant whose object type pins its tag property to one
//! value is selected by that value, so a union decodes by what the object says it is rather
//! than by trying shapes in order.

use std::collections::BTreeMap;

use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::rules::Rule;
use crate::Findings;

/// Fills in the tags of union variants that the discriminator's mapping did not name.
///
/// A constant is a tag only when every other variant that admits the same value for the
/// property is pinned to it too: `{type: admin}` cannot select "close" when "assign" takes
/// `type: admin | team`.
pub(super) fn tag_variants(types: &mut BTreeMap<String, TypeDef>, findings: &mut Findings) {
    let mut found = Vec::new();
    for definition in types.values() {
        let TypeKind::Union(union) = &definition.kind else {
            continue;
        };
        let admitted: Vec<Admits> = union
            .variants
            .iter()
            .map(|variant| admits(types, &variant.ty, &union.tag_property))
            .collect();
        for (index, variant) in union.variants.iter().enumerate() {
            let Admits::Only(values) = &admitted[index] else {
                continue;
            };
            let [tag] = values.as_slice() else {
                continue;
            };
            // Variants pinned to the same value share the tag and compete on shape.
            let selects = admitted
                .iter()
                .all(|admits| !admits.admits(tag) || admits.is_only(tag));
            if variant.tags.is_empty() && selects {
                found.push((definition.name.clone(), index, tag.clone()));
            }
        }
    }
    for (name, index, tag) in found {
        if let Some(definition) = types.get_mut(&name) {
            if let TypeKind::Union(union) = &mut definition.kind {
                let variant = &mut union.variants[index];
                let detail = format!("variant `{}` selected by `{tag}`", variant.ident);
                findings.apply(Rule::UnionTags, &definition.source, detail);
                variant.tags.push(tag);
            }
        }
    }
}

/// Which values of a property a variant's type admits.
enum Admits {
    /// The type is an object without the property.
    Absent,
    /// The property is an enum of these values.
    Only(Vec<String>),
    /// Anything else: a free string, a type that is not an object, ...
    Any,
}

impl Admits {
    fn is_only(&self, value: &str) -> bool {
        matches!(self, Admits::Only(values) if values == &[value])
    }

    fn admits(&self, value: &str) -> bool {
        match self {
            Admits::Absent => false,
            Admits::Only(values) => values.iter().any(|allowed| allowed == value),
            Admits::Any => true,
        }
    }

    /// What a union of variants admitting `self` and `other` admits.
    fn or(self, other: Admits) -> Admits {
        match (self, other) {
            (Admits::Any, _) | (_, Admits::Any) => Admits::Any,
            (Admits::Absent, admits) | (admits, Admits::Absent) => admits,
            (Admits::Only(mut values), Admits::Only(more)) => {
                values.extend(more);
                values.sort();
                values.dedup();
                Admits::Only(values)
            }
        }
    }
}

/// The values the type `ty` admits for its `property` (a union: what any variant admits).
fn admits(types: &BTreeMap<String, TypeDef>, ty: &TypeRef, property: &str) -> Admits {
    let members = crate::ir::union_members(types, ty).into_iter();
    members
        .map(|member| struct_admits(types, member, property))
        .fold(Admits::Absent, Admits::or)
}

/// The values `ty`, which is not a union, admits for its `property`.
fn struct_admits(types: &BTreeMap<String, TypeDef>, ty: &TypeRef, property: &str) -> Admits {
    let Some(TypeKind::Struct(object)) = crate::ir::resolve(types, ty).map(|d| &d.kind) else {
        return Admits::Any;
    };
    let Some(field) = object.fields.iter().find(|field| field.name == property) else {
        return Admits::Absent;
    };
    match crate::ir::resolve(types, &field.ty).map(|d| &d.kind) {
        Some(TypeKind::Enum(values)) => Admits::Only(
            values
                .variants
                .iter()
                .map(|variant| variant.value.clone())
                .collect(),
        ),
        _ => Admits::Any,
    }
}
