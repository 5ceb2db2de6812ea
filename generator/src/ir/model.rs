use std::collections::{BTreeMap, HashSet};

use super::Operation;

/// One API version, ready to emit: everything a crate or a version diff needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title` of the description.
    pub title: String,
    /// `info.version`: the value of the `Intercom-Version` header this API speaks.
    pub version: String,
    /// `info.description`, as rustdoc markdown.
    pub docs: String,
    /// The servers the description lists, in its order.
    pub servers: Vec<Server>,
    /// Every named type, keyed (and so ordered) by its Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// Every operation, ordered by module, then method name.
    pub operations: Vec<Operation>,
    /// What the schema declares in each example (by [`Example::pointer`]) that is valid enough to
    /// audit: responses, valid requests and schemas' own examples.
    pub coverage: BTreeMap<String, Coverage>,
    /// Payloads generated from the schemas, a second source of values besides the examples.
    pub payloads: Vec<Payload>,
    /// The longest chain of named types held inside one another: rustc's drop check follows
    /// it, so a deep one needs a higher `recursion_limit`.
    pub nesting_depth: usize,
}

/// What a schema declares in one payload, computed from the description alone (not from the
/// types), for the generated test's typed-coverage audit. Paths are JSON pointers into the
/// payload; every key not under a skipped path is declared.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    /// Keys and elements not audited, with everything beneath: keys no schema declares, values
    /// that contradict their schema, the contents of free-form values.
    pub skipped: Vec<String>,
    /// Keys declared by `additionalProperties` rather than `properties`.
    pub additional: Vec<String>,
    /// Unions (`oneOf`/`anyOf`) in the payload and the schemas the value there is valid against.
    pub unions: Vec<UnionCoverage>,
    /// How many keys were skipped because their value contradicts the schema.
    pub contradicted: usize,
}

/// A union in a payload.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnionCoverage {
    /// JSON pointer into the payload.
    pub path: String,
    /// Pointers of the schemas (members, what they refer to or merge) that the value is valid
    /// against: a type made from one of them may hold it.
    pub accepted: Vec<String>,
}

/// A value generated from a schema, valid against it unless [`Coverage::contradicted`] says
/// otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    /// JSON pointer to the schema.
    pub schema: String,
    /// The seed it was generated with.
    pub seed: u64,
    /// The type it decodes into.
    pub ty: TypeRef,
    /// The value, as compact JSON text: it is only written out, and text is a fraction of the
    /// memory a `serde_json::Value` takes (a node is 72 bytes, and each string and map one more
    /// allocation).
    pub json: String,
    pub coverage: Coverage,
}

/// A base URL the API is served from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub url: String,
    pub description: String,
}

impl Api {
    /// The fields the `new` constructor of the request struct `object` takes, in field order:
    /// the required ones (a file part too) whose type allows more than one value; a type of
    /// one value fills itself in. Empty: the struct has no constructor, but a `Default`.
    pub fn constructor_arguments<'a>(&self, object: &'a Struct) -> Vec<&'a Field> {
        object
            .fields
            .iter()
            .filter(|field| {
                let required = matches!(
                    field.slot(),
                    Slot::Required | Slot::RequiredNullable | Slot::File { required: true }
                );
                required && !self.is_tag(&field.ty)
            })
            .collect()
    }

    /// Whether the struct `object` has a `Default`: exactly when its `new` constructor would take
    /// no arguments and no choice of required keys applies, since every required field then has
    /// one valid value, and the default (that value, the optional fields unset) is a value the
    /// schema accepts. Other structs, and unions, have only a placeholder for tolerant decoding,
    /// which is not a valid value.
    pub fn has_default(&self, object: &Struct) -> bool {
        self.constructor_arguments(object).is_empty() && object.required_choices.is_empty()
    }

    /// Whether `ty` is a tag, a string enum of one value ([`StringEnum::tag`]).
    fn is_tag(&self, ty: &TypeRef) -> bool {
        matches!(
            resolve(&self.types, ty).map(|definition| &definition.kind),
            Some(TypeKind::Enum(values)) if values.tag().is_some()
        )
    }
}

/// A named Rust type: a component schema, or an inline schema given a name from its position.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust type name (PascalCase, unique in the API).
    pub name: String,
    /// JSON pointer to the schema the type comes from.
    pub source: String,
    /// Doc comment (rustdoc markdown), possibly empty.
    pub docs: String,
    pub deprecated: bool,
    pub kind: TypeKind,
    /// Examples the spec gives for the schema itself.
    pub examples: Vec<Example>,
}

