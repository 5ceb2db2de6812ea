//! Typed access to `specs/versions.toml`, the manifest of the Intercom API versions this project
//! generates crates for.
//!
//! Each `[[version]]` entry pins one OpenAPI description: where it comes from (`url`), what its
//! bytes must hash to (`sha256`), and which crate is generated from it (`crate`, `crate_version`).

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, ensure, Context, Result};
use serde::Deserialize;

/// File name of the manifest inside the specs directory.
pub const MANIFEST_FILE_NAME: &str = "versions.toml";

/// File name of an OpenAPI description inside its version's directory.
pub const SPEC_FILE_NAME: &str = "api.intercom.io.yaml";

/// The parsed and validated contents of `specs/versions.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// What the API needs beyond its descriptions (version header, regions).
    #[serde(default)]
    pub api: ApiSettings,
    /// The pinned API versions, in manifest order.
    #[serde(rename = "version")]
    pub versions: Vec<SpecVersion>,
}

/// The `[api]` table: settings shared by every version's crate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSettings {
    /// The header carrying `info.version` on every request.
    pub version_header: Option<String>,
    /// The data centers (`[[api.region]]`), the default first.
    #[serde(default, rename = "region")]
    pub regions: Vec<generator::emit::Region>,
    /// crates.io keywords of every crate, beyond the generic ones (`api`, `client`, `openapi`).
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// One `[[version]]` entry of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecVersion {
    /// Version name as used on the command line and as the directory name under `specs/`,
    /// e.g. `2.11` or `Unstable`.
    pub name: String,
    /// Name of the crate generated from this description.
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// Semver version of the generated crate.
    pub crate_version: String,
    /// Upstream download address of the description.
    pub url: String,
    /// Expected SHA-256 of the description's bytes, as 64 lowercase hex digits.
    pub sha256: String,
}

impl Manifest {
    /// Reads, parses and validates the manifest at `path`.
    ///
    /// Errors name the file; TOML syntax errors also carry the line and column.
    pub fn load(path: &Path) -> Result<Self> {
        let text =
            fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("invalid manifest {}", path.display()))
    }

    /// Parses and validates manifest text.
    fn parse(text: &str) -> Result<Self> {
        let manifest: Self = toml::from_str(text)?;
        manifest.validate()?;
        Ok(manifest)
    }

    /// Checks every entry, and that version names and crate names are unique.
    fn validate(&self) -> Result<()> {
        ensure!(!self.versions.is_empty(), "no [[version]] entries");
        let mut names = HashSet::new();
        let mut crate_names = HashSet::new();
        for version in &self.versions {
            version
                .validate()
                .with_context(|| format!("version {:?}", version.name))?;
            ensure!(
                names.insert(&version.name),
                "duplicate version name {:?}",
                version.name
            );
            ensure!(
                crate_names.insert(&version.crate_name),
                "duplicate crate name {:?} (version {:?})",
                version.crate_name,
                version.name
            );
        }
        Ok(())
    }

    /// Returns the versions called `names`, in manifest order; all versions if `names` is empty.
    ///
    /// An unknown name is an error that lists the known names.
    pub fn select(&self, names: &[String]) -> Result<Vec<&SpecVersion>> {
        if let Some(unknown) = names
            .iter()
            .find(|name| !self.versions.iter().any(|v| &v.name == *name))
        {
            let known: Vec<&str> = self.versions.iter().map(|v| v.name.as_str()).collect();
            bail!(
                "unknown spec version {unknown:?} (known versions: {})",
                known.join(", ")
            );
        }
        Ok(self
            .versions
            .iter()
            .filter(|v| names.is_empty() || names.contains(&v.name))
            .collect())
    }
}

impl SpecVersion {
    /// Where this version's description lives: `<specs_dir>/<name>/api.intercom.io.yaml`.
    pub fn spec_path(&self, specs_dir: &Path) -> PathBuf {
        specs_dir.join(&self.name).join(SPEC_FILE_NAME)
    }

    /// Checks the fields of this entry on their own.
    fn validate(&self) -> Result<()> {
        ensure!(
            is_plain_dir_name(&self.name),
            "name {:?} is not a plain directory name",
            self.name
        );
        ensure!(!self.crate_name.is_empty(), "crate name is empty");
        ensure!(
            is_semver(&self.crate_version),
            "crate_version {:?} is not a semver version",
            self.crate_version
        );
        ensure!(
            is_sha256_hex(&self.sha256),
            "sha256 {:?} is not 64 lowercase hex digits",
            self.sha256
        );
        Ok(())
    }
}

/// Whether `name` can be used as a single directory name (no separators, not `.` or `..`).
fn is_plain_dir_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\'])
}

