//! Rule `union-tags`: most Intercom objects carry a `type` key with one constant value
//! (`contact`, `company`, ...). A union variant whose object type pins its tag property to one
//! value is selected by that value, so a union decodes by what the object says it is rather
//! than by trying shapes in order.

use std::collections::BTreeMap;

use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::rules::Rule;
use crate::Findings;

/// Fills in the tags of union variants that the discriminator's mapping did not name.
pub(super) fn tag_variants(types: &mut BTreeMap<String, TypeDef>, findings: &mut Findings) {
    let mut found = Vec::new();
    for definition in types.values() {
        let TypeKind::Union(union) = &definition.kind else {
            continue;
        };
        for (index, variant) in union.variants.iter().enumerate() {
            if variant.tags.is_empty() {
                if let Some(tag) = constant_tag(types, &variant.ty, &union.tag_property) {
                    found.push((definition.name.clone(), index, tag));
                }
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

/// The one value the object type `ty` allows for its `property`, if it allows exactly one.
fn constant_tag(types: &BTreeMap<String, TypeDef>, ty: &TypeRef, property: &str) -> Option<String> {
    let object = match &crate::ir::resolve(types, ty)?.kind {
        TypeKind::Struct(object) => object,
        _ => return None,
    };
    let field = object.fields.iter().find(|field| field.name == property)?;
    match &crate::ir::resolve(types, &field.ty)?.kind {
        TypeKind::Enum(values) => match values.variants.as_slice() {
            [only] => Some(only.value.clone()),
            _ => None,
        },
        _ => None,
    }
}
