//! Hostile descriptions: whatever a description says, codegen either refuses it with a located
//! message or writes a crate whose files say only what the generator means them to say, and
//! that compiles clippy-clean. Never a panic.

mod hostile_support;

use hostile_support::{assert_compiles_clippy_clean, generate_text, Outcome};
use serde_json::{json, Value};

/// A description with `info`, the given `paths` and component `schemas`.
fn spec(info: Value, paths: Value, schemas: Value) -> String {
    json!({
        "openapi": "3.0.3",
        "info": info,
        "paths": paths,
        "components": {"schemas": schemas},
    })
    .to_string()
}

fn generated(outcome: Outcome) -> generator::emit::CrateFiles {
    match outcome {
        Ok((files, _)) => files,
        Err(error) => panic!("refused: {error}"),
    }
}

/// The text of every doc comment (`///`, `//!`) in a Rust file, one doc line a line.
fn doc_text(code: &str) -> String {
    code.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            line.strip_prefix("///")
                .or_else(|| line.strip_prefix("//!"))
        })
        .map(|line| format!("{}\n", line.strip_prefix(' ').unwrap_or(line)))
        .collect()
}

/// Whether a Markdown line is a backtick code fence: three or more backticks, then an info
/// string without backticks (a line like ```` ``a`` b ```` is a code span, not a fence).
fn opens_fence(line: &str) -> bool {
    let info = line.trim_start_matches('`');
    line.len() - info.len() >= 3 && !info.contains('`')
}

/// Text meant to escape every context it is pasted into: TOML strings and tables, Markdown
/// code blocks (doctests are run by `cargo test`), Rust string literals.
const HOSTILE: &str = "Evil\" \\ ' \n[target.'cfg(all())'.dependencies]\nevil = { path = \"/tmp/evil\" }\n```\nfn main() { std::process::exit(1) }\n```\n\"; panic!(); \"\n# Heading";

fn hostile_spec() -> String {
    spec(
        json!({"title": HOSTILE, "version": HOSTILE, "description": HOSTILE}),
        json!({
            "/a/`x`\n```\n": {"get": {
                "operationId": "getA",
                "tags": [HOSTILE],
                "summary": HOSTILE,
                "responses": {"200": {"description": HOSTILE, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}},
            }},
        }),
        json!({
            "Thing": {
                "type": "object",
                "title": HOSTILE,
                "description": HOSTILE,
                "properties": {
                    HOSTILE: {"type": "string", "description": HOSTILE},
                    "kind": {"type": "string", "enum": [HOSTILE, "```", "a\"b"]},
                },
            },
        }),
    )
}

#[test]
fn hostile_text_cannot_change_the_manifest() {
    let files = generated(generate_text(&hostile_spec(), "hostile-text"));
    let text = &files[std::path::Path::new("Cargo.toml")];
    let manifest: toml::Table = text.parse().expect("the manifest is valid TOML");
    assert_eq!(
        manifest.keys().collect::<Vec<_>>(),
        ["dependencies", "package"]
    );
    assert!(!manifest.contains_key("target"), "{text}");
    let dependencies = manifest["dependencies"].as_table().expect("a table");
    assert!(!dependencies.contains_key("evil"), "{text}");
    assert!(generator::emit::is_generated_manifest(text));
}

#[test]
fn hostile_text_cannot_open_a_doctest_or_a_heading() {
    let files = generated(generate_text(&hostile_spec(), "hostile-text"));
    for (path, code) in &files {
        let docs = match path.extension().and_then(|e| e.to_str()) {
            Some("rs") => doc_text(code),
            Some("md") => code.clone(),
            _ => continue,
        };
        // Descriptions are Markdown and may hold code blocks, which the generator marks
        // `text`; nothing else may open one, and no spec text may start a line outside them.
        let mut in_block = false;
        for line in docs.lines() {
            let line = line.trim_start();
            if opens_fence(line) {
                assert!(
                    in_block || ["```text", "```no_run", "```rust,no_run"].contains(&line),
                    "{}: spec text opens a code block: {line}",
                    path.display()
                );
                in_block = !in_block;
            } else if !in_block {
                assert!(
                    !line.starts_with("fn main()") && !line.starts_with("# Heading"),
                    "{}: spec text starts a line: {line}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn hostile_text_compiles_clippy_clean() {
    let files = generated(generate_text(&hostile_spec(), "hostile-text"));
    assert_compiles_clippy_clean("hostile-text", &[("hostile-text".to_owned(), files)]);
}
