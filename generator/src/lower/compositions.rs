//! Compositions: `allOf` merged into one struct, `oneOf`/`anyOf` lowered to unions (rules
//! `all-of-merge`, `composition-siblings`, `variant-names`, `null-type`).

use openapiv3::{ReferenceOr, Schema, SchemaKind, StringType, Type};

use super::members::{is_annotation, is_null_member, is_untyped_object, only_annotates};
use super::naming;
use super::schema::{Lowered, ObjectView, SchemaRef, Shape, Site};
use super::Lowering;
use crate::ir::{Field, RequiredChoice, Struct, TypeDef, TypeKind, TypeRef, Union, UnionVariant};
use crate::pointer;
use crate::rules::Rule;

impl<'a> Lowering<'a> {
    /// Rule `all-of-merge`: the members of an `allOf` are merged into one struct, following
    /// references and nested `allOf`s, with the properties declared beside it last; a member
    /// that is not an object adds nothing but a warning.
    pub(super) fn merge<'s>(
        &mut self,
        members: &'s [ReferenceOr<Schema>],
        own: Option<ObjectView<'s>>,
        site: &Site,
    ) -> Struct {
        self.findings.apply(
            Rule::AllOfMerge,
            &site.pointer,
            format!("{} members merged into one struct", members.len()),
        );
        let mut views = Vec::new();
        for (index, member) in members.iter().enumerate() {
            if !self.object_views(member.into(), &mut views) {
                let member_site = site.child("", &["allOf", &index.to_string()]);
                self.findings.apply_warning(
                    Rule::AllOfMerge,
                    &member_site.pointer,
                    "member is not an object; its keys are not merged",
                );
            }
        }
        views.extend(own);
        self.merged_struct(&views, site)
    }

    /// One struct of the properties of every view, in order; a later view refines a property
    /// an earlier one declared.
    fn merged_struct<'s>(&mut self, views: &[ObjectView<'s>], site: &Site) -> Struct {
        let mut fields = Vec::new();
        let mut additional_properties = None;
        for view in views {
            self.add_fields(&mut fields, view, site);
            additional_properties =
                additional_properties.or(self.additional_properties(view.additional, site));
        }
        // A view may require properties another declares.
        for field in &mut fields {
            field.required |= views.iter().any(|view| view.required.contains(&field.name));
        }
        self.assign_field_idents(&mut fields, site);
        Struct {
            fields,
            additional_properties,
            required_choices: Vec::new(),
        }
    }

    /// The `required` list of a member that only constrains properties declared beside it.
    pub(super) fn required_of<'s>(&self, schema: SchemaRef<'s>) -> &'s [String]
    where
        'a: 's,
    {
        let schema = match schema {
            SchemaRef::Ref(reference) => match self.component(reference) {
                Some(schema) => schema,
                None => return &[],
            },
            SchemaRef::Inline(schema) => schema,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => &object.required,
            SchemaKind::Any(any) => &any.required,
            _ => &[],
        }
    }

    /// Appends to `views` the objects `schema` is made of, looking through references and
    /// `allOf`s at any depth; `false` when a part is not an object.
    pub(super) fn object_views<'s>(
        &self,
        schema: SchemaRef<'s>,
        views: &mut Vec<ObjectView<'s>>,
    ) -> bool
    where
        'a: 's,
    {
        self.object_views_following(schema, views, &mut Vec::new())
    }

    /// [`Lowering::object_views`], through the `followed` references: one met again (an
    /// `allOf` that includes itself, at any depth) adds nothing more.
    fn object_views_following<'s>(
        &self,
        schema: SchemaRef<'s>,
        views: &mut Vec<ObjectView<'s>>,
        followed: &mut Vec<&'s str>,
    ) -> bool
    where
        'a: 's,
    {
        match schema {
            SchemaRef::Inline(schema) => self.object_views_of(schema, views, followed),
            SchemaRef::Ref(reference) if followed.contains(&reference) => true,
            SchemaRef::Ref(reference) => {
                let Some(schema) = self.component(reference) else {
                    return false;
                };
                followed.push(reference);
                let all_objects = self.object_views_of(schema, views, followed);
                followed.pop();
                all_objects
            }
        }
    }

    fn object_views_of<'s>(
        &self,
        schema: &'s Schema,
        views: &mut Vec<ObjectView<'s>>,
        followed: &mut Vec<&'s str>,
    ) -> bool
    where
        'a: 's,
    {
        // Every member is visited, so all the objects are collected even when one is not.
        let mut all_of = |members: &'s [ReferenceOr<Schema>], views: &mut Vec<ObjectView<'s>>| {
            let mut all_objects = true;
            for member in members {
                all_objects &= self.object_views_following(member.into(), views, followed);
            }
            all_objects
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                views.push(ObjectView::of_object(object));
                true
            }
            SchemaKind::AllOf { all_of: members } => all_of(members, views),
            // Untyped: an object by its `properties`, `additionalProperties` (Box's
            // `Metadata--Full`) or a `required` list alone (DigitalOcean's
            // `allOf: [$ref: domain_record.yml, {required: [type, name]}]`).
            SchemaKind::Any(any) if is_untyped_object(any) || !any.all_of.is_empty() => {
                let members = all_of(&any.all_of, views);
                if is_untyped_object(any) {
                    views.push(ObjectView::of_any(any));
                }
                members
            }
            // A member that only annotates or constrains adds nothing.
            _ => only_annotates(schema),
        }
    }

    /// The name a union member would like when nothing it refers to names it: its title; else the
    /// one value it allows (Stripe's `enum: [""]` is `Empty`), or `Enum` if it allows several;
    /// `List` for an array, `Map` for a map; else, for an object, the first property no other
    /// member has (`WithCurrentCanvas`), or `Basic` when every property it has, another member has
    /// too; else its position.
    fn variant_ident<'s>(&self, members: &[SchemaRef<'s>], index: usize) -> String {
        let position = || format!("Variant{}", index + 1);
        let SchemaRef::Inline(schema) = members[index] else {
            return position();
        };
        if let Some(title) = &schema.schema_data.title {
            return naming::type_name(title);
        }
        match &schema.schema_kind {
            // The values as `shape` reads them: a `null` among them is no value.
            SchemaKind::Type(Type::String(StringType { enumeration, .. })) => {
                let mut values = enumeration.iter().flatten();
                match (values.next(), values.next()) {
                    (None, _) => {}
                    (Some(value), None) => return naming::variant_name(value),
                    _ => return "Enum".to_owned(),
                }
            }
            SchemaKind::Type(Type::Array(_)) => return "List".to_owned(),
            SchemaKind::Type(Type::Object(object))
                if object.properties.is_empty() && object.additional_properties.is_some() =>
            {
                return "Map".to_owned();
            }
            _ => {}
        }
        let properties = |member: SchemaRef<'s>| {
            let mut views = Vec::new();
            self.object_views(member, &mut views);
            views
                .into_iter()
                .flat_map(|view| view.properties.keys())
                .collect::<Vec<&String>>()
        };
        let own = properties(members[index]);
        if own.is_empty() {
            return position();
        }
        let others: Vec<&String> = members
            .iter()
            .enumerate()
            .filter(|(other, _)| *other != index)
            .flat_map(|(_, member)| properties(*member))
            .collect();
        match own.iter().find(|property| !others.contains(property)) {
            Some(property) => format!("With{}", naming::name_part(property)),
            None => "Basic".to_owned(),
        }
    }

    /// What a referenced union member is called inside a union named `context`: the component's
    /// name less the words it shares with the union's (`ContactReplyTicketRequest` in
    /// `ReplyTicketRequest` is `Contact`).
    fn member_name(&self, reference: &str, context: &str) -> Option<String> {
        let name = self.component_name(reference)?;
        Some(naming::distinct_part(name, context).unwrap_or_else(|| name.clone()))
    }

    /// The members, keyword, discriminator and own properties of `schema` if it is a
    /// `oneOf`/`anyOf` (looking through a reference), with the name its members are named
    /// against.
    fn union_parts<'s>(&self, schema: SchemaRef<'s>) -> Option<UnionParts<'s>>
    where
        'a: 's,
    {
        let (schema, context) = match schema {
            SchemaRef::Ref(reference) => (
                self.component(reference)?,
                self.component_name(reference).cloned(),
            ),
            SchemaRef::Inline(schema) => (schema, None),
        };
        let discriminator = schema.schema_data.discriminator.as_ref();
        let (members, keyword, own) = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => (one_of, "oneOf", None),
            SchemaKind::AnyOf { any_of } => (any_of, "anyOf", None),
            SchemaKind::Any(any) if any.all_of.is_empty() => {
                let own = (!any.properties.is_empty()).then(|| ObjectView::of_any(any));
                match (any.one_of.is_empty(), any.any_of.is_empty()) {
                    (false, _) => (&any.one_of, "oneOf", own),
                    (true, false) => (&any.any_of, "anyOf", own),
                    (true, true) => return None,
                }
            }
            _ => return None,
        };
        Some(UnionParts {
            members,
            keyword,
            discriminator,
            own,
            context,
        })
    }

    /// A union member with the properties declared beside the union merged in (rule
    /// `composition-siblings`): a struct of its own, named after the member's site; for a member
    /// that is itself a union, a union of its own whose members each have them merged in.
    /// `None`, with a warning, when the member is neither (or unions nest too deep): it is used
    /// as it is.
    fn merged_variant<'s>(
        &mut self,
        siblings: &[ObjectView<'s>],
        member: SchemaRef<'s>,
        site: &Site,
    ) -> Option<Lowered> {
        let mut views = siblings.to_vec();
        let kind = if self.object_views(member, &mut views) {
            None
        } else {
            match self.union_parts(member) {
                Some(parts) if self.sibling_depth < MAX_SIBLING_DEPTH => Some(parts),
                _ => {
                    self.findings.apply_warning(
                        Rule::CompositionSiblings,
                        &site.pointer,
                        "member is not an object; the properties beside the union are not merged into it",
                    );
                    return None;
                }
            }
        };
        let name = self.claim_type_name(site);
        let kind = match kind {
            None => TypeKind::Struct(self.merged_struct(&views, site)),
            Some(parts) => {
                self.findings.apply(
                    Rule::CompositionSiblings,
                    &site.pointer,
                    "member is a union: the properties beside the outer union merged into each of its members",
                );
                let mut siblings = siblings.to_vec();
                siblings.extend(parts.own);
                let members = parts.members.iter().map(SchemaRef::from).collect();
                let context = parts.context.unwrap_or_else(|| name.clone());
                // Its members are where the description writes them, so that the types made of
                // them are known as made of those schemas.
                let pointer = match member {
                    SchemaRef::Ref(reference) => reference.to_owned(),
                    SchemaRef::Inline(_) => site.pointer.clone(),
                };
                let site = Site {
                    name: name.clone(),
                    pointer,
                };
                self.sibling_depth += 1;
                let union = self.union(
                    members,
                    parts.keyword,
                    parts.discriminator,
                    &siblings,
                    &site,
                    &context,
                );
                self.sibling_depth -= 1;
                TypeKind::Union(union)
            }
        };
        let schema = match member {
            SchemaRef::Ref(reference) => self.component(reference),
            SchemaRef::Inline(schema) => Some(schema),
        };
        let data = schema.map(|schema| &schema.schema_data);
        let docs = data.and_then(|data| data.description.as_deref().or(data.title.as_deref()));
        let definition = TypeDef {
            name: name.clone(),
            source: site.pointer.clone(),
            docs: self.docs(docs),
            deprecated: data.is_some_and(|data| data.deprecated),
            kind,
            examples: Vec::new(),
        };
        self.types.insert(name.clone(), definition);
        Some(Lowered {
            ty: TypeRef::Named(name),
            nullable: false,
            docs: String::new(),
            deprecated: false,
            examples: Vec::new(),
            allowed: Vec::new(),
        })
    }

    /// An `allOf` of `members`, with `own` properties beside it: the merge of them all, or, when
    /// only one member says more than annotations (OpenAI's `allOf: [$ref, {nullable: true}]`),
    /// a wrapper around that member (rule `all-of-merge`).
    pub(super) fn all_of_shape<'s>(
        &mut self,
        members: &'s [ReferenceOr<Schema>],
        own: Option<ObjectView<'s>>,
        site: &Site,
    ) -> Shape<'s> {
        let mut asserting = (0..members.len()).filter(|index| !is_annotation(&members[*index]));
        match (own.is_some(), asserting.next(), asserting.next()) {
            (false, None, _) => Shape::Expression(TypeRef::Any),
            (false, Some(only), None) => {
                if members.len() > 1 {
                    self.findings.apply(
                        Rule::AllOfMerge,
                        &site.pointer,
                        "one member and annotations: that member",
                    );
                }
                Shape::Wrapper((&members[only]).into(), "allOf", only)
            }
            _ => Shape::Merge(members, own),
        }
    }

    /// A `oneOf`/`anyOf` of `members`: a union, or, with one member that is not
    /// `{type: 'null'}` (rule `null-type`, which makes it allow `null`), a wrapper around it.
    pub(super) fn union_shape<'s>(
        &mut self,
        members: &'s [ReferenceOr<Schema>],
        keyword: &'static str,
        discriminator: Option<&'s openapiv3::Discriminator>,
        site: &Site,
    ) -> Shape<'s> {
        let members: Vec<SchemaRef<'s>> = members.iter().map(SchemaRef::from).collect();
        if members.iter().any(|member| is_null_member(*member)) {
            self.findings.apply(
                Rule::NullType,
                &site.pointer,
                "a `{type: 'null'}` member: the union allows `null`",
            );
        }
        let mut others = (0..members.len()).filter(|index| !is_null_member(members[*index]));
        if super::binary::is_file_list_union(&members) {
            self.findings.apply(
                Rule::FileLists,
                &site.pointer,
                "one file or a list of files: a list of file parts",
            );
            return Shape::Expression(TypeRef::Array(Box::new(TypeRef::Bytes)));
        }
        match (others.next(), others.next()) {
            (None, _) => Shape::Expression(TypeRef::Any),
            (Some(only), None) => Shape::Wrapper(members[only], keyword, only),
            _ => Shape::Union(members, keyword, discriminator, None),
        }
    }

    /// Rule `composition-siblings`: properties declared beside `oneOf`/`anyOf` hold whichever
    /// member applies. When the members only constrain those properties (they declare none of
    /// their own, like `anyOf: [{required: [email]}, {required: [id]}]`) the schema is the
    /// object of its properties; otherwise each member becomes a variant with the properties
    /// merged in.
    pub(super) fn union_with_siblings<'s>(
        &mut self,
        members: &'s [ReferenceOr<Schema>],
        keyword: &'static str,
        discriminator: Option<&'s openapiv3::Discriminator>,
        own: Option<ObjectView<'s>>,
        site: &Site,
    ) -> Shape<'s> {
        let Some(own) = own else {
            return self.union_shape(members, keyword, discriminator, site);
        };
        let members_declare = members.iter().any(|member| {
            let mut views = Vec::new();
            self.object_views(member.into(), &mut views);
            views.iter().any(|view| !view.properties.is_empty())
        });
        if !members_declare {
            self.findings.apply(
                Rule::CompositionSiblings,
                &site.pointer,
                "members only constrain the properties beside them: read as an object, with a constructor per `required` choice",
            );
            return Shape::Object(ObjectView {
                required_choices: members,
                ..own
            });
        }
        self.findings.apply(
            Rule::CompositionSiblings,
            &site.pointer,
            "properties beside `oneOf`/`anyOf` merged into every member",
        );
        Shape::Union(
            members.iter().map(SchemaRef::from).collect(),
            keyword,
            discriminator,
            Some(own),
        )
    }

    /// The union of `members` at `site`, with `siblings` (properties declared beside it) merged
    /// into every member; referenced members are named against `context`.
    pub(super) fn union<'s>(
        &mut self,
        members: Vec<SchemaRef<'s>>,
        keyword: &'static str,
        discriminator: Option<&'s openapiv3::Discriminator>,
        siblings: &[ObjectView<'s>],
        site: &Site,
        context: &str,
    ) -> Union {
        let mut idents = naming::Namespace::default();
        let variants = members
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, member)| !is_null_member(*member))
            .map(|(index, member)| {
                let wanted = match member {
                    SchemaRef::Ref(reference) if !siblings.is_empty() => {
                        self.member_name(reference, context)
                    }
                    _ => None,
                }
                .unwrap_or_else(|| self.variant_ident(&members, index));
                let member_site = site.child(&wanted, &[keyword, &index.to_string()]);
                let lowered = (!siblings.is_empty())
                    .then(|| self.merged_variant(siblings, member, &member_site))
                    .flatten()
                    .unwrap_or_else(|| self.lower(member, &member_site));
                let ident = match member {
                    SchemaRef::Ref(reference) => {
                        // A merged member's type is its own struct; the variant is still named
                        // after the component (which `lower` has already reported if dangling).
                        let referenced = match self.component_name(reference) {
                            Some(name) if !siblings.is_empty() => TypeRef::Named(name.clone()),
                            _ => lowered.ty.clone(),
                        };
                        variant_name_for(&referenced)
                    }
                    // A type defined here is named after the variant; an inline member that
                    // only wraps a reference (`oneOf: [$ref]`) after the component, like the
                    // reference itself.
                    SchemaRef::Inline(_)
                        if lowered.ty.mentions_named() && !self.names_component(&lowered.ty) =>
                    {
                        wanted
                    }
                    SchemaRef::Inline(_) => variant_name_for(&lowered.ty),
                };
                // Tags from the discriminator's mapping; the others are found once every type
                // is known (rule `union-tags`).
                let tags = match (member, discriminator) {
                    (SchemaRef::Ref(reference), Some(discriminator)) => discriminator
                        .mapping
                        .iter()
                        .filter(|(_, target)| mapping_names(target, reference))
                        .map(|(tag, _)| tag.clone())
                        .collect(),
                    _ => Vec::new(),
                };
                UnionVariant {
                    ident: idents.claim_at(&ident, &site.pointer, &mut self.findings),
                    ty: lowered.ty,
                    boxed: false,
                    docs: lowered.docs,
                    tags,
                }
            })
            .collect::<Vec<UnionVariant>>();
        let names: Vec<&str> = variants.iter().map(|v| v.ident.as_str()).collect();
        self.findings.apply(
            Rule::VariantNames,
            &site.pointer,
            format!("variants named {}", names.join(", ")),
        );
        Union {
            tag_property: discriminator
                .map_or("type", |d| d.property_name.as_str())
                .to_owned(),
            variants,
            // Chosen once every type is known (`recursion::choose_placeholders`).
            placeholder: 0,
        }
    }
}

