//! Write stage: put a crate's files on disk atomically, or tell how the disk differs.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::CrateFiles;

/// Replaces the directory `out` with exactly `files`.
///
/// The crate is written to a staging directory beside `out` and swapped in with renames, so a
/// failure at any point leaves the previous `out` as it was. Staging directories start with a
/// dot, which the workspace's member glob skips.
pub fn replace_dir(out: &Path, files: &CrateFiles) -> io::Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "output path has no name"))?
        .to_string_lossy()
        .into_owned();
    fs::create_dir_all(parent)?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.staging-"))
        .tempdir_in(parent)?;
    for (path, contents) in files {
        let target = staging.path().join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(target, contents)?;
    }
    if !out.exists() {
        return fs::rename(staging.keep(), out);
    }
    // Move the old crate aside first: rename cannot replace a non-empty directory.
    let retired = tempfile::Builder::new()
        .prefix(&format!(".{name}.old-"))
        .tempdir_in(parent)?;
    let retired_path = retired.path().join(&name);
    fs::rename(out, &retired_path)?;
    if let Err(error) = fs::rename(staging.path(), out) {
        fs::rename(&retired_path, out)?;
        return Err(error);
    }
    // The staging directory is now `out`; forget it so its drop does not delete `out`.
    let _ = staging.keep();
    drop(retired);
    Ok(())
}

/// How a file on disk differs from what codegen would write.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stale {
    /// Codegen would write it; it is not there.
    Missing(PathBuf),
    /// It is there with other contents.
    Changed(PathBuf),
    /// It is there; codegen would not write it.
    Unexpected(PathBuf),
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stale::Missing(path) => write!(f, "missing: {}", path.display()),
            Stale::Changed(path) => write!(f, "changed: {}", path.display()),
            Stale::Unexpected(path) => write!(f, "unexpected: {}", path.display()),
        }
    }
}

/// The files under `out` that differ from `files`, sorted by kind then path.
pub fn stale_files(out: &Path, files: &CrateFiles) -> io::Result<Vec<Stale>> {
    let mut stale = Vec::new();
    for (path, contents) in files {
        match fs::read(out.join(path)) {
            Ok(existing) if existing == contents.as_bytes() => {}
            Ok(_) => stale.push(Stale::Changed(out.join(path))),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                stale.push(Stale::Missing(out.join(path)))
            }
            Err(error) => return Err(error),
        }
    }
    if out.is_dir() {
        for path in files_under(out)? {
            let relative = path.strip_prefix(out).unwrap_or(&path);
            if !files.contains_key(relative) {
                stale.push(Stale::Unexpected(path));
            }
        }
    }
    stale.sort();
    Ok(stale)
}

fn files_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            found.extend(files_under(&entry.path())?);
        } else {
            found.push(entry.path());
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crate_files(entries: &[(&str, &str)]) -> CrateFiles {
        entries
            .iter()
            .map(|(path, text)| (PathBuf::from(path), text.to_string()))
            .collect()
    }

    #[test]
    fn replace_swaps_in_exactly_the_new_files() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("krate");
        replace_dir(
            &out,
            &crate_files(&[("Cargo.toml", "a"), ("src/old.rs", "old")]),
        )
        .unwrap();
        replace_dir(
            &out,
            &crate_files(&[("Cargo.toml", "b"), ("src/lib.rs", "lib")]),
        )
        .unwrap();
        assert_eq!(fs::read_to_string(out.join("Cargo.toml")).unwrap(), "b");
        assert_eq!(fs::read_to_string(out.join("src/lib.rs")).unwrap(), "lib");
        assert!(!out.join("src/old.rs").exists());
        let leftovers: Vec<_> = fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["krate"], "no staging directories remain");
    }

    #[test]
    fn a_failed_write_leaves_the_previous_crate_untouched() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("krate");
        replace_dir(&out, &crate_files(&[("Cargo.toml", "a")])).unwrap();
        // A file and a directory of the same name cannot both be written.
        let impossible = crate_files(&[("src", "file"), ("src/lib.rs", "lib")]);
        assert!(replace_dir(&out, &impossible).is_err());
        assert_eq!(fs::read_to_string(out.join("Cargo.toml")).unwrap(), "a");
        assert!(!out.join("src").exists());
    }

    #[test]
    fn stale_files_reports_missing_changed_and_unexpected() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("krate");
        replace_dir(
            &out,
            &crate_files(&[("a.rs", "a"), ("b.rs", "b"), ("c.rs", "c")]),
        )
        .unwrap();
        assert!(stale_files(
            &out,
            &crate_files(&[("a.rs", "a"), ("b.rs", "b"), ("c.rs", "c")])
        )
        .unwrap()
        .is_empty());
        let wanted = crate_files(&[("a.rs", "a"), ("b.rs", "B"), ("d.rs", "d")]);
        assert_eq!(
            stale_files(&out, &wanted).unwrap(),
            [
                Stale::Missing(out.join("d.rs")),
                Stale::Changed(out.join("b.rs")),
                Stale::Unexpected(out.join("c.rs"))
            ]
        );
    }
}
