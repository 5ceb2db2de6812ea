//! Schemas -> types: which schemas become named types, and what every other schema is.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::naming;
use super::Lowering;
use crate::ir::{
    EnumVariant, Example, Field, StringEnum, Struct, TypeDef, TypeKind, TypeRef, Union,
    UnionVariant,
};

/// A schema or a reference to one, whatever box it came in.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

/// The most values a string enum may have before it is typed as a plain string (rule
/// `huge-enums`). The largest enums of real descriptions have a few hundred.
const MAX_ENUM_VALUES: usize = 2_000;

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// Where a schema sits: the name an inline type there would get, and its JSON pointer.
#[derive(Debug, Clone)]
pub(super) struct Site {
    pub name: String,
    pub pointer: String,
}

impl Site {
    /// A site nested in this one: `suffix` extends the name, `segments` the pointer.
    pub fn child(&self, suffix: &str, segments: &[&str]) -> Site {
        let mut pointer = self.pointer.clone();
        for segment in segments {
            pointer.push('/');
            pointer.push_str(&crate::pointer::escape(segment));
        }
        Site {
            name: format!("{}{}", self.name, naming::name_part(suffix)),
            pointer,
        }
    }
}

/// What a schema lowers to at a use site.
#[derive(Debug, Clone)]
pub(super) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
    pub docs: String,
    pub deprecated: bool,
    /// The schema's `example`, when the schema is not a named type of its own (those keep
    /// their examples).
    pub examples: Vec<Example>,
}

/// The properties of an object schema, from either `type: object` or a schema without `type`.
struct ObjectView<'a> {
    properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
}

impl<'a> ObjectView<'a> {
    fn of_object(object: &'a openapiv3::ObjectType) -> Self {
        Self {
            properties: &object.properties,
            required: &object.required,
            additional: object.additional_properties.as_ref(),
        }
    }

    fn of_any(any: &'a AnySchema) -> Self {
        Self {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
        }
    }
}

