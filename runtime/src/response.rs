use std::fmt;

use bytes::Bytes;
use reqwest::header::{HeaderMap, CONTENT_TYPE, LOCATION};
use reqwest::StatusCode;
use serde::Serialize;

use crate::drift::{self, Drift};
use crate::error::{header_text, DecodeError, Error};
use crate::model::{Decode, Decoded};

/// A successful response with its decoded body, from a request builder's
/// `send_with_response`: the status and headers (rate-limit state, request id) of successful
/// calls too, and where the body differs from the API description ([`drift`](Self::drift)).
#[derive(Clone)]
#[non_exhaustive]
pub struct Response<T> {
    /// The response's status code.
    pub status: StatusCode,
    /// The response's headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
    /// The JSON text `body` was decoded from, for the drift report (a reference-counted view of
    /// the bytes read, not a copy).
    json: Option<Bytes>,
}

impl<T> Response<T> {
    /// Intercom's request id (`X-Request-Id`), for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        header_text(&self.headers, "x-request-id")
    }

    /// The body, without status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The same response with its body transformed by `f`. The new body was not decoded from
    /// the response, so it has no [`drift`](Self::drift) report.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
            json: None,
        }
    }
}

impl<T: Serialize> Response<T> {
    /// Where the JSON body differs from the API description: keys the description does not
    /// declare, values that did not fit their declared type (kept raw in `extra`), `null`s it
    /// does not allow, converted values, enum values it does not list and missing required keys,
    /// each with its JSON pointer (see [`drift`](crate::drift)). Object by object, each
    /// object's keys in the order of `serde_json`'s maps (the body's order with its
    /// `preserve_order` feature, else alphabetical), then its missing keys.
    ///
    /// Computed on each call from the body as received, compared with what the decoded body's
    /// typed fields hold. Empty for bodies that are not JSON.
    ///
    /// ```no_run
    /// # async fn example(response: intercom_runtime::Response<serde_json::Value>) {
    /// for drift in response.drift() {
    ///     println!("{}: {:?}", drift.path, drift.kind);
    /// }
    /// # }
    /// ```
    pub fn drift(&self) -> Vec<Drift> {
        match &self.json {
            Some(json) => drift::report(&self.body, json),
            None => Vec::new(),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    // The raw body repeats the decoded one: left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .finish_non_exhaustive()
    }
}

/// The answer of an operation documented as a redirect (such as a recording download): the
/// address, which the client does not follow, so the token never leaves the API's host.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Redirect {
    /// The `Location` header, if the server sent a readable one.
    pub location: Option<String>,
}

/// A response read in full by [`Client::execute`](crate::Client::execute), not decoded yet.
/// Generated code decodes it with the method for the operation's response type.
#[derive(Debug)]
pub struct RawResponse {
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// Decodes the body as JSON, tolerantly (see [`model`](crate::model)): values that deviate
    /// from the spec are converted or kept in the objects' `extra`.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] if the body is not JSON, or its top-level value cannot be a `T` at all
    /// (`null`, or an array for an object type).
    ///
    /// A body that differs from the description emits the [drift](crate::drift) event
    /// (`DEBUG`, target `intercom_runtime::drift`) when a subscriber enables it.
    pub fn json<T: Decode + Serialize>(self) -> Result<Response<T>, Error> {
        match decode_body::<T>(&self.body) {
            Ok(body) => {
                drift::trace(self.operation, &body, &self.body);
                let json = Some(self.body.clone());
                Ok(Response {
                    json,
                    ..self.with_body(body)
                })
            }
            Err(source) => Err(self.decode_error(source)),
        }
    }

    /// The error for a body that could not be decoded.
    fn decode_error(self, source: serde_json::Error) -> Error {
        Error::Decode(Box::new(DecodeError {
            operation: self.operation,
            status: self.status,
            request_id: header_text(&self.headers, "x-request-id").map(str::to_owned),
            content_type: header_text(&self.headers, CONTENT_TYPE.as_str()).map(str::to_owned),
            path: error_path(&self.body),
            source,
            body: self.body,
        }))
    }

    /// The body as text (for `text/plain` responses). Invalid UTF-8 is replaced with `�`.
    pub fn text(self) -> Result<Response<String>, Error> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        Ok(self.with_body(text))
    }

    /// The raw body (for binary responses such as file downloads).
    pub fn bytes(self) -> Result<Response<Bytes>, Error> {
        let body = self.body.clone();
        Ok(self.with_body(body))
    }

    /// Discards the body (for responses documented without content).
    pub fn empty(self) -> Result<Response<()>, Error> {
        Ok(self.with_body(()))
    }

    /// The address of a redirect.
    pub fn redirect(self) -> Result<Response<Redirect>, Error> {
        let location = header_text(&self.headers, LOCATION.as_str()).map(str::to_owned);
        Ok(self.with_body(Redirect { location }))
    }

    fn with_body<T>(self, body: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            body,
            json: None,
        }
    }
}

/// Decodes a whole response body: the value must be a `T`, and nothing may follow it.
fn decode_body<T: Decode>(body: &[u8]) -> Result<T, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let decoded = T::decode(&mut deserializer)?;
    deserializer.end()?;
    let type_name = std::any::type_name::<T>();
    match decoded {
        Decoded::Value(value) | Decoded::Coerced(value, _) => Ok(value),
        Decoded::Null => Err(unfit_body(format_args!("is null, expected {type_name}"))),
        Decoded::Raw(_) => Err(unfit_body(format_args!("cannot be a {type_name}"))),
    }
}

/// The error for a body whose top-level value cannot be the response type: formatted here,
/// once, rather than in every response type's `decode_body`.
fn unfit_body(problem: std::fmt::Arguments<'_>) -> serde_json::Error {
    serde::de::Error::custom(format!("the response body {problem}"))
}

/// Where decoding `body` fails, as a path into it (`.` for the top level).
///
/// Tolerant decoding only fails where the JSON itself is malformed or nested too deeply, which
/// is the same place whatever the type, so one pass over the body into a `Value`, tracked by
/// serde_path_to_error, finds it. Decoding the model through serde_path_to_error instead
/// instantiated its wrappers for every model type (2.11: 1,139k of LLVM IR lines, 1,010k
/// without).
fn error_path(body: &[u8]) -> String {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, serde_json::Value>(&mut deserializer) {
        Err(error) => error.path().to_string(),
        Ok(_) => ".".to_owned(),
    }
}
