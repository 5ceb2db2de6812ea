//! Project automation for the Intercom API code generator, run as `cargo xtask <command>`.

mod allocator;
mod bench;
mod bench_compile;
mod bench_decode;
mod codegen;
mod consumer;
mod diff;
mod fetch;
mod peak_rss;
mod semver_compare;
mod test;
mod tools;
mod versions;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// Project automation for the Intercom API code generator.
#[derive(Debug, Parser)]
#[command(name = "xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The xtask subcommands; each one's arguments and implementation live in its own module.
#[derive(Debug, Subcommand)]
enum Command {
    /// Place the pinned OpenAPI descriptions under specs/, verifying their sha256.
    FetchSpecs(fetch::FetchArgs),
    /// Generate one crate per spec version into generated/ (or check that it is up to date).
    Codegen(codegen::CodegenArgs),
    /// Time each generator stage over the specs and check the performance targets.
    Bench(bench::BenchArgs),
    /// Benchmark decoding into the generated models against serde_json::Value and a plain derive.
    BenchDecode(bench_decode::BenchDecodeArgs),
    /// Time `cargo check`/`cargo build` of each generated crate, whole and with one module.
    BenchCompile(bench_compile::BenchCompileArgs),
    /// Compare two API versions (names from specs/versions.toml, or spec files): what changed
    /// over HTTP and in the generated Rust. Exits 1 on breaking changes with --fail-on-breaking,
    /// 2 on errors.
    Diff(diff::DiffArgs),
    /// Compare the Rust-level view of `diff` with cargo-semver-checks on the two generated crates
    /// (slow: minutes; not part of `test`).
    SemverCompare(semver_compare::SemverCompareArgs),
    /// Run everything CI checks: fetch, codegen, --check, tests, clippy, rustdoc, rustfmt.
    Test(test::TestArgs),
    /// Build a project outside the repository against the 2.11 crate: packaged, vendored and
    /// by path (needs `codegen` first).
    CheckConsumers,
    /// Install the end-to-end tests' npm tools (Prism) into .tools/, from xtask/npm's lock file.
    InstallTools,
    /// Run a program and print the peak memory of its largest process (used by bench-compile).
    #[command(hide = true)]
    PeakRss(peak_rss::PeakRssArgs),
}

impl Command {
    /// Runs this subcommand.
    fn run(self) -> Result<ExitCode> {
        let done = match self {
            Self::FetchSpecs(args) => fetch::run(&args, &specs_dir()),
            Self::Codegen(args) => codegen::run(&args, &workspace_root()),
            Self::Bench(args) => bench::run(&args, &workspace_root()),
            Self::BenchDecode(args) => bench_decode::run(&args, &workspace_root()),
            Self::BenchCompile(args) => bench_compile::run(&args, &workspace_root()),
            Self::Diff(args) => {
                return Ok(match diff::run(&args, &workspace_root())? {
                    diff::Outcome::Compatible => ExitCode::SUCCESS,
                    diff::Outcome::Breaking => ExitCode::from(1),
                })
            }
            Self::SemverCompare(args) => semver_compare::run(&args, &workspace_root()),
            Self::Test(args) => test::run(&args, &workspace_root()),
            Self::CheckConsumers => consumer::run(&workspace_root()),
            Self::InstallTools => tools::install(&workspace_root()),
            Self::PeakRss(args) => return peak_rss::run(&args),
        };
        done.map(|()| ExitCode::SUCCESS)
    }

    /// The exit status of an error: 2 for `diff`, whose status 1 means "breaking changes".
    fn error_status(&self) -> u8 {
        match self {
            Self::Diff(_) => 2,
            _ => 1,
        }
    }
}

/// The cargo that runs xtask (`$CARGO`, else the one on `PATH`): every cargo xtask starts uses
/// one toolchain.
fn cargo_program() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Runs the command line; an error is printed with its cause chain and exits with status 1
/// (2 for `diff`).
fn main() -> ExitCode {
    let command = Cli::parse().command;
    allocator::purge_freed_memory(match command {
        Command::Diff(_) => allocator::Purge::Default,
        _ => allocator::Purge::Codegen,
    });
    let error_status = command.error_status();
    match command.run() {
        Ok(status) => status,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(error_status)
        }
    }
}

/// The workspace root: the parent directory of the xtask crate.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the xtask crate lives inside the workspace")
        .to_path_buf()
}

/// The directory holding the spec manifest and the fetched descriptions.
fn specs_dir() -> PathBuf {
    workspace_root().join("specs")
}