/// The shape of a schema, once references and wrappers are looked through.
enum Shape<'a> {
    /// A type expression that needs no name of its own.
    Expression(TypeRef),
    Object(ObjectView<'a>),
    Enum(Vec<String>),
    Union(Vec<SchemaRef<'a>>, Option<&'a openapiv3::Discriminator>),
    /// `allOf` of several members, merged into one object.
    Merge(&'a [ReferenceOr<Schema>]),
    /// A wrapper around one other schema (`allOf`/`oneOf`/`anyOf` with a single member).
    Wrapper(SchemaRef<'a>),
}

impl<'a> Lowering<'a> {
    /// Lowers the component schema `key` to the type definition named `name`.
    pub(super) fn define_component(&mut self, key: &str, name: &str, schema: &'a Schema) {
        let site = Site {
            name: name.to_owned(),
            pointer: format!("#/components/schemas/{}", crate::pointer::escape(key)),
        };
        let kind = match self.shape(schema, &site) {
            Shape::Expression(ty) => TypeKind::Alias(ty),
            Shape::Wrapper(inner) => {
                TypeKind::Alias(self.lower(inner, &site.child("Inner", &["allOf"])).ty)
            }
            shape => self.named_kind(shape, &site),
        };
        self.insert_type(name.to_owned(), &site, schema, kind);
    }

    /// Lowers the schema at `site` to a type expression, naming inline types after the site.
    pub(super) fn lower(&mut self, schema: SchemaRef<'a>, site: &Site) -> Lowered {
        let schema = match schema {
            SchemaRef::Ref(reference) => {
                return Lowered {
                    ty: self.resolve_ref(reference, &site.pointer),
                    nullable: false,
                    docs: String::new(),
                    deprecated: false,
                    examples: Vec::new(),
                }
            }
            SchemaRef::Inline(schema) => schema,
        };
        let data = &schema.schema_data;
        let ty = match self.shape(schema, site) {
            Shape::Expression(ty) => ty,
            Shape::Wrapper(inner) => {
                // The wrapper's own keys (nullable, description) describe the use site.
                let inner = self.lower(inner, site);
                let docs = if data.description.is_some() {
                    self.docs(data.description.as_deref())
                } else {
                    inner.docs
                };
                let mut examples = schema_example(schema, site);
                examples.extend(inner.examples);
                return Lowered {
                    ty: inner.ty,
                    nullable: data.nullable || inner.nullable,
                    docs,
                    deprecated: data.deprecated || inner.deprecated,
                    examples,
                };
            }
            shape => {
                let name = self.names.claim(&naming::type_name(&site.name));
                let kind = self.named_kind(
                    shape,
                    &Site {
                        name: name.clone(),
                        pointer: site.pointer.clone(),
                    },
                );
                self.insert_type(name.clone(), site, schema, kind);
                return Lowered {
                    ty: TypeRef::Named(name),
                    nullable: data.nullable,
                    docs: self.docs(data.description.as_deref()),
                    deprecated: data.deprecated,
                    examples: Vec::new(),
                };
            }
        };
        Lowered {
            ty,
            nullable: data.nullable,
            docs: self.docs(data.description.as_deref()),
            deprecated: data.deprecated,
            examples: schema_example(schema, site),
        }
    }

    fn insert_type(&mut self, name: String, site: &Site, schema: &Schema, kind: TypeKind) {
        let data = &schema.schema_data;
        let docs = match (&data.title, &data.description) {
            (_, Some(description)) => self.docs(Some(description)),
            (Some(title), None) => self.docs(Some(title)),
            (None, None) => String::new(),
        };
        let definition = TypeDef {
            name: name.clone(),
            source: site.pointer.clone(),
            docs,
            deprecated: data.deprecated,
            kind,
            examples: schema_example(schema, site),
        };
        self.types.insert(name, definition);
    }

    fn named_kind(&mut self, shape: Shape<'a>, site: &Site) -> TypeKind {
        match shape {
            Shape::Object(object) => TypeKind::Struct(self.object(object, site)),
            Shape::Merge(members) => TypeKind::Struct(self.merge(members, site)),
            Shape::Enum(values) => TypeKind::Enum(string_enum(values)),
            Shape::Union(members, discriminator) => {
                TypeKind::Union(self.union(members, discriminator, site))
            }
            Shape::Expression(_) | Shape::Wrapper(_) => {
                unreachable!("expressions and wrappers are lowered without a name")
            }
        }
    }

    fn shape(&mut self, schema: &'a Schema, site: &Site) -> Shape<'a> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                if !values.is_empty() {
                    self.enum_shape(values, site)
                } else if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary) {
                    Shape::Expression(TypeRef::Bytes)
                } else {
                    Shape::Expression(TypeRef::String)
                }
            }
            SchemaKind::Type(Type::Integer(_)) => Shape::Expression(TypeRef::Integer),
            SchemaKind::Type(Type::Number(_)) => Shape::Expression(TypeRef::Number),
            SchemaKind::Type(Type::Boolean(_)) => Shape::Expression(TypeRef::Boolean),
            SchemaKind::Type(Type::Array(array)) => {
                Shape::Expression(self.array(array.items.as_ref().map(SchemaRef::from), site))
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.object_shape(ObjectView::of_object(object), site)
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                union_shape(members, schema.schema_data.discriminator.as_ref())
            }
            SchemaKind::AllOf { all_of: members } => match members.as_slice() {
                [] => Shape::Expression(TypeRef::Any),
                [only] => Shape::Wrapper(only.into()),
                _ => Shape::Merge(members),
            },
            SchemaKind::Not { .. } => Shape::Expression(TypeRef::Any),
            SchemaKind::Any(any) => {
                self.any_shape(any, schema.schema_data.discriminator.as_ref(), site)
            }
        }
    }

    /// Rule `huge-enums`: an enum of more than [`MAX_ENUM_VALUES`] values would cost rustc more
    /// than it is worth (50,000 exhaust its memory); it is typed as a string, with a warning.
    fn enum_shape(&mut self, values: Vec<String>, site: &Site) -> Shape<'a> {
        if values.len() <= MAX_ENUM_VALUES {
            return Shape::Enum(values);
        }
        self.warn(
            &site.pointer,
            format!(
                "rule huge-enums: {} values, more than {MAX_ENUM_VALUES}; typed as a string",
                values.len()
            ),
        );
        Shape::Expression(TypeRef::String)
    }

    /// Rule `untyped-schemas`: a schema without `type` is read by the keywords it does have.
    fn any_shape(
        &mut self,
        any: &'a AnySchema,
        discriminator: Option<&'a openapiv3::Discriminator>,
        site: &Site,
    ) -> Shape<'a> {
        if !any.all_of.is_empty() {
            return match any.all_of.as_slice() {
                [only] if any.properties.is_empty() => Shape::Wrapper(only.into()),
                members => Shape::Merge(members),
            };
        }
        if !any.one_of.is_empty() {
            return union_shape(&any.one_of, discriminator);
        }
        if !any.any_of.is_empty() {
            return union_shape(&any.any_of, discriminator);
        }
        if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
            return self.object_shape(ObjectView::of_any(any), site);
        }
        if any.items.is_some() || any.typ.as_deref() == Some("array") {
            return Shape::Expression(self.array(any.items.as_ref().map(SchemaRef::from), site));
        }
        let strings: Option<Vec<String>> = any
            .enumeration
            .iter()
            .filter(|value| !value.is_null())
            .map(|value| value.as_str().map(str::to_owned))
            .collect();
        match (any.typ.as_deref(), strings) {
            (_, Some(values)) if !values.is_empty() => self.enum_shape(values, site),
            (Some("string"), _) => Shape::Expression(TypeRef::String),
            (Some("integer"), _) => Shape::Expression(TypeRef::Integer),
            (Some("number"), _) => Shape::Expression(TypeRef::Number),
            (Some("boolean"), _) => Shape::Expression(TypeRef::Boolean),
            _ if any.enumeration.iter().all(serde_json::Value::is_boolean)
                && !any.enumeration.is_empty() =>
            {
                Shape::Expression(TypeRef::Boolean)
            }
            _ => Shape::Expression(TypeRef::Any),
        }
    }

    fn object_shape(&mut self, object: ObjectView<'a>, site: &Site) -> Shape<'a> {
        if !object.properties.is_empty() {
            return Shape::Object(object);
        }
        // Rule `free-form-objects`: an object without properties is a map of its
        // `additionalProperties` (any JSON value when those are unconstrained).
        let values = match object.additional {
            Some(AdditionalProperties::Schema(schema)) => {
                self.lower(
                    schema.as_ref().into(),
                    &site.child("Value", &["additionalProperties"]),
                )
                .ty
            }
            Some(AdditionalProperties::Any(_)) | None => TypeRef::Any,
        };
        Shape::Expression(TypeRef::Map(Box::new(values)))
    }

    fn array(&mut self, items: Option<SchemaRef<'a>>, site: &Site) -> TypeRef {
        let items = match items {
            Some(items) => self.lower(items, &site.child("Item", &["items"])).ty,
            None => TypeRef::Any,
        };
        TypeRef::Array(Box::new(items))
    }

    fn object(&mut self, object: ObjectView<'a>, site: &Site) -> Struct {
        let mut fields = Vec::new();
        self.add_fields(&mut fields, &object, site);
        assign_field_idents(&mut fields);
        Struct {
            fields,
            additional_properties: self.additional_properties(object.additional, site),
        }
    }

    fn additional_properties(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        site: &Site,
    ) -> Option<TypeRef> {
        match additional? {
            AdditionalProperties::Schema(schema) => Some(
                self.lower(
                    schema.as_ref().into(),
                    &site.child("Value", &["additionalProperties"]),
                )
                .ty,
            ),
            AdditionalProperties::Any(true) => Some(TypeRef::Any),
            AdditionalProperties::Any(false) => None,
        }
    }

    /// Appends the properties of `object` to `fields`; a property seen before is redefined in
    /// place, so a later `allOf` member refines an earlier one.
    fn add_fields(&mut self, fields: &mut Vec<Field>, object: &ObjectView<'a>, site: &Site) {
        for (name, schema) in object.properties {
            let field_site = site.child(name, &["properties", name]);
            let lowered = self.lower(schema.into(), &field_site);
            let field = Field {
                name: name.clone(),
                ident: String::new(),
                ty: lowered.ty,
                required: object.required.contains(name),
                nullable: lowered.nullable,
                boxed: false,
                docs: lowered.docs,
                deprecated: lowered.deprecated,
                examples: lowered.examples,
            };
            match fields.iter_mut().find(|existing| existing.name == *name) {
                Some(existing) => {
                    *existing = Field {
                        required: field.required || existing.required,
                        ..field
                    }
                }
                None => fields.push(field),
            }
        }
    }

    /// Rule `all-of-merge`: the members of an `allOf` are merged into one struct, following
    /// references; a member that is not an object adds nothing but a warning.
    fn merge(&mut self, members: &'a [ReferenceOr<Schema>], site: &Site) -> Struct {
        let mut fields = Vec::new();
        let mut additional_properties = None;
        for (index, member) in members.iter().enumerate() {
            let member_site = site.child("", &["allOf", &index.to_string()]);
            let Some(object) = self.object_view(member.into()) else {
                self.warn(
                    &member_site.pointer,
                    "rule all-of-merge: member is not an object; its keys are not merged",
                );
                continue;
            };
            self.add_fields(&mut fields, &object, site);
            additional_properties =
                additional_properties.or(self.additional_properties(object.additional, site));
        }
        assign_field_idents(&mut fields);
        Struct {
            fields,
            additional_properties,
        }
    }

    /// The object behind `schema`, looking through references and single-member wrappers.
    fn object_view(&self, schema: SchemaRef<'a>) -> Option<ObjectView<'a>> {
        let schema = match schema {
            SchemaRef::Ref(reference) => self.component(reference)?,
            SchemaRef::Inline(schema) => schema,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => Some(ObjectView::of_object(object)),
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.object_view((&all_of[0]).into())
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => Some(ObjectView::of_any(any)),
            _ => None,
        }
    }

    fn union(
        &mut self,
        members: Vec<SchemaRef<'a>>,
        discriminator: Option<&'a openapiv3::Discriminator>,
        site: &Site,
    ) -> Union {
        let mut idents = naming::Namespace::default();
        let variants = members
            .into_iter()
            .enumerate()
            .map(|(index, member)| {
                let wanted = variant_ident(member, index);
                let lowered = self.lower(member, &site.child(&wanted, &[&index.to_string()]));
                let ident = match member {
                    SchemaRef::Ref(_) => variant_name_for(&lowered.ty, &wanted),
                    SchemaRef::Inline(_) if matches!(lowered.ty, TypeRef::Named(_)) => wanted,
                    SchemaRef::Inline(_) => variant_name_for(&lowered.ty, &wanted),
                };
                // Tags from the discriminator's mapping; the others are found once every type
                // is known (rule `union-tags`).
                let tags = match (member, discriminator) {
                    (SchemaRef::Ref(reference), Some(discriminator)) => discriminator
                        .mapping
                        .iter()
                        .filter(|(_, target)| target.as_str() == reference)
                        .map(|(tag, _)| tag.clone())
                        .collect(),
                    _ => Vec::new(),
                };
                UnionVariant {
                    ident: idents.claim(&ident),
                    ty: lowered.ty,
                    boxed: false,
                    docs: lowered.docs,
                    tags,
                }
            })
            .collect();
        Union {
            tag_property: discriminator
                .map_or("type", |d| d.property_name.as_str())
                .to_owned(),
            variants,
        }
    }
}

fn union_shape<'a>(
    members: &'a [ReferenceOr<Schema>],
    discriminator: Option<&'a openapiv3::Discriminator>,
) -> Shape<'a> {
    match members {
        [] => Shape::Expression(TypeRef::Any),
        [only] => Shape::Wrapper(only.into()),
        members => Shape::Union(members.iter().map(SchemaRef::from).collect(), discriminator),
    }
}

