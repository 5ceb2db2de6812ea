//! `xtask peak-rss -- PROGRAM [ARGS...]` (hidden): runs a program, then prints the peak resident
//! set size of the largest process it and its descendants ran, as the last line of standard
//! output (`peak-rss-kib N`).
//!
//! A process can read that figure only for its own children, accumulated over all of them, so
//! `bench-compile` runs each measured cargo invocation through this command to get rustc's peak
//! memory for that invocation alone, and `bench` each `xtask codegen` it measures.

use std::ffi::OsStr;
use std::process::{Command, ExitCode};

use anyhow::{ensure, Context, Result};
use clap::Args;
use nix::sys::resource::{getrusage, UsageWho};

/// The prefix of the line that reports the peak.
const REPORT_PREFIX: &str = "peak-rss-kib ";

/// Arguments of `xtask peak-rss`.
#[derive(Debug, Args)]
pub struct PeakRssArgs {
    /// The program to run, and its arguments.
    #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
    command: Vec<String>,
}

/// Runs the program; exits with its status (1 if it was killed by a signal).
pub fn run(args: &PeakRssArgs) -> Result<ExitCode> {
    let (program, arguments) = args.command.split_first().context("no program given")?;
    let status = Command::new(program)
        .args(arguments)
        .status()
        .with_context(|| format!("running {program}"))?;
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).context("reading the children's usage")?;
    println!("{REPORT_PREFIX}{}", usage.max_rss());
    Ok(status
        .code()
        .and_then(|code| u8::try_from(code).ok())
        .map_or(ExitCode::FAILURE, ExitCode::from))
}

/// Runs `program` with `args` and `envs` through `xtask peak-rss`, and returns the peak memory of
/// its largest process, MB; fails with its standard error if it fails.
pub fn measured<A: AsRef<OsStr>>(
    program: &OsStr,
    args: &[A],
    envs: &[(&str, &str)],
) -> Result<f64> {
    let shown = || {
        let words = std::iter::once(program).chain(args.iter().map(AsRef::as_ref));
        words
            .map(|word| word.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let xtask = std::env::current_exe().context("locating the xtask binary")?;
    let output = Command::new(xtask)
        .args(["peak-rss", "--"])
        .arg(program)
        .args(args)
        .envs(envs.iter().copied())
        .output()
        .with_context(|| format!("running {}", shown()))?;
    ensure!(
        output.status.success(),
        "{} failed:\n{}",
        shown(),
        String::from_utf8_lossy(&output.stderr)
    );
    parse_report(&String::from_utf8_lossy(&output.stdout)).context("xtask peak-rss printed no peak")
}

/// The peak a `peak-rss` run printed, in MB, from its standard output.
fn parse_report(stdout: &str) -> Option<f64> {
    let line = stdout
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix(REPORT_PREFIX))?;
    line.trim().parse::<f64>().ok().map(kib_to_mb)
}

/// Linux reports peaks in kibibytes.
fn kib_to_mb(kib: f64) -> f64 {
    kib * 1024.0 / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_is_the_last_matching_line_in_mb() {
        let stdout = format!("noise\n{REPORT_PREFIX}1\n{REPORT_PREFIX}2000\n");
        assert_eq!(parse_report(&stdout), Some(2.048));
        assert_eq!(parse_report("no report"), None);
    }
}
