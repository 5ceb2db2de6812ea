//! Every `cases/NAME.in.md` must convert to `cases/NAME.out.md` (without its final newline),
//! and a line taken as plain is what the whole conversion makes of it.

use std::path::Path;

use serde_json::Value;

use super::{convert, plain_line, to_rustdoc};
use crate::test_support::shared_documents;

#[test]
fn cases_convert_to_their_expected_output() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lower/docs/cases");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("the cases directory")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.to_string_lossy().ends_with(".in.md"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no cases in {}", dir.display());
    let mut failures = Vec::new();
    for input in &inputs {
        let name = input
            .to_string_lossy()
            .trim_end_matches(".in.md")
            .to_string();
        let read = |path: &str| {
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
        };
        let text = read(&format!("{name}.in.md"));
        let expected = read(&format!("{name}.out.md"));
        let expected = expected.strip_suffix('\n').unwrap_or(&expected);
        let actual = to_rustdoc(&text);
        if actual != expected {
            failures.push(format!(
                "{name}\n--- expected\n{expected}\n--- actual\n{actual}\n---"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n\n")
    );
}

/// Lines near enough to plain to tempt each stage: list and heading markers, entities, HTML,
/// Markdoc, bare URLs, emphasis, code, escapes, leading and trailing space.
const NEAR_PLAIN: &[&str] = &[
    "The id of the contact.",
    "  Padded, with a line break after.  \n",
    "Costs $5 (or 10%) per seat: see the plan's page?",
    "1. An ordered list item",
    "- A bullet",
    "+ Another bullet",
    "# A heading",
    "> A quote",
    "    Indented code",
    "See https://example.com for more",
    "Emphasis *here* and _there_",
    "Code `x` here",
    "Tags <b>bold</b>",
    "Fish & chips",
    "Markdoc {% admonition %}",
    "Escaped \\* star",
    "Brackets [like this]",
    "Tab\tinside",
    "Two\nlines",
    "Set a = b + c, email me@example.com!",
];

#[test]
fn a_plain_line_is_what_the_conversion_makes_of_it() {
    let mut texts: Vec<String> = NEAR_PLAIN.iter().map(|text| (*text).to_owned()).collect();
    // Those codegen refuses (OpenAPI 3.1, Swagger 2.0) have no descriptions it converts.
    for document in shared_documents() {
        collect_descriptions(&document.tree, &mut texts);
    }
    let mut plain = 0;
    for text in &texts {
        if let Some(line) = plain_line(text) {
            plain += 1;
            assert_eq!(line, convert(text), "taken as plain: {text:?}");
        }
    }
    assert!(
        plain >= 3,
        "only {plain} of {} texts taken as plain",
        texts.len()
    );
    println!("{plain} of {} texts taken as plain", texts.len());
}

/// Every `description`, `summary` and `title` text in `tree`.
fn collect_descriptions(tree: &Value, texts: &mut Vec<String>) {
    match tree {
        Value::Object(object) => {
            for (key, value) in object {
                match value {
                    Value::String(text)
                        if ["description", "summary", "title"].contains(&key.as_str()) =>
                    {
                        texts.push(text.clone());
                    }
                    _ => collect_descriptions(value, texts),
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_descriptions(item, texts)),
        _ => {}
    }
}
