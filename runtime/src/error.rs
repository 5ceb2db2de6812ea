//! The one error type of every generated crate.

use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Deserialize;

/// Everything that can go wrong calling the API, for every operation.
///
/// `Display` is one log line naming the operation and what happened (status, request id and
/// Intercom's error codes for API errors); the variants carry the details.
///
/// ```
/// # fn handle(error: intercom_runtime::Error) {
/// use intercom_runtime::Error;
///
/// match error {
///     Error::Api(api) if api.status.as_u16() == 404 => println!("not found: {}", api.message()),
///     Error::RateLimited(limited) => println!("retry after {:?}", limited.wait()),
///     Error::Timeout { .. } | Error::Transport { .. } => println!("network trouble: {error}"),
///     other => println!("{other}"),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status (4xx other than 429, 5xx, or a redirect the
    /// operation does not document).
    #[error("{}: {}", .0.operation, .0)]
    Api(Box<ApiError>),
    /// The server answered 429 Too Many Requests, after every retry the policy allows.
    #[error("{}: {}", .0.error.operation, .0)]
    RateLimited(Box<RateLimited>),
    /// No complete response within the request's timeout.
    #[error("{operation}: no complete response within {after:?}")]
    Timeout {
        /// The operation's id, such as `listContacts`.
        operation: &'static str,
        /// The timeout that expired.
        after: Duration,
    },
    /// The request could not be sent or the response not read: connection refused or reset,
    /// DNS, TLS, an invalid header value.
    #[error("{operation}: HTTP request failed: {source}")]
    Transport {
        /// The operation's id.
        operation: &'static str,
        /// What failed.
        source: reqwest::Error,
    },
    /// A success response whose body could not be decoded as the operation's response type.
    #[error("{}: {}", .0.operation, .0)]
    Decode(Box<DecodeError>),
    /// A response body larger than [`Config::max_response_bytes`](crate::Config::max_response_bytes).
    #[error("{operation}: response body larger than {limit} bytes")]
    ResponseTooLarge {
        /// The operation's id.
        operation: &'static str,
        /// The configured maximum.
        limit: u64,
    },
    /// The request body or a parameter could not be serialized.
    #[error("{operation}: could not serialize the request: {source}")]
    Encode {
        /// The operation's id.
        operation: &'static str,
        /// What failed.
        source: serde_json::Error,
    },
    /// The configuration is unusable: the base URL is not a URL, or plain `http://` without
    /// [`Config::allow_plain_http`](crate::Config::allow_plain_http).
    #[error("invalid configuration: {reason}")]
    Config {
        /// What is wrong.
        reason: String,
    },
}

impl Error {
    /// The response's status code, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::RateLimited(limited) => Some(limited.error.status),
            Error::Decode(error) => Some(error.status),
            Error::Transport { source, .. } => source.status(),
            Error::Timeout { .. }
            | Error::ResponseTooLarge { .. }
            | Error::Encode { .. }
            | Error::Config { .. } => None,
        }
    }

    /// Intercom's request id (`X-Request-Id`, or `request_id` in the error body), for support
    /// tickets.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(error) => error.request_id.as_deref(),
            Error::RateLimited(limited) => limited.error.request_id.as_deref(),
            Error::Decode(error) => error.request_id.as_deref(),
            _ => None,
        }
    }
}

/// A response with an error status.
#[derive(Debug)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation's id, such as `showContact`.
    pub operation: &'static str,
    /// The response's status code.
    pub status: StatusCode,
    /// The response's headers (rate-limit information, `Location` of a redirect).
    pub headers: HeaderMap,
    /// Intercom's request id: the `X-Request-Id` header, else the body's `request_id`.
    pub request_id: Option<String>,
    /// The body decoded as Intercom's `error.list`, when it is one.
    pub errors: Option<ErrorList>,
    /// The body as received.
    pub body: Bytes,
}

