//! Write stage: put a crate's files on disk atomically, or tell how the disk differs.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::iter::{IntoParallelIterator, ParallelIterator};

use crate::emit::{is_generated_manifest, CrateFiles};

/// Names of what a write leaves beside the crates while it runs: `.intercom-codegen.staging-*`
/// (the new crates), `.intercom-codegen.old-*` (the crates they replace) and the journal. They
/// start with a dot, which the workspace's member glob skips.
const PREFIX: &str = ".intercom-codegen.";
const JOURNAL: &str = ".intercom-codegen.journal";

/// Replaces the directory `out` with exactly `files`; see [`replace_dirs`].
pub fn replace_dir(out: &Path, files: &CrateFiles) -> io::Result<()> {
    replace_dirs(&[(out, files)])
}

/// Replaces each directory `out` (all in one parent folder) with exactly its files, as one step
/// that is either done or not, even if the process is killed.
///
/// 1. Every crate is written into one staging folder beside them; a crash here leaves the old
///    crates untouched (the next run deletes the staging folder).
/// 2. A journal naming the staging folder, the crates and a retirement folder is written and
///    synced: from then on the write is decided.
/// 3. Each old crate is renamed into the retirement folder and its new one renamed into place.
/// 4. The journal is removed, then the retirement and staging folders.
///
/// A run that finds a journal finishes steps 3 and 4 first ([`recover`]), so a crash between
/// any two renames ends, at the next run, with every crate new.
pub fn replace_dirs(crates: &[(&Path, &CrateFiles)]) -> io::Result<()> {
    let Some(((first, _), _)) = crates.split_first() else {
        return Ok(());
    };
    let parent = parent_of(first);
    let mut names = Vec::new();
    for (out, _) in crates {
        check_replaceable(out)?;
        if parent_of(out) != parent {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "crates written together must share a folder",
            ));
        }
        names.push(crate_dir_name(out)?);
    }
    fs::create_dir_all(&parent)?;
    recover(&parent)?;
    let journal = stage(&parent, crates.iter().map(|(_, files)| *files).zip(&names))?;
    journal.apply(&parent, usize::MAX)?;
    journal.finish(&parent)
}

/// Finishes or undoes an interrupted write in `parent`: with a journal, the write is completed;
/// without one, staging and retirement folders are strays, and are deleted.
pub fn recover(parent: &Path) -> io::Result<()> {
    let journal_path = parent.join(JOURNAL);
    match fs::read_to_string(&journal_path) {
        Ok(text) => {
            let journal: Journal = serde_json::from_str(&text).map_err(io::Error::other)?;
            journal.apply(parent, usize::MAX)?;
            journal.finish(parent)?;
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(error),
    }
    for stray in strays(parent)? {
        if stray.is_dir() {
            fs::remove_dir_all(stray)?;
        } else {
            fs::remove_file(stray)?;
        }
    }
    Ok(())
}

/// What an interrupted write left in `parent`: staging and retirement folders, and the journal
/// (`cargo xtask codegen --check` reports them; the next write cleans them up).
pub fn strays(parent: &Path) -> io::Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(parent) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let mut found = Vec::new();
    for entry in entries {
        let name = entry?.file_name().to_string_lossy().into_owned();
        // `.intercom-v2-11.staging-*` and `.old-*` are what earlier versions left.
        let ours = name.starts_with(".intercom-")
            && (name.contains(".staging-") || name.contains(".old-") || name.starts_with(JOURNAL));
        if ours {
            found.push(parent.join(name));
        }
    }
    found.sort();
    Ok(found)
}

/// The record of a decided write: where the new crates wait and where the old ones go.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Journal {
    staging: String,
    retired: String,
    crates: Vec<String>,
}

/// Step 1 and 2: writes every crate into a staging folder, then the synced journal.
fn stage<'a>(
    parent: &Path,
    crates: impl Iterator<Item = (&'a CrateFiles, &'a String)>,
) -> io::Result<Journal> {
    let staging = tempfile::Builder::new()
        .prefix(&format!("{PREFIX}staging-"))
        .tempdir_in(parent)?;
    let mut names = Vec::new();
    let mut writes = Vec::new();
    for (files, name) in crates {
        // A crate without files is still a folder.
        fs::create_dir_all(staging.path().join(name))?;
        for (path, contents) in files {
            let target = staging.path().join(name).join(path);
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir)?;
            }
            writes.push((target, contents));
        }
        names.push(name.clone());
    }
    // On every core: copying hundreds of megabytes into the page cache is work for each.
    writes
        .into_par_iter()
        .try_for_each(|(target, contents)| fs::write(target, contents))?;
    let staging = staging.keep();
    let folder_name = |path: &Path| path.file_name().map(|n| n.to_string_lossy().into_owned());
    let retired = format!(
        "{PREFIX}old-{}",
        folder_name(&staging)
            .unwrap_or_default()
            .rsplit('-')
            .next()
            .unwrap_or_default()
    );
    let journal = Journal {
        staging: folder_name(&staging).unwrap_or_default(),
        retired,
        crates: names,
    };
    let text = serde_json::to_string_pretty(&journal).map_err(io::Error::other)?;
    let pending = parent.join(format!("{JOURNAL}.pending"));
    let mut file = fs::File::create(&pending)?;
    io::Write::write_all(&mut file, text.as_bytes())?;
    file.sync_all()?;
    // The rename is the moment the write is decided.
    fs::rename(&pending, parent.join(JOURNAL))?;
    Ok(journal)
}

