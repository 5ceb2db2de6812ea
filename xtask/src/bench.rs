//! `cargo xtask bench`: time each stage of the generator over the pinned specs and compare the
//! results with the performance targets (all three specs in < 0.5 s, peak RSS < 300 MB, the diff
//! of two consecutive versions, loading included, in < 0.3 s).
//!
//! Output goes to a fresh temporary directory per run, so `generated/` is never touched.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Args;
use generator::{emit, load, lower, write};

use crate::codegen::{self, CodegenArgs, Job};
use crate::diff;

/// Wall-time target for one run over all selected specs (median).
const TIME_TARGET: Duration = Duration::from_millis(500);
/// Wall-time target for `cargo xtask diff` of two versions, loading both included (median).
const DIFF_TARGET: Duration = Duration::from_millis(300);
/// Peak resident set size target, in MB.
const RSS_TARGET_MB: f64 = 300.0;
/// The timed stages, in pipeline order.
const STAGES: [&str; 5] = ["parse", "ir", "emit", "format", "write"];

/// Arguments of `cargo xtask bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// How many times to run the whole pipeline.
    #[arg(long, value_name = "N", default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// Benchmark only this version from the manifest (repeatable; default: all).
    #[arg(long = "version", value_name = "V")]
    versions: Vec<String>,
    /// Exit with an error if a target is missed (default: report only).
    #[arg(long)]
    enforce: bool,
}

/// The time each stage took for one spec in one run, in [`STAGES`] order.
type StageTimes = [Duration; STAGES.len()];

pub fn run(args: &BenchArgs, root: &Path) -> Result<()> {
    if cfg!(debug_assertions) {
        return rerun_in_release(root);
    }
    let selection = CodegenArgs {
        versions: args.versions.clone(),
        ..Default::default()
    };
    let jobs = codegen::jobs(&selection, root)?;
    // samples[job][run]: each stage alone, one spec after the other.
    let mut samples: Vec<Vec<StageTimes>> = vec![Vec::new(); jobs.len()];
    // totals[run]: what `cargo xtask codegen` does, the specs in parallel, then the writes.
    let mut totals = Vec::new();
    // diffs[pair][run]: `cargo xtask diff` of each two consecutive versions, loading included.
    let mut diffs: Vec<Vec<Duration>> = vec![Vec::new(); jobs.len().saturating_sub(1)];
    for _ in 0..args.runs {
        let dir = tempfile::tempdir().context("creating a temporary output directory")?;
        for (job, job_samples) in jobs.iter().zip(&mut samples) {
            job_samples.push(run_job(job, dir.path())?);
        }
        let start = Instant::now();
        for (job, generated) in jobs.iter().zip(codegen::generate_all(&jobs)?) {
            write::replace_dir(
                &dir.path().join("all").join(&job.krate.name),
                &generated.files,
            )?;
        }
        totals.push(start.elapsed());
        for (pair, times) in jobs.windows(2).zip(&mut diffs) {
            let start = Instant::now();
            let report = diff::compare(&pair[0].spec_file, &pair[1].spec_file)?;
            diff::render_report(&report, diff::Format::Markdown);
            times.push(start.elapsed());
        }
    }

    println!("{} runs, release build\n", args.runs);
    println!(
        "{:<10} {:<7} {:>10} {:>10} {:>10}",
        "version", "stage", "median", "min", "max"
    );
    for (job, job_samples) in jobs.iter().zip(&samples) {
        for (stage, name) in STAGES.iter().enumerate() {
            let times: Vec<Duration> = job_samples.iter().map(|s| s[stage]).collect();
            print_row(&job.label, name, &times);
        }
    }
    print_row("all", "codegen", &totals);
    for (pair, times) in jobs.windows(2).zip(&diffs) {
        print_row(
            &format!("{}->{}", pair[0].label, pair[1].label),
            "diff",
            times,
        );
    }

    let total = median(&totals);
    let rss_mb = peak_rss_mb();
    let rss = rss_mb.map_or("n/a".to_owned(), |mb| format!("{mb:.1} MB"));
    println!("\npeak RSS: {rss}\n");
    let time_ok = total < TIME_TARGET;
    let rss_ok = rss_mb.map(|mb| mb < RSS_TARGET_MB);
    println!(
        "{} median total {} < {} ms",
        verdict(Some(time_ok)),
        ms(total),
        TIME_TARGET.as_millis()
    );
    println!("{} peak RSS {rss} < {RSS_TARGET_MB} MB", verdict(rss_ok));
    let slowest_diff = diffs.iter().map(|times| median(times)).max();
    let diff_ok = slowest_diff.map(|time| time < DIFF_TARGET);
    println!(
        "{} median diff {} < {} ms",
        verdict(diff_ok),
        slowest_diff.map_or("n/a".to_owned(), ms),
        DIFF_TARGET.as_millis()
    );
    if args.enforce && (!time_ok || rss_ok == Some(false) || diff_ok == Some(false)) {
        bail!("performance targets missed");
    }
    Ok(())
}

