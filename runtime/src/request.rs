use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use crate::retry::RetryPolicy;

/// One HTTP request under construction. The generated code builds it; users never need to.
///
/// The builder methods never fail: the first value that cannot be serialized is remembered
/// and reported as [`Error::Encode`](crate::Error::Encode) by
/// [`Client::execute`](crate::Client::execute).
#[derive(Debug)]
#[must_use = "a request does nothing until sent with `Client::execute`"]
pub struct Request {
    pub(crate) operation: &'static str,
    pub(crate) template: &'static str,
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Body,
    pub(crate) expects_redirect: bool,
    pub(crate) options: RequestOptions,
    pub(crate) encode_error: Option<serde_json::Error>,
}

/// Per-request settings that override the client's [`Config`](crate::Config), set with a
/// request builder's `options` method.
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) headers: Vec<(String, String)>,
}

impl RequestOptions {
    /// Options that change nothing.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// How long each attempt of this request may take.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How this request is retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Sends the header `name: value` too, replacing a default header of the same name.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// The body of a [`Request`].
#[derive(Clone, Debug, Default)]
pub(crate) enum Body {
    #[default]
    Empty,
    /// Serialized JSON text.
    Json(String),
    /// `multipart/form-data` fields, in order.
    Multipart(Vec<(String, FormValue)>),
    /// `application/x-www-form-urlencoded` pairs, in order.
    Form(Vec<(String, String)>),
    /// Contents sent as they are (`application/octet-stream`, `image/jpeg`, `text/plain`).
    Raw {
        content_type: String,
        contents: Bytes,
    },
}

/// One field of a `multipart/form-data` body.
#[derive(Clone, Debug)]
pub(crate) enum FormValue {
    Text(String),
    File(FilePart),
}

impl Request {
    /// A request of `operation` (its `operationId`) for `path` relative to the client's base
    /// URL; `template` is the path as documented (`/contacts/{id}`), for logs.
    ///
    /// `path` starts with `/` and has its parameters already encoded with [`path_segment`].
    pub fn new(
        operation: &'static str,
        method: Method,
        template: &'static str,
        path: String,
    ) -> Self {
        Request {
            operation,
            template,
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::Empty,
            expects_redirect: false,
            options: RequestOptions::default(),
            encode_error: None,
        }
    }

    /// A copy to send again (the next page, another attempt), without the encoding error,
    /// which is reported before anything is sent.
    pub(crate) fn duplicate(&self) -> Request {
        Request {
            operation: self.operation,
            template: self.template,
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            expects_redirect: self.expects_redirect,
            options: self.options.clone(),
            encode_error: None,
        }
    }

    /// Applies per-request `options`.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Returns a 3xx answer as a response (the operation documents a redirect) instead of an
    /// error.
    pub fn expect_redirect(mut self) -> Self {
        self.expects_redirect = true;
        self
    }

    /// Adds the query parameter `name` if `value` is `Some`, in `form` style with
    /// `explode: false`: array items (and object keys and values) are joined with commas into
    /// one `name=a,b` pair.
    pub fn query_joined<T: Serialize + ?Sized>(mut self, name: &str, value: Option<&T>) -> Self {
        if let Some(value) = value.and_then(|value| self.encode(value)) {
            let items: Vec<String> = match value {
                Value::Null => return self,
                Value::Array(items) => items.into_iter().map(text).collect(),
                Value::Object(members) => members
                    .into_iter()
                    .flat_map(|(key, member)| [key, text(member)])
                    .collect(),
                scalar => vec![text(scalar)],
            };
            self.query.push((name.to_owned(), items.join(",")));
        }
        self
    }

