//! `cargo xtask semver-compare OLD NEW`: checks the Rust-level view of `cargo xtask diff`
//! against `cargo-semver-checks`, which compares the rustdoc of two builds of one crate.
//!
//! Both versions are generated under one crate name, cargo-semver-checks runs on them, and the
//! items each lint lists (read by [`lints`]) are matched, kind by kind, with the diff's breaking
//! `RustChange`s. Items are matched by their path without crate and module prefixes
//! (`Contact::email`, `Client::show_contact`), since the lints name fields without modules.
//!
//! Slow (the two rustdoc builds take minutes), so `cargo xtask test` does not run it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, ensure, Context, Result};
use clap::Args;
use generator::diff::render::{code, prose, text, Doc, Span};
use generator::diff::report::{Effect, RustChange};
use generator::diff::Report;
use generator::write::replace_dir;
use heck::ToSnakeCase;
use pulldown_cmark::{HeadingLevel, Tag, TagEnd};

use crate::{codegen, diff};
use lints::{parse, path_key, verdict, Lint};

mod lints;

/// Arguments of `cargo xtask semver-compare`.
#[derive(Debug, Args)]
pub struct SemverCompareArgs {
    /// The old version: a version name from specs/versions.toml, or a spec file.
    pub old: String,
    /// The new version: a version name from specs/versions.toml, or a spec file.
    pub new: String,
    /// Generate the two crates into DIR (kept afterwards) instead of a temporary directory.
    #[arg(long, value_name = "DIR")]
    pub work_dir: Option<PathBuf>,
}

/// The package name both versions are generated under, so cargo-semver-checks compares them.
const CRATE_NAME: &str = "intercom-api";

/// How many items a difference lists before it counts the rest.
const LISTED: usize = 6;

pub fn run(args: &SemverCompareArgs, root: &Path) -> Result<()> {
    check_installed()?;
    let (old_spec, new_spec) = (
        diff::resolve(&args.old, root)?,
        diff::resolve(&args.new, root)?,
    );
    let temporary;
    let work = match &args.work_dir {
        Some(dir) => std::path::absolute(dir)?,
        None => {
            temporary = tempfile::tempdir()?;
            temporary.path().to_owned()
        }
    };
    let (old_crate, new_crate) = generate(&old_spec, &new_spec, &work, root)?;
    let output = semver_checks(&old_crate, &new_crate, &work)?;
    let lints = parse(&output);
    let report = diff::compare(&old_spec, &new_spec)?;
    let comparison = compare(&lints, &report);
    print!(
        "{}",
        markdown(&comparison, &args.old, &args.new, verdict(&output))
    );
    Ok(())
}

/// Fails with how to install cargo-semver-checks when `cargo semver-checks` does not run.
fn check_installed() -> Result<()> {
    let installed = Command::new(crate::cargo_program())
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    ensure!(
        installed,
        "cargo-semver-checks is not installed; install it with \
         `cargo install cargo-semver-checks --locked`"
    );
    Ok(())
}

/// Generates both versions as `CRATE_NAME` into `work/old` and `work/new`.
fn generate(old: &Path, new: &Path, work: &Path, root: &Path) -> Result<(PathBuf, PathBuf)> {
    let mut jobs = Vec::new();
    for (spec, side) in [(old, "old"), (new, "new")] {
        let args = codegen::CodegenArgs {
            spec: Some(spec.to_owned()),
            out: Some(work.join(side).join(CRATE_NAME)),
            name: Some(CRATE_NAME.to_owned()),
            ..Default::default()
        };
        jobs.extend(codegen::jobs(&args, root)?);
    }
    for (job, generated) in jobs.iter().zip(codegen::generate_all(&jobs)?) {
        replace_dir(&job.out, &generated.files)
            .with_context(|| format!("writing {}", job.out.display()))?;
    }
    Ok((jobs[0].out.clone(), jobs[1].out.clone()))
}

