//! `cargo xtask check-consumers`: a project outside the repository builds against the 2.11
//! crate in each of the three ways README describes: (a) the packaged `.crate` files through
//! `[patch.crates-io]`, (b) vendored copies of the runtime and the crate, (c) a path dependency;
//! and the programs in `examples/` compile, clippy-clean.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{ensure, Context, Result};
use toml::{Table, Value};

/// The crate the consumers use.
const CRATE: &str = "intercom-v2-11";
const CRATE_VERSION: &str = "2.11.0";
const RUNTIME: &str = "intercom-runtime";
const RUNTIME_VERSION: &str = "0.1.0";

/// What the consumer's `main.rs` uses: the public API a user starts from.
const MAIN_RS: &str = r#"use intercom_v2_11::{Client, Config, Error, Region, RetryPolicy};

fn main() {
    let config = Config::new("token").region(Region::Eu).retry(RetryPolicy::none());
    let client = Client::with_config(config);
    let _contacts = client.list_contacts().items();
    let _: Option<Error> = None;
    println!("{}", client.base_url());
}
"#;

pub fn run(root: &Path) -> Result<()> {
    let target = target_dir(root);
    println!("examples/: cargo clippy --examples");
    cargo(
        &root.join("examples"),
        &[
            "clippy",
            "--offline",
            "--quiet",
            "--examples",
            "--",
            "-D",
            "warnings",
        ],
        &target,
    )?;
    cargo(
        root,
        &[
            "package",
            "-p",
            RUNTIME,
            "-p",
            CRATE,
            "--no-verify",
            "--allow-dirty",
            "--offline",
        ],
        &target,
    )?;
    let packaged = target.join("package");

    // (a) The packaged crates, unpacked and patched in for crates.io versions.
    let project = Consumer::new(root)?;
    for (name, version) in [(CRATE, CRATE_VERSION), (RUNTIME, RUNTIME_VERSION)] {
        let file = packaged.join(format!("{name}-{version}.crate"));
        let status = Command::new("tar")
            .arg("xzf")
            .arg(&file)
            .arg("-C")
            .arg(project.dir())
            .status()
            .with_context(|| format!("unpacking {}", file.display()))?;
        ensure!(status.success(), "tar failed on {}", file.display());
    }
    let mut patch = Table::new();
    for (name, version) in [(CRATE, CRATE_VERSION), (RUNTIME, RUNTIME_VERSION)] {
        patch.insert(
            name.to_owned(),
            path_dependency(&format!("{name}-{version}")),
        );
    }
    project.check(
        "packaged crates",
        Value::from(CRATE_VERSION),
        Some(patch),
        &target,
    )?;

    // (b) Vendored copies, in the layout the crate's relative runtime path expects.
    let project = Consumer::new(root)?;
    let vendor = project.dir().join("vendor");
    copy_dir(&root.join("runtime"), &vendor.join("runtime"))?;
    // The generated crate's end-to-end test needs `intercom-mock-server`, a path
    // dev-dependency, and cargo reads a path dependency's dev-dependencies: a vendored copy
    // keeps the same layout. (The packaged crate leaves it out.)
    copy_dir(&root.join("mock-server"), &vendor.join("mock-server"))?;
    copy_dir(
        &root.join("generated").join(CRATE),
        &vendor.join("generated").join(CRATE),
    )?;
    let vendored = path_dependency(&format!("vendor/generated/{CRATE}"));
    project.check("vendored copies", vendored, None, &target)?;

    // (c) A path dependency into this checkout.
    let project = Consumer::new(root)?;
    let checkout = root.join("generated").join(CRATE);
    let path = path_dependency(&checkout.to_string_lossy());
    project.check("path dependency", path, None, &target)?;
    Ok(())
}

/// A temporary project outside the repository.
struct Consumer {
    dir: tempfile::TempDir,
}

impl Consumer {
    fn new(root: &Path) -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("intercom-consumer-")
            .tempdir()?;
        fs::create_dir(dir.path().join("src"))?;
        fs::write(dir.path().join("src/main.rs"), MAIN_RS)?;
        // The workspace's lock file pins the versions already in the offline cache.
        fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock"))?;
        Ok(Consumer { dir })
    }

    fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Writes the manifest depending on the crate as `dependency` and runs `cargo check`.
    fn check(
        &self,
        route: &str,
        dependency: Value,
        patch: Option<Table>,
        target: &Path,
    ) -> Result<()> {
        let mut package = Table::new();
        package.insert("name".into(), "consumer".into());
        package.insert("version".into(), "0.1.0".into());
        package.insert("edition".into(), "2021".into());
        let mut dependencies = Table::new();
        dependencies.insert(CRATE.into(), dependency);
        let mut manifest = Table::new();
        manifest.insert("package".into(), Value::Table(package));
        manifest.insert("dependencies".into(), Value::Table(dependencies));
        // Its own workspace, so nothing above the temporary folder claims it.
        manifest.insert("workspace".into(), Value::Table(Table::new()));
        if let Some(patch) = patch {
            let mut sources = Table::new();
            sources.insert("crates-io".into(), Value::Table(patch));
            manifest.insert("patch".into(), Value::Table(sources));
        }
        fs::write(self.dir().join("Cargo.toml"), toml::to_string(&manifest)?)?;
        println!("consumer outside the repository, {route}: cargo check");
        cargo(self.dir(), &["check", "--offline", "--quiet"], target)
            .with_context(|| format!("a consumer using {CRATE} through {route} does not build"))
    }
}

fn path_dependency(path: &str) -> Value {
    let mut table = Table::new();
    table.insert("path".into(), path.into());
    Value::Table(table)
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

fn cargo(dir: &Path, args: &[&str], target: &Path) -> Result<()> {
    let status = Command::new(crate::cargo_program())
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .current_dir(dir)
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    ensure!(
        status.success(),
        "cargo {} failed in {}",
        args.join(" "),
        dir.display()
    );
    Ok(())
}

/// Copies a crate folder (without build output) as a user vendoring it would.
fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &target)?;
            }
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
