//! Proves that each construct's generated code compiles: every fixture's crate is written into
//! one scratch workspace (so they share a lock file and a target directory) and checked with
//! `cargo check`, which must succeed without a single warning.
//!
//! The snapshots show what is generated; this shows that what is generated is valid Rust that
//! type-checks against the real `intercom-runtime`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Writes the crates of `fixtures` into a fresh workspace and runs `cargo check` on it.
fn check_workspace(workspace: &str, fixtures: &[String]) {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let root = tmp.join(workspace);
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let runtime = manifest_dir
        .join("../runtime")
        .canonicalize()
        .expect("the runtime crate is next to the generator");

    if root.exists() {
        std::fs::remove_dir_all(&root).expect("remove the previous fixture workspace");
    }
    let mut members = Vec::new();
    for name in fixtures {
        let output = common::generate_with(name, runtime.to_str().expect("UTF-8 runtime path"));
        let dir = root.join(name);
        for (path, contents) in &output.files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().expect("files are inside the crate"))
                .expect("create a crate directory");
            std::fs::write(&path, contents).expect("write a generated file");
        }
        members.push(format!("{name:?}"));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(root.join("Cargo.toml"), manifest).expect("write the workspace manifest");
    // The repository's lock file pins the same dependency versions as the real crates use,
    // so the check resolves offline against what is already downloaded.
    std::fs::copy(manifest_dir.join("../Cargo.lock"), root.join("Cargo.lock"))
        .expect("copy the lock file");

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target: PathBuf = tmp.join("fixture-target");
    let output = Command::new(cargo)
        .args(["check", "--offline", "--workspace", "--quiet"])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo check");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "generated crates in {} do not compile:\n{stderr}",
        root.display()
    );
    assert!(
        !stderr.contains("warning:"),
        "generated crates in {} compile with warnings:\n{stderr}",
        root.display()
    );
}

#[test]
fn every_fixture_crate_compiles_without_warnings() {
    check_workspace("fixture-crates", &common::fixtures());
}
