//! `cargo xtask bench-compile`: how long a user waits for a generated crate to compile, its
//! dependencies already built: `cargo check` and `cargo build` of each crate's library with all
//! its features, and `cargo build` with one operation module's feature alone (`contacts` where
//! there is one), each configuration timed in alternation so a busy machine slows all alike.
//!
//! Target: one module alone builds in at most 30% of the time of the whole crate.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use clap::Args;

use crate::bench::median;
use crate::codegen::{self, CodegenArgs};

/// The module timed alone where a crate has it, else its first module.
const PREFERRED_MODULE: &str = "contacts";
/// The largest accepted share of the whole build for one module alone.
const MAX_ONE_MODULE_SHARE: f64 = 0.3;

/// Arguments of `cargo xtask bench-compile`.
#[derive(Debug, Args)]
pub struct BenchCompileArgs {
    /// Timed builds per configuration.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// Benchmark only this version from the manifest (repeatable; default: all).
    #[arg(long = "version", value_name = "V")]
    versions: Vec<String>,
    /// Exit with an error if the target is missed (default: report only).
    #[arg(long)]
    enforce: bool,
}

/// One timed cargo invocation on a crate.
struct Configuration {
    label: String,
    args: Vec<String>,
}

pub fn run(args: &BenchCompileArgs, root: &Path) -> Result<()> {
    let selection = CodegenArgs {
        versions: args.versions.clone(),
        ..Default::default()
    };
    let mut missed = Vec::new();
    for job in codegen::jobs(&selection, root)? {
        let krate = &job.krate.name;
        let manifest = job.out.join("Cargo.toml");
        ensure!(
            manifest.is_file(),
            "{} is missing: run `cargo xtask codegen` first",
            manifest.display()
        );
        let module = one_module(&job.out)?;
        let configurations = configurations(krate, &module);
        // Dependencies are built once, outside the timings.
        for configuration in &configurations {
            cargo(root, &configuration.args)?;
        }
        let mut times = vec![Vec::new(); configurations.len()];
        for _ in 0..args.runs {
            for (configuration, times) in configurations.iter().zip(&mut times) {
                // A changed source file makes cargo rebuild the crate, and only the crate.
                touch(&job.out.join("src/lib.rs"))?;
                let start = Instant::now();
                cargo(root, &configuration.args)?;
                times.push(start.elapsed());
            }
        }
        let medians: Vec<Duration> = times.iter().map(|times| median(times)).collect();
        for (configuration, median) in configurations.iter().zip(&medians) {
            println!(
                "{krate:<18} {:<28} {:>8.0} ms",
                configuration.label,
                median.as_secs_f64() * 1e3
            );
        }
        // Configurations are: check, build, build with one module.
        let share = medians[2].as_secs_f64() / medians[1].as_secs_f64();
        let ok = share <= MAX_ONE_MODULE_SHARE;
        println!(
            "{} {krate}: build with `{module}` alone is {share:.2}x the full build (target <= {MAX_ONE_MODULE_SHARE})",
            if ok { "PASS" } else { "FAIL" },
        );
        if !ok {
            missed.push(krate.clone());
        }
    }
    ensure!(
        !args.enforce || missed.is_empty(),
        "target missed for {}",
        missed.join(", ")
    );
    Ok(())
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

fn configurations(krate: &str, module: &str) -> Vec<Configuration> {
    let with = |command: &str, features: Option<String>| {
        let mut args = vec![command.to_owned(), "-p".to_owned(), krate.to_owned()];
        args.push("--lib".to_owned());
        if let Some(features) = features {
            args.extend([
                "--no-default-features".to_owned(),
                "--features".to_owned(),
                features,
            ]);
        }
        args
    };
    vec![
        Configuration {
            label: "cargo check (full)".to_owned(),
            args: with("check", None),
        },
        Configuration {
            label: "cargo build (full)".to_owned(),
            args: with("build", None),
        },
        Configuration {
            label: format!("cargo build ({module} alone)"),
            args: with("build", Some(format!("rustls-tls,{module}"))),
        },
    ]
}

fn cargo(root: &Path, args: &[String]) -> Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(root)
        .output()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    ensure!(
        output.status.success(),
        "cargo {} failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(())
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
