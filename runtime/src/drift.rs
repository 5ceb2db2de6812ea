//! The drift report: where a decoded response holds what the API description does not describe.
//!
//! Decoding is tolerant (see [`model`](crate::model)): a key the type does not describe, a value
//! that does not fit its field, a `null` the spec forbids, a converted value, an enum value the
//! spec does not list or a missing required key never fails a call. The drift report lists each
//! of them with its JSON pointer, so users learn where the server and its description disagree:
//!
//! - in code, [`Response::drift`](crate::Response::drift) (from a request builder's
//!   `send_with_response`);
//! - in logs, a `DEBUG` event with target `intercom_runtime::drift` for every JSON response
//!   that drifted, naming the operation and the paths (enable it with a filter such as
//!   `RUST_LOG=intercom_runtime::drift=debug`). It is a debug event, not a warning: drift is no
//!   fault of the calling program, it can concern every response of an operation, and it is
//!   computed only when the event is enabled.
//!
//! The report is computed on demand from the body as received: the decoded value's typed
//! projection ([`model::audit::project`](crate::model::audit::project)) is compared with the
//! raw JSON, so a call that nobody asks about pays only for keeping the body's bytes alive.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// The `tracing` target of the drift events.
pub(crate) const TARGET: &str = "intercom_runtime::drift";

/// One place where a response differs from what the description says.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Drift {
    /// JSON pointer into the response body (`/data/0/custom_attributes`); empty for the body
    /// itself. For [`DriftKind::MissingRequired`], where the key would be.
    pub path: String,
    /// What differs there.
    pub kind: DriftKind,
}

/// What differs from the description at a [`Drift`]'s path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DriftKind {
    /// A key the type does not describe: kept in the object's `extra` (or, in an object with
    /// typed `additionalProperties`, a value that did not fit them).
    UnknownKey,
    /// A described key whose value did not fit its field (an object where a string is declared,
    /// `"seven"` for an integer, an array with an element that does not fit): the field holds its
    /// placeholder and the value is kept raw in `extra`.
    KeptRaw,
    /// `null` where the description does not allow it: the field holds its placeholder and the
    /// `null` is kept in `extra`.
    UnexpectedNull,
    /// A value converted exactly to the declared type (the integer `12345` for a string field).
    Converted,
    /// A string the enum does not list, held by its `Unknown` variant.
    UnknownEnumValue,
    /// A key the description requires that was absent.
    MissingRequired,
}

impl DriftKind {
    fn describe(self) -> &'static str {
        match self {
            DriftKind::UnknownKey => "key the description does not declare",
            DriftKind::KeptRaw => "value that does not fit its declared type, kept raw",
            DriftKind::UnexpectedNull => "null the description does not allow",
            DriftKind::Converted => "value converted to its declared type",
            DriftKind::UnknownEnumValue => "enum value the description does not list",
            DriftKind::MissingRequired => "required key missing",
        }
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = crate::model::audit::shown_path(&self.path);
        write!(f, "{path}: {}", self.kind.describe())
    }
}

/// The drift of `body`, decoded from the JSON text `raw`. Empty when `raw` is not JSON or the
/// body cannot be encoded again, which a decoded response never is.
pub(crate) fn report<T: Serialize + ?Sized>(body: &T, raw: &[u8]) -> Vec<Drift> {
    // Only the projection depends on the type: the rest is compiled once, not per response type.
    crate::model::audit::project(body)
        .map(|projection| report_projected(&projection, raw))
        .unwrap_or_default()
}

fn report_projected(projection: &Value, raw: &[u8]) -> Vec<Drift> {
    serde_json::from_slice::<Value>(raw)
        .map(|original| crate::model::audit::drift(projection, &original))
        .unwrap_or_default()
}

/// Emits the drift event for a response of `operation`, if a subscriber wants it.
pub(crate) fn trace<T: Serialize + ?Sized>(operation: &str, body: &T, raw: &[u8]) {
    if enabled() {
        emit(operation, &report(body, raw));
    }
}

fn enabled() -> bool {
    tracing::enabled!(target: TARGET, tracing::Level::DEBUG)
}

fn emit(operation: &str, drift: &[Drift]) {
    if drift.is_empty() {
        return;
    }
    let paths = drift
        .iter()
        .map(Drift::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    tracing::debug!(
        target: TARGET,
        operation,
        count = drift.len(),
        "the response differs from the API description: {paths}"
    );
}
