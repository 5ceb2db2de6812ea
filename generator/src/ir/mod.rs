//! The intermediate representation: an API as Rust sees it.
//!
//! The IR holds only decisions, made while it is lowered from the description
//! ([`crate::lower`]): final Rust names, resolved references, which fields are optional or boxed,
//! which body an operation returns. Emitters and the version diff read nothing else.

mod model;
mod names;
mod operation;
mod reach;

pub use model::*;
pub use names::*;
pub use operation::*;
pub use reach::{TypeGraph, Usage};