/// An example value from the spec, where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The example's name (`example` for a lone `example` keyword).
    pub name: String,
    /// JSON pointer to the example.
    pub pointer: String,
    pub value: serde_json::Value,
    /// Why the example is not valid against its schema: the JSON Schema validator's messages,
    /// each after the instance path it is about, joined with `"; "`. `None` when it is valid or
    /// was not validated (only request-body examples are; see `lower::examples`).
    pub invalid: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string with a closed list of values.
    Enum(StringEnum),
    /// One of several shapes (`oneOf`/`anyOf`).
    Union(Union),
    /// Another name for a type expression (`type: array` component schemas and the like).
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Type of the values of `additionalProperties`, when the object allows extra keys with a
    /// declared schema.
    pub additional_properties: Option<TypeRef>,
    /// Optional fields of which the schema requires some to be present (`anyOf: [{required:
    /// [email]}, {required: [external_id]}]`), one choice per member.
    pub required_choices: Vec<RequiredChoice>,
}

/// One way to satisfy a schema's choice of required keys: these fields present. A request
/// struct gets a constructor for each choice instead of `new`.
#[derive(Debug, Clone, PartialEq)]
pub struct RequiredChoice {
    /// The constructor's name (`with_email`).
    pub constructor: String,
    /// The fields (by JSON key) the choice requires, in declaration order.
    pub keys: Vec<String>,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON key.
    pub name: String,
    /// The Rust field name (snake_case, raw identifier not needed: keywords get a suffix).
    pub ident: String,
    pub ty: TypeRef,
    /// Listed in the object's `required`.
    pub required: bool,
    /// The spec allows `null` here.
    pub nullable: bool,
    /// The field's type contains the struct itself without indirection, so it must be boxed.
    pub boxed: bool,
    pub docs: String,
    pub deprecated: bool,
    /// Examples the spec gives for the property's own schema (not for a named type it refers to).
    pub examples: Vec<Example>,
    /// The only values the property's schema allows (its `enum`) where its type cannot say so:
    /// booleans and numbers (a string `enum` is a type of its own). Empty: any value of the type.
    pub allowed: Vec<serde_json::Value>,
}

impl TypeDef {
    /// The names of the types this one refers to directly: through its fields, additional
    /// properties, union variants or alias target, and the arrays, maps and nullables around
    /// them.
    pub fn referenced_types(&self) -> Vec<&str> {
        let expressions: Vec<&TypeRef> = match &self.kind {
            TypeKind::Struct(object) => object
                .fields
                .iter()
                .map(|field| &field.ty)
                .chain(&object.additional_properties)
                .collect(),
            TypeKind::Union(union) => union.variants.iter().map(|variant| &variant.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::Enum(_) => Vec::new(),
        };
        expressions.into_iter().filter_map(TypeRef::named).collect()
    }
}

impl Field {
    /// Whether a value may be missing: not required, or allowed to be `null`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }

    /// How the field is held, from what the spec says of it.
    pub fn slot(&self) -> Slot {
        let files = match &self.ty {
            TypeRef::Array(items) => **items == TypeRef::Bytes,
            ty => *ty == TypeRef::Bytes,
        };
        match (files, self.required, self.nullable) {
            (true, required, nullable) => Slot::File {
                required: required && !nullable,
            },
            (false, true, false) => Slot::Required,
            (false, true, true) => Slot::RequiredNullable,
            (false, false, false) => Slot::Optional,
            (false, false, true) => Slot::Nullable,
        }
    }

    /// How a constructor takes the field.
    pub fn argument_form(&self) -> ArgumentForm {
        match (self.slot(), &self.ty) {
            (Slot::Required, TypeRef::String) => ArgumentForm::IntoString,
            (Slot::RequiredNullable, _) => ArgumentForm::Option,
            _ => ArgumentForm::Plain,
        }
    }
}

/// How a `new` constructor takes a field (see [`Api::constructor_arguments`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgumentForm {
    /// A required string: `impl Into<String>`.
    IntoString,
    /// A required nullable field: `Option<T>`.
    Option,
    /// The field's type as it is (unboxed: the constructor boxes).
    Plain,
}

/// How a field is held and decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// Required, not nullable: `T`.
    Required,
    /// Required and nullable: `Option<T>`, `None` sent as `null`.
    RequiredNullable,
    /// Optional, not nullable: `Option<T>`, `None` left out.
    Optional,
    /// Optional and nullable: `Nullable<T>`: absent, `null` or a value.
    Nullable,
    /// A file, or a list of files (rule `file-lists`), of a multipart body: added to the form
    /// by the operation, never serialized; `Option<FilePart>` (`Option<Vec<FilePart>>`) unless
    /// required.
    File { required: bool },
}

#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
}

