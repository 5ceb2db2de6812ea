//! `cargo xtask bench-decode`: run the criterion benchmark in `decode-bench/` and compare the
//! decode throughput of the generated 2.11 models with `serde_json::Value` and with a plain
//! `#[derive(Deserialize)]` mirror, on each payload (see `decode-bench/benches/decode/`).
//!
//! Targets: the generated models decode faster than `Value` (speedup > 1) and no slower than
//! 1.2x the plain derive (issue 11). The medians come from criterion's `new/estimates.json` and
//! the payload sizes from `new/benchmark.json`, under
//! `decode-bench/target/criterion/<payload>/<decoder>/`. The slowdown target is checked on the
//! median of paired rounds (`<payload>/paired.json`), which the benchmark measures after
//! criterion: each round decodes with both, so both see the same load.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Instant, SystemTime};

use anyhow::{bail, ensure, Context, Result};
use clap::Args;

/// The criterion groups: one per payload.
const PAYLOADS: [&str; 2] = ["contacts", "conversation"];
/// The criterion benchmarks of each group: the generated models, `Value`, the plain derive.
const DECODERS: [&str; 3] = ["generated", "value", "plain_derive"];
/// The largest accepted slowdown of the generated models relative to the plain derive.
const MAX_SLOWDOWN: f64 = 1.2;

/// Arguments of `cargo xtask bench-decode`.
#[derive(Debug, Args)]
pub struct BenchDecodeArgs {
    /// Exit with an error if a target is missed (default: report only).
    #[arg(long)]
    enforce: bool,
}

pub fn run(args: &BenchDecodeArgs, root: &Path) -> Result<()> {
    let (start, since) = (Instant::now(), SystemTime::now());
    ensure!(
        root.join("generated/intercom-v2-11/Cargo.toml").is_file(),
        "generated/intercom-v2-11 is missing: run `cargo xtask codegen` first"
    );
    let bench = root.join("decode-bench");
    // Pinned, so the results are where this reads them whatever CARGO_TARGET_DIR says.
    let results = bench.join("target/criterion");
    let mut command = Command::new(crate::cargo_program());
    command
        .args(["bench", "--manifest-path"])
        .arg(bench.join("Cargo.toml"))
        .env("CRITERION_HOME", &results);
    // `cargo run` hands xtask its own package's variables; ring's build script watches
    // CARGO_MANIFEST_DIR, so passing them on would rebuild the TLS stack after every plain
    // `cargo bench` in decode-bench/ and vice versa.
    let own = [
        "CARGO_PKG_",
        "CARGO_MANIFEST_",
        "CARGO_CRATE_NAME",
        "CARGO_BIN_NAME",
    ];
    for (key, _) in std::env::vars() {
        if own.iter().any(|prefix| key.starts_with(prefix)) {
            command.env_remove(key);
        }
    }
    let status = command.status().context("running cargo bench")?;
    ensure!(status.success(), "cargo bench failed ({status})");

    println!(
        "\n{:<13} {:<13} {:>9} {:>11} {:>9}",
        "payload", "decoder", "size MB", "median ms", "MB/s"
    );
    let mut checks = Vec::new();
    for payload in PAYLOADS {
        // Median nanoseconds per decode, in DECODERS order.
        let mut medians = [0.0; DECODERS.len()];
        for (decoder, median) in DECODERS.iter().zip(&mut medians) {
            let dir = results.join(payload).join(decoder).join("new");
            let estimates = read_fresh(&dir.join("estimates.json"), since)?;
            let benchmark = read_fresh(&dir.join("benchmark.json"), since)?;
            *median = json_number(&estimates, "median", "point_estimate")?;
            let bytes = json_number(&benchmark, "throughput", "Bytes")?;
            // bytes per nanosecond is GB/s; times 1000, MB/s.
            let mb_s = bytes * 1e3 / *median;
            println!(
                "{payload:<13} {decoder:<13} {:>9.2} {:>11.3} {mb_s:>9.1}",
                bytes / 1e6,
                *median / 1e6
            );
        }
        let [generated, value, plain] = medians;
        let (fast, slow) = (value / generated, generated / plain);
        let paired = read_fresh(&results.join(payload).join("paired.json"), since)?;
        let paired = json_number(&paired, "paired", "slowdown")?;
        checks.push((
            payload,
            "speedup vs Value",
            fast,
            "> 1".into(),
            Some(fast > 1.0),
        ));
        // Criterion's medians are seconds apart; the paired rounds see the same load.
        checks.push((
            payload,
            "slowdown vs plain derive",
            slow,
            "info".into(),
            None,
        ));
        checks.push((
            payload,
            "  paired rounds (median)",
            paired,
            format!("<= {MAX_SLOWDOWN}"),
            Some(paired <= MAX_SLOWDOWN),
        ));
    }

    println!(
        "\n{:<13} {:<25} {:>7} {:>7}  result",
        "payload", "generated models", "ratio", "target"
    );
    for (payload, what, ratio, target, ok) in &checks {
        let verdict = crate::bench::verdict(*ok);
        println!("{payload:<13} {what:<25} {ratio:>6.2}x {target:>7}  {verdict}");
    }
    println!("\nbench-decode took {:.0} s", start.elapsed().as_secs_f64());
    if checks.iter().any(|check| check.4 == Some(false)) {
        if args.enforce {
            bail!("decode throughput targets missed");
        }
        println!("targets missed (report only; pass --enforce to fail)");
    }
    Ok(())
}

/// Reads a criterion output file, refusing one left over from an earlier run.
fn read_fresh(path: &Path, since: SystemTime) -> Result<String> {
    let modified = fs::metadata(path)
        .and_then(|meta| meta.modified())
        .with_context(|| format!("reading {}", path.display()))?;
    ensure!(
        modified >= since,
        "{} was not written by this run",
        path.display()
    );
    fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// The number under `key` in the first JSON object under `object` in `json`, such as
/// `"median": {.., "point_estimate": 1.5e6, ..}`. Criterion writes these files itself, with
/// unique key names in a fixed layout, so a scan does; xtask has no JSON parser dependency.
fn json_number(json: &str, object: &str, key: &str) -> Result<f64> {
    let missing = || format!("no \"{object}\".\"{key}\" in criterion's output");
    let start = json.find(&format!("\"{object}\":")).with_context(missing)?;
    let rest = &json[start..];
    let at = rest.find(&format!("\"{key}\":")).with_context(missing)? + key.len() + 3;
    let number = rest[at..].trim_start();
    let end = number
        .find(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c)))
        .unwrap_or(number.len());
    number[..end].parse().with_context(missing)
}

#[cfg(test)]
mod tests {
    use super::json_number;

    #[test]
    fn reads_nested_numbers() {
        let estimates = r#"{"mean":{"point_estimate":2.0},"median":{"confidence_interval":
            {"lower_bound":1.0},"point_estimate": 1.5e6,"standard_error":3.0},
            "median_abs_dev":{"point_estimate":9.0}}"#;
        assert_eq!(
            json_number(estimates, "median", "point_estimate").unwrap(),
            1.5e6
        );
        let benchmark = r#"{"group_id":"contacts","throughput":{"Bytes":23305809}}"#;
        assert_eq!(
            json_number(benchmark, "throughput", "Bytes").unwrap(),
            23_305_809.0
        );
        assert!(json_number(benchmark, "median", "point_estimate").is_err());
    }
}
