//! Runtime shared by the generated Intercom API client crates.
//!
//! Each generated crate (one per Intercom API version) wraps a [`Client`] and turns every
//! operation into a [`Request`], sent with [`Client::execute`] and decoded from the
//! [`Response`]. Failures of any kind are reported as an [`Error`].
//!
//! Users of a generated crate mostly meet [`Config`], [`Region`] and [`Error`]:
//!
//! ```
//! use intercom_runtime::{Client, Config, Region};
//!
//! let config = Config::new("<access token>").region(Region::Eu);
//! let client = Client::new(config, "2.11");
//! assert_eq!(client.base_url(), "https://api.eu.intercom.io");
//! ```
//!
//! The generated models decode tolerantly and re-encode exactly with the support in [`model`].
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod client;
mod config;
mod error;
pub mod model;
mod request;
mod response;

pub use client::Client;
pub use config::{Config, Region};
pub use error::{ApiError, Error};
pub use model::{Extra, Nullable};
pub use request::{path_segment, FilePart, Request};
pub use response::Response;

/// Binary response bodies (downloads) are returned as [`Bytes`].
pub use bytes::Bytes;

/// The HTTP client crate the runtime is built on, for its `Method`, `StatusCode` and
/// `HeaderMap` types and for configuring a custom [`reqwest::Client`].
pub use reqwest;
