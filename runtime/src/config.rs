use std::fmt;

/// Intercom's regional data centers.
///
/// A workspace lives in exactly one region, and its access tokens only work there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Region {
    /// United States, `https://api.intercom.io`.
    #[default]
    Us,
    /// Europe, `https://api.eu.intercom.io`.
    Eu,
    /// Australia, `https://api.au.intercom.io`.
    Au,
}

impl Region {
    /// The base URL of the region's REST API, without a trailing slash.
    pub const fn base_url(self) -> &'static str {
        match self {
            Region::Us => "https://api.intercom.io",
            Region::Eu => "https://api.eu.intercom.io",
            Region::Au => "https://api.au.intercom.io",
        }
    }
}

/// How a client connects: access token, region or custom base URL, HTTP client, user agent.
///
/// Its [`Debug`] output never shows the access token.
#[derive(Clone, Debug)]
#[must_use = "a config does nothing until passed to `Client::new`"]
pub struct Config {
    pub(crate) token: Secret,
    region: Region,
    base_url: Option<String>,
    pub(crate) http: Option<reqwest::Client>,
    pub(crate) user_agent: Option<String>,
}

impl Config {
    /// A configuration for the [`Region::Us`] data center, authenticating with `token`
    /// (an access token or OAuth token, sent as a bearer token).
    pub fn new(token: impl Into<String>) -> Self {
        Config {
            token: Secret(token.into()),
            region: Region::default(),
            base_url: None,
            http: None,
            user_agent: None,
        }
    }

    /// Uses the data center of `region`, unless a [base URL](Self::base_url) is set.
    pub fn region(mut self, region: Region) -> Self {
        self.region = region;
        self
    }

    /// Sends requests to `url` instead of a regional data center, e.g. a mock server such as
    /// `http://127.0.0.1:4010`. Takes precedence over [`region`](Self::region); trailing
    /// slashes are removed.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        let mut url = url.into();
        url.truncate(url.trim_end_matches('/').len());
        self.base_url = Some(url);
        self
    }

    /// Sends requests through `client`, e.g. one configured with timeouts or a proxy.
    ///
    /// Without it, the client is built with [`reqwest::Client::new`].
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sends `ua` as the `User-Agent` header instead of `intercom-rust/<runtime version>`.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// The base URL requests go to: the custom one if set, else the region's.
    pub(crate) fn resolved_base_url(&self) -> &str {
        self.base_url
            .as_deref()
            .unwrap_or_else(|| self.region.base_url())
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
