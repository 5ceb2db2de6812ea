//! `cargo xtask codegen`: generate the crates, or check that `generated/` is up to date.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::Args;
use generator::emit::{CrateConfig, EndToEnd};
use generator::rules::Rule;
use generator::write::{check_replaceable, replace_dirs, stale_files, strays, Stale};
use generator::Diagnostic;
use rayon::iter::{IndexedParallelIterator, IntoParallelIterator, ParallelIterator};

use crate::versions::Manifest;

/// Arguments of `cargo xtask codegen`.
#[derive(Debug, Default, Args)]
pub struct CodegenArgs {
    /// Generate only this version from the manifest (repeatable; default: all).
    #[arg(long = "version", value_name = "V", conflicts_with = "spec", value_parser = version_names())]
    pub versions: Vec<String>,
    /// Generate from any OpenAPI 3.0 file instead of the manifest (needs --out).
    #[arg(long, value_name = "FILE", requires = "out")]
    pub spec: Option<PathBuf>,
    /// Directory of the crate generated from --spec.
    #[arg(long, value_name = "DIR", requires = "spec")]
    pub out: Option<PathBuf>,
    /// Package name of the crate generated from --spec (default: the --out directory's name).
    #[arg(long, value_name = "CRATE", requires = "spec")]
    pub name: Option<String>,
    /// Directory of the manifest's crates, each in a folder named after it (default: generated/).
    #[arg(long, value_name = "DIR", conflicts_with = "spec")]
    pub generated_dir: Option<PathBuf>,
    /// Write nothing; fail and list the stale files if the output differs from what codegen
    /// would write.
    #[arg(long)]
    pub check: bool,
    /// List every rule application and warning, not a summary per rule.
    #[arg(long)]
    pub verbose: bool,
}

/// The version names of `specs/versions.toml`, so that `--help` lists them and clap refuses
/// others; any name when the manifest cannot be read (the command then says why).
pub fn version_names() -> clap::builder::ValueParser {
    let manifest = crate::specs_dir().join(crate::versions::MANIFEST_FILE_NAME);
    match Manifest::load(&manifest) {
        Ok(manifest) => {
            let names: Vec<String> = manifest.versions.into_iter().map(|v| v.name).collect();
            clap::builder::PossibleValuesParser::new(names).into()
        }
        Err(_) => clap::builder::ValueParser::string(),
    }
}

/// One crate to generate.
pub struct Job {
    /// The version's name in the manifest, or the spec file's path.
    pub label: String,
    pub spec_file: PathBuf,
    pub out: PathBuf,
    pub krate: CrateConfig,
}

pub fn run(args: &CodegenArgs, root: &Path) -> Result<()> {
    let jobs = jobs(args, root)?;
    // Generate everything before writing anything: a bad spec leaves all output untouched.
    let mut generated = Vec::new();
    for (job, crate_files) in jobs.iter().zip(generate_all(&jobs)?) {
        println!(
            "{}: {}, {}",
            job.krate.name,
            counted(crate_files.operations, "operation"),
            counted(crate_files.types, "type")
        );
        print_findings(&crate_files, args.verbose);
        generated.push((job, crate_files.files));
    }
    if args.check {
        return check(&generated);
    }
    // All crates are swapped in as one step (see `replace_dirs`).
    let crates: Vec<_> = generated
        .iter()
        .map(|(job, files)| (job.out.as_path(), files))
        .collect();
    replace_dirs(&crates).context("writing the generated crates")?;
    for (job, files) in &generated {
        println!("wrote {} ({} files)", job.out.display(), files.len());
    }
    Ok(())
}

/// Generates every job's crate in memory, in the jobs' order.
///
/// The specs are independent: each core generates one at a time, the largest (by file size)
/// first, so that the largest, which takes about as long as the others together, is not left
/// running alone at the end. Work inside a spec (formatting, the example audit) goes to the
/// same pool, so a core that has no spec left helps with it.
pub fn generate_all(jobs: &[Job]) -> Result<Vec<generator::Generated>> {
    let mut largest_first: Vec<usize> = (0..jobs.len()).collect();
    largest_first.sort_by_cached_key(|&index| {
        std::cmp::Reverse(std::fs::metadata(&jobs[index].spec_file).map_or(0, |m| m.len()))
    });
    let mut done: Vec<(usize, Result<generator::Generated>)> = largest_first
        .into_par_iter()
        .with_max_len(1)
        .map(|index| {
            let job = &jobs[index];
            let generated = generator::generate(&job.spec_file, &job.krate)
                .with_context(|| format!("generating {}", job.krate.name));
            (index, generated)
        })
        .collect();
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, generated)| generated).collect()
}