/// Runs cargo-semver-checks on the two crates and returns what it printed. It exits non-zero
/// when a lint fails, so a run counts as failed only when it printed no summary.
fn semver_checks(old: &Path, new: &Path, work: &Path) -> Result<String> {
    eprintln!("running cargo semver-checks (it builds both crates' rustdoc: minutes)");
    let mut command = Command::new(crate::cargo_program());
    command
        .args(["semver-checks", "check-release", "--color", "never"])
        .arg("--manifest-path")
        .arg(new.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(old);
    if std::env::var_os("CARGO_TARGET_DIR").is_none() {
        command.env("CARGO_TARGET_DIR", work.join("target"));
    }
    let output = command
        .output()
        .context("running cargo semver-checks check-release")?;
    // A blank line between the streams ends the last item list of the report.
    let printed = format!(
        "{}\n\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if verdict(&printed).is_none() {
        bail!(
            "cargo semver-checks exited with {} without a summary:\n{printed}",
            output.status
        );
    }
    Ok(printed)
}

/// What kind of break an item is, as both tools can name it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// No item of that kind at the old path: removed, renamed, or a struct turned enum.
    Missing,
    FieldAdded,
    VariantAdded,
    ParameterCountChanged,
    /// A type became another kind of type (a struct an enum).
    StructBecameEnum,
    /// A field, argument, setter or result changed type: no lint of cargo-semver-checks 0.51.
    TypeChanged,
    /// Any other lint of cargo-semver-checks, by name.
    Lint(String),
}

impl Kind {
    fn of_lint(name: &str) -> Kind {
        match name {
            "constructible_struct_adds_field" => Kind::FieldAdded,
            "enum_variant_added" => Kind::VariantAdded,
            "method_parameter_count_changed" | "function_parameter_count_changed" => {
                Kind::ParameterCountChanged
            }
            _ if name.ends_with("_missing") => Kind::Missing,
            _ if name.ends_with("_changed_type") || name.ends_with("_changed_kind") => {
                Kind::StructBecameEnum
            }
            _ => Kind::Lint(name.to_owned()),
        }
    }

    /// Whether both tools can report this kind: cargo-semver-checks has a lint for it and the
    /// diff models it.
    fn both_speak(&self) -> bool {
        !matches!(self, Kind::TypeChanged | Kind::Lint(_))
    }

    fn describe(&self) -> String {
        match self {
            Kind::Missing => "item removed or renamed".to_owned(),
            Kind::FieldAdded => "field added to a struct literal".to_owned(),
            Kind::VariantAdded => "variant added to an exhaustive enum".to_owned(),
            Kind::ParameterCountChanged => "parameter count changed".to_owned(),
            Kind::StructBecameEnum => "type changed kind (struct to enum)".to_owned(),
            Kind::TypeChanged => "field, argument or result type changed".to_owned(),
            Kind::Lint(name) => format!("lint {name}"),
        }
    }
}

/// The kind and matching key of one of the diff's breaking Rust changes.
fn classify(change: &RustChange) -> (Kind, String) {
    let declared = |declaration: &Option<String>| declaration.clone().unwrap_or_default();
    let (old, new) = (declared(&change.old), declared(&change.new));
    let kind = match change.effect {
        Effect::Removed | Effect::Renamed => Kind::Missing,
        Effect::Added if new.starts_with("pub ") => Kind::FieldAdded,
        Effect::Added => Kind::VariantAdded,
        Effect::SignatureChanged if item_word(&old) != item_word(&new) => Kind::StructBecameEnum,
        Effect::SignatureChanged
            if old.starts_with("fn ") && parameter_count(&old) != parameter_count(&new) =>
        {
            Kind::ParameterCountChanged
        }
        Effect::SignatureChanged => Kind::TypeChanged,
    };
    // A renamed item is missing under its old name.
    let path = match (change.effect, change.item.rsplit_once("::")) {
        (Effect::Renamed, Some((container, _))) => format!("{container}::{}", declared_name(&old)),
        (Effect::Renamed, None) => declared_name(&old).to_owned(),
        _ => change.item.clone(),
    };
    (kind, path_key(&path))
}

/// `struct`, `enum` or `type` for a type's declaration, `fn` for a method's.
fn item_word(declaration: &str) -> &str {
    declaration.split_whitespace().next().unwrap_or_default()
}