impl ApiError {
    pub(crate) fn new(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        let errors = serde_json::from_slice::<ErrorList>(&body).ok();
        let request_id = header_text(&headers, "x-request-id")
            .map(str::to_owned)
            .or_else(|| errors.as_ref().and_then(|list| list.request_id.clone()));
        ApiError {
            operation,
            status,
            headers,
            request_id,
            errors,
            body,
        }
    }

    /// The messages of the error list joined with `; `, else the body as text (lossy UTF-8).
    pub fn message(&self) -> String {
        match &self.errors {
            Some(list) if !list.errors.is_empty() => list
                .errors
                .iter()
                .map(ErrorItem::to_string)
                .collect::<Vec<_>>()
                .join("; "),
            _ => String::from_utf8_lossy(&self.body).trim().to_owned(),
        }
    }

    /// The body decoded as `T`, such as the operation's documented error model.
    ///
    /// # Errors
    ///
    /// The JSON error if the body is not a `T`.
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

/// How much of a body `Display` shows when it is not an error list.
const BODY_PREVIEW_CHARS: usize = 200;

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Intercom API error {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        let message = self.message();
        if message.is_empty() {
            return Ok(());
        }
        match message.char_indices().nth(BODY_PREVIEW_CHARS) {
            Some((end, _)) => write!(f, ": {}…", &message[..end]),
            None => write!(f, ": {message}"),
        }
    }
}

/// Intercom's error body: `{"type": "error.list", "request_id": ..., "errors": [...]}`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorList {
    /// The request id the body carries.
    #[serde(default)]
    pub request_id: Option<String>,
    /// The errors, at least one in practice.
    pub errors: Vec<ErrorItem>,
}

/// One entry of an [`ErrorList`].
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorItem {
    /// A machine-readable code such as `not_found` or `parameter_invalid`.
    pub code: String,
    /// A message for people.
    #[serde(default)]
    pub message: Option<String>,
    /// The request field the error is about, when it is about one.
    #[serde(default)]
    pub field: Option<String>,
}

impl fmt::Display for ErrorItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(field) = &self.field {
            write!(f, " (field `{field}`)")?;
        }
        Ok(())
    }
}

/// A 429 response, with when the limit resets.
#[derive(Debug)]
#[non_exhaustive]
pub struct RateLimited {
    /// The response.
    pub error: ApiError,
    /// When the rate-limit window resets: `X-RateLimit-Reset` (Unix seconds), else
    /// `Retry-After` counted from when the response arrived.
    pub reset: Option<SystemTime>,
}

impl RateLimited {
    /// How long from now until [`reset`](Self::reset) (zero if it has passed).
    pub fn wait(&self) -> Option<Duration> {
        self.reset
            .map(|reset| reset.duration_since(SystemTime::now()).unwrap_or_default())
    }
}

impl fmt::Display for RateLimited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rate limited: {}", self.error)?;
        if let Some(reset) = self.reset {
            write!(f, "; resets at {}", httpdate::fmt_http_date(reset))?;
        }
        Ok(())
    }
}

/// A success response whose body is not what the operation documents.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// The operation's id.
    pub operation: &'static str,
    /// The response's status code.
    pub status: StatusCode,
    /// Intercom's request id (`X-Request-Id`).
    pub request_id: Option<String>,
    /// The response's `Content-Type` (an HTML error page says why the body is not JSON).
    pub content_type: Option<String>,
    /// Where in the body decoding failed, such as `data[0].created_at` (`.` for the root).
    pub path: String,
    /// The decoding error.
    pub source: serde_json::Error,
    /// The body as received.
    pub body: Bytes,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not decode the {} response body", self.status)?;
        if let Some(content_type) = &self.content_type {
            write!(f, " ({content_type})")?;
        }
        write!(f, " at `{}`: {}", self.path, self.source)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// A header's value as text, if present and visible ASCII.
pub(crate) fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok()
}