/// How deep unions nested in unions get the properties declared beside the outermost: deeper
/// than any sane description nests them; the bound ends a union that holds itself.
const MAX_SIBLING_DEPTH: usize = 8;

/// A `oneOf`/`anyOf` schema's parts ([`Lowering::union_parts`]).
struct UnionParts<'a> {
    members: &'a [ReferenceOr<Schema>],
    keyword: &'static str,
    discriminator: Option<&'a openapiv3::Discriminator>,
    /// Properties declared beside it.
    own: Option<ObjectView<'a>>,
    /// The component's name, for a referenced union.
    context: Option<String>,
}

/// Rule `variant-names`: a union variant is named after what it holds, never by position when
/// its type has a name.
fn variant_name_for(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
        TypeRef::Integer => "Integer".to_owned(),
        TypeRef::Number => "Number".to_owned(),
        TypeRef::Boolean => "Boolean".to_owned(),
        TypeRef::Array(items) => format!("{}List", variant_name_for(items)),
        TypeRef::Map(values) => format!("{}Map", variant_name_for(values)),
        TypeRef::Nullable(inner) => variant_name_for(inner),
        TypeRef::Any => "Value".to_owned(),
    }
}

/// The constructors of a struct with a choice of required keys: `with_` and the fields each
/// choice requires. A member requiring nothing makes the choice void; a choice naming a key
/// the struct does not declare gets no constructor, and one requiring the same keys as an
/// earlier choice (Unstable's in-app and SMS messages) none of its own.
pub(super) fn required_choices(fields: &[Field], choices: &[&[String]]) -> Vec<RequiredChoice> {
    if choices.iter().any(|keys| keys.is_empty()) {
        return Vec::new();
    }
    let ident = |key: &String| {
        fields
            .iter()
            .find(|field| field.name == *key)
            .map(|field| field.ident.as_str())
    };
    let mut names = naming::Namespace::default();
    let mut seen = std::collections::BTreeSet::new();
    choices
        .iter()
        .filter(|keys| seen.insert(keys.iter().collect::<std::collections::BTreeSet<_>>()))
        .filter_map(|keys| {
            let idents: Option<Vec<&str>> = keys.iter().map(ident).collect();
            let wanted = format!("with_{}", idents?.join("_and_"));
            Some(RequiredChoice {
                constructor: names.claim(&wanted),
                keys: keys.to_vec(),
            })
        })
        .collect()
}

/// Whether a discriminator's mapping value names the schema `reference` points to: it is that
/// reference, or the schema's name (`dog: Dog`, which OpenAPI allows for a component).
fn mapping_names(target: &str, reference: &str) -> bool {
    target == reference
        || (!target.contains(['#', '/']) && pointer::component_schema(target) == reference)
}