impl StringEnum {
    /// The value of an enum of one value (most are the `type` of an object): a tag, whose only
    /// valid value needs no choosing, so it is no constructor's argument and has no enum of its
    /// own in Rust (it is a `Tag` of the runtime).
    pub fn tag(&self) -> Option<&str> {
        match self.variants.as_slice() {
            [only] => Some(&only.value),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    /// The Rust variant name (PascalCase, unique in the enum).
    pub ident: String,
    /// The wire value.
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The object key whose value names the variant: the discriminator's `propertyName`, else
    /// `type`, which almost every Intercom object carries.
    pub tag_property: String,
    pub variants: Vec<UnionVariant>,
    /// The variant a missing required value holds: one whose own placeholder ends (rule
    /// `alias-cycle` chooses it).
    pub placeholder: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name, derived from what the variant holds.
    pub ident: String,
    pub ty: TypeRef,
    /// The variant's type contains the union itself without indirection.
    pub boxed: bool,
    pub docs: String,
    /// Values of [`Union::tag_property`] that select this variant: from the discriminator's
    /// mapping, or the single value the variant's own tag property allows.
    pub tags: Vec<String>,
}

/// A type expression: how a field, parameter or body is typed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    String,
    /// Binary content (`format: binary`): a file part of a multipart body.
    Bytes,
    /// A 64-bit integer; the specs' integers include Unix timestamps and large ids.
    Integer,
    Number,
    Boolean,
    /// Any JSON value: free-form objects and schemas that say nothing.
    Any,
    /// A named type in [`Api::types`].
    Named(String),
    Array(Box<TypeRef>),
    /// An object used as a string-keyed map.
    Map(Box<TypeRef>),
    /// A value that may be `null`, where nullability is not a field's (array items, map values).
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// The innermost expression, inside any arrays, maps and nullables: a name or a scalar.
    pub fn innermost_mut(&mut self) -> &mut TypeRef {
        match self {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.innermost_mut()
            }
            leaf => leaf,
        }
    }

    /// The type of [`Api::types`] the expression names, inside any arrays, maps and nullables.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.named(),
            TypeRef::String
            | TypeRef::Bytes
            | TypeRef::Integer
            | TypeRef::Number
            | TypeRef::Boolean
            | TypeRef::Any => None,
        }
    }

    /// Whether the expression names a type of [`Api::types`].
    pub fn mentions_named(&self) -> bool {
        self.named().is_some()
    }
}

/// The definition a type expression names, looking through aliases; `None` for an expression
/// that names no type, or an alias chain that leads nowhere or round a cycle.
pub fn resolve<'t>(types: &'t BTreeMap<String, TypeDef>, ty: &TypeRef) -> Option<&'t TypeDef> {
    let mut ty = ty;
    // An alias chain cannot be longer than the number of types; the bound keeps a cycle finite.
    for _ in 0..=types.len() {
        let TypeRef::Named(name) = ty else {
            return None;
        };
        let definition = types.get(name)?;
        match &definition.kind {
            TypeKind::Alias(target) => ty = target,
            _ => return Some(definition),
        }
    }
    None
}

/// What a value of `ty` may be, looking through aliases and unions: the type expressions that
/// are not unions. Each union is followed once, so one that holds itself, or is reached several
/// ways, adds nothing more.
pub fn union_members<'t>(
    types: &'t BTreeMap<String, TypeDef>,
    ty: &'t TypeRef,
) -> Vec<&'t TypeRef> {
    let mut members = Vec::new();
    let mut seen = HashSet::new();
    let mut pending = vec![ty];
    while let Some(ty) = pending.pop() {
        match resolve(types, ty) {
            Some(TypeDef {
                name,
                kind: TypeKind::Union(union),
                ..
            }) => {
                if seen.insert(name) {
                    pending.extend(union.variants.iter().rev().map(|variant| &variant.ty));
                }
            }
            _ => members.push(ty),
        }
    }
    members
}

/// A compact, language-neutral spelling of a type expression, used as a key in data files:
/// `string`, `Contact`, `[Contact]` (an array), `{string}` (a map), `string?` (nullable).
impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeRef::String => f.write_str("string"),
            TypeRef::Bytes => f.write_str("bytes"),
            TypeRef::Integer => f.write_str("integer"),
            TypeRef::Number => f.write_str("number"),
            TypeRef::Boolean => f.write_str("boolean"),
            TypeRef::Any => f.write_str("any"),
            TypeRef::Named(name) => f.write_str(name),
            TypeRef::Array(items) => write!(f, "[{items}]"),
            TypeRef::Map(values) => write!(f, "{{{values}}}"),
            TypeRef::Nullable(inner) => write!(f, "{inner}?"),
        }
    }
}