    /// Adds the query parameter `name` if `value` is `Some`.
    ///
    /// Values are serialized as OpenAPI's default `form` style with `explode: true`:
    /// strings, numbers and booleans become `name=value`; each array item becomes its own
    /// `name=item` pair; each member of an object becomes a `key=value` pair; nulls are omitted.
    pub fn query<T: Serialize + ?Sized>(mut self, name: &str, value: Option<&T>) -> Self {
        if let Some(value) = value.and_then(|value| self.encode(value)) {
            push_form_pairs(&mut self.query, name, value);
        }
        self
    }

    /// Adds the header `name` if `value` is `Some` (and does not serialize to null).
    ///
    /// Strings are sent as-is; other values as their JSON text. A header set here replaces the
    /// client's default for the same name (such as `Accept`).
    pub fn header<T: Serialize + ?Sized>(mut self, name: &str, value: Option<&T>) -> Self {
        if let Some(value) = value.and_then(|value| self.encode(value)) {
            if !value.is_null() {
                self.headers.push((name.to_owned(), text(value)));
            }
        }
        self
    }

    /// Sends `body` as JSON (`Content-Type: application/json`).
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_string(body) {
            Ok(json) => self.body = Body::Json(json),
            Err(error) => self.fail(error),
        }
        self
    }

    /// Sends `body`, which must serialize to an object, as `multipart/form-data`.
    ///
    /// Each member becomes a text part: strings as-is, other values as their JSON text. Members
    /// whose value is null are skipped. Binary members are added with [`file`](Self::file).
    pub fn multipart<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        if let Some(members) = self.encode_object(body, "multipart/form-data") {
            let fields = members
                .into_iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(name, value)| (name, FormValue::Text(text(value))));
            self.add_form_fields(fields);
        }
        self
    }

    /// Sends the contents of `file` as they are, as `media_type` unless the part names a
    /// content type of its own (an `application/octet-stream` or `image/jpeg` body).
    pub fn raw(mut self, media_type: &str, file: &FilePart) -> Self {
        self.body = Body::Raw {
            content_type: file
                .content_type
                .clone()
                .unwrap_or_else(|| media_type.to_owned()),
            contents: file.contents.clone(),
        };
        self
    }

    /// Sends `text` as it is, as `media_type` (a `text/plain` body).
    pub fn raw_text(mut self, media_type: &str, text: &str) -> Self {
        self.body = Body::Raw {
            content_type: media_type.to_owned(),
            contents: Bytes::copy_from_slice(text.as_bytes()),
        };
        self
    }

    /// Sends `body`, which must serialize to an object, as `application/x-www-form-urlencoded`.
    ///
    /// Members become `name=value` pairs the way [`query`](Self::query) writes parameters:
    /// each array item repeats the name, an object adds its members, nulls are omitted.
    pub fn form<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        if let Some(members) = self.encode_object(body, "application/x-www-form-urlencoded") {
            let mut pairs = Vec::new();
            push_form_pairs(&mut pairs, "", Value::Object(members));
            self.body = Body::Form(pairs);
        }
        self
    }

    /// Serializes a body that must be an object (sent as `media_type`), remembering the error if
    /// that fails or it is not one.
    fn encode_object<T: Serialize + ?Sized>(
        &mut self,
        body: &T,
        media_type: &str,
    ) -> Option<serde_json::Map<String, Value>> {
        match self.encode(body)? {
            Value::Object(members) => Some(members),
            _ => {
                self.fail(serde::ser::Error::custom(format!(
                    "a {media_type} body must serialize to an object"
                )));
                None
            }
        }
    }

    /// Adds the binary part `name` to the `multipart/form-data` body if `file` is `Some`.
    pub fn file(self, name: &str, file: Option<&FilePart>) -> Self {
        self.files(name, file.map_or(&[], std::slice::from_ref))
    }

    /// Adds one binary part `name` per file to the `multipart/form-data` body, as OpenAPI
    /// encodes an array of files.
    pub fn files(mut self, name: &str, files: &[FilePart]) -> Self {
        if !files.is_empty() {
            // Cloning only bumps the reference count of the contents.
            let parts = files
                .iter()
                .map(|file| (name.to_owned(), FormValue::File(file.clone())));
            self.add_form_fields(parts);
        }
        self
    }

    /// Serializes `value`, remembering the error if that fails.
    fn encode<T: Serialize + ?Sized>(&mut self, value: &T) -> Option<Value> {
        crate::model::to_value(value)
            .map_err(|error| self.fail(error))
            .ok()
    }

    /// Keeps the first error: later ones are usually consequences of it.
    fn fail(&mut self, error: serde_json::Error) {
        self.encode_error.get_or_insert(error);
    }

    fn add_form_fields(&mut self, new: impl IntoIterator<Item = (String, FormValue)>) {
        match &mut self.body {
            Body::Multipart(fields) => fields.extend(new),
            body => *body = Body::Multipart(new.into_iter().collect()),
        }
    }
}

