use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::retry::{RetryPolicy, Sleep, TokioSleep};

/// A data center an API is served from, such as a generated crate's `Region` enum.
pub trait ServerRegion {
    /// The region's base URL, without a trailing slash.
    fn base_url(&self) -> &'static str;
}

/// How a client connects: access token, base URL, timeouts, retries, HTTP client, user agent.
///
/// Its [`Debug`] output never shows the access token.
#[derive(Clone, Debug)]
#[must_use = "a config does nothing until passed to `Client::with_config`"]
pub struct Config {
    pub(crate) token: Secret,
    pub(crate) base_url: Option<String>,
    pub(crate) http: Option<reqwest::Client>,
    pub(crate) user_agent: Option<String>,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: u64,
    pub(crate) allow_plain_http: bool,
    pub(crate) sleep: Arc<dyn Sleep>,
}

/// The default [`Config::timeout`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The default [`Config::max_response_bytes`]: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 << 20;

impl Config {
    /// A configuration authenticating with `token` (an access token or OAuth token, sent as a
    /// bearer token), for the API's default server.
    pub fn new(token: impl Into<String>) -> Self {
        Config {
            token: Secret(token.into()),
            base_url: None,
            http: None,
            user_agent: None,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            allow_plain_http: false,
            sleep: Arc::new(TokioSleep),
        }
    }

    /// Sends requests to `region`'s data center (a workspace's tokens only work in its own).
    pub fn region(self, region: impl ServerRegion) -> Self {
        self.base_url(region.base_url())
    }

    /// Sends requests to `url`, e.g. a proxy or a mock server; trailing slashes are removed.
    /// Replaces a [`region`](Self::region). The access token is only ever sent to this URL.
    ///
    /// Plain `http://` URLs are refused unless [`allow_plain_http`](Self::allow_plain_http).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        let mut url = url.into();
        url.truncate(url.trim_end_matches('/').len());
        self.base_url = Some(url);
        self
    }

    /// Allows a plain `http://` base URL, such as a mock server on `127.0.0.1`. The token then
    /// travels unencrypted.
    pub fn allow_plain_http(mut self) -> Self {
        self.allow_plain_http = true;
        self
    }

    /// Sends requests through `client`, e.g. one with a proxy or custom TLS roots.
    ///
    /// Without it, the client is built with redirects disabled (a 3xx is returned to the
    /// caller, so the token never follows a redirect) and HTTPS only, unless
    /// [`allow_plain_http`](Self::allow_plain_http).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sends `ua` as the `User-Agent` header instead of `<crate name>/<crate version>`.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// How long one attempt may take, from connecting until the whole body is read
    /// (default: [`DEFAULT_TIMEOUT`]). Requests can override it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How failed requests are retried (default: 2 retries, see [`RetryPolicy`]). Requests
    /// can override it.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body read; a larger one fails with
    /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge) (default:
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]).
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Waits between retries with `sleep` instead of tokio's timer, e.g. to record the delays
    /// in a test.
    pub fn sleeper(mut self, sleep: impl Sleep) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }
}

/// A credential whose [`Debug`] output is redacted, so configs and clients can be logged.
#[derive(Clone)]
pub(crate) struct Secret(pub(crate) String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}