/// The schema's own `example`, as an [`Example`] at `site`.
fn schema_example(schema: &Schema, site: &Site) -> Vec<Example> {
    schema
        .schema_data
        .example
        .iter()
        .map(|value| Example {
            name: "example".to_owned(),
            pointer: format!("{}/example", site.pointer),
            value: value.clone(),
            invalid: None,
        })
        .collect()
}

/// The name an inline union member would like: its title, else its position.
fn variant_ident(member: SchemaRef<'_>, index: usize) -> String {
    match member {
        SchemaRef::Inline(schema) => match &schema.schema_data.title {
            Some(title) => naming::type_name(title),
            None => format!("Variant{}", index + 1),
        },
        SchemaRef::Ref(_) => format!("Variant{}", index + 1),
    }
}

/// Rule `variant-names`: a union variant is named after what it holds, never by position when
/// its type has a name.
fn variant_name_for(ty: &TypeRef, fallback: &str) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
        TypeRef::Integer => "Integer".to_owned(),
        TypeRef::Number => "Number".to_owned(),
        TypeRef::Boolean => "Boolean".to_owned(),
        TypeRef::Array(items) => format!("{}List", variant_name_for(items, fallback)),
        TypeRef::Map(values) => format!("{}Map", variant_name_for(values, fallback)),
        TypeRef::Any => fallback.to_owned(),
    }
}

fn string_enum(values: Vec<String>) -> StringEnum {
    let mut idents = naming::Namespace::default();
    idents.claim(crate::ir::UNKNOWN_VARIANT);
    let mut seen = std::collections::BTreeSet::new();
    let variants = values
        .into_iter()
        .filter(|value| seen.insert(value.clone()))
        .map(|value| EnumVariant {
            ident: idents.claim(&naming::variant_name(&value)),
            value,
        })
        .collect();
    StringEnum { variants }
}

/// Gives every field a unique snake_case identifier. Like type names, keys that are already
/// identifiers (`first_name`) claim theirs before keys that only become them (`firstName`), so
/// the outcome does not depend on the order the spec lists them.
fn assign_field_idents(fields: &mut [Field]) {
    let mut idents = naming::Namespace::default();
    idents.claim(crate::ir::EXTRA_FIELD);
    idents.claim(crate::ir::ADDITIONAL_FIELD);
    let mut claim_order: Vec<usize> = (0..fields.len()).collect();
    claim_order.sort_by_key(|&index| !naming::is_snake_case(&fields[index].name));
    for index in claim_order {
        fields[index].ident = idents.claim(&naming::snake_name(&fields[index].name));
    }
}
