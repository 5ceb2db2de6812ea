//! `cargo xtask diff OLD NEW`: what changed between two API versions, over HTTP and in the
//! generated Rust API.
//!
//! Exit status: 0 when nothing breaks (or `--fail-on-breaking` is not given), 1 when something
//! breaks and `--fail-on-breaking` is given, 2 on any error — an unreadable spec is never taken
//! for a breaking change.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use generator::diff::{self, render, Report};
use generator::ir::Api;

use crate::versions::{Manifest, MANIFEST_FILE_NAME};

/// Arguments of `cargo xtask diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version: a version name from specs/versions.toml, or a spec file.
    pub old: String,
    /// The new version: a version name from specs/versions.toml, or a spec file.
    pub new: String,
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// List only the changes that break an HTTP client or code using the generated crate (the
    /// summary still counts everything).
    #[arg(long)]
    pub breaking_only: bool,
    /// Exit with status 1 if anything breaks.
    #[arg(long)]
    pub fail_on_breaking: bool,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Markdown,
    Json,
}

/// What the comparison found, for the exit status.
pub enum Outcome {
    Compatible,
    Breaking,
}

pub fn run(args: &DiffArgs, root: &Path) -> Result<Outcome> {
    let mut report = compare(&resolve(&args.old, root)?, &resolve(&args.new, root)?)?;
    let breaking = report.has_breaking();
    if args.breaking_only {
        report = report.breaking_only();
    }
    let text = render_report(&report, args.format);
    match &args.output {
        Some(file) => {
            std::fs::write(file, text).with_context(|| format!("writing {}", file.display()))?
        }
        None => print!("{text}"),
    }
    Ok(if breaking && args.fail_on_breaking {
        Outcome::Breaking
    } else {
        Outcome::Compatible
    })
}

pub fn render_report(report: &Report, format: Format) -> String {
    match format {
        Format::Markdown => render::markdown(report),
        Format::Json => render::json(report),
    }
}

/// A version name of the manifest, or else a spec file path.
pub fn resolve(version_or_file: &str, root: &Path) -> Result<PathBuf> {
    let specs = root.join("specs");
    let manifest = Manifest::load(&specs.join(MANIFEST_FILE_NAME))?;
    if let Some(version) = manifest
        .versions
        .iter()
        .find(|version| version.name == version_or_file)
    {
        let spec_file = version.spec_path(&specs);
        anyhow::ensure!(
            spec_file.exists(),
            "{} is missing; run `cargo xtask fetch-specs` first",
            spec_file.display()
        );
        return Ok(spec_file);
    }
    let file = PathBuf::from(version_or_file);
    anyhow::ensure!(
        file.is_file(),
        "{version_or_file} is neither a version of {} ({}) nor a spec file",
        MANIFEST_FILE_NAME,
        manifest
            .versions
            .iter()
            .map(|version| version.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(file)
}

/// Loads and lowers both descriptions (in parallel: they are independent) and compares them.
pub fn compare(old: &Path, new: &Path) -> Result<Report> {
    let (old, new) = rayon::join(|| lower(old), || lower(new));
    Ok(diff::diff(&old?, &new?))
}

/// Loads and lowers one description.
fn lower(spec_file: &Path) -> Result<Api> {
    let document = generator::load::load(spec_file)?;
    Ok(generator::lower::lower_model(&document, Default::default())?.api)
}
