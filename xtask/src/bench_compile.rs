//! `cargo xtask bench-compile`: how long a user waits for a generated crate to compile, its
//! dependencies already built, and how much memory rustc needs for it: `cargo check` and
//! `cargo build` of each crate's library with all its features, and `cargo build` with one
//! operation module's feature alone (`contacts` where there is one). For 2.11 the same runs
//! time the client progenitor generates from the same description, as the reference
//! ([`progenitor`]). The configurations of a crate and of its reference are timed in
//! alternation, so a busy machine slows all alike.
//!
//! Every timed run compiles the crate from scratch: incremental compilation is off, because
//! with it a touched but unchanged crate replays its cached type checking instead of doing it.
//!
//! Targets: `cargo check` of every crate under 6 s; one module alone builds in at most 30% of
//! the time of the whole crate; against progenitor, check and build each take at most 0.4x its
//! time and rustc at most 0.5x its peak memory.

mod progenitor;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use clap::Args;

use crate::bench::{median, verdict};
use crate::codegen::{self, CodegenArgs};
use crate::peak_rss;

/// The module timed alone where a crate has it, else its first module.
const PREFERRED_MODULE: &str = "contacts";
/// The version whose crate is compared with progenitor's.
const REFERENCE_VERSION: &str = "2.11";
/// The longest accepted `cargo check` of a whole crate.
const MAX_CHECK_TIME: Duration = Duration::from_secs(6);
/// The largest accepted share of the whole build for one module alone.
const MAX_ONE_MODULE_SHARE: f64 = 0.3;
/// The largest accepted ratio of a crate's check or build time to progenitor's.
const MAX_TIME_RATIO: f64 = 0.4;
/// The largest accepted ratio of rustc's peak memory to progenitor's.
const MAX_MEMORY_RATIO: f64 = 0.5;

/// Arguments of `cargo xtask bench-compile`.
#[derive(Debug, Args)]
pub struct BenchCompileArgs {
    /// Timed builds per configuration.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// Benchmark only this version from the manifest (repeatable; default: all).
    #[arg(long = "version", value_name = "V")]
    versions: Vec<String>,
    /// Leave out progenitor's reference crate.
    #[arg(long)]
    no_reference: bool,
    /// Exit with an error if a target is missed (default: report only).
    #[arg(long)]
    enforce: bool,
}

/// A crate that is compiled: one of ours, or the reference.
struct Subject {
    name: String,
    manifest: PathBuf,
}

/// One timed cargo invocation on a subject.
struct Configuration<'a> {
    subject: &'a Subject,
    /// `check` or `build`.
    command: &'static str,
    /// The features, all of the default ones if `None`.
    features: Option<String>,
}

/// The medians of a configuration's runs.
#[derive(Clone, Copy)]
struct Measured {
    time: Duration,
    /// rustc's peak resident set size, MB.
    memory_mb: f64,
}

pub fn run(args: &BenchCompileArgs, root: &Path) -> Result<()> {
    let selection = CodegenArgs {
        versions: args.versions.clone(),
        ..Default::default()
    };
    let mut missed = Vec::new();
    for job in codegen::jobs(&selection, root)? {
        let manifest = job.out.join("Cargo.toml");
        ensure!(
            manifest.is_file(),
            "{} is missing: run `cargo xtask codegen` first",
            manifest.display()
        );
        let module = one_module(&job.out)?;
        let ours = Subject {
            name: job.krate.name.clone(),
            manifest,
        };
        let reference = if job.label == REFERENCE_VERSION && !args.no_reference {
            let binary = progenitor::install(root)?;
            let out = target_dir(root).join("bench-compile/progenitor-reference");
            let manifest = progenitor::generate(&binary, &job.spec_file, &out)?;
            Some(Subject {
                name: "progenitor".to_owned(),
                manifest,
            })
        } else {
            None
        };
        let mut configurations = vec![
            Configuration::new(&ours, "check", None),
            Configuration::new(&ours, "build", None),
            Configuration::new(&ours, "build", Some(format!("rustls-tls,{module}"))),
        ];
        if let Some(reference) = &reference {
            configurations.push(Configuration::new(reference, "check", None));
            configurations.push(Configuration::new(reference, "build", None));
        }
        let measured = measure(&configurations, args.runs)?;
        for (configuration, measured) in configurations.iter().zip(&measured) {
            println!(
                "{:<18} {:<28} {:>8.0} ms {:>7.0} MB",
                configuration.subject.name,
                configuration.label(),
                measured.time.as_secs_f64() * 1e3,
                measured.memory_mb
            );
        }
        // In `configurations` order: check, build, build one module, then the reference's
        // check and build.
        let mut verdicts = vec![
            Verdict::at_most(
                format!("{}: cargo check (full), s", ours.name),
                measured[0].time.as_secs_f64(),
                MAX_CHECK_TIME.as_secs_f64(),
            ),
            Verdict::at_most(
                format!("{}: build with `{module}` alone / full build", ours.name),
                ratio(measured[2].time, measured[1].time),
                MAX_ONE_MODULE_SHARE,
            ),
        ];
        if reference.is_some() {
            for (index, command) in ["check", "build"].into_iter().enumerate() {
                let (ours, theirs) = (measured[index], measured[3 + index]);
                verdicts.push(Verdict::at_most(
                    format!("{}: {command} time / progenitor's", job.krate.name),
                    ratio(ours.time, theirs.time),
                    MAX_TIME_RATIO,
                ));
                verdicts.push(Verdict::at_most(
                    format!(
                        "{}: {command} rustc peak memory / progenitor's",
                        job.krate.name
                    ),
                    ours.memory_mb / theirs.memory_mb,
                    MAX_MEMORY_RATIO,
                ));
            }
        }
        for verdict in verdicts {
            println!("{verdict}");
            if !verdict.ok() {
                missed.push(verdict.what);
            }
        }
    }
    ensure!(
        !args.enforce || missed.is_empty(),
        "targets missed: {}",
        missed.join("; ")
    );
    Ok(())
}

