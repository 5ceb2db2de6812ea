use std::collections::BTreeMap;

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
}

/// A base URL the API is served from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub url: String,
    pub description: String,
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
}

impl Field {
    /// Whether a value may be missing: not required, or allowed to be `null`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// The field of every struct that keeps what the spec does not describe. Its name is reserved
/// before the spec's properties are named, like [`ADDITIONAL_FIELD`].
pub const EXTRA_FIELD: &str = "extra";

/// The field of structs with typed `additionalProperties` that holds them.
pub const ADDITIONAL_FIELD: &str = "additional_properties";

/// The variant of every string enum that holds a value the spec does not list, so a value
/// Intercom adds later decodes (and re-encodes) instead of failing. Its name is reserved before
/// the listed values are named, so it is the same in every enum.
pub const UNKNOWN_VARIANT: &str = "Unknown";

#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
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
}

impl TypeRef {
    /// Whether the expression names a type of [`Api::types`].
    pub fn mentions_named(&self) -> bool {
        match self {
            TypeRef::Named(_) => true,
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.mentions_named(),
            TypeRef::String
            | TypeRef::Bytes
            | TypeRef::Integer
            | TypeRef::Number
            | TypeRef::Boolean
            | TypeRef::Any => false,
        }
    }
}

/// One HTTP operation, which becomes one client method.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`, or the name derived for an operation without one.
    pub id: String,
    /// The Rust method name (snake_case).
    pub ident: String,
    /// The module the operation is emitted in (snake_case of its first tag).
    pub module: String,
    /// The tag the module is named after (`None`: the operation has no tag).
    pub tag: Option<String>,
    pub method: Method,
    /// The path template, such as `/contacts/{contact_id}`.
    pub path: String,
    /// Doc comment: summary, then description.
    pub docs: String,
    /// The spec's one-line `summary` (empty if none), for search aliases and module indexes.
    pub summary: String,
    pub deprecated: bool,
    /// Parameters in declaration order; path parameters are in path order.
    pub parameters: Vec<Parameter>,
    pub body: Option<RequestBody>,
    /// Every documented response, ordered by status.
    pub responses: Vec<Response>,
    /// What a successful call returns.
    pub success: ResponseBody,
    /// The type of documented error bodies, `Any` when they differ or are undocumented.
    pub error: TypeRef,
    /// Headers the client sends with a value the spec fixes: `Accept` for responses that are not
    /// JSON, and header parameters that allow exactly one value.
    pub fixed_headers: Vec<FixedHeader>,
    /// How the operation pages through a list (`None`: it returns everything at once).
    pub pagination: Option<Pagination>,
}

/// How a list operation asks for the next page, and where its response keeps the items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    pub style: PagingStyle,
    /// The response field holding the page's items.
    pub items: ItemsField,
}

/// Intercom's paging styles. Positions are JSON pointers into the request body or response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagingStyle {
    /// A cursor in a query parameter, the next one read from the response at `next`.
    QueryCursor { parameter: String, next: String },
    /// A cursor in the request body at `pointer`, the next one read from the response at `next`.
    BodyCursor { pointer: String, next: String },
    /// Page numbers in a query parameter.
    PageNumber { parameter: String },
    /// A scroll parameter the response repeats at `next`.
    Scroll { parameter: String, next: String },
}

/// The items field of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemsField {
    /// The JSON key.
    pub name: String,
    /// The Rust field name.
    pub ident: String,
    /// The type of one item.
    pub item: TypeRef,
    pub required: bool,
    pub nullable: bool,
}

/// A header with a value fixed by the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedHeader {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
    Trace,
}

impl Method {
    /// The HTTP method name in upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The name on the wire.
    pub name: String,
    /// The Rust argument / setter name.
    pub ident: String,
    pub location: ParameterLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: String,
    /// A query array is sent as one `name=value` pair per item (`explode: true`, the default),
    /// else as one comma-separated pair.
    pub explode: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub ty: TypeRef,
    /// JSON pointer to the schema of the chosen media type (`None`: it has none). Written as if
    /// the body were inline, like every pointer of the IR, even when it is a `$ref`.
    pub schema_pointer: Option<String>,
    pub encoding: BodyEncoding,
    /// The operation cannot work without it: the spec marks it `required`, or its schema has
    /// required properties (rule `required-body`).
    pub required: bool,
    pub docs: String,
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyEncoding {
    Json,
    Multipart,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: Status,
    pub docs: String,
    pub body: ResponseBody,
    pub examples: Vec<Example>,
}

/// A response status as documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Code(u16),
    /// `2XX` and friends: the hundreds digit.
    Range(u16),
    Default,
}

impl Status {
    /// A 2xx status (or range).
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(hundreds) => hundreds == 2,
            Status::Default => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ResponseBody {
    /// No content (`204`).
    Empty,
    Json(TypeRef),
    Text,
    /// Raw bytes: downloads, and success bodies the spec does not describe.
    Binary,
    /// A documented redirect (`3xx` with no `2xx`): the caller gets the address.
    Redirect,
}
