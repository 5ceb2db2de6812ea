use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Everything that can go wrong calling the API.
///
/// `E` is the operation's documented error body type ([`serde_json::Value`] when undocumented).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The server answered with a non-success status.
    #[error("{0}")]
    Api(ApiError<E>),
    /// The request could not be built or sent, or the response not read (invalid header value,
    /// connection, TLS, timeout).
    #[error("HTTP request to the Intercom API failed")]
    Transport(#[source] reqwest::Error),
    /// A success response whose body does not match the expected type.
    #[error("could not decode the {status} response body at `{path}`")]
    Decode {
        /// The response's status code.
        status: StatusCode,
        /// Where in the body decoding failed, such as `data[0].created_at` (`.` for the root).
        path: String,
        /// The decoding error.
        source: serde_json::Error,
        /// The body, as text.
        body: String,
    },
    /// The request body or a parameter could not be serialized.
    #[error("could not serialize the request")]
    Encode(#[source] serde_json::Error),
}

impl<E> Error<E> {
    /// The response's status code, if a response (or a status-carrying transport error) was
    /// received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::Transport(error) => error.status(),
            Error::Decode { status, .. } => Some(*status),
            Error::Encode(_) => None,
        }
    }
}

/// A response with a non-success status.
#[derive(Debug)]
pub struct ApiError<E> {
    /// The response's status code.
    pub status: StatusCode,
    /// The response's headers (e.g. rate-limit information).
    pub headers: HeaderMap,
    /// The body decoded as the operation's error type, if it matched.
    pub body: Option<E>,
    /// The body, as text.
    pub raw: String,
}

/// How much of an error body [`ApiError`]'s `Display` shows; Intercom's error lists fit.
const RAW_PREVIEW_CHARS: usize = 200;

// Written by hand so that `E` needs no `Display`: the raw body says it all.
impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Intercom API error {}", self.status)?;
        let raw = self.raw.trim();
        if raw.is_empty() {
            return Ok(());
        }
        match raw.char_indices().nth(RAW_PREVIEW_CHARS) {
            Some((end, _)) => write!(f, ": {}…", &raw[..end]),
            None => write!(f, ": {raw}"),
        }
    }
}
