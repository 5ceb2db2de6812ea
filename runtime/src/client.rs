use reqwest::header::{HeaderName, ACCEPT, CONTENT_TYPE, USER_AGENT};
use reqwest::multipart::{Form, Part};
use serde::de::DeserializeOwned;

use crate::config::{Config, Secret};
use crate::error::{ApiError, Error};
use crate::request::{Body, FormValue, Request};
use crate::response::Response;

/// The `User-Agent` sent unless [`Config::user_agent`] replaces it.
const DEFAULT_USER_AGENT: &str = concat!("intercom-rust/", env!("CARGO_PKG_VERSION"));

/// The header selecting the API version a request is served with.
const INTERCOM_VERSION: HeaderName = HeaderName::from_static("intercom-version");

/// The transport shared by generated clients: holds the configuration, the HTTP client and the
/// API version the generated crate speaks.
///
/// Cloning is cheap and clones share the HTTP connection pool.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    token: Secret,
    user_agent: String,
    api_version: &'static str,
}

impl Client {
    /// A client sending requests as described by `config`.
    ///
    /// `api_version` is sent as the `Intercom-Version` header on every request
    /// (e.g. `"2.11"` or `"Preview"`).
    pub fn new(config: Config, api_version: &'static str) -> Self {
        let base_url = config.resolved_base_url().to_owned();
        let Config {
            token,
            http,
            user_agent,
            ..
        } = config;
        Client {
            http: http.unwrap_or_default(),
            base_url,
            token,
            user_agent: user_agent.unwrap_or_else(|| DEFAULT_USER_AGENT.to_owned()),
            api_version,
        }
    }

    /// The value sent as the `Intercom-Version` header.
    pub fn api_version(&self) -> &'static str {
        self.api_version
    }

    /// The base URL request paths are appended to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `request` and reads the whole response.
    ///
    /// Every request carries the access token as a bearer token, plus `Intercom-Version`,
    /// `Accept: application/json` and `User-Agent` headers unless the request sets its own.
    ///
    /// # Errors
    ///
    /// - [`Error::Encode`] if a part of the request could not be serialized;
    /// - [`Error::Transport`] if the request could not be built or sent, or the response could
    ///   not be read;
    /// - [`Error::Api`] if the status is neither 2xx nor 3xx, with the body decoded as `E` when
    ///   it matches.
    pub async fn execute<E: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<Response, Error<E>> {
        let Request {
            method,
            path,
            query,
            headers,
            body,
            encode_error,
        } = request;
        if let Some(error) = encode_error {
            return Err(Error::Encode(error));
        }

        let mut builder = self
            .http
            .request(method, format!("{}{path}", self.base_url))
            .bearer_auth(&self.token.0)
            .query(&query);
        let defaults = [
            (INTERCOM_VERSION, self.api_version),
            (ACCEPT, "application/json"),
            (USER_AGENT, self.user_agent.as_str()),
        ];
        for (name, value) in defaults {
            // reqwest appends rather than replaces headers, so skip the defaults an operation sets
            // itself (the export download needs `Accept: application/octet-stream`).
            if !headers
                .iter()
                .any(|(set, _)| set.eq_ignore_ascii_case(name.as_str()))
            {
                builder = builder.header(name, value);
            }
        }
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        builder = match body {
            Body::Empty => builder,
            Body::Json(json) => builder.header(CONTENT_TYPE, "application/json").body(json),
            Body::Multipart(fields) => {
                builder.multipart(multipart_form(fields).map_err(Error::Transport)?)
            }
            Body::Form(pairs) => builder.form(&pairs),
        };

        // Invalid header values or URLs surface here too, as reqwest defers them to sending.
        let mut response = builder.send().await.map_err(Error::Transport)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(Error::Transport)?;

        // 3xx only arrives here when redirects are not followed; it is the caller's to handle.
        if status.is_success() || status.is_redirection() {
            Ok(Response {
                status,
                headers,
                body,
            })
        } else {
            Err(Error::Api(ApiError {
                status,
                headers,
                body: serde_json::from_slice(&body).ok(),
                raw: String::from_utf8_lossy(&body).into_owned(),
            }))
        }
    }
}

/// Builds the `multipart/form-data` body from the fields collected by [`Request`].
fn multipart_form(fields: Vec<(String, FormValue)>) -> reqwest::Result<Form> {
    fields
        .into_iter()
        .try_fold(Form::new(), |form, (name, value)| match value {
            FormValue::Text(text) => Ok(form.text(name, text)),
            FormValue::File(file) => {
                let mut part = Part::stream(file.contents);
                if let Some(file_name) = file.file_name {
                    part = part.file_name(file_name);
                }
                if let Some(mime) = &file.content_type {
                    part = part.mime_str(mime)?;
                }
                Ok(form.part(name, part))
            }
        })
}
