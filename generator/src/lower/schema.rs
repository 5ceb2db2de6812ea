//! Schemas -> types: which schemas become named types, and what every other schema is.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use super::enums::scalar_values;
use super::members::{all_of_annotations, is_null_type};
use super::naming;
use super::Lowering;
use crate::ir::{Example, Field, Struct, TypeDef, TypeKind, TypeRef};
use crate::rules::Rule;

/// A schema or a reference to one, whatever box it came in.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

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
        Site {
            name: format!("{}{}", self.name, naming::name_part(suffix)),
            pointer: crate::pointer::join(&self.pointer, segments),
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
    /// The values a boolean or number schema lists in its `enum` ([`Field::allowed`]).
    pub allowed: Vec<serde_json::Value>,
}

/// The properties of an object schema, from either `type: object` or a schema without `type`.
#[derive(Clone, Copy)]
pub(super) struct ObjectView<'a> {
    pub properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
    /// `oneOf`/`anyOf` members that only constrain the properties (rule
    /// `composition-siblings`): the `required` list of one of them must hold.
    pub required_choices: &'a [ReferenceOr<Schema>],
}

impl<'a> ObjectView<'a> {
    pub(super) fn of_object(object: &'a openapiv3::ObjectType) -> Self {
        Self {
            properties: &object.properties,
            required: &object.required,
            additional: object.additional_properties.as_ref(),
            required_choices: &[],
        }
    }

    pub(super) fn of_any(any: &'a AnySchema) -> Self {
        Self {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
            required_choices: &[],
        }
    }
}

/// The shape of a schema, once references and wrappers are looked through.
pub(super) enum Shape<'a> {
    /// A type expression that needs no name of its own.
    Expression(TypeRef),
    Object(ObjectView<'a>),
    Enum(Vec<String>),
    /// `oneOf`/`anyOf`; properties declared beside it are part of every member (rule
    /// `composition-siblings`).
    Union(
        Vec<SchemaRef<'a>>,
        &'static str,
        Option<&'a openapiv3::Discriminator>,
        Option<ObjectView<'a>>,
    ),
    /// `allOf` of several members, merged into one object with the properties declared beside
    /// it, if any.
    Merge(&'a [ReferenceOr<Schema>], Option<ObjectView<'a>>),
    /// A wrapper around one other schema: an `allOf`/`oneOf`/`anyOf` (the keyword) with a
    /// single member (at that index: a `oneOf`/`anyOf` may have `type: 'null'` members too).
    Wrapper(SchemaRef<'a>, &'static str, usize),
}

impl<'a> Lowering<'a> {
    /// Lowers the component schema `key` to the type definition named `name`.
    pub(super) fn define_component(&mut self, key: &str, name: &str, schema: &Schema) {
        let site = Site {
            name: name.to_owned(),
            pointer: format!("#/components/schemas/{}", crate::pointer::escape(key)),
        };
        let kind = match self.shape(schema, &site) {
            Shape::Expression(ty) => TypeKind::Alias(ty),
            Shape::Wrapper(inner, keyword, index) => {
                let inner_site = site.child("Inner", &[keyword, &index.to_string()]);
                TypeKind::Alias(self.lower(inner, &inner_site).ty)
            }
            shape => self.named_kind(shape, &site),
        };
        self.insert_type(name.to_owned(), &site, schema, kind);
    }

