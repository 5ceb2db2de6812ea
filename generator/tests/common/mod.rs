//! Shared helpers for the fixture tests: load a fixture, run the pipeline, render the output.
//!
//! Every test binary includes this module but uses a different part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use generator::emit::{self, CrateFiles, CrateSpec};

/// Every fixture in `tests/fixtures`, one construct each.
pub const FIXTURES: &[&str] = &[
    "plain_object",
    "string_enum",
    "unions",
    "all_of",
    "recursion",
    "additional_properties",
    "operations",
    "responses",
    "multipart",
    "name_collisions",
    "dangling_ref",
];

/// The path diagnostics name a fixture by: relative to the generator crate, so snapshots do
/// not depend on where the repository is checked out.
pub fn relative_path(name: &str) -> PathBuf {
    Path::new("tests/fixtures").join(format!("{name}.yaml"))
}

/// The fixture's absolute path.
pub fn absolute_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative_path(name))
}

pub fn read_fixture(name: &str) -> String {
    let path = absolute_path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The crate spec every fixture is generated with; `runtime_path` is relative to the crate.
pub fn crate_spec(name: &str, runtime_path: &str) -> CrateSpec {
    CrateSpec {
        name: format!("fixture-{}", name.replace('_', "-")),
        version: "0.1.0".to_owned(),
        api_name: "fixture".to_owned(),
        runtime_path: runtime_path.to_owned(),
    }
}

/// What the pipeline produced for a fixture.
pub struct Output {
    pub files: CrateFiles,
    /// The build's warnings, rendered with `Display`.
    pub warnings: Vec<String>,
}

impl Output {
    /// The contents of one generated file.
    pub fn file(&self, path: &str) -> &str {
        self.files
            .get(Path::new(path))
            .unwrap_or_else(|| panic!("no {path} among {:?}", self.files.keys()))
    }

    pub fn models(&self) -> &str {
        self.file("src/models.rs")
    }

    /// `models.rs`, then `operations/*.rs` when `operations` is set, each under a header line.
    pub fn render_code(&self, operations: bool) -> String {
        self.render(|path| {
            path == Path::new("src/models.rs") || (operations && path.starts_with("src/operations"))
        })
    }

    /// Every file of the crate, each under a header line.
    pub fn render_all(&self) -> String {
        self.render(|_| true)
    }

    fn render(&self, keep: impl Fn(&Path) -> bool) -> String {
        let mut out = String::new();
        for (path, contents) in self.files.iter().filter(|(path, _)| keep(path)) {
            out.push_str(&format!("// ---- {} ----\n", path.display()));
            out.push_str(contents);
            if !contents.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }

    /// The warnings, one a line.
    pub fn render_warnings(&self) -> String {
        self.warnings.join("\n")
    }
}

/// Runs load -> build -> emit -> format on a fixture, with a runtime path relative to the crate.
pub fn generate_with(name: &str, runtime_path: &str) -> Output {
    let path = relative_path(name);
    let document = generator::load::parse(&path, &read_fixture(name))
        .unwrap_or_else(|e| panic!("fixture {name} does not load: {e}"));
    let built = generator::ir::build(&document)
        .unwrap_or_else(|e| panic!("fixture {name} does not build: {e}"));
    let files = emit::format(emit::emit(&built.api, &crate_spec(name, runtime_path)))
        .unwrap_or_else(|e| panic!("fixture {name} emits invalid Rust: {e}"));
    Output {
        files,
        warnings: built.warnings.iter().map(ToString::to_string).collect(),
    }
}

/// [`generate_with`] with the runtime path the snapshots use.
pub fn generate(name: &str) -> Output {
    generate_with(name, "../../runtime")
}

/// The names of the public `Client` methods in a set of generated files, in file order.
pub fn client_methods(output: &Output) -> Vec<String> {
    let mut methods = Vec::new();
    for (path, contents) in &output.files {
        if !path.starts_with("src/operations") {
            continue;
        }
        let mut in_client = false;
        for line in contents.lines() {
            if line.starts_with("impl Client {") {
                in_client = true;
            } else if line.starts_with('}') {
                in_client = false;
            } else if in_client {
                if let Some(rest) = line.trim_start().strip_prefix("pub fn ") {
                    let name = rest.split(['(', '<']).next().unwrap_or_default();
                    methods.push(name.to_owned());
                }
            }
        }
    }
    methods
}