/// Runs this binary again as a release build with the same arguments, and exits with its status.
fn rerun_in_release(root: &Path) -> Result<()> {
    println!("xtask bench: debug build, re-running in release mode");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["run", "--release", "--quiet", "--package", "xtask", "--"])
        .args(std::env::args_os().skip(1))
        .status()
        .context("running cargo")?;
    std::process::exit(status.code().unwrap_or(1));
}

/// Runs the pipeline for one spec, writing its crate under `dir`, and times each stage.
fn run_job(job: &Job, dir: &Path) -> Result<StageTimes> {
    let mut times = StageTimes::default();
    let context = || format!("generating {}", job.krate.name);
    let document = timed(&mut times[0], || load::load(&job.spec_file)).with_context(context)?;
    let lowered = timed(&mut times[1], || lower::lower(&document)).with_context(context)?;
    let emitted = timed(&mut times[2], || emit::emit(&lowered.api, &job.krate));
    let files = timed(&mut times[3], || emit::format(emitted)).with_context(context)?;
    let out = dir.join(&job.krate.name);
    timed(&mut times[4], || write::replace_dir(&out, &files)).with_context(context)?;
    Ok(times)
}

/// Calls `f`, storing how long it took in `time`.
fn timed<T>(time: &mut Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = f();
    *time = start.elapsed();
    result
}

/// Prints one table row: the median, min and max of `times`.
fn print_row(version: &str, stage: &str, times: &[Duration]) {
    let min = times.iter().min().copied().unwrap_or_default();
    let max = times.iter().max().copied().unwrap_or_default();
    println!(
        "{version:<10} {stage:<7} {:>10} {:>10} {:>10}",
        ms(median(times)),
        ms(min),
        ms(max)
    );
}

/// The median of `times` (the mean of the two middle values for an even count); zero if empty.
fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    let mid = sorted.len() / 2;
    match sorted.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => sorted[mid],
        _ => (sorted[mid - 1] + sorted[mid]) / 2,
    }
}

/// `time` in milliseconds, for the table.
fn ms(time: Duration) -> String {
    format!("{:.1} ms", time.as_secs_f64() * 1000.0)
}

/// The process's peak resident set size in MB (`VmHWM`), or `None` where /proc is unavailable.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
    let kb: f64 = line.trim().strip_suffix("kB")?.trim().parse().ok()?;
    Some(kb / 1024.0)
}

/// PASS, FAIL, or n/a for a target that could not be measured.
fn verdict(ok: Option<bool>) -> &'static str {
    match ok {
        Some(true) => "PASS",
        Some(false) => "FAIL",
        None => "n/a ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        let millis = |values: &[u64]| -> Vec<Duration> {
            values.iter().map(|&v| Duration::from_millis(v)).collect()
        };
        assert_eq!(median(&millis(&[30, 10, 20])), Duration::from_millis(20));
        assert_eq!(
            median(&millis(&[40, 10, 30, 20])),
            Duration::from_millis(25)
        );
        assert_eq!(median(&millis(&[7])), Duration::from_millis(7));
        assert_eq!(median(&[]), Duration::ZERO);
    }
}