/// How many warnings of one rule are listed before the rest are only counted.
const LISTED_PER_RULE: usize = 2;

/// Prints what generating a crate found: warnings grouped by rule, each rule's count and first
/// locations, and the notes of mapping rules as one line of counts; `verbose` lists every one.
fn print_findings(generated: &generator::Generated, verbose: bool) {
    for (rule, group) in by_rule(&generated.warnings) {
        let shown = if verbose {
            group.len()
        } else {
            LISTED_PER_RULE
        };
        if let Some(rule) = rule {
            let times = match group.len() {
                1 => "once".to_owned(),
                count => counted(count, "time"),
            };
            eprintln!("  warning: rule {rule} applied {times}");
        }
        for warning in group.iter().take(shown) {
            eprintln!("    {warning}");
        }
        if group.len() > shown {
            eprintln!(
                "    ... and {} more (--verbose lists them)",
                group.len() - shown
            );
        }
    }
    let notes = by_rule(&generated.notes);
    if verbose {
        notes
            .values()
            .flatten()
            .for_each(|note| eprintln!("  note: {note}"));
    } else if !notes.is_empty() {
        let counts: Vec<String> = notes
            .iter()
            .map(|(rule, group)| match rule {
                Some(rule) => format!("{rule} {}", group.len()),
                None => format!("other {}", group.len()),
            })
            .collect();
        eprintln!("  mapping rules applied: {}", counts.join(", "));
    }
}

/// `count` and `noun`, in the plural unless it is one.
fn counted(count: usize, noun: &str) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} {noun}{plural}")
}

fn by_rule(findings: &[Diagnostic]) -> BTreeMap<Option<Rule>, Vec<&Diagnostic>> {
    let mut by_rule: BTreeMap<Option<Rule>, Vec<&Diagnostic>> = BTreeMap::new();
    for finding in findings {
        by_rule.entry(finding.rule).or_default().push(finding);
    }
    by_rule
}

fn check(generated: &[(&Job, generator::emit::CrateFiles)]) -> Result<()> {
    let mut stale = Vec::new();
    let mut parents = std::collections::BTreeSet::new();
    for (job, files) in generated {
        stale.extend(
            stale_files(&job.out, files)
                .with_context(|| format!("reading {}", job.out.display()))?,
        );
        parents.extend(job.out.parent());
    }
    for parent in parents {
        stale.extend(strays(parent)?.into_iter().map(Stale::Stray));
    }
    if stale.is_empty() {
        println!("generated crates are up to date");
        return Ok(());
    }
    for file in &stale {
        eprintln!("stale: {file}");
    }
    let are = if stale.len() == 1 { "is" } else { "are" };
    bail!(
        "{} {are} stale; run `cargo xtask codegen`",
        counted(stale.len(), "generated file")
    )
}

/// The crate of a description outside the manifest, at version 0.1.0: no version header, no
/// regions (its servers say where it lives), no end-to-end tests.
pub fn foreign_crate(name: String, api_name: String, runtime_path: String) -> CrateConfig {
    CrateConfig {
        name,
        version: "0.1.0".to_owned(),
        api_name,
        runtime_path,
        version_header: None,
        regions: Vec::new(),
        keywords: Vec::new(),
        end_to_end: None,
    }
}

/// The crates `args` asks for: one from `--spec`, or the selected manifest versions.
pub fn jobs(args: &CodegenArgs, root: &Path) -> Result<Vec<Job>> {
    let runtime = root.join("runtime");
    if let (Some(spec_file), Some(out)) = (&args.spec, &args.out) {
        let out = std::path::absolute(out)?;
        let name = match &args.name {
            Some(name) => name.clone(),
            None => out
                .file_name()
                .context("--out has no folder name to name the crate after; pass --name")?
                .to_string_lossy()
                .into_owned(),
        };
        if let Some(problem) = generator::lower::naming::crate_name_problem(&name) {
            bail!("{problem}; choose another with --name");
        }
        check_replaceable(&out)?;
        let krate = foreign_crate(
            name,
            spec_file.display().to_string(),
            relative_to_crate(&out, &runtime)?,
        );
        return Ok(vec![Job {
            label: spec_file.display().to_string(),
            spec_file: spec_file.clone(),
            out,
            krate,
        }]);
    }
    let specs = root.join("specs");
    let manifest = Manifest::load(&specs.join(crate::versions::MANIFEST_FILE_NAME))?;
    let generated_dir = match &args.generated_dir {
        Some(dir) => std::path::absolute(dir)?,
        None => root.join("generated"),
    };
    manifest
        .select(&args.versions)?
        .into_iter()
        .map(|version| {
            let out = generated_dir.join(&version.crate_name);
            let spec_file = version.spec_path(&specs);
            if !spec_file.exists() {
                bail!(
                    "{} is missing; run `cargo xtask fetch-specs` first",
                    spec_file.display()
                );
            }
            Ok(Job {
                label: version.name.clone(),
                krate: CrateConfig {
                    name: version.crate_name.clone(),
                    version: version.crate_version.clone(),
                    api_name: version.name.clone(),
                    runtime_path: relative_to_crate(&out, &runtime)?,
                    version_header: manifest.api.version_header.clone(),
                    regions: manifest.api.regions.clone(),
                    keywords: manifest.api.keywords.clone(),
                    end_to_end: Some(EndToEnd {
                        spec: relative_to_crate(&out, &spec_file)?,
                        mock_server: relative_to_crate(&out, &root.join("mock-server"))?,
                    }),
                },
                spec_file,
                out,
            })
        })
        .collect()
}

