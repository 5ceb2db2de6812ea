//! Operations in the IR: what a client method sends and what it gets back.

use super::{Example, TypeRef};

/// One HTTP operation, which becomes one client method.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`, or the name derived for an operation without one.
    pub id: String,
    /// The Rust method name (snake_case).
    pub ident: String,
    /// The request builder's type name (PascalCase, unique among builders).
    pub builder: String,
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
    /// The list may hold `null`s (`Vec<Option<item>>`), which are not items.
    pub null_items: bool,
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
    /// A value the spec gives for it: its `example`, first named `examples` value, or its
    /// schema's `example`, first `enum` value or `default`.
    pub example: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
}

impl ParameterLocation {
    /// The location as OpenAPI's `in` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// The Rust argument / builder field name, claimed with the parameters' names.
    pub ident: String,
    pub ty: TypeRef,
    /// JSON pointer to the schema of the chosen media type (`None`: it has none). Written as if
    /// the body were inline, like every pointer of the IR, even when it is a `$ref`.
    pub schema_pointer: Option<String>,
    pub encoding: BodyEncoding,
    /// The media type sent (`application/json` when the spec names none).
    pub media_type: String,
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
    /// `application/x-www-form-urlencoded` (Stripe, Twilio): the body object's members as
    /// `name=value` pairs.
    Form,
    /// Another media type (`application/octet-stream`, `image/jpeg`, `text/plain`) whose
    /// schema is a string: the contents sent as they are, a `FilePart` (`ty` is `Bytes`) or
    /// text (`String`).
    Raw,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: Status,
    pub docs: String,
    pub body: ResponseBody,
    /// JSON pointer to the schema of a JSON body (`None`: another body, or one without a
    /// schema), written as if inline, like [`RequestBody::schema_pointer`].
    pub schema_pointer: Option<String>,
    pub examples: Vec<Example>,
    /// The headers the spec documents for this status (Unstable's `410` sends `Link` to the
    /// contact a merged one became), in the spec's order.
    pub headers: Vec<ResponseHeader>,
}

/// A documented response header. Its value is read from the raw header map (`Response::headers`,
/// `ApiError::headers`), so only its name and meaning are modelled.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    pub name: String,
    pub docs: String,
}

/// A response status as documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Code(u16),
    /// `2XX` and friends: the hundreds digit.
    Range(u16),
    Default,
}

/// The status as the spec writes it: `404`, `4XX`, `default`.
impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(hundreds) => write!(f, "{hundreds}XX"),
            Status::Default => f.write_str("default"),
        }
    }
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

    /// A 3xx status (or range).
    pub fn is_redirect(self) -> bool {
        matches!(self, Status::Code(300..=399) | Status::Range(3))
    }
}

impl Operation {
    /// The response a successful call returns: the first 2xx, or the 3xx whose address an
    /// operation returns (rule `documented-redirect`).
    pub fn success_response(&self) -> Option<&Response> {
        let redirect = self.success == ResponseBody::Redirect;
        self.responses
            .iter()
            .find(|r| r.status.is_success() || (redirect && r.status.is_redirect()))
    }

    /// The documented responses a call meets as an error.
    pub fn error_responses(&self) -> impl Iterator<Item = &Response> {
        let success = self.success_response().map(|r| r.status);
        self.responses
            .iter()
            .filter(move |r| !r.status.is_success() && Some(r.status) != success)
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

impl ResponseBody {
    /// The type of a JSON body; `None` for the others.
    pub fn json(&self) -> Option<&TypeRef> {
        match self {
            ResponseBody::Json(ty) => Some(ty),
            ResponseBody::Empty
            | ResponseBody::Text
            | ResponseBody::Binary
            | ResponseBody::Redirect => None,
        }
    }
}
