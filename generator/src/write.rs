//! Write stage: put a crate's files on disk atomically, or tell how the disk differs.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::{is_generated_manifest, CrateFiles};

/// Replaces the directory `out` with exactly `files`.
///
/// The crate is written to a staging directory beside `out` and swapped in with renames, so a
/// failure at any point leaves the previous `out` as it was. Staging directories start with a
/// dot, which the workspace's member glob skips.
pub fn replace_dir(out: &Path, files: &CrateFiles) -> io::Result<()> {
    check_replaceable(out)?;
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

/// Refuses an output path that holds anything but a crate this generator wrote: a file, or a
/// folder that is neither empty nor marked as generated (`[package.metadata.intercom-codegen]`
/// in its `Cargo.toml`). Replacing it would delete someone's work.
pub fn check_replaceable(out: &Path) -> io::Result<()> {
    let refuse = |what: &str| {
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} {what}; codegen only replaces an empty folder or a crate it generated \
                 (marked by [package.metadata.intercom-codegen] in its Cargo.toml): choose \
                 another --out, or move it away yourself",
                out.display()
            ),
        ))
    };
    let metadata = match fs::symlink_metadata(out) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    if !metadata.is_dir() {
        return refuse("exists and is not a folder");
    }
    if fs::read_dir(out)?.next().is_none() {
        return Ok(());
    }
    match fs::read_to_string(out.join("Cargo.toml")) {
        Ok(manifest) if is_generated_manifest(&manifest) => Ok(()),
        Ok(_) => refuse("holds a Cargo.toml that codegen did not write"),
        Err(_) => refuse("is not empty and holds no generated crate"),
    }
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

    const MARKED: &str =
        "[package]\nname = \"x\"\n[package.metadata.intercom-codegen]\ngenerated = true\n";

    #[test]
    fn folders_that_are_not_generated_crates_are_refused_and_kept() {
        let root = tempfile::tempdir().unwrap();
        let project = root.path().join("project");
        fs::create_dir_all(project.join("src")).unwrap();
        fs::write(project.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
        fs::write(project.join("src/main.rs"), "fn main() {}").unwrap();
        let notes = root.path().join("notes");
        fs::create_dir(&notes).unwrap();
        fs::write(notes.join("todo.txt"), "keep me").unwrap();
        let file = root.path().join("file");
        fs::write(&file, "keep me").unwrap();
        let files = crate_files(&[("Cargo.toml", MARKED)]);
        for (out, reason) in [
            (&project, "codegen did not write"),
            (&notes, "holds no generated crate"),
            (&file, "is not a folder"),
        ] {
            let error = replace_dir(out, &files).unwrap_err().to_string();
            assert!(error.contains(reason), "{error}");
        }
        assert_eq!(
            fs::read_to_string(project.join("src/main.rs")).unwrap(),
            "fn main() {}"
        );
        assert_eq!(
            fs::read_to_string(notes.join("todo.txt")).unwrap(),
            "keep me"
        );
        assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");
    }

    #[test]
    fn empty_folders_and_generated_crates_are_replaced() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("krate");
        fs::create_dir(&out).unwrap();
        replace_dir(&out, &crate_files(&[("Cargo.toml", MARKED), ("a.rs", "1")])).unwrap();
        replace_dir(&out, &crate_files(&[("Cargo.toml", MARKED), ("b.rs", "2")])).unwrap();
        assert!(!out.join("a.rs").exists());
        assert_eq!(fs::read_to_string(out.join("b.rs")).unwrap(), "2");
    }

    #[test]
    fn replace_swaps_in_exactly_the_new_files() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("krate");
        replace_dir(
            &out,
            &crate_files(&[("Cargo.toml", MARKED), ("src/old.rs", "old")]),
        )
        .unwrap();
        replace_dir(
            &out,
            &crate_files(&[("Cargo.toml", MARKED), ("src/lib.rs", "lib")]),
        )
        .unwrap();
        assert!(!out.join("src/old.rs").exists() && out.join("src/lib.rs").exists());
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
        replace_dir(&out, &crate_files(&[("Cargo.toml", MARKED)])).unwrap();
        // A file and a directory of the same name cannot both be written.
        let impossible = crate_files(&[("src", "file"), ("src/lib.rs", "lib")]);
        assert!(replace_dir(&out, &impossible).is_err());
        assert_eq!(fs::read_to_string(out.join("Cargo.toml")).unwrap(), MARKED);
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
