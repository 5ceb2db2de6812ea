//! Random valid descriptions: schemas, properties, parameters and operations named with words
//! Rust or the generated code already uses (keywords, the prelude, builder and client methods,
//! names without letters), compositions (with discriminators and properties beside them),
//! arrays, maps and nullables nested in one another, references that close cycles, every media
//! type, and the parts of a description around the schemas: shared parameters, responses and
//! request bodies by reference, path-level parameters, response headers and links, callbacks,
//! security schemes and server variables. Some descriptions are split into several files, YAML
//! and JSON, that refer to one another by relative paths. Codegen must accept each, and the
//! crates must compile clippy-clean. (The mutation fuzzer, `fuzz_lowering.rs`, covers invalid
//! input.)
//!
//! CI tries a few seeds; a longer run:
//! `RANDOM_DESCRIPTIONS=200 cargo test --release -p generator --test random_descriptions`.
//! Crates are named after their seed; `RANDOM_SEED=N` starts from seed N, so one replays.

mod describer;
mod hostile_support;

use describer::Describer;
use hostile_support::{assert_builds_cleanly, generate_files, Check};

/// Descriptions per run in the normal suite.
const DEFAULT_DESCRIPTIONS: u64 = 6;

fn from_env(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.parse().ok()
}

#[test]
fn random_valid_descriptions_generate_crates_that_compile_clippy_clean() {
    let first = from_env("RANDOM_SEED").unwrap_or(1);
    let count = from_env("RANDOM_DESCRIPTIONS").unwrap_or(DEFAULT_DESCRIPTIONS);
    let mut crates = Vec::new();
    let mut refused = Vec::new();
    for seed in first..first + count {
        let mut describer = Describer::new(seed);
        let description = describer.description(seed);
        let files = describer.split_into_files(description);
        let name = format!("random-{seed}");
        match generate_files(&files, &name) {
            Ok((files, _)) => crates.push((name, files)),
            Err(error) => refused.push(format!("seed {seed}: {error}")),
        }
    }
    assert!(
        refused.is_empty(),
        "valid descriptions refused:\n{}",
        refused.join("\n")
    );
    assert_builds_cleanly("random-descriptions", &crates, Check::Clippy);
}
