//! `cargo xtask fetch-specs`: places each pinned OpenAPI description at
//! `specs/<name>/api.intercom.io.yaml`.
//!
//! The bytes come from a local mirror (`--from DIR`, laid out as `DIR/<name>/api.intercom.io.yaml`)
//! or from the manifest's `url`. They are checked against the manifest's `sha256` before anything
//! is written, and written atomically, so a target file is either absent, the previous file, or
//! the verified description.

use std::fmt;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process;
use std::time::Duration;

use anyhow::{ensure, Context, Result};
use clap::Args;
use sha2::{Digest, Sha256};

use crate::versions::{Manifest, SpecVersion, MANIFEST_FILE_NAME, SPEC_FILE_NAME};

/// Upper bound on a downloaded description (the largest is about 1.5 MiB).
const MAX_SPEC_BYTES: u64 = 64 * 1024 * 1024;

/// Time allowed for one whole download, from connecting to the last byte.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(120);

/// Arguments of `cargo xtask fetch-specs`.
#[derive(Debug, Default, Args)]
pub struct FetchArgs {
    /// Copy the descriptions from this local mirror, laid out as
    /// `DIR/<version>/api.intercom.io.yaml`, instead of downloading them.
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
    /// Fetch only this version (repeatable). Default: every version in specs/versions.toml.
    #[arg(long = "version", value_name = "V", value_parser = crate::codegen::version_names())]
    pub versions: Vec<String>,
}

/// Where the bytes of a description are taken from.
enum Source<'a> {
    /// A local mirror directory.
    Mirror(&'a Path),
    /// The upstream `url` of each version, fetched with this agent.
    Upstream(ureq::Agent),
}

/// What happened to one version.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// The target already had the expected hash; nothing was read from the source.
    UpToDate,
    /// The description was verified and written, having been read from this origin.
    Fetched(Origin),
}

/// The file or address a description's bytes were read from.
#[derive(Debug, PartialEq, Eq)]
enum Origin {
    Mirror(PathBuf),
    Upstream(String),
}

/// Runs `fetch-specs` against the manifest and target directories in `specs_dir`.
///
/// Every selected version is attempted; a version that fails is reported on stderr, nothing is
/// written for it, and the command fails once all versions have been tried.
pub fn run(args: &FetchArgs, specs_dir: &Path) -> Result<()> {
    // Checked first, even when every spec is up to date: a mistyped mirror is worth reporting.
    if let Some(dir) = args.from.as_deref().filter(|dir| !dir.is_dir()) {
        anyhow::bail!("--from {}: no such folder", dir.display());
    }
    let manifest = Manifest::load(&specs_dir.join(MANIFEST_FILE_NAME))?;
    let versions = manifest.select(&args.versions)?;
    let source = match &args.from {
        Some(dir) => Source::Mirror(dir),
        None => Source::Upstream(download_agent()),
    };
    let mut failures = 0;
    for version in &versions {
        match fetch_version(version, &source, specs_dir) {
            Ok(outcome) => println!("{}: {outcome}", version.name),
            Err(err) => {
                eprintln!("error: {}: {err:#}", version.name);
                failures += 1;
            }
        }
    }
    ensure!(
        failures == 0,
        "{failures} of {} spec versions could not be fetched",
        versions.len()
    );
    Ok(())
}

/// Makes `version`'s description under `specs_dir` match the manifest, reading `source` only if
/// the file there is missing or has a different hash.
fn fetch_version(version: &SpecVersion, source: &Source, specs_dir: &Path) -> Result<Outcome> {
    let target = version.spec_path(specs_dir);
    if fs::read(&target).is_ok_and(|bytes| sha256_hex(&bytes) == version.sha256) {
        return Ok(Outcome::UpToDate);
    }
    let (bytes, origin) = read_source(version, source)?;
    let actual = sha256_hex(&bytes);
    ensure!(
        actual == version.sha256,
        "sha256 mismatch for {origin}: expected {}, actual {actual}",
        version.sha256
    );
    write_atomically(&target, &bytes)?;
    Ok(Outcome::Fetched(origin))
}

/// Reads `version`'s description from `source`, returning its bytes and where they came from.
fn read_source(version: &SpecVersion, source: &Source) -> Result<(Vec<u8>, Origin)> {
    match source {
        Source::Mirror(dir) => {
            let path = dir.join(&version.name).join(SPEC_FILE_NAME);
            let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            Ok((bytes, Origin::Mirror(path)))
        }
        Source::Upstream(agent) => {
            let bytes = download(agent, &version.url)?;
            Ok((bytes, Origin::Upstream(version.url.clone())))
        }
    }
}

/// An HTTP agent that gives up on a download after [`DOWNLOAD_TIMEOUT`].
fn download_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(DOWNLOAD_TIMEOUT))
        .build()
        .into()
}

/// GETs `url`; an HTTP error status is an error naming the URL and the status.
fn download(agent: &ureq::Agent, url: &str) -> Result<Vec<u8>> {
    let mut response = agent
        .get(url)
        .call()
        .with_context(|| format!("GET {url} failed"))?;
    response
        .body_mut()
        .with_config()
        .limit(MAX_SPEC_BYTES)
        .read_to_vec()
        .with_context(|| format!("reading the response body of {url}"))
}

/// Writes `bytes` to `target` via a temporary file in the same directory and a rename, so readers
/// never see a partial file. The temporary file is removed if anything fails.
fn write_atomically(target: &Path, bytes: &[u8]) -> Result<()> {
    let dir = target
        .parent()
        .with_context(|| format!("{} has no parent directory", target.display()))?;
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let file_name = target.file_name().unwrap_or_default().to_string_lossy();
    let temp = dir.join(format!(".{file_name}.{}.tmp", process::id()));
    let written = write_synced(&temp, bytes).and_then(|()| fs::rename(&temp, target));
    if written.is_err() {
        // Best effort: the error that matters is the one being returned.
        let _ = fs::remove_file(&temp);
    }
    written.with_context(|| format!("writing {}", target.display()))
}