/// The name a declaration gives (`fn lis_data_attributes(&self) -> ..` -> `lis_data_attributes`).
fn declared_name(declaration: &str) -> &str {
    let rest = ["pub ", "async ", "fn ", "struct ", "enum ", "type "]
        .iter()
        .fold(declaration, |rest, word| {
            rest.strip_prefix(word).unwrap_or(rest)
        });
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The arguments of a method declaration after `&self`: its top-level commas.
fn parameter_count(declaration: &str) -> usize {
    let mut depth = 0;
    let mut commas = 0;
    for c in declaration.chars() {
        match c {
            '(' | '<' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            '>' if depth > 1 => depth -= 1,
            ',' if depth == 1 => commas += 1,
            _ => {}
        }
    }
    commas
}

/// What each tool found, per kind.
#[derive(Debug, Default)]
struct Found {
    semver_checks: BTreeSet<String>,
    diff: BTreeSet<String>,
}

/// Both tools' findings, by kind.
struct Comparison {
    kinds: BTreeMap<Kind, Found>,
}

fn compare(lints: &[Lint], report: &Report) -> Comparison {
    let mut kinds: BTreeMap<Kind, Found> = BTreeMap::new();
    for lint in lints {
        let found = kinds.entry(Kind::of_lint(&lint.name)).or_default();
        found.semver_checks.extend(lint.items.iter().cloned());
    }
    let breaking = report
        .changes
        .iter()
        .flat_map(|change| &change.rust)
        .filter(|change| change.breaking);
    for change in breaking {
        let (kind, key) = classify(change);
        kinds.entry(kind).or_default().diff.insert(key);
    }
    Comparison { kinds }
}

/// A tag (a type alias of `intercom_runtime::model::Tag`) that became an enum, or the reverse.
const TAG_BECAME_ENUM: &str = "a tag that became an enum, or an enum that became a tag: \
     cargo-semver-checks reports the enum or the tag's marker (`models::tag::X`) removed and has \
     no lint for a type alias, the diff reports the type changing kind";

impl Comparison {
    /// Why only cargo-semver-checks lists `key` under `kind`.
    fn semver_checks_only_reason(&self, kind: &Kind, key: &str) -> String {
        match kind {
            Kind::Missing
                if self.diff_has(Kind::Missing, &format!("Client::{}", key.to_snake_case())) =>
            {
                "the diff reports a removed operation once, at its `Client` method, not again \
                 at its request builder"
                    .to_owned()
            }
            Kind::Missing if self.diff_has(Kind::StructBecameEnum, key) => {
                TAG_BECAME_ENUM.to_owned()
            }
            Kind::Lint(name) if name.contains("reordered") => {
                "the diff does not compare declaration order (a variant moves when others are \
                 added before it)"
                    .to_owned()
            }
            _ => "unexplained".to_owned(),
        }
    }

    /// Whether the diff lists `key` under `kind`.
    fn diff_has(&self, kind: Kind, key: &str) -> bool {
        self.kinds
            .get(&kind)
            .is_some_and(|found| found.diff.contains(key))
    }

    /// Whether cargo-semver-checks lists `key` under `kind`.
    fn semver_checks_has(&self, kind: Kind, key: &str) -> bool {
        self.kinds
            .get(&kind)
            .is_some_and(|found| found.semver_checks.contains(key))
    }

    /// Why only the diff lists `key` under `kind`.
    fn diff_only_reason(&self, kind: &Kind, key: &str) -> String {
        let container = key.rsplit_once("::").map(|(container, _)| container);
        match kind {
            Kind::StructBecameEnum if self.semver_checks_has(Kind::Missing, key) => {
                TAG_BECAME_ENUM.to_owned()
            }
            Kind::TypeChanged => "cargo-semver-checks 0.51 has no lint for a field, argument or \
                                  result changing type (such as `Option<T>` -> `T`)"
                .to_owned(),
            _ if container.is_some_and(|container| {
                self.diff_has(Kind::StructBecameEnum, container)
                    || self.diff_has(Kind::Missing, container)
            }) =>
            {
                "the diff also lists the fields and variants of a type that was renamed or \
                 changed kind; cargo-semver-checks reports the type only"
                    .to_owned()
            }
            Kind::Missing | Kind::VariantAdded
                if self.diff_has(Kind::Missing, key) && self.diff_has(Kind::VariantAdded, key) =>
            {
                "the diff matches a union's variants by the schema they hold: a variant that \
                 holds another schema under the same name is listed as removed and added, and \
                 cargo-semver-checks has no lint for a variant's payload type"
                    .to_owned()
            }
            _ => "unexplained".to_owned(),
        }
    }
}

/// The comparison as Markdown: a table of counts per kind, then the differences by reason.
fn markdown(comparison: &Comparison, old: &str, new: &str, verdict: Option<&str>) -> String {
    let mut doc = Doc::default();
    doc.heading(
        HeadingLevel::H1,
        &prose(&format!(
            "cargo-semver-checks and `cargo xtask diff`: {old} → {new}"
        )),
    );
    let mut rows = Vec::new();
    let (mut both_speak, mut all) = ([0; 3], [0; 3]);
    for (kind, found) in &comparison.kinds {
        let counts = [
            found.semver_checks.intersection(&found.diff).count(),
            found.semver_checks.difference(&found.diff).count(),
            found.diff.difference(&found.semver_checks).count(),
        ];
        all = [0, 1, 2].map(|i| all[i] + counts[i]);
        if kind.both_speak() {
            both_speak = [0, 1, 2].map(|i| both_speak[i] + counts[i]);
        }
        rows.push(row(kind.describe(), counts));
    }
    rows.push(row("kinds both tools report".to_owned(), both_speak));
    rows.push(row("all".to_owned(), all));
    doc.table(
        &[
            "kind",
            "both",
            "only cargo-semver-checks",
            "only the diff",
            "agreement",
        ],
        rows,
    );
    doc.paragraph(&[text(format!(
        "cargo-semver-checks: {}.",
        verdict.unwrap_or("no verdict")
    ))]);
    doc.heading(HeadingLevel::H2, &[text("Differences")]);
    doc.start(Tag::List(None));
    for (kind, found) in &comparison.kinds {
        let mut by_reason: BTreeMap<(&str, String), Vec<&String>> = BTreeMap::new();
        for key in found.semver_checks.difference(&found.diff) {
            let reason = comparison.semver_checks_only_reason(kind, key);
            by_reason
                .entry(("only cargo-semver-checks", reason))
                .or_default()
                .push(key);
        }
        for key in found.diff.difference(&found.semver_checks) {
            let reason = comparison.diff_only_reason(kind, key);
            by_reason
                .entry(("only the diff", reason))
                .or_default()
                .push(key);
        }
        for ((side, reason), keys) in by_reason {
            let mut line = prose(&format!(
                "{}, {side} ({}): {reason}: ",
                kind.describe(),
                keys.len()
            ));
            line.extend(listed(&keys));
            doc.item(&line);
        }
    }
    doc.end(TagEnd::List(false));
    doc.into_markdown()
}

/// A table row: the kind, its three counts and the share both tools found.
fn row(kind: String, [both, semver_checks, diff]: [usize; 3]) -> Vec<String> {
    let all = both + semver_checks + diff;
    vec![
        kind,
        both.to_string(),
        semver_checks.to_string(),
        diff.to_string(),
        format!("{:.0}%", 100.0 * both as f64 / all.max(1) as f64),
    ]
}

/// The first items as code, then how many more.
fn listed(keys: &[&String]) -> Vec<Span> {
    let mut spans = Vec::new();
    for (index, key) in keys.iter().take(LISTED).enumerate() {
        if index > 0 {
            spans.push(text(", "));
        }
        spans.push(code(key.as_str()));
    }
    if keys.len() > LISTED {
        spans.push(text(format!(" and {} more", keys.len() - LISTED)));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_diff_names_items_as_the_lints_do() {
        let cases = [
            (
                "operations::data_attributes::ListDataAttributes",
                Effect::Renamed,
                Some("struct LisDataAttributes<'a>"),
                Some("struct ListDataAttributes<'a>"),
                (Kind::Missing, "LisDataAttributes"),
            ),
            (
                "models::Ticket::open",
                Effect::Added,
                None,
                Some("pub open: bool"),
                (Kind::FieldAdded, "Ticket::open"),
            ),
            (
                "Client::reply",
                Effect::SignatureChanged,
                Some("fn reply(&self, id: impl Into<String>) -> Reply"),
                Some("fn reply(&self, id: impl Into<String>, body: BTreeMap<String, V>) -> Reply"),
                (Kind::ParameterCountChanged, "Client::reply"),
            ),
            (
                "models::Ticket::id",
                Effect::SignatureChanged,
                Some("pub id: Option<String>"),
                Some("pub id: String"),
                (Kind::TypeChanged, "Ticket::id"),
            ),
            (
                "models::To",
                Effect::SignatureChanged,
                Some("struct To"),
                Some("enum To"),
                (Kind::StructBecameEnum, "To"),
            ),
        ];
        for (item, effect, old, new, (kind, key)) in cases {
            let change = RustChange {
                item: item.to_owned(),
                effect,
                old: old.map(str::to_owned),
                new: new.map(str::to_owned),
                breaking: true,
                reason: String::new(),
            };
            assert_eq!(classify(&change), (kind, key.to_owned()), "{item}");
        }
    }
}
