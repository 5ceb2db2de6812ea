//! Shared by the hostile-input, foreign-spec and fixture-compile tests: run the pipeline on a
//! description without panicking, and prove that generated crates compile without warnings.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::emit::{CrateConfig, CrateFiles};
use serde_json::{json, Value};

/// What the pipeline made of a description: a crate and its warnings, or the refusal.
pub type Outcome = Result<(CrateFiles, Vec<String>), String>;

/// The crate configuration hostile and foreign crates are generated with.
pub fn config(name: &str) -> CrateConfig {
    CrateConfig {
        name: name.to_owned(),
        version: "0.1.0".to_owned(),
        api_name: "test".to_owned(),
        runtime_path: runtime().to_string_lossy().into_owned(),
        ..Default::default()
    }
}

/// The absolute path of the runtime crate.
pub fn runtime() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../runtime")
        .canonicalize()
        .expect("the runtime crate is next to the generator")
}

/// Runs the whole pipeline on the file `path`; a panic fails the test with the file's name.
pub fn generate_file(path: &Path, name: &str) -> Outcome {
    generator::generate(path, &config(name))
        .map(|generated| {
            let warnings = generated.warnings.iter().map(ToString::to_string).collect();
            (generated.files, warnings)
        })
        .map_err(|error| error.to_string())
}

/// Runs the whole pipeline on a description given as text (JSON or YAML).
pub fn generate_text(text: &str, name: &str) -> Outcome {
    generate_files(&[("spec.yaml".to_owned(), text.to_owned())], name)
}

/// Runs the whole pipeline on a description in several files, given as paths relative to one
/// folder and their text; the first is the description, which refers to the others. Messages
/// name the files by those paths.
pub fn generate_files(files: &[(String, String)], name: &str) -> Outcome {
    let dir = tempfile::tempdir().expect("a scratch directory");
    // Canonical, as the generator makes the paths of the files it reads.
    let root = dir
        .path()
        .canonicalize()
        .expect("the scratch directory exists");
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("a file in the folder"))
            .expect("create the folders");
        std::fs::write(&path, text).expect("write a file of the description");
    }
    let folder = format!("{}/", root.to_string_lossy());
    generate_file(&root.join(&files[0].0), name).map_err(|error| error.replace(&folder, ""))
}

/// How [`assert_builds_cleanly`] checks a workspace.
#[derive(Clone, Copy)]
pub enum Check {
    /// `cargo check`: the code type-checks.
    Compile,
    /// `cargo clippy --all-targets -- -D warnings`: tests included, and lint-free.
    Clippy,
    /// `cargo test --test behaviour`: each crate's `tests/behaviour.rs` builds and passes.
    Behaviour,
    /// `cargo test`: each crate's own tests and doctests build and pass.
    Tests,
}

/// Writes `crates` into one fresh workspace and runs `check` on it; panics with the compiler's
/// output when anything fails or warns.
pub fn assert_builds_cleanly(workspace: &str, crates: &[(String, CrateFiles)], check: Check) {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let root = tmp.join(workspace);
    if root.exists() {
        std::fs::remove_dir_all(&root).expect("remove the previous workspace");
    }
    let mut members = Vec::new();
    for (name, files) in crates {
        let dir = root.join(name);
        for (path, contents) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().expect("files are inside the crate"))
                .expect("create a crate directory");
            std::fs::write(&path, contents).expect("write a generated file");
        }
        members.push(toml::Value::from(name.as_str()));
    }
    let mut workspace_table = toml::Table::new();
    workspace_table.insert("resolver".into(), "2".into());
    workspace_table.insert("members".into(), toml::Value::Array(members));
    let manifest = toml::Table::from_iter([("workspace".to_owned(), workspace_table.into())]);
    std::fs::write(root.join("Cargo.toml"), manifest.to_string()).expect("write the manifest");
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(manifest_dir.join("../Cargo.lock"), root.join("Cargo.lock"))
        .expect("copy the lock file");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // One target directory for every scratch workspace: the dependencies are built once.
    let arguments: &[&str] = match check {
        Check::Compile => &["check", "--offline", "--workspace", "--quiet"],
        Check::Clippy => &[
            "clippy",
            "--offline",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
        Check::Behaviour => &[
            "test",
            "--offline",
            "--workspace",
            "--quiet",
            "--test",
            "behaviour",
        ],
        Check::Tests => &["test", "--offline", "--workspace", "--quiet"],
    };
    let output = Command::new(cargo)
        .args(arguments)
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", tmp.join("fixture-target"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&output.stderr);
    // A failing test reports on stdout.
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && !stderr.contains("warning:"),
        "generated crates in {} do not build cleanly:\n{stderr}\n{stdout}",
        root.display()
    );
}

/// A description with `info`, the given `paths` and component `schemas`.
pub fn spec(info: Value, paths: Value, schemas: Value) -> String {
    json!({
        "openapi": "3.0.3",
        "info": info,
        "paths": paths,
        "components": {"schemas": schemas},
    })
    .to_string()
}

pub fn info() -> Value {
    json!({"title": "Hostile", "version": "1"})
}

/// A response without a body.
pub fn no_content() -> Value {
    json!({"204": {"description": "no content"}})
}

/// A response whose body is the component schema `name`.
pub fn returns(name: &str) -> Value {
    json!({"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}}})
}

/// Generates every description (crate name, text), which must each be accepted, and asserts
/// that the crates pass `check` in one workspace.
pub fn assert_accepted_and_built(workspace: &str, descriptions: Vec<(&str, String)>, check: Check) {
    let crates: Vec<_> = descriptions
        .into_iter()
        .map(|(name, text)| (name.to_owned(), generated(generate_text(&text, name))))
        .collect();
    assert_builds_cleanly(workspace, &crates, check);
}

/// The files of an accepted description.
pub fn generated(outcome: Outcome) -> CrateFiles {
    match outcome {
        Ok((files, _)) => files,
        Err(error) => panic!("refused: {error}"),
    }
}

/// xorshift64*: a deterministic generator, so a seed replays what it made.
pub struct Rng(u64);

impl Rng {
    pub fn seeded(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'i, T>(&mut self, items: &'i [T]) -> &'i T {
        &items[self.below(items.len())]
    }

    /// `true` `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}
