//! Runtime shared by the generated API client crates.
//!
//! Each generated crate (one per API version) wraps a [`Client`] and turns every operation
//! into a [`Request`], sent with [`Client::execute`] (retries, timeouts, rate limits, tracing)
//! and decoded from the [`RawResponse`] into a [`Response`]. Every failure is an [`Error`].
//!
//! Users of a generated crate mostly meet [`Config`], [`RetryPolicy`], [`RequestOptions`] and
//! [`Error`]:
//!
//! ```
//! use std::time::Duration;
//! use intercom_runtime::{ApiInfo, Client, Config, RetryPolicy};
//!
//! let config = Config::new("<access token>")
//!     .timeout(Duration::from_secs(10))
//!     .retry(RetryPolicy::default().max_retries(4));
//! let api = ApiInfo {
//!     default_base_url: "https://api.intercom.io",
//!     version_header: Some(("Intercom-Version", "2.11")),
//!     user_agent: "my-crate/1.0",
//! };
//! let client = Client::new(config, api);
//! assert_eq!(client.base_url(), "https://api.intercom.io");
//! ```
//!
//! The generated models decode tolerantly and re-encode exactly with the support in [`model`];
//! where a response holds what the API description does not describe, [`Response::drift`] and a
//! `DEBUG` event list the places (see [`drift`]).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod client;
mod config;
pub mod drift;
mod error;
pub mod model;
mod pagination;
mod request;
mod response;
mod retry;

pub use client::{ApiInfo, Client, Sending, SendingWithResponse};
pub use config::{Config, ServerRegion, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
pub use drift::{Drift, DriftKind};
pub use error::{ApiError, DecodeError, Error, ErrorItem, ErrorList, RateLimited};
pub use model::{Extra, Nullable};
pub use pagination::{items, Items, Pages, Paging};
pub use request::{path_segment, FilePart, Request, RequestOptions};
pub use response::{RawResponse, Redirect, Response};
pub use retry::{RetryPolicy, Sleep};

/// Binary response bodies (downloads) are returned as [`Bytes`].
pub use bytes::Bytes;

/// The HTTP client crate the runtime is built on, for configuring a custom
/// [`reqwest::Client`].
pub use reqwest;
/// Types that appear in responses and errors.
pub use reqwest::header::{HeaderMap, HeaderValue};
pub use reqwest::{Method, StatusCode};
/// Free-form JSON values, as in untyped fields and `Extra`.
pub use serde_json::Value;