/// Creates (or truncates) `path`, writes `bytes` and flushes them to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// The SHA-256 of `bytes` as 64 lowercase hex digits.
fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Mirror(path) => write!(f, "{}", path.display()),
            Self::Upstream(url) => f.write_str(url),
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UpToDate => f.write_str("up to date"),
            Self::Fetched(origin @ Origin::Mirror(_)) => {
                write!(f, "copied from {origin} (sha256 ok)")
            }
            Self::Fetched(origin @ Origin::Upstream(_)) => {
                write!(f, "downloaded from {origin} (sha256 ok)")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &[u8] = b"openapi: 3.0.1\ninfo:\n  version: '2.9'\n";

    /// A manifest entry named `2.9` that expects `expected` as its bytes.
    fn version_expecting(expected: &[u8]) -> SpecVersion {
        SpecVersion {
            name: "2.9".to_owned(),
            crate_name: "intercom-v2-9".to_owned(),
            crate_version: "2.9.0".to_owned(),
            url: "https://example.invalid/2.9/api.intercom.io.yaml".to_owned(),
            sha256: sha256_hex(expected),
        }
    }

    /// A mirror directory holding `bytes` as the description of version `2.9`.
    fn mirror_with(bytes: &[u8]) -> tempfile::TempDir {
        let mirror = tempfile::tempdir().unwrap();
        fs::create_dir(mirror.path().join("2.9")).unwrap();
        fs::write(mirror.path().join("2.9").join(SPEC_FILE_NAME), bytes).unwrap();
        mirror
    }

    #[test]
    fn a_missing_mirror_folder_is_an_error() {
        let specs = tempfile::tempdir().unwrap();
        let args = FetchArgs {
            from: Some(specs.path().join("no-such-mirror")),
            versions: Vec::new(),
        };
        let message = format!("{:#}", run(&args, specs.path()).unwrap_err());
        assert!(
            message.ends_with("no-such-mirror: no such folder"),
            "{message}"
        );
    }

    #[test]
    fn copies_and_verifies_from_mirror() {
        let (mirror, specs) = (mirror_with(SPEC), tempfile::tempdir().unwrap());
        let version = version_expecting(SPEC);
        let outcome =
            fetch_version(&version, &Source::Mirror(mirror.path()), specs.path()).unwrap();
        let source = mirror.path().join("2.9").join(SPEC_FILE_NAME);
        assert_eq!(
            outcome.to_string(),
            format!("copied from {} (sha256 ok)", source.display())
        );
        assert_eq!(fs::read(version.spec_path(specs.path())).unwrap(), SPEC);
        let entries: Vec<_> = fs::read_dir(specs.path().join("2.9")).unwrap().collect();
        assert_eq!(entries.len(), 1, "temporary file left behind");
    }

    #[test]
    fn mismatched_bytes_are_rejected_and_not_written() {
        let (mirror, specs) = (mirror_with(b"tampered"), tempfile::tempdir().unwrap());
        let version = version_expecting(SPEC);
        let err =
            fetch_version(&version, &Source::Mirror(mirror.path()), specs.path()).unwrap_err();
        let message = format!("{err:#}");
        let source = mirror.path().join("2.9").join(SPEC_FILE_NAME);
        assert!(message.contains(&source.display().to_string()), "{message}");
        assert!(message.contains(&version.sha256), "{message}");
        assert!(message.contains(&sha256_hex(b"tampered")), "{message}");
        assert!(!specs.path().join("2.9").exists());
    }

    #[test]
    fn missing_source_is_named() {
        let (mirror, specs) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let err = fetch_version(
            &version_expecting(SPEC),
            &Source::Mirror(mirror.path()),
            specs.path(),
        )
        .unwrap_err();
        let message = format!("{err:#}");
        let source = mirror.path().join("2.9").join(SPEC_FILE_NAME);
        assert!(message.contains(&source.display().to_string()), "{message}");
        assert!(!specs.path().join("2.9").exists());
    }

    #[test]
    fn up_to_date_target_skips_the_source() {
        let specs = tempfile::tempdir().unwrap();
        let version = version_expecting(SPEC);
        write_atomically(&version.spec_path(specs.path()), SPEC).unwrap();
        let missing_mirror = specs.path().join("no-such-mirror");
        let outcome =
            fetch_version(&version, &Source::Mirror(&missing_mirror), specs.path()).unwrap();
        assert_eq!(outcome, Outcome::UpToDate);
        assert_eq!(outcome.to_string(), "up to date");
    }

    #[test]
    fn stale_target_is_replaced() {
        let (mirror, specs) = (mirror_with(SPEC), tempfile::tempdir().unwrap());
        let version = version_expecting(SPEC);
        let target = version.spec_path(specs.path());
        write_atomically(&target, b"old description").unwrap();
        let outcome =
            fetch_version(&version, &Source::Mirror(mirror.path()), specs.path()).unwrap();
        assert!(matches!(outcome, Outcome::Fetched(Origin::Mirror(_))));
        assert_eq!(fs::read(&target).unwrap(), SPEC);
    }

    #[test]
    fn download_outcome_names_the_url() {
        let outcome = Outcome::Fetched(Origin::Upstream("https://example.com/a.yaml".to_owned()));
        assert_eq!(
            outcome.to_string(),
            "downloaded from https://example.com/a.yaml (sha256 ok)"
        );
    }
}
