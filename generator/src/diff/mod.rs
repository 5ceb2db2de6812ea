//! Diff stage: what changed between two versions of an API, over HTTP and in the generated Rust.
//!
//! Reads only the IR, like [`crate::emit`]. Operations are matched by route (`operations`),
//! types by source (`types`); each wire change is classified by the direction of the data
//! (`classify`) and each generated item that appears, disappears or changes signature is
//! listed with what stops compiling (`rust_api`). [`render`] writes the [`Report`] as Markdown
//! or JSON.

mod classify;
mod operations;
pub mod render;
pub mod report;
mod rust_api;
mod side;
mod types;

pub use report::{report_schema, Report};

use crate::ir::Api;
use report::{Level, LevelCounts, RustCounts, Summary, Version};
use side::Side;

/// Compares two versions of an API.
pub fn diff(old: &Api, new: &Api) -> Report {
    let (old_side, new_side) = (Side::new(old), Side::new(new));
    let (mut changes, operations) = operations::diff(&old_side, &new_side);
    let (type_changes, types) = types::diff(&old_side, &new_side);
    changes.extend(type_changes);

    let mut http = LevelCounts::default();
    for finding in changes.iter().flat_map(|change| &change.findings) {
        match finding.level {
            Level::Breaking => http.breaking += 1,
            Level::PossiblyBreaking => http.possibly_breaking += 1,
            Level::Compatible => http.compatible += 1,
        }
    }
    let rust_changes = || changes.iter().flat_map(|change| &change.rust);
    let rust = RustCounts {
        breaking: rust_changes().filter(|change| change.breaking).count(),
        additive: rust_changes().filter(|change| !change.breaking).count(),
    };
    let version = |api: &Api| Version {
        title: api.title.clone(),
        version: api.version.clone(),
    };
    Report {
        old: version(old),
        new: version(new),
        summary: Summary {
            operations,
            types,
            http,
            rust,
            semver: rust_api::semver(rust_changes()),
        },
        changes,
    }
}

impl Report {
    /// The report with only the changes that break an HTTP client or code using the crate; the
    /// summary still counts everything.
    pub fn breaking_only(mut self) -> Report {
        self.changes.retain(report::Change::is_breaking);
        self
    }

    /// Whether anything breaks an HTTP client or code using the crate.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(report::Change::is_breaking)
    }
}