/// A path as written in a generated crate (the runtime's in Cargo.toml, the description's in its
/// end-to-end test): relative to the crate, so the workspace can move.
fn relative_to_crate(out: &Path, target: &Path) -> Result<String> {
    let relative = pathdiff::diff_paths(target, out).with_context(|| {
        format!(
            "no relative path from {} to {}",
            out.display(),
            target.display()
        )
    })?;
    Ok(relative.to_string_lossy().replace('\\', "/"))
}

/// The operation modules of the generated crate in `crate_dir`, each a Cargo feature: what its
/// manifest's feature `full` enables.
pub fn operation_modules(crate_dir: &Path) -> Result<Vec<String>> {
    let manifest = crate_dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .with_context(|| format!("reading {}", manifest.display()))?;
    let table: toml::Table = text
        .parse()
        .with_context(|| format!("parsing {}", manifest.display()))?;
    let modules = table
        .get("features")
        .and_then(|features| features.get("full"))
        .and_then(toml::Value::as_array)
        .with_context(|| format!("{} has no feature `full`", manifest.display()))?;
    Ok(modules
        .iter()
        .filter_map(|module| module.as_str().map(str::to_owned))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_in_the_plural_unless_one() {
        assert_eq!(counted(1, "type"), "1 type");
        assert_eq!(counted(0, "type"), "0 types");
        assert_eq!(counted(2, "generated file"), "2 generated files");
    }

    /// The largest spec is generated first, but each crate comes back in its job's place.
    #[test]
    fn crates_come_back_in_the_order_of_their_jobs() {
        let root = crate::workspace_root();
        let specs = root.join("../shared/foreign-specs");
        // Smallest first, so that the order of generation is not the jobs' order.
        let files = [
            "oai-petstore.yaml",
            "oai-petstore-expanded.yaml",
            "oai-uspto.yaml",
        ];
        let jobs: Vec<Job> = files
            .iter()
            .enumerate()
            .map(|(index, file)| Job {
                label: (*file).to_owned(),
                spec_file: specs.join(file),
                out: PathBuf::from("unused"),
                krate: foreign_crate(
                    format!("crate-{index}"),
                    format!("api {index}"),
                    root.join("runtime").display().to_string(),
                ),
            })
            .collect();
        let names: Vec<String> = generate_all(&jobs)
            .unwrap()
            .iter()
            .map(|generated| {
                let manifest: toml::Table =
                    generated.files[Path::new("Cargo.toml")].parse().unwrap();
                manifest["package"]["name"].as_str().unwrap().to_owned()
            })
            .collect();
        assert_eq!(names, ["crate-0", "crate-1", "crate-2"]);
    }

    /// `--generated-dir` moves every manifest crate, and the paths written in them still reach
    /// the runtime from there.
    #[test]
    fn manifest_crates_go_to_the_generated_dir() {
        let root = crate::workspace_root();
        let dir = tempfile::tempdir().unwrap();
        let args = CodegenArgs {
            generated_dir: Some(dir.path().to_owned()),
            ..Default::default()
        };
        let jobs = jobs(&args, &root).unwrap();
        assert_eq!(jobs.len(), 3);
        for job in &jobs {
            assert_eq!(job.out, dir.path().join(&job.krate.name));
            // Resolving `..` needs the folder it starts from.
            std::fs::create_dir_all(&job.out).unwrap();
            let runtime = job.out.join(&job.krate.runtime_path);
            assert_eq!(
                runtime.canonicalize().unwrap(),
                root.join("runtime").canonicalize().unwrap()
            );
        }
    }
}
