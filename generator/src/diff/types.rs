//! Types: matched by their source (the JSON pointer of the schema, path-parameter names erased),
//! never by Rust name, which a collision suffix can shift. Each change is reported here, once,
//! with the operations and types it reaches.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Field, TypeDef, TypeKind, TypeRef};

use super::classify::finding;
use super::report::{Change, Direction, Finding, FindingKind, Reach, Subject, TypeCounts};
use super::rust_api;
use super::side::{erase_parameters, Side, Usage};

/// The changed types, by source, and their counts.
pub fn diff(old: &Side, new: &Side) -> (Vec<Change>, TypeCounts) {
    let sources: BTreeSet<&String> = old.by_source.keys().chain(new.by_source.keys()).collect();
    let mut counts = TypeCounts::default();
    let mut changes = Vec::new();
    for source in sources {
        let (old_def, new_def) = (
            old.by_source.get(source).copied(),
            new.by_source.get(source).copied(),
        );
        let mut usage = Usage::default();
        for (side, definition) in [(old, old_def), (new, new_def)] {
            if let Some(definition) = definition {
                usage.merge(&side.usage(&definition.name));
            }
        }
        let direction = usage.direction();
        let kinds = match (old_def, new_def) {
            (Some(before), Some(after)) => compare(old, before, new, after),
            (None, Some(_)) => vec![FindingKind::TypeAdded],
            (Some(_), None) => vec![FindingKind::TypeRemoved],
            (None, None) => unreachable!("every source comes from one side"),
        };
        let findings: Vec<Finding> = kinds
            .into_iter()
            .map(|kind| finding(kind, direction))
            .collect();
        let rust = rust_api::type_changes(old, old_def, new, new_def);
        if findings.is_empty() && rust.is_empty() {
            continue;
        }
        match (old_def, new_def) {
            (Some(_), Some(_)) => counts.changed += 1,
            (None, _) => counts.added += 1,
            (_, None) => counts.removed += 1,
        }
        let (side, subject) = match new_def {
            Some(definition) => (new, definition),
            None => (old, old_def.expect("one side defines the type")),
        };
        let (reaches, tag) = reach(old, old_def, new, new_def, direction);
        changes.push(Change {
            subject: Subject::Type {
                source: subject.source.clone(),
                name: subject.name.clone(),
            },
            tag,
            findings,
            rust,
            reaches: Reach {
                types: side
                    .containers_of(&subject.name)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                ..reaches
            },
        });
    }
    (changes, counts)
}

/// The operations that reach a type on either side, and the one tag they share, if they do.
fn reach(
    old: &Side,
    old_def: Option<&TypeDef>,
    new: &Side,
    new_def: Option<&TypeDef>,
    direction: Direction,
) -> (Reach, Option<String>) {
    // By route, so an operation renamed between the versions is named once, as it is now.
    let mut operations = BTreeMap::new();
    let mut tags = BTreeSet::new();
    for (side, definition) in [(new, new_def), (old, old_def)] {
        let Some(definition) = definition else {
            continue;
        };
        for index in side.usage(&definition.name).operations {
            let operation = &side.api.operations[index];
            let route = (operation.method, erase_parameters(&operation.path));
            operations
                .entry(route)
                .or_insert_with(|| operation.id.clone());
            tags.insert(operation.tag.clone());
        }
    }
    let operations: BTreeSet<String> = operations.into_values().collect();
    let tag = match tags.len() {
        1 => tags.into_iter().next().flatten(),
        _ => None,
    };
    let reaches = Reach {
        direction: Some(direction),
        operations: operations.into_iter().collect(),
        types: Vec::new(),
    };
    (reaches, tag)
}