/// Whether `version` looks like `MAJOR.MINOR.PATCH`, optionally followed by `-pre` or `+build`.
fn is_semver(version: &str) -> bool {
    let (core, suffix) = match version.split_once(['-', '+']) {
        Some((core, suffix)) => (core, Some(suffix)),
        None => (version, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    numbers.len() == 3
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && suffix.is_none_or(|s| !s.is_empty())
}

/// Whether `hash` is a SHA-256 digest written as 64 lowercase hex digits.
fn is_sha256_hex(hash: &str) -> bool {
    hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "f879783494d96e7d0e1e913d136f5f60b330f0a65db198ec34a51a058b0cd1c3";

    /// A `[[version]]` entry with the given name, crate name and sha256.
    fn entry(name: &str, crate_name: &str, sha256: &str) -> String {
        format!(
            "[[version]]\nname = \"{name}\"\ncrate = \"{crate_name}\"\ncrate_version = \"1.0.0\"\n\
             url = \"https://example.com/{name}.yaml\"\nsha256 = \"{sha256}\"\n"
        )
    }

    /// The full error message with its cause chain, as `main` prints it.
    fn parse_error(text: &str) -> String {
        format!("{:#}", Manifest::parse(text).unwrap_err())
    }

    #[test]
    fn loads_the_real_manifest() {
        let path = crate::workspace_root()
            .join("specs")
            .join(MANIFEST_FILE_NAME);
        let manifest = Manifest::load(&path).unwrap();
        let names: Vec<&str> = manifest.versions.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["2.9", "2.11", "Unstable"]);
        let v2_11 = &manifest.versions[1];
        assert_eq!(v2_11.crate_name, "intercom-v2-11");
        assert_eq!(v2_11.crate_version, "2.11.0");
        assert_eq!(
            v2_11.spec_path(Path::new("specs")),
            Path::new("specs/2.11/api.intercom.io.yaml")
        );
    }

    #[test]
    fn toml_syntax_error_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST_FILE_NAME);
        fs::write(&path, "[[version]]\nname = \"2.9\"\ncrate = intercom\n").unwrap();
        let message = format!("{:#}", Manifest::load(&path).unwrap_err());
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains("line 3"), "{message}");
    }

    #[test]
    fn missing_file_is_named() {
        let path = Path::new("/nonexistent/versions.toml");
        let message = format!("{:#}", Manifest::load(path).unwrap_err());
        assert!(message.contains("/nonexistent/versions.toml"), "{message}");
    }

    #[test]
    fn rejects_duplicate_names() {
        let text = entry("2.9", "a", SHA) + &entry("2.9", "b", SHA);
        assert!(parse_error(&text).contains("duplicate version name \"2.9\""));
    }

    #[test]
    fn rejects_duplicate_crate_names() {
        let text = entry("2.9", "a", SHA) + &entry("2.11", "a", SHA);
        assert!(parse_error(&text).contains("duplicate crate name \"a\""));
    }

    #[test]
    fn rejects_bad_sha256() {
        for bad in [&SHA[1..], &SHA.to_uppercase(), &SHA.replace('f', "g")] {
            let message = parse_error(&entry("2.9", "a", bad));
            assert!(message.contains("not 64 lowercase hex digits"), "{message}");
        }
    }

    #[test]
    fn rejects_path_like_names() {
        for bad in ["", "..", "a/b"] {
            let message = parse_error(&entry(bad, "a", SHA));
            assert!(message.contains("not a plain directory name"), "{message}");
        }
    }

    #[test]
    fn checks_crate_version_is_semver() {
        assert!(is_semver("2.11.0"));
        assert!(is_semver("0.0.0-preview"));
        assert!(!is_semver("2.11"));
        assert!(!is_semver("2.x.0"));
        assert!(!is_semver("1.0.0-"));
    }

    #[test]
    fn selects_versions_in_manifest_order() {
        let text = entry("2.9", "a", SHA) + &entry("2.11", "b", SHA) + &entry("U", "c", SHA);
        let manifest = Manifest::parse(&text).unwrap();
        let names = |selected: Vec<&SpecVersion>| -> Vec<String> {
            selected.into_iter().map(|v| v.name.clone()).collect()
        };
        assert_eq!(names(manifest.select(&[]).unwrap()), ["2.9", "2.11", "U"]);
        let wanted = ["U".to_owned(), "2.9".to_owned()];
        assert_eq!(names(manifest.select(&wanted).unwrap()), ["2.9", "U"]);
    }

    #[test]
    fn unknown_selection_lists_known_names() {
        let manifest =
            Manifest::parse(&(entry("2.9", "a", SHA) + &entry("2.11", "b", SHA))).unwrap();
        let message = manifest
            .select(&["3.0".to_owned()])
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            "unknown spec version \"3.0\" (known versions: 2.9, 2.11)"
        );
    }
}
