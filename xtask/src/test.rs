//! `cargo xtask test`: everything CI checks, in the order a failure is cheapest to find.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{ensure, Context, Result};
use clap::Args;

use crate::{codegen, fetch};

/// Arguments of `cargo xtask test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Copy the specs from this local mirror instead of downloading them.
    #[arg(long, value_name = "DIR")]
    specs_from: Option<PathBuf>,
}

/// Fetches the specs, regenerates the crates, checks they are up to date, then runs every test
/// (the ignored compile check of the large foreign descriptions too), clippy and rustdoc over
/// the whole workspace, generated crates included, and clippy on one crate with each of its
/// operation features alone.
pub fn run(args: &TestArgs, root: &Path) -> Result<()> {
    step("fetch specs");
    let fetch_args = fetch::FetchArgs {
        from: args.specs_from.clone(),
        ..Default::default()
    };
    fetch::run(&fetch_args, &root.join("specs"))?;

    step("codegen");
    codegen::run(&codegen::CodegenArgs::default(), root)?;
    step("codegen --check (output is deterministic)");
    codegen::run(
        &codegen::CodegenArgs {
            check: true,
            ..Default::default()
        },
        root,
    )?;

    step("npm tools of the end-to-end tests (Prism)");
    if let Err(error) = crate::tools::install(root) {
        // Locally the Prism tests then skip, saying why; in CI they must run.
        ensure!(std::env::var("CI").as_deref() != Ok("true"), error);
        eprintln!("warning: {error:#}; the Prism tests will be skipped");
    }

    cargo(
        root,
        "tests",
        &["test", "--workspace", "--all-targets"],
        &[],
    )?;
    cargo(root, "doc tests", &["test", "--workspace", "--doc"], &[])?;
    // Minutes of compiling, kept out of `cargo test` for everyday runs.
    cargo(
        root,
        "large foreign descriptions compile clippy-clean",
        &[
            "test",
            "-p",
            "generator",
            "--test",
            "foreign_specs",
            "--",
            "--ignored",
        ],
        &[],
    )?;
    cargo(
        root,
        "clippy",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )?;
    cargo(
        root,
        "rustdoc",
        &["doc", "--workspace", "--no-deps"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    cargo(root, "rustfmt", &["fmt", "--all", "--check"], &[])?;
    each_feature_alone(root, FEATURES_CRATE)?;
    step("examples/ and consumers outside the repository (packaged, vendored, path)");
    crate::consumer::run(root)?;
    step("all checks passed");
    Ok(())
}

/// The generated crate whose operation modules are each compiled alone (every crate is
/// compiled with all of them above).
const FEATURES_CRATE: &str = "intercom-v2-11";

/// Clippy, warnings denied, on `krate`'s library with each operation module's feature alone, and
/// with none: the types each module needs must come with it, and no selection may warn.
fn each_feature_alone(root: &Path, krate: &str) -> Result<()> {
    let modules = codegen::operation_modules(&root.join("generated").join(krate))?;
    for module in std::iter::once(String::new()).chain(modules) {
        let features = ["rustls-tls", &module].join(",");
        let features = features.trim_end_matches(',');
        let name = format!("clippy of {krate} with the features {features} only");
        let args = [
            "clippy",
            "-p",
            krate,
            "--lib",
            "--no-default-features",
            "--features",
            features,
            "--",
            "-D",
            "warnings",
        ];
        cargo(root, &name, &args, &[])?;
    }
    Ok(())
}

fn step(name: &str) {
    println!("\n==> {name}");
}

fn cargo(root: &Path, name: &str, args: &[&str], env: &[(&str, &str)]) -> Result<()> {
    step(name);
    let status = Command::new(crate::cargo_program())
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    ensure!(
        status.success(),
        "{name} failed: cargo {} exited with {status}",
        args.join(" ")
    );
    Ok(())
}
