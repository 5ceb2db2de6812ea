//! OpenAPI 3.0 to Rust code generator for the Intercom REST API.
//!
//! The pipeline runs in one direction, one module per stage:
//!
//! 1. [`load`]: read and parse a description into `openapiv3` types, keeping what the object
//!    model would drop.
//! 2. [`lower`]: turn the `openapiv3` types into the intermediate representation ([`ir`]) —
//!    Rust-level types and operations — resolving every quirk of the spec exactly once, as a
//!    named rule, and making every naming decision through one namespace.
//! 3. [`emit`]: turn the IR into the files of a crate (token streams formatted by prettyplease).
//! 4. [`mod@write`]: put those files on disk atomically, or compare them with what is there.
//!
//! `emit` reads only the IR; nothing after [`lower`] sees an `openapiv3` type.

pub mod diff;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod pointer;
pub mod rules;
pub mod write;

mod diagnostic;
#[cfg(test)]
mod test_support;

pub use diagnostic::{Diagnostic, Findings, Severity};

use std::path::Path;

use emit::{CrateConfig, CrateFiles};

/// A crate generated from one description.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The crate's files, by path relative to its directory.
    pub files: CrateFiles,
    /// Spec defects worked around on the way, and what was left out, each naming its rule (if
    /// any) and location.
    pub warnings: Vec<Diagnostic>,
    /// Mapping rules applied, each with its location.
    pub notes: Vec<Diagnostic>,
    /// How many client methods the crate has.
    pub operations: usize,
    /// How many named types the crate has.
    pub types: usize,
}

/// Why a description could not be turned into a crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The description is unreadable or makes no sense.
    #[error(transparent)]
    Spec(#[from] Diagnostic),
    /// The generator emitted invalid Rust (a bug in the generator).
    #[error(transparent)]
    Format(#[from] emit::FormatError),
}

/// Runs the whole pipeline for one description: load, build the IR, emit, format.
pub fn generate(spec_file: &Path, krate: &CrateConfig) -> Result<Generated, Error> {
    let document = load::load(spec_file)?;
    // Lowering consumes the description, whose two trees are the largest things alive:
    // emitting needs only the IR.
    let lowered = lower::lower_with(document, krate.lower_options())?;
    let files = emit::format(emit::emit(&lowered.api, krate))?;
    let (notes, warnings) = lowered
        .findings
        .into_iter()
        .partition(|finding| finding.severity == Severity::Note);
    Ok(Generated {
        files,
        warnings,
        notes,
        operations: lowered.api.operations.len(),
        types: lowered.api.types.len(),
    })
}
