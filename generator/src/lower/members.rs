//! What a schema says as a member of a composition: an `allOf` member that only annotates or
//! constrains another (rule `all-of-merge`), a `{type: 'null'}` member (rule `null-type`), an
//! untyped schema that describes an object. Read by the merging of `allOf`, the lowering of
//! unions, and the schemas that carry annotations beside a `$ref`.

use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaData, SchemaKind};

use super::schema::SchemaRef;

/// Whether an untyped schema says what an object has: properties, other keys' values or
/// required keys.
pub(super) fn is_untyped_object(any: &AnySchema) -> bool {
    !any.properties.is_empty() || any.additional_properties.is_some() || !any.required.is_empty()
}

/// Whether an `allOf` member only annotates ([`only_annotates`]).
pub(super) fn is_annotation(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(schema) if only_annotates(schema))
}

/// Whether `schema` only annotates or constrains what another schema says: `{nullable: true}`,
/// a description, bounds, lengths or a pattern (DigitalOcean's `allOf: [$ref, {maxLength: 16}]`),
/// or a choice of keys to require (DigitalOcean's firewall bodies,
/// `anyOf: [{required: [inbound_rules]}, {required: [outbound_rules]}]`, whose properties stay
/// optional). It asserts nothing a type could hold.
pub(super) fn only_annotates(schema: &Schema) -> bool {
    let requires_only = |member: &ReferenceOr<Schema>| {
        matches!(member, ReferenceOr::Item(schema) if matches!(&schema.schema_kind,
            SchemaKind::Any(any) if *any == AnySchema { required: any.required.clone(), ..AnySchema::default() }))
    };
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            let unconstrained = AnySchema {
                pattern: None,
                multiple_of: None,
                exclusive_minimum: None,
                exclusive_maximum: None,
                minimum: None,
                maximum: None,
                min_length: None,
                max_length: None,
                min_items: None,
                max_items: None,
                unique_items: None,
                min_properties: None,
                max_properties: None,
                ..any.clone()
            };
            unconstrained == AnySchema::default()
        }
        SchemaKind::AnyOf { any_of: members } | SchemaKind::OneOf { one_of: members } => {
            members.iter().all(requires_only)
        }
        _ => false,
    }
}

/// The `allOf` members of `schema`, typed (`allOf` alone) or not (beside other keywords).
pub(super) fn all_of_members(schema: &Schema) -> &[ReferenceOr<Schema>] {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) => &any.all_of,
        _ => &[],
    }
}

/// What the `allOf` members of `schema` that only annotate say (`{nullable: true}`, a
/// description).
pub(super) fn all_of_annotations(schema: &Schema) -> impl Iterator<Item = &SchemaData> {
    all_of_members(schema)
        .iter()
        .filter_map(|member| match member {
            ReferenceOr::Item(annotation) if is_annotation(member) => Some(&annotation.schema_data),
            _ => None,
        })
}

/// Whether `schema` is `{type: 'null'}`: OpenAPI 3.1's way of allowing `null`, met in 3.0
/// descriptions as a union member (OpenAI's `anyOf: [{type: string}, {type: 'null'}]`).
pub(super) fn is_null_type(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if any.typ.as_deref() == Some("null"))
}

/// Whether a union `member` is `{type: 'null'}` ([`is_null_type`]).
pub(super) fn is_null_member(member: SchemaRef<'_>) -> bool {
    matches!(member, SchemaRef::Inline(schema) if is_null_type(schema))
}
