use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::error::Error;
use crate::model::{Decode, Decoded};

/// A successful response, read in full by [`Client::execute`](crate::Client::execute).
///
/// The decoding methods are generic over the operation's error type `E` only so that generated
/// code can use `?` on them.
#[derive(Debug)]
pub struct Response {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Response {
    /// The response's status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Decodes the body as JSON, tolerantly (see [`model`](crate::model)): values that deviate
    /// from the spec are converted or kept in the objects' `extra`.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] if the body is not JSON, or its top-level value cannot be a `T` at all
    /// (`null`, or an array for an object type).
    pub fn json<T: Decode, E>(self) -> Result<T, Error<E>> {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        // serde_path_to_error records where decoding failed, which serde_json alone only gives
        // as a line and column of a response that is usually a single line.
        let mut track = serde_path_to_error::Track::new();
        let decoded = T::decode(serde_path_to_error::Deserializer::new(
            &mut deserializer,
            &mut track,
        ))
        .and_then(|decoded| deserializer.end().map(|()| decoded));
        let value = match decoded {
            Ok(Decoded::Value(value) | Decoded::Coerced(value, _)) => Ok(value),
            Ok(Decoded::Null) => Err(serde::de::Error::custom(format!(
                "the response body is null, expected {}",
                std::any::type_name::<T>()
            ))),
            Ok(Decoded::Raw(_)) => Err(serde::de::Error::custom(format!(
                "the response body cannot be a {}",
                std::any::type_name::<T>()
            ))),
            Err(error) => Err(error),
        };
        value.map_err(|source| Error::Decode {
            status: self.status,
            path: track.path().to_string(),
            source,
            body: String::from_utf8_lossy(&self.body).into_owned(),
        })
    }

    /// The body as text (for `text/plain` responses). Invalid UTF-8 is replaced with `�`.
    ///
    /// # Errors
    ///
    /// None currently; the `Result` keeps generated code uniform.
    pub fn text<E>(self) -> Result<String, Error<E>> {
        Ok(String::from_utf8_lossy(&self.body).into_owned())
    }

    /// The raw body (for binary responses such as file downloads).
    ///
    /// # Errors
    ///
    /// None currently; the `Result` keeps generated code uniform.
    pub fn bytes<E>(self) -> Result<Bytes, Error<E>> {
        Ok(self.body)
    }

    /// Discards the body (for responses documented without content).
    ///
    /// # Errors
    ///
    /// None currently; the `Result` keeps generated code uniform.
    pub fn empty<E>(self) -> Result<(), Error<E>> {
        Ok(())
    }
}
