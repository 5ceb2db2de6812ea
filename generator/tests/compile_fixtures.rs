//! Proves that each construct's generated code compiles: every fixture's crate is written into
//! one scratch workspace (so they share a lock file and a target directory) and checked with
//! `cargo check`, which must succeed without a single warning.
//!
//! The snapshots show what is generated; this shows that what is generated is valid Rust that
//! type-checks against the real `intercom-runtime`.

mod common;
mod hostile_support;

use hostile_support::{assert_builds_cleanly, Check};

/// Writes the crates of `fixtures` into a fresh workspace and runs `cargo check` on it.
fn check_workspace(workspace: &str, fixtures: &[String]) {
    let runtime = hostile_support::runtime();
    let runtime = runtime.to_str().expect("UTF-8 runtime path");
    let crates: Vec<_> = fixtures
        .iter()
        .map(|name| (name.clone(), common::generate_with(name, runtime).files))
        .collect();
    assert_builds_cleanly(workspace, &crates, Check::Compile);
}

#[test]
fn every_fixture_crate_compiles_without_warnings() {
    check_workspace("fixture-crates", &common::fixtures());
}