impl<'a> Configuration<'a> {
    fn new(subject: &'a Subject, command: &'static str, features: Option<String>) -> Self {
        Self {
            subject,
            command,
            features,
        }
    }

    fn label(&self) -> String {
        let features = self.features.as_deref().unwrap_or("full");
        format!("cargo {} ({features})", self.command)
    }

    fn cargo_args(&self) -> Vec<String> {
        let mut args = vec![self.command.to_owned(), "--lib".to_owned()];
        args.push("--manifest-path".to_owned());
        args.push(self.subject.manifest.display().to_string());
        if let Some(features) = &self.features {
            args.extend(["--no-default-features".to_owned(), "--features".to_owned()]);
            args.push(features.clone());
        }
        args
    }
}

/// Runs each configuration once untimed (so dependencies are built), then `runs` times in
/// alternation, and returns the medians.
fn measure(configurations: &[Configuration], runs: u32) -> Result<Vec<Measured>> {
    for configuration in configurations {
        cargo_measured(&configuration.cargo_args())?;
    }
    let mut samples = vec![(Vec::new(), Vec::new()); configurations.len()];
    for _ in 0..runs {
        for (configuration, (times, memories)) in configurations.iter().zip(&mut samples) {
            // A changed source file makes cargo rebuild the crate, and only the crate.
            touch(&configuration.subject.manifest.with_file_name("src/lib.rs"))?;
            let start = Instant::now();
            let memory_mb = cargo_measured(&configuration.cargo_args())?;
            times.push(start.elapsed());
            memories.push(memory_mb);
        }
    }
    Ok(samples
        .iter()
        .map(|(times, memories)| {
            let mut memories = memories.clone();
            memories.sort_by(f64::total_cmp);
            Measured {
                time: median(times),
                memory_mb: memories[memories.len() / 2],
            }
        })
        .collect())
}

/// Runs cargo without incremental compilation and returns the peak memory of its largest
/// process (rustc), MB.
fn cargo_measured(args: &[String]) -> Result<f64> {
    peak_rss::measured(
        crate::cargo_program().as_ref(),
        args,
        &[("CARGO_INCREMENTAL", "0")],
    )
}

/// A measured figure and its upper limit.
struct Verdict {
    what: String,
    value: f64,
    limit: f64,
}

impl Verdict {
    fn at_most(what: String, value: f64, limit: f64) -> Self {
        Self { what, value, limit }
    }

    fn ok(&self) -> bool {
        self.value <= self.limit
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {:.2} (target <= {})",
            verdict(Some(self.ok())),
            self.what,
            self.value,
            self.limit
        )
    }
}

fn ratio(numerator: Duration, denominator: Duration) -> f64 {
    numerator.as_secs_f64() / denominator.as_secs_f64()
}

/// The build output folder: `CARGO_TARGET_DIR`, else `target/` of the workspace.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// The operation module timed alone: [`PREFERRED_MODULE`] if the crate has it, else its first.
fn one_module(crate_dir: &Path) -> Result<String> {
    let modules = codegen::operation_modules(crate_dir)?;
    modules
        .iter()
        .find(|module| *module == PREFERRED_MODULE)
        .or(modules.first())
        .cloned()
        .context("the crate has no operation module")
}

/// Sets `path`'s modification time to now.
fn touch(path: &Path) -> Result<()> {
    let file = std::fs::File::options()
        .append(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    file.set_modified(std::time::SystemTime::now())
        .with_context(|| format!("touching {}", path.display()))
}
