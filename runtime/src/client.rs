use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, USER_AGENT};
use reqwest::multipart::{Form, Part};
use reqwest::{StatusCode, Url};
use tracing::field::Empty;
use tracing::Instrument;

use crate::config::Config;
use crate::error::{ApiError, Error, RateLimited};
use crate::request::{Body, FormValue, Request};
use crate::response::{RawResponse, Response};
use crate::retry::{rate_limit_reset, retry_after, Failure};

/// What a generated crate tells the runtime about its API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiInfo {
    /// Where requests go unless the [`Config`] says otherwise: the description's first server.
    pub default_base_url: &'static str,
    /// A header sent with every request to select the API version, such as
    /// `("Intercom-Version", "2.11")`.
    pub version_header: Option<(&'static str, &'static str)>,
    /// The default `User-Agent`, such as `intercom-v2-11/2.11.0`.
    pub user_agent: &'static str,
}

/// A request on its way: the future of its decoded response, which a generated operation's
/// `send` and `send_with_response` return.
///
/// A named future with the transport's future boxed inside, rather than an `async fn` per
/// operation: an `async fn` gives each operation a state machine of its own around the whole
/// transport (retries, reqwest, tokio), which the compiler builds and checks again for every
/// operation of a crate.
#[must_use = "futures do nothing unless awaited"]
pub struct Sending<'a, T> {
    execution: Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send + 'a>>,
    decoding: Decoding<T>,
}

/// What a [`Sending`] makes of the response: a function such as [`RawResponse::json`] given as
/// is, so that a generated `send` needs no closure of its own (one body fewer for the compiler
/// to check per operation).
enum Decoding<T> {
    /// The output is what the function returns.
    Whole(fn(RawResponse) -> Result<T, Error>),
    /// The output is the body of the [`Response`] the function returns.
    Body(fn(RawResponse) -> Result<Response<T>, Error>),
}

impl<T> Decoding<T> {
    fn decode(&self, response: RawResponse) -> Result<T, Error> {
        match self {
            Decoding::Whole(decode) => decode(response),
            Decoding::Body(decode) => decode(response).map(Response::into_body),
        }
    }
}

/// What a generated operation's `send_with_response` returns: the future of the whole
/// [`Response`], with status and headers.
pub type SendingWithResponse<'a, T> = Sending<'a, Response<T>>;

impl<T> Future for Sending<'_, T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.execution
            .as_mut()
            .poll(cx)
            .map(|response| response.and_then(|response| self.decoding.decode(response)))
    }
}

impl<T> std::fmt::Debug for Sending<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sending").finish_non_exhaustive()
    }
}

/// The transport shared by generated clients: holds the configuration and the HTTP client.
///
/// Cloning is cheap and clones share the HTTP connection pool. `Debug` never shows the token.
#[derive(Clone, Debug)]
pub struct Client {
    /// The HTTP client, or why it could not be built (reported by every request).
    http: Result<reqwest::Client, String>,
    base_url: String,
    config: Config,
    api: ApiInfo,
}

impl Client {
    /// A client for the API described by `api`, sending requests as `config` says.
    pub fn new(config: Config, api: ApiInfo) -> Self {
        let base_url = config
            .base_url
            .clone()
            .unwrap_or_else(|| api.default_base_url.to_owned());
        let http = match &config.http {
            Some(http) => Ok(http.clone()),
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .https_only(!config.allow_plain_http)
                .build()
                .map_err(|error| format!("the HTTP client cannot be built: {error}")),
        };
        Client {
            http,
            base_url,
            config,
            api,
        }
    }