    /// Lowers the schema at `site` to a type expression, naming inline types after the site.
    pub(super) fn lower<'s>(&mut self, schema: SchemaRef<'s>, site: &Site) -> Lowered {
        let schema = match schema {
            SchemaRef::Ref(reference) => {
                // A component marked `nullable` may be `null` wherever it is used.
                let nullable = self
                    .component(reference)
                    .is_some_and(|schema| self.allows_null(schema));
                if nullable {
                    self.findings.apply(
                        Rule::NullableComponents,
                        &site.pointer,
                        "a reference to a nullable component: `null` allowed here",
                    );
                }
                return Lowered {
                    ty: self.resolve_ref(reference, &site.pointer),
                    nullable,
                    docs: String::new(),
                    deprecated: false,
                    examples: Vec::new(),
                    allowed: Vec::new(),
                };
            }
            SchemaRef::Inline(schema) => schema,
        };
        let data = &schema.schema_data;
        let address = std::ptr::from_ref(schema);
        if let Some(name) = self.inline_types.get(&address) {
            if self.types.contains_key(name) || self.inline_in_progress.contains(&address) {
                self.inline_types_shared.insert(name.clone());
                return self.lowered_named(name.clone(), schema);
            }
        }
        let ty = match self.shape(schema, site) {
            Shape::Expression(ty) => ty,
            Shape::Wrapper(inner, keyword, index) => {
                // The wrapper's own keys (nullable, description) describe the use site, and an
                // inline type inside it is named after the use site too.
                let inner_site = Site {
                    name: site.name.clone(),
                    pointer: crate::pointer::join(&site.pointer, [keyword, &index.to_string()]),
                };
                let inner = self.lower(inner, &inner_site);
                let description = data.description.as_deref().or_else(|| {
                    all_of_annotations(schema)
                        .find_map(|annotation| annotation.description.as_deref())
                });
                let docs = match description {
                    Some(description) => self.docs(Some(description)),
                    None => inner.docs,
                };
                let mut examples = schema_example(schema, site);
                examples.extend(inner.examples);
                return Lowered {
                    ty: inner.ty,
                    nullable: self.allows_null(schema) || inner.nullable,
                    docs,
                    deprecated: data.deprecated || inner.deprecated,
                    examples,
                    allowed: inner.allowed,
                };
            }
            shape => {
                let name = self.claim_type_name(site);
                self.inline_types.insert(address, name.clone());
                self.inline_types_added.push(address);
                self.inline_in_progress.insert(address);
                let kind = self.named_kind(
                    shape,
                    &Site {
                        name: name.clone(),
                        pointer: site.pointer.clone(),
                    },
                );
                self.inline_in_progress.remove(&address);
                self.insert_type(name.clone(), site, schema, kind);
                return self.lowered_named(name, schema);
            }
        };
        Lowered {
            ty,
            nullable: data.nullable,
            docs: self.docs(data.description.as_deref()),
            deprecated: data.deprecated,
            examples: schema_example(schema, site),
            allowed: scalar_values(schema),
        }
    }

    /// Claims the name of an inline type at `site`: the name of its position, or, when that is
    /// taken, the name with the position's role ([`naming::positional_alternative`]).
    pub(super) fn claim_type_name(&mut self, site: &Site) -> String {
        let wanted = naming::type_name(&site.name);
        let alternative = naming::positional_alternative(&wanted, &site.pointer);
        self.names.claim_preferring(
            &wanted,
            alternative.as_deref(),
            &site.pointer,
            &mut self.findings,
        )
    }

    /// What an inline `schema` lowered to the type `name` is at its use site.
    fn lowered_named(&self, name: String, schema: &Schema) -> Lowered {
        Lowered {
            ty: TypeRef::Named(name),
            nullable: self.allows_null(schema),
            docs: self.docs(schema.schema_data.description.as_deref()),
            deprecated: schema.schema_data.deprecated,
            examples: Vec::new(),
            allowed: Vec::new(),
        }
    }

    /// Whether `schema` allows `null`: it says `nullable` (itself, or in an `allOf` member that
    /// only annotates), or it is a `oneOf`/`anyOf` with a member that does (a union decodes
    /// `null` as such, so where it is used may be `null`).
    fn allows_null(&self, schema: &Schema) -> bool {
        self.allows_null_unseen(schema, &mut HashSet::new())
    }

    /// [`allows_null`](Self::allows_null), skipping the schemas in `seen`: each is looked at
    /// once, so that unions of unions that include each other (a cycle, or the same members
    /// reached many ways) cost one visit per schema, not one per path.
    fn allows_null_unseen(&self, schema: &Schema, seen: &mut HashSet<*const Schema>) -> bool {
        if !seen.insert(schema) {
            return false;
        }
        if schema.schema_data.nullable || is_null_type(schema) {
            return true;
        }
        if all_of_annotations(schema).any(|annotation| annotation.nullable) {
            return true;
        }
        let members = match &schema.schema_kind {
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                members.as_slice()
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() => any.one_of.as_slice(),
            SchemaKind::Any(any) => any.any_of.as_slice(),
            _ => return false,
        };
        members.iter().any(|member| {
            let member = match SchemaRef::from(member) {
                SchemaRef::Ref(reference) => self.component(reference),
                SchemaRef::Inline(schema) => Some(schema),
            };
            member.is_some_and(|member| self.allows_null_unseen(member, seen))
        })
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

    fn named_kind<'s>(&mut self, shape: Shape<'s>, site: &Site) -> TypeKind {
        match shape {
            Shape::Object(object) => TypeKind::Struct(self.object(object, site)),
            Shape::Merge(members, own) => TypeKind::Struct(self.merge(members, own, site)),
            Shape::Enum(values) => TypeKind::Enum(self.string_enum(values, site)),
            Shape::Union(members, keyword, discriminator, own) => TypeKind::Union(self.union(
                members,
                keyword,
                discriminator,
                own.as_slice(),
                site,
                &site.name,
            )),
            Shape::Expression(_) | Shape::Wrapper(..) => {
                unreachable!("expressions and wrappers are lowered without a name")
            }
        }
    }

    fn shape<'s>(&mut self, schema: &'s Schema, site: &Site) -> Shape<'s>
    where
        'a: 's,
    {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                if !values.is_empty() {
                    self.enum_shape(values, site)
                } else if super::binary::is_binary(string) {
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
            SchemaKind::OneOf { one_of: members } => self.union_shape(
                members,
                "oneOf",
                schema.schema_data.discriminator.as_ref(),
                site,
            ),
            SchemaKind::AnyOf { any_of: members } => self.union_shape(
                members,
                "anyOf",
                schema.schema_data.discriminator.as_ref(),
                site,
            ),
            SchemaKind::AllOf { all_of: members } => self.all_of_shape(members, None, site),
            SchemaKind::Not { .. } => Shape::Expression(TypeRef::Any),
            SchemaKind::Any(any) => {
                self.any_shape(any, schema.schema_data.discriminator.as_ref(), site)
            }
        }
    }

    /// Rule `untyped-schemas`: a schema without `type` is read by the keywords it does have.
    fn any_shape<'s>(
        &mut self,
        any: &'s AnySchema,
        discriminator: Option<&'s openapiv3::Discriminator>,
        site: &Site,
    ) -> Shape<'s>
    where
        'a: 's,
    {
        let own = (!any.properties.is_empty()).then(|| ObjectView::of_any(any));
        if !any.all_of.is_empty() {
            if own.is_some() {
                self.findings.apply(
                    Rule::CompositionSiblings,
                    &site.pointer,
                    "properties beside `allOf` merged with its members",
                );
            }
            return self.all_of_shape(&any.all_of, own, site);
        }
        for (members, keyword) in [(&any.one_of, "oneOf"), (&any.any_of, "anyOf")] {
            if !members.is_empty() {
                return self.union_with_siblings(members, keyword, discriminator, own, site);
            }
        }
        let keywords =
            !any.properties.is_empty() || any.items.is_some() || !any.enumeration.is_empty();
        if any.typ.is_none() && keywords {
            self.findings.apply(
                Rule::UntypedSchemas,
                &site.pointer,
                "no `type`: read by its keywords",
            );
        }
        if !any.properties.is_empty()
            || any.additional_properties.is_some()
            || any.typ.as_deref() == Some("object")
        {
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

    fn object_shape<'s>(&mut self, object: ObjectView<'s>, site: &Site) -> Shape<'s> {
        if !object.properties.is_empty() {
            return Shape::Object(object);
        }
        // Rule `free-form-objects`: an object without properties is a map of its
        // `additionalProperties` (any JSON value when those are unconstrained).
        self.findings.apply(
            Rule::FreeFormObjects,
            &site.pointer,
            "no properties: a map of its `additionalProperties`",
        );
        let values = self
            .additional_properties(object.additional, site)
            .unwrap_or(TypeRef::Any);
        Shape::Expression(TypeRef::Map(Box::new(values)))
    }

    /// The type of an array item or map value: `Nullable` when its schema allows `null`, since
    /// there is no field to make optional. That includes a reference to a component marked
    /// `nullable` (`Vec<Option<Admin>>`): the description allows `null` there, servers and mock
    /// servers send it, and a plain `Vec<Admin>` could only keep such an array raw in `extra`.
    fn element<'s>(&mut self, schema: SchemaRef<'s>, site: &Site) -> TypeRef {
        let lowered = self.lower(schema, site);
        if lowered.nullable {
            TypeRef::Nullable(Box::new(lowered.ty))
        } else {
            lowered.ty
        }
    }

    fn array<'s>(&mut self, items: Option<SchemaRef<'s>>, site: &Site) -> TypeRef {
        let items = match items {
            Some(items) => self.element(items, &site.child("Item", &["items"])),
            None => TypeRef::Any,
        };
        TypeRef::Array(Box::new(items))
    }

    fn object<'s>(&mut self, object: ObjectView<'s>, site: &Site) -> Struct {
        let mut fields = Vec::new();
        self.add_fields(&mut fields, &object, site);
        self.assign_field_idents(&mut fields, site);
        let choices: Vec<&[String]> = object
            .required_choices
            .iter()
            .map(|member| self.required_of(member.into()))
            .collect();
        // Grown by doubling, the structs' fields left 7% of the IR unused.
        fields.shrink_to_fit();
        Struct {
            required_choices: super::compositions::required_choices(&fields, &choices),
            fields,
            additional_properties: self.additional_properties(object.additional, site),
        }
    }

    pub(super) fn additional_properties(
        &mut self,
        additional: Option<&AdditionalProperties>,
        site: &Site,
    ) -> Option<TypeRef> {
        match additional? {
            AdditionalProperties::Schema(schema) => Some(self.element(
                schema.as_ref().into(),
                &site.child("Value", &["additionalProperties"]),
            )),
            AdditionalProperties::Any(true) => Some(TypeRef::Any),
            AdditionalProperties::Any(false) => None,
        }
    }

    /// Appends the properties of `object` to `fields`; a property seen before is redefined in
    /// place, so a later `allOf` member refines an earlier one.
    pub(super) fn add_fields<'s>(
        &mut self,
        fields: &mut Vec<Field>,
        object: &ObjectView<'s>,
        site: &Site,
    ) where
        'a: 's,
    {
        for (name, schema) in object.properties {
            let field_site = site.child(name, &["properties", name]);
            if let Some(existing) = fields.iter().find(|existing| existing.name == *name) {
                self.drop_inline_type(&existing.ty, &field_site.pointer);
            }
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
                allowed: lowered.allowed,
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

    /// Forgets the type an earlier `allOf` member's property defined inline at `pointer`, which
    /// a later member redefines: the redefinition takes its name instead of a numbered one, and
    /// no unused type is left behind. A type referred to from elsewhere stays.
    pub(super) fn drop_inline_type(&mut self, ty: &TypeRef, pointer: &str) {
        let Some(name) = ty.named() else { return };
        if !self.inline_types_shared.contains(name)
            && self
                .types
                .get(name)
                .is_some_and(|definition| definition.source == pointer)
        {
            let name = name.to_owned();
            self.types.remove(&name);
            self.names.release(&name);
        }
    }

    /// Gives every field a unique snake_case identifier. Like type names, keys that are already
    /// identifiers (`first_name`) claim theirs before keys that only become them (`firstName`), so
    /// the outcome does not depend on the order the spec lists them.
    pub(super) fn assign_field_idents(&mut self, fields: &mut [Field], site: &Site) {
        let mut idents = naming::Namespace::default();
        idents.reserve(crate::ir::EXTRA_FIELD);
        idents.reserve(crate::ir::ADDITIONAL_FIELD);
        let mut claim_order: Vec<usize> = (0..fields.len()).collect();
        claim_order.sort_by_key(|&index| !naming::is_snake_case(&fields[index].name));
        for index in claim_order {
            let pointer = crate::pointer::join(&site.pointer, ["properties", &fields[index].name]);
            fields[index].ident = idents.claim_at(
                &naming::snake_name(&fields[index].name),
                &pointer,
                &mut self.findings,
            );
        }
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
