//! Shared helpers for the fixture tests: load a fixture, run the pipeline, render the output.
//!
//! Every test binary includes this module but uses a different part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use generator::emit::{self, CrateConfig, CrateFiles};
use generator::Severity;

/// The name of every fixture in `tests/fixtures` (one construct each), sorted: discovered, so
/// a new fixture is snapshotted, compiled and checked for determinism without being listed.
pub fn fixtures() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fixtures is readable")
        .filter_map(|entry| {
            let path = entry.expect("a directory entry").path();
            let is_yaml = path.extension().is_some_and(|ext| ext == "yaml");
            let stem = path.file_stem()?.to_str()?.to_owned();
            is_yaml.then_some(stem)
        })
        .collect();
    names.sort();
    names
}

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
pub fn crate_spec(name: &str, runtime_path: &str) -> CrateConfig {
    CrateConfig {
        name: format!("fixture-{}", name.replace(['_', '/'], "-")),
        version: "0.1.0".to_owned(),
        api_name: "fixture".to_owned(),
        runtime_path: runtime_path.to_owned(),
        version_header: Some("Intercom-Version".to_owned()),
        regions: ["Us", "Eu"]
            .map(|name| generator::emit::Region {
                name: name.to_owned(),
                url: format!("https://api.{}.example.com", name.to_lowercase()),
                description: format!("The {name} region"),
            })
            .to_vec(),
        keywords: Vec::new(),
        end_to_end: None,
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

    /// `models.rs` and `models/tag.rs`, then `operations/*.rs` when `operations` is set, each
    /// under a header line.
    pub fn render_code(&self, operations: bool) -> String {
        self.render(|path| {
            path == Path::new("src/models.rs")
                || path.starts_with("src/models/")
                || (operations && path.starts_with("src/operations"))
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
    let krate = crate_spec(name, runtime_path);
    let lowered = generator::lower::lower_with(document, krate.lower_options())
        .unwrap_or_else(|e| panic!("fixture {name} does not build: {e}"));
    let files = emit::format(emit::emit(&lowered.api, &krate))
        .unwrap_or_else(|e| panic!("fixture {name} emits invalid Rust: {e}"));
    Output {
        files,
        warnings: warnings(&lowered),
    }
}

/// The warnings of a lowering, rendered; notes are left out.
pub fn warnings(lowered: &generator::lower::Lowered) -> Vec<String> {
    lowered
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Warning)
        .map(ToString::to_string)
        .collect()
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

/// `code` without whitespace and trailing commas, so asserts do not depend on where the
/// formatter breaks lines.
pub fn squash(code: &str) -> String {
    let squashed: String = code.split_whitespace().collect();
    squashed
        .replace(",)", ")")
        .replace(",]", "]")
        .replace(",}", "}")
}

/// The names of the types `code` defines (`pub struct`, `pub enum`, `pub type`), in order.
pub fn type_names(code: &str) -> Vec<String> {
    code.lines()
        .filter_map(|line| {
            ["pub struct ", "pub enum ", "pub type "]
                .iter()
                .find_map(|keyword| line.strip_prefix(keyword))
        })
        .map(|rest| {
            rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

/// The lines (1-based) of `code` where a doc comment is interrupted by a blank line.
pub fn blank_lines_inside_doc_comments(code: &str) -> Vec<usize> {
    let lines: Vec<&str> = code.lines().collect();
    let is_doc = |line: &str| {
        let line = line.trim_start();
        line.starts_with("///") || line.starts_with("//!")
    };
    (1..lines.len().saturating_sub(1))
        .filter(|&i| lines[i].trim().is_empty() && is_doc(lines[i - 1]) && is_doc(lines[i + 1]))
        .map(|i| i + 1)
        .collect()
}

/// The lines (1-based) of `code` where an outer doc comment starts with an empty line.
pub fn doc_comments_starting_empty(code: &str) -> Vec<usize> {
    let lines: Vec<&str> = code.lines().collect();
    (0..lines.len())
        .filter(|&i| {
            let starts_block = i == 0 || !lines[i - 1].trim_start().starts_with("///");
            starts_block && lines[i].trim() == "///"
        })
        .map(|i| i + 1)
        .collect()
}

/// The top-level item of `code` whose first line (after its docs and attributes) starts with
/// `start`, such as `pub struct Ticket {`, up to its closing brace.
pub fn item<'c>(code: &'c str, start: &str) -> &'c str {
    let begin = code
        .find(&format!("\n{start}"))
        .unwrap_or_else(|| panic!("no item `{start}` in:\n{code}"))
        + 1;
    let end = code[begin..]
        .find("\n}\n")
        .map_or(code.len(), |end| begin + end + 2);
    &code[begin..end]
}

/// The attribute and doc lines right above the field `pub <field>:` of a struct, and the
/// field's line.
pub fn field<'c>(structure: &'c str, field: &str) -> Vec<&'c str> {
    let lines: Vec<&str> = structure.lines().collect();
    let at = lines
        .iter()
        .position(|line| line.trim_start().starts_with(&format!("pub {field}:")))
        .unwrap_or_else(|| panic!("no field `{field}` in:\n{structure}"));
    let first = lines[..at]
        .iter()
        .rposition(|line| {
            let line = line.trim_start();
            !(line.starts_with("#[") || line.starts_with("///"))
        })
        .map_or(0, |i| i + 1);
    lines[first..=at].to_vec()
}

/// The spec of a version in the shared mirror, or `None` (with the reason printed) when the
/// mirror is absent outside CI.
pub fn real_spec(version: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../shared/specs/{version}/api.intercom.io.yaml"));
    present_outside_ci(path, "the shared spec mirror is not beside the checkout")
}

/// `path` if it exists; otherwise `None`, with the reason printed, since a test may skip for
/// want of input only locally: under `CI=true` it fails.
pub fn present_outside_ci(path: PathBuf, reason: &str) -> Option<PathBuf> {
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{} is missing ({reason})",
        path.display()
    );
    eprintln!("skipped: {} is missing ({reason})", path.display());
    None
}

/// Asserts that the squashed code contains `expected` (also squashed).
#[track_caller]
pub fn assert_has(code: &str, expected: &str) {
    assert!(
        squash(code).contains(squash(expected).trim_end_matches(',')),
        "expected `{expected}` in:\n{code}"
    );
}

#[track_caller]
pub fn assert_lacks(code: &str, unexpected: &str) {
    assert!(
        !squash(code).contains(squash(unexpected).trim_end_matches(',')),
        "did not expect `{unexpected}` in:\n{code}"
    );
}

#[track_caller]
pub fn assert_no_warnings(output: &Output) {
    assert!(
        output.warnings.is_empty(),
        "unexpected warnings:\n{}",
        output.render_warnings()
    );
}
