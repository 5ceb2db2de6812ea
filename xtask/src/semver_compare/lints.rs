//! Reading cargo-semver-checks' report. Version 0.51 has no machine-readable output, so the
//! text is parsed: a `--- failure LINT: ... ---` (or `--- warning`) heading, then `Failed in:`
//! and one indented line per item, each read as a matching key (see [`item_key`]).

/// cargo-semver-checks' one-line verdict (`semver requires new major version: ...`).
pub fn verdict(output: &str) -> Option<&str> {
    output
        .lines()
        .find_map(|line| line.trim().strip_prefix("Summary "))
}

/// One lint that failed (or warned), with the items it lists.
#[derive(Debug, PartialEq)]
pub struct Lint {
    pub name: String,
    /// The items as matching keys (see [`item_key`]).
    pub items: Vec<String>,
}

/// The lints of a cargo-semver-checks report, in the order printed.
pub fn parse(output: &str) -> Vec<Lint> {
    let mut lints: Vec<Lint> = Vec::new();
    let mut in_items = false;
    for line in output.lines() {
        if let Some(name) = line
            .strip_prefix("--- failure ")
            .or_else(|| line.strip_prefix("--- warning "))
            .and_then(|heading| heading.split(':').next())
        {
            lints.push(Lint {
                name: name.trim().to_owned(),
                items: Vec::new(),
            });
            in_items = false;
        } else if line.trim() == "Failed in:" {
            in_items = true;
        } else if !line.starts_with("  ") || line.starts_with("   ") {
            // Items are indented by exactly two spaces; progress lines by more.
            in_items = false;
        } else if let (true, Some(lint)) = (in_items, lints.last_mut()) {
            lint.items.push(item_key(line));
        }
    }
    lints
}

/// The words that introduce an item's path in a lint's line (`struct intercom_api::models::X`).
const ITEM_WORDS: &[&str] = &[
    "struct", "enum", "union", "trait", "function", "fn", "method", "variant", "field", "type",
    "module", "mod", "const", "static", "macro",
];

/// The matching key of one item line: its path without crate or module, segments joined by
/// `::`. Lines name items as `field S.f in FILE`, `field f of struct S, previously in FILE`,
/// `variant E:V in FILE`, `enum intercom_api::models::E, previously in FILE`,
/// `Client::m, previously in FILE` or `intercom_api::models::S::new takes 1 parameters ...`.
fn item_key(line: &str) -> String {
    let words: Vec<&str> = line
        .split_whitespace()
        .map(|word| word.trim_end_matches(','))
        .collect();
    let path = match words.as_slice() {
        ["field", field, "of", _, container, ..] => format!("{container}::{field}"),
        [word, path, ..] if ITEM_WORDS.contains(word) => (*path).to_owned(),
        [path, ..] => (*path).to_owned(),
        [] => String::new(),
    };
    path_key(&path)
}

/// A Rust path without the crate, `models` and `operations::<module>` prefixes, with `.` and a
/// single `:` (as the lints print fields and variants) read as `::`. A tag's marker
/// (`models::tag::X`) stands for the tag `X`: it is removed when the tag is.
pub fn path_key(path: &str) -> String {
    let segments: Vec<&str> = path
        .split(['.', ':'])
        .filter(|segment| !segment.is_empty())
        .collect();
    let start = match segments.as_slice() {
        ["intercom_api", "operations", _, ..] | ["intercom_api", "models", "tag", _] => 3,
        ["models", "tag", _] => 2,
        ["operations", _, ..] | ["intercom_api", "models", ..] => 2,
        ["models", ..] | ["intercom_api", ..] => 1,
        _ => 0,
    };
    segments[start..].join("::")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report in cargo-semver-checks 0.51's layout, written for this test.
    const SAMPLE: &str = "\
     Checked [   1.000s] 10 checks: 7 pass, 2 fail, 1 warn, 0 skip

--- failure struct_missing: pub struct removed or renamed ---

Description:
A publicly-visible struct cannot be imported by its prior path.
        ref: https://example.invalid/item-remove

Failed in:
  struct intercom_api::models::Widget, previously in file /w/old/src/models.rs:10
  struct intercom_api::operations::widgets::ShowWidget, previously in file /w/old/src/operations/widgets.rs:5

--- failure struct_pub_field_missing: pub struct's pub field removed or renamed ---

Description:
A publicly-visible struct has at least one public field that is no longer available.

Failed in:
  field colour of struct Gadget, previously in file /w/old/src/models.rs:20
  Client::show_widget, previously in file /w/old/src/operations/widgets.rs:3

--- warning enum_variant_added: enum variant added on exhaustive enum ---

Failed in:
  variant GadgetKind:Large in /w/new/src/models.rs:30
  field Gadget.size in /w/new/src/models.rs:31
  intercom_api::models::Gadget::new takes 1 parameters in /w/old/src/models.rs:40, but now takes 2 parameters in /w/new/src/models.rs:41
    Finished [   3.000s] intercom-api

     Summary semver requires new major version: 2 major and 0 minor checks failed
";

    #[test]
    fn parses_each_lint_and_its_items_as_keys() {
        let lint = |name: &str, items: &[&str]| Lint {
            name: name.to_owned(),
            items: items.iter().map(|item| item.to_string()).collect(),
        };
        assert_eq!(
            parse(SAMPLE),
            vec![
                lint("struct_missing", &["Widget", "ShowWidget"]),
                lint(
                    "struct_pub_field_missing",
                    &["Gadget::colour", "Client::show_widget"]
                ),
                lint(
                    "enum_variant_added",
                    &["GadgetKind::Large", "Gadget::size", "Gadget::new"]
                ),
            ]
        );
        assert_eq!(
            path_key("intercom_api::models::tag::ContactType"),
            "ContactType"
        );
        assert_eq!(path_key("models::tag::ContactType"), "ContactType");
        assert_eq!(
            path_key("intercom_api::models::Contact::type_"),
            "Contact::type_"
        );
        assert_eq!(
            verdict(SAMPLE),
            Some("semver requires new major version: 2 major and 0 minor checks failed")
        );
    }
}