    /// The version header value sent with every request, if the API has one.
    pub fn api_version(&self) -> Option<&'static str> {
        self.api.version_header.map(|(_, value)| value)
    }

    /// The base URL request paths are appended to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `request`, retrying as the [`RetryPolicy`](crate::RetryPolicy) allows, and reads
    /// the whole response.
    ///
    /// Every request carries the access token as a bearer token (to the configured base URL
    /// only), the API's version header, `Accept: application/json` and a `User-Agent`, unless
    /// the request sets its own. Each call runs in a `tracing` span `intercom.request` with
    /// the operation, method, path template, attempt, status and duration.
    ///
    /// # Errors
    ///
    /// Any [`Error`] but [`Error::Decode`]: the response is decoded by the caller.
    pub async fn execute(&self, request: Request) -> Result<RawResponse, Error> {
        let span = tracing::info_span!(
            "intercom.request",
            operation = request.operation,
            method = %request.method,
            path = request.template,
            attempt = Empty,
            status = Empty,
            duration_ms = Empty,
        );
        self.execute_with_retries(request, &span)
            .instrument(span.clone())
            .await
    }

    /// Sends `request` as [`execute`](Self::execute) does, and decodes the response with
    /// `decode` (such as [`RawResponse::json`]): what a generated operation's
    /// `send_with_response` returns.
    pub fn send<T>(
        &self,
        request: Request,
        decode: fn(RawResponse) -> Result<T, Error>,
    ) -> Sending<'_, T> {
        self.sending(request, Decoding::Whole(decode))
    }

    /// Sends `request` as [`send`](Self::send) does, and returns only the body of the response
    /// `decode` makes: what a generated operation's `send` returns.
    pub fn send_body<T>(
        &self,
        request: Request,
        decode: fn(RawResponse) -> Result<Response<T>, Error>,
    ) -> Sending<'_, T> {
        self.sending(request, Decoding::Body(decode))
    }

    fn sending<T>(&self, request: Request, decoding: Decoding<T>) -> Sending<'_, T> {
        Sending {
            execution: Box::pin(self.execute(request)),
            decoding,
        }
    }

    async fn execute_with_retries(
        &self,
        mut request: Request,
        span: &tracing::Span,
    ) -> Result<RawResponse, Error> {
        let operation = request.operation;
        if let Some(source) = request.encode_error.take() {
            return Err(Error::Encode { operation, source });
        }
        let url = self.url(&request.path)?;
        let policy = request.options.retry.unwrap_or(self.config.retry);
        let timeout = request.options.timeout.unwrap_or(self.config.timeout);
        let started = Instant::now();
        let mut retry = 0;
        loop {
            span.record("attempt", retry + 1);
            let outcome = self.attempt(&request, url.clone(), timeout).await;
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            let (failure, error) = match outcome {
                Ok(response) => {
                    span.record("status", response.status.as_u16());
                    return Ok(response);
                }
                Err(failed) => failed,
            };
            if let Some(status) = error.status() {
                span.record("status", status.as_u16());
            }
            let retryable = failure.is_some_and(|failure| failure.is_retryable(&request.method));
            if !retryable || retry >= policy.max_retries {
                return Err(error);
            }
            let delay = match server_wait(&error) {
                Some(wait) if wait > policy.max_wait => return Err(error),
                Some(wait) => wait,
                None => policy.backoff(retry),
            };
            tracing::warn!(
                delay_ms = delay.as_millis() as u64,
                "retrying after failed attempt: {error}"
            );
            self.config.sleep.sleep(delay).await;
            retry += 1;
        }
    }

    /// The URL of `path`: the base URL with the path appended, so the request (and its token)
    /// cannot go to another host.
    fn url(&self, path: &str) -> Result<Url, Error> {
        let invalid = |reason: &str| Error::Config {
            reason: format!("base URL `{}`: {reason}", self.base_url),
        };
        let url = Url::parse(&format!("{}{path}", self.base_url))
            .map_err(|error| invalid(&error.to_string()))?;
        match url.scheme() {
            "https" => Ok(url),
            "http" if self.config.allow_plain_http => Ok(url),
            "http" => Err(invalid(
                "plain http sends the token unencrypted; use https or `Config::allow_plain_http`",
            )),
            _ => Err(invalid("not an http(s) URL")),
        }
    }

    /// One attempt: the response, or the error with whether it may be retried.
    async fn attempt(
        &self,
        request: &Request,
        url: Url,
        timeout: Duration,
    ) -> Result<RawResponse, (Option<Failure>, Error)> {
        let operation = request.operation;
        let http = self.http.as_ref().map_err(|reason| {
            let reason = reason.clone();
            (None, Error::Config { reason })
        })?;
        let mut builder = http
            .request(request.method.clone(), url)
            .bearer_auth(&self.config.token.0)
            .query(&request.query)
            .timeout(timeout);
        let headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .chain(&request.options.headers)
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let user_agent = self.config.user_agent.as_deref();
        let defaults = [
            self.api.version_header,
            Some((ACCEPT.as_str(), "application/json")),
            Some((
                USER_AGENT.as_str(),
                user_agent.unwrap_or(self.api.user_agent),
            )),
        ];
        for (name, value) in defaults.into_iter().flatten() {
            // reqwest appends rather than replaces headers, so skip the defaults the request
            // sets itself (a download's `Accept: application/octet-stream`).
            if !headers
                .iter()
                .any(|(set, _)| set.eq_ignore_ascii_case(name))
            {
                builder = builder.header(name, value);
            }
        }
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        builder = match &request.body {
            Body::Empty => builder,
            Body::Json(json) => builder
                .header(CONTENT_TYPE, "application/json")
                .body(json.clone()),
            Body::Multipart(fields) => match multipart_form(fields) {
                Ok(form) => builder.multipart(form),
                Err(source) => return Err((None, Error::Transport { operation, source })),
            },
            Body::Form(pairs) => builder.form(pairs),
            Body::Raw {
                content_type,
                contents,
            } => builder
                .header(CONTENT_TYPE, content_type.as_str())
                .body(contents.clone()),
        };

        // Invalid header values surface here too, as reqwest defers them to sending.
        let mut response = builder
            .send()
            .await
            .map_err(|error| self.transport_error(operation, timeout, error))?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = self.read_body(operation, timeout, response).await?;
        if status.is_success() || (status.is_redirection() && request.expects_redirect) {
            return Ok(RawResponse {
                operation,
                status,
                headers,
                body,
            });
        }
        Err((
            Some(Failure::Status(status)),
            api_error(operation, status, headers, body),
        ))
    }

    /// Reads the body, up to [`Config::max_response_bytes`].
    async fn read_body(
        &self,
        operation: &'static str,
        timeout: Duration,
        mut response: reqwest::Response,
    ) -> Result<Bytes, (Option<Failure>, Error)> {
        let limit = self.config.max_response_bytes;
        // Not worth retrying: the next answer will be as large.
        let too_large = || (None, Error::ResponseTooLarge { operation, limit });
        if response
            .content_length()
            .is_some_and(|length| length > limit)
        {
            return Err(too_large());
        }
        let mut body = BytesMut::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if (body.len() + chunk.len()) as u64 > limit {
                        return Err(too_large());
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok(body.freeze()),
                Err(error) => {
                    let (_, error) = self.transport_error(operation, timeout, error);
                    return Err((Some(Failure::Interrupted), error));
                }
            }
        }
    }

    fn transport_error(
        &self,
        operation: &'static str,
        timeout: Duration,
        error: reqwest::Error,
    ) -> (Option<Failure>, Error) {
        if error.is_timeout() {
            let error = Error::Timeout {
                operation,
                after: timeout,
            };
            return (Some(Failure::Interrupted), error);
        }
        let failure = if error.is_builder() {
            None
        } else if error.is_connect() {
            Some(Failure::Connect)
        } else {
            Some(Failure::Interrupted)
        };
        (
            failure,
            Error::Transport {
                operation,
                source: error.without_url(),
            },
        )
    }
}

