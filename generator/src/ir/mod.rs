//! The intermediate representation: an API as Rust sees it.
//!
//! Every OpenAPI quirk is resolved while the IR is built ([`build`]); the IR itself holds only
//! decisions: final Rust names, resolved references, which fields are optional or boxed, which
//! body an operation returns. Emitters and the version diff read nothing else.

mod build;
mod docs;
mod model;
pub mod naming;

pub use build::{build, Built};
pub use model::*;

/// Escapes one JSON pointer segment (RFC 6901: `~` -> `~0`, `/` -> `~1`).
pub fn pointer_escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