/// The wire changes of one matched type.
fn compare(old: &Side, before: &TypeDef, new: &Side, after: &TypeDef) -> Vec<FindingKind> {
    let mut changes = Vec::new();
    if before.deprecated != after.deprecated {
        changes.push(FindingKind::DeprecationChanged {
            deprecated: after.deprecated,
        });
    }
    match (&before.kind, &after.kind) {
        (TypeKind::Struct(was), TypeKind::Struct(is)) => {
            changes.extend(fields(old, &was.fields, new, &is.fields));
            let extra = |side: &Side, object: &crate::ir::Struct| {
                object
                    .additional_properties
                    .as_ref()
                    .map(|ty| (side.key(ty), side.rust(ty)))
            };
            let (was_extra, is_extra) = (extra(old, was), extra(new, is));
            if was_extra.as_ref().map(|e| &e.0) != is_extra.as_ref().map(|e| &e.0) {
                changes.push(FindingKind::AdditionalPropertiesRetyped {
                    old: was_extra.map(|e| e.1),
                    new: is_extra.map(|e| e.1),
                });
            }
        }
        (TypeKind::Enum(was), TypeKind::Enum(is)) => {
            let values = |variants: &[crate::ir::EnumVariant]| -> BTreeSet<String> {
                variants.iter().map(|v| v.value.clone()).collect()
            };
            let (was, is) = (values(&was.variants), values(&is.variants));
            changes.extend(
                is.difference(&was)
                    .map(|value| FindingKind::EnumValueAdded {
                        value: value.clone(),
                    }),
            );
            changes.extend(
                was.difference(&is)
                    .map(|value| FindingKind::EnumValueRemoved {
                        value: value.clone(),
                    }),
            );
        }
        (TypeKind::Union(was), TypeKind::Union(is)) => {
            let members = |side: &Side, union: &crate::ir::Union| -> BTreeMap<String, String> {
                union
                    .variants
                    .iter()
                    .map(|v| (side.key(&v.ty), side.rust(&v.ty)))
                    .collect()
            };
            let (was, is) = (members(old, was), members(new, is));
            changes.extend(is.iter().filter(|(key, _)| !was.contains_key(*key)).map(
                |(_, member)| FindingKind::UnionMemberAdded {
                    member: member.clone(),
                },
            ));
            changes.extend(was.iter().filter(|(key, _)| !is.contains_key(*key)).map(
                |(_, member)| FindingKind::UnionMemberRemoved {
                    member: member.clone(),
                },
            ));
        }
        (TypeKind::Alias(was), TypeKind::Alias(is)) => {
            if old.key(was) != new.key(is) {
                changes.push(FindingKind::AliasRetyped {
                    old: old.rust(was),
                    new: new.rust(is),
                });
            }
        }
        (was, is) => changes.push(FindingKind::TypeKindChanged {
            old: kind_name(was).to_owned(),
            new: kind_name(is).to_owned(),
        }),
    }
    changes
}

/// Property changes, properties matched by JSON key.
fn fields(old: &Side, was: &[Field], new: &Side, is: &[Field]) -> Vec<FindingKind> {
    let by_name = |fields: &[Field]| -> BTreeMap<String, Field> {
        fields.iter().map(|f| (f.name.clone(), f.clone())).collect()
    };
    let (was, is) = (by_name(was), by_name(is));
    let mut changes = Vec::new();
    for (name, after) in &is {
        let Some(before) = was.get(name) else {
            changes.push(FindingKind::PropertyAdded {
                name: name.clone(),
                required: after.required,
                nullable: after.nullable,
            });
            continue;
        };
        if old.key(&before.ty) != new.key(&after.ty) {
            changes.push(retyped(old, before, new, after));
        }
        if (before.required, before.nullable) != (after.required, after.nullable) {
            changes.push(FindingKind::PropertyPresenceChanged {
                name: name.clone(),
                old_required: before.required,
                old_nullable: before.nullable,
                new_required: after.required,
                new_nullable: after.nullable,
            });
        }
        if before.deprecated != after.deprecated {
            changes.push(FindingKind::PropertyDeprecationChanged {
                name: name.clone(),
                deprecated: after.deprecated,
            });
        }
    }
    for (name, before) in &was {
        if !is.contains_key(name) {
            changes.push(FindingKind::PropertyRemoved {
                name: name.clone(),
                required: before.required,
            });
        }
    }
    changes
}

/// A property's type change; a string that becomes a string enum, or the reverse, is the same
/// value on the wire with its values listed or not.
fn retyped(old: &Side, before: &Field, new: &Side, after: &Field) -> FindingKind {
    let name = before.name.clone();
    match (&before.ty, &after.ty) {
        (TypeRef::String, TypeRef::Named(enum_name)) if new.is_string_enum(enum_name) => {
            FindingKind::PropertyValuesListed {
                name,
                new: enum_name.clone(),
            }
        }
        (TypeRef::Named(enum_name), TypeRef::String) if old.is_string_enum(enum_name) => {
            FindingKind::PropertyValuesUnlisted {
                name,
                old: enum_name.clone(),
            }
        }
        _ => FindingKind::PropertyRetyped {
            name,
            old: old.rust(&before.ty),
            new: new.rust(&after.ty),
        },
    }
}

/// What a schema is, as the IR sees it.
fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "object",
        TypeKind::Enum(_) => "string enum",
        TypeKind::Union(_) => "union",
        TypeKind::Alias(_) => "alias",
    }
}