/// The error for an error status: [`Error::RateLimited`] for 429, else [`Error::Api`].
fn api_error(
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
) -> Error {
    if status == StatusCode::TOO_MANY_REQUESTS {
        let now = SystemTime::now();
        let reset = rate_limit_reset(&headers).or_else(|| retry_after(&headers, now));
        let error = ApiError::new(operation, status, headers, body);
        Error::RateLimited(Box::new(RateLimited { error, reset }))
    } else {
        Error::Api(Box::new(ApiError::new(operation, status, headers, body)))
    }
}

/// How long the server asked to wait before the next attempt, if it did.
fn server_wait(error: &Error) -> Option<Duration> {
    let now = SystemTime::now();
    let reset = match error {
        Error::RateLimited(limited) => limited.reset,
        // Intercom sends `X-RateLimit-Reset` with every answer: only `Retry-After` is about
        // retrying other errors (503).
        Error::Api(error) => retry_after(&error.headers, now),
        _ => None,
    }?;
    Some(reset.duration_since(now).unwrap_or_default())
}

/// Builds the `multipart/form-data` body from the fields collected by [`Request`].
fn multipart_form(fields: &[(String, FormValue)]) -> reqwest::Result<Form> {
    fields
        .iter()
        .try_fold(Form::new(), |form, (name, value)| match value {
            FormValue::Text(text) => Ok(form.text(name.clone(), text.clone())),
            FormValue::File(file) => {
                let mut part = Part::stream(file.contents.clone());
                if let Some(file_name) = &file.file_name {
                    part = part.file_name(file_name.clone());
                }
                if let Some(mime) = &file.content_type {
                    part = part.mime_str(mime)?;
                }
                Ok(form.part(name.clone(), part))
            }
        })
}