impl Journal {
    /// Step 3 for the first `limit` crates (all, but for tests that simulate a crash): each is
    /// moved into place, the old one first moved aside. Idempotent, so recovery can repeat it.
    fn apply(&self, parent: &Path, limit: usize) -> io::Result<()> {
        let staging = parent.join(&self.staging);
        let retired = parent.join(&self.retired);
        fs::create_dir_all(&retired)?;
        for name in self.crates.iter().take(limit) {
            let new = staging.join(name);
            if !new.exists() {
                continue; // already in place
            }
            let out = parent.join(name);
            if out.exists() {
                fs::rename(&out, retired.join(name))?;
            }
            fs::rename(&new, &out)?;
        }
        Ok(())
    }

    /// Step 4: the journal goes first, so a crash afterwards leaves only strays.
    fn finish(&self, parent: &Path) -> io::Result<()> {
        fs::remove_file(parent.join(JOURNAL))?;
        for folder in [&self.retired, &self.staging] {
            match fs::remove_dir_all(parent.join(folder)) {
                Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
                _ => {}
            }
        }
        Ok(())
    }
}

/// The folder `out` is in.
fn parent_of(out: &Path) -> PathBuf {
    out.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_owned()
}

fn crate_dir_name(out: &Path) -> io::Result<String> {
    out.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "output path has no name"))
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
                 (marked by [package.metadata.intercom-codegen] in its Cargo.toml): generate \
                 into another folder, or move it away yourself",
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
    /// What an interrupted write left beside the crates (see [`strays`]).
    Stray(PathBuf),
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stale::Missing(path) => write!(f, "missing: {}", path.display()),
            Stale::Changed(path) => write!(f, "changed: {}", path.display()),
            Stale::Unexpected(path) => write!(f, "unexpected: {}", path.display()),
            Stale::Stray(path) => write!(
                f,
                "left by an interrupted codegen: {} (the next `cargo xtask codegen` removes it)",
                path.display()
            ),
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

    /// Two generated crates, `a` and `b`, in a fresh folder, holding `version` in `v.txt`.
    fn two_crates(root: &Path, version: &str) -> Vec<(PathBuf, CrateFiles)> {
        ["a", "b"]
            .iter()
            .map(|name| {
                let files = crate_files(&[("Cargo.toml", MARKED), ("v.txt", version)]);
                (root.join(name), files)
            })
            .collect()
    }

    fn versions(root: &Path) -> Vec<String> {
        ["a", "b"]
            .iter()
            .map(|name| fs::read_to_string(root.join(name).join("v.txt")).unwrap_or_default())
            .collect()
    }

    fn write_all(crates: &[(PathBuf, CrateFiles)]) {
        let pairs: Vec<(&Path, &CrateFiles)> = crates
            .iter()
            .map(|(out, files)| (out.as_path(), files))
            .collect();
        replace_dirs(&pairs).unwrap();
    }

    #[test]
    fn a_crash_after_the_journal_is_finished_by_the_next_run() {
        let root = tempfile::tempdir().unwrap();
        write_all(&two_crates(root.path(), "old"));
        let new = two_crates(root.path(), "new");
        let names = ["a".to_owned(), "b".to_owned()];
        let journal = stage(root.path(), new.iter().map(|(_, files)| files).zip(&names)).unwrap();
        // Killed after the first crate's renames: a mix of new and old.
        journal.apply(root.path(), 1).unwrap();
        assert_eq!(versions(root.path()), ["new", "old"]);
        assert_eq!(
            strays(root.path()).unwrap().len(),
            3,
            "staging, retired, journal"
        );
        recover(root.path()).unwrap();
        assert_eq!(versions(root.path()), ["new", "new"]);
        assert!(strays(root.path()).unwrap().is_empty());
    }

    #[test]
    fn a_crash_before_the_journal_leaves_the_old_crates_and_a_stray() {
        let root = tempfile::tempdir().unwrap();
        write_all(&two_crates(root.path(), "old"));
        let new = two_crates(root.path(), "new");
        let names = ["a".to_owned(), "b".to_owned()];
        let journal = stage(root.path(), new.iter().map(|(_, files)| files).zip(&names)).unwrap();
        // Killed while writing the journal: only the staging folder (and a pending journal).
        fs::rename(
            root.path().join(JOURNAL),
            root.path().join(format!("{JOURNAL}.pending")),
        )
        .unwrap();
        drop(journal);
        fs::create_dir(root.path().join(".intercom-v2-11.old-x1")).unwrap();
        assert_eq!(strays(root.path()).unwrap().len(), 3);
        recover(root.path()).unwrap();
        assert_eq!(versions(root.path()), ["old", "old"]);
        assert!(strays(root.path()).unwrap().is_empty());
        // A crash after the journal is removed leaves only folders to delete.
        write_all(&two_crates(root.path(), "new"));
        assert_eq!(versions(root.path()), ["new", "new"]);
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