/// Binary contents of a `multipart/form-data` part, such as an uploaded file.
///
/// Cloning is cheap: the contents are reference-counted. The default is an empty part, the
/// [`Placeholder`](crate::model::Placeholder) of a required file field (whose request body is
/// built with its `new` constructor).
#[derive(Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct FilePart {
    pub(crate) contents: Bytes,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
}

impl FilePart {
    /// A part holding `contents`, without a file name or content type.
    pub fn new(contents: impl Into<Bytes>) -> Self {
        FilePart {
            contents: contents.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sends `name` as the part's file name.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sends `mime` (e.g. `application/json`) as the part's `Content-Type`.
    ///
    /// An invalid MIME type makes [`Client::execute`](crate::Client::execute) fail with
    /// [`Error::Transport`](crate::Error::Transport).
    pub fn content_type(mut self, mime: impl Into<String>) -> Self {
        self.content_type = Some(mime.into());
        self
    }
}

impl fmt::Debug for FilePart {
    // The contents can be megabytes of binary data: show only their size.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("len", &self.contents.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// Characters left as-is in a path segment: RFC 3986 "unreserved". Everything else, `/`
/// included, is percent-encoded.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `value` as one path segment, so ids containing `/`, `?` or spaces stay one
/// segment.
pub fn path_segment(value: &(impl fmt::Display + ?Sized)) -> String {
    utf8_percent_encode(&value.to_string(), PATH_SEGMENT).to_string()
}

/// Appends `value` as form-style, exploded query pairs (see [`Request::query`]).
fn push_form_pairs(pairs: &mut Vec<(String, String)>, name: &str, value: Value) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                push_form_pairs(pairs, name, item);
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                push_form_pairs(pairs, &key, member);
            }
        }
        scalar => pairs.push((name.to_owned(), text(scalar))),
    }
}

/// The text of a parameter value: a string as-is, anything else as JSON.
fn text(value: Value) -> String {
    match value {
        Value::String(string) => string,
        other => other.to_string(),
    }
}

/// Implements `Debug` for a generated request builder as the request it would send: the
/// [`Request`] that the builder's `fn request(self) -> Request` builds from a clone of it.
///
/// ```
/// use intercom_runtime::{Method, Request};
///
/// #[derive(Clone)]
/// pub struct ListTags<'a> {
///     name: &'a str,
/// }
///
/// impl ListTags<'_> {
///     fn request(self) -> Request {
///         Request::new("listTags", Method::GET, "/tags", "/tags".to_owned())
///             .query("name", Some(self.name))
///     }
/// }
///
/// intercom_runtime::builder_debug!(ListTags);
///
/// let shown = format!("{:?}", ListTags { name: "vip" });
/// assert!(shown.contains("/tags") && shown.contains("vip"), "{shown}");
/// ```
#[macro_export]
macro_rules! builder_debug {
    ($builder:ident) => {
        impl ::core::fmt::Debug for $builder<'_> {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(&::core::clone::Clone::clone(self).request(), f)
            }
        }
    };
}
