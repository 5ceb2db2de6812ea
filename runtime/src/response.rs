use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::Error;

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

    /// Decodes the body as JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] if the body is not JSON of type `T`.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        // serde_path_to_error records where decoding failed, which serde_json alone only gives
        // as a line and column of a response that is usually a single line.
        let decoded = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| (error.path().to_string(), error.into_inner()))
            .and_then(|value| {
                deserializer
                    .end()
                    .map(|()| value)
                    .map_err(|error| (String::from("."), error))
            });
        decoded.map_err(|(path, source)| Error::Decode {
            status: self.status,
            path,
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
