//! A mutation fuzzer over the loader, the lowering and the emitter: descriptions (the test
//! fixtures, and with `FUZZ_ITERATIONS` set, the pinned Intercom specs) are mutated at random
//! (keys removed, values replaced by other types, hostile strings, `$ref`s anywhere, subtrees
//! copied elsewhere) and run through the pipeline, which must refuse or generate, never panic.
//!
//! CI runs a bounded number of mutants (seconds); a longer run:
//! `FUZZ_ITERATIONS=20000 cargo test --release -p generator --test fuzz_lowering -- --nocapture`
//! (`FUZZ_FIRST_SEED=N` to start past the seeds an earlier run tried).
//! The seed of every mutant is printed with a failure, so a crash replays.

mod hostile_support;

use std::path::Path;

use hostile_support::Rng;

use serde_json::{json, Value};

/// Mutants per run in the normal suite.
const DEFAULT_ITERATIONS: u64 = 300;

/// Strings that have broken generators: empty, non-ASCII, keywords, digits first, template
/// braces, references of every kind.
const HOSTILE_STRINGS: &[&str] = &[
    "",
    "-",
    "中文",
    "self",
    "Self",
    "type",
    "2fa_enable",
    "{",
    "}",
    "/a/{x/{y}",
    "Extra",
    "Nullable",
    "#/components/schemas/Missing",
    "#/components/schemas",
    "#",
    "../missing.yaml",
    "https://example.com/spec.yaml",
    "\"; panic!(); \"",
    "```",
    "\u{feff}",
    "binary",
    "object",
    "array",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
];

/// The number of nodes in `tree`.
fn count(tree: &Value) -> usize {
    1 + match tree {
        Value::Object(object) => object.values().map(count).sum(),
        Value::Array(items) => items.iter().map(count).sum(),
        _ => 0,
    }
}

/// The `index`-th node of `tree` in pre-order.
fn nth_mut<'t>(tree: &'t mut Value, index: &mut usize) -> Option<&'t mut Value> {
    if *index == 0 {
        return Some(tree);
    }
    *index -= 1;
    match tree {
        Value::Object(object) => object.values_mut().find_map(|child| nth_mut(child, index)),
        Value::Array(items) => items.iter_mut().find_map(|child| nth_mut(child, index)),
        _ => None,
    }
}

fn random_value(rng: &mut Rng, donor: &Value) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => json!(rng.next() % 2 == 0),
        2 => json!(-9223372036854776000.0_f64),
        3 => json!(rng.next() as i64),
        4 => json!(HOSTILE_STRINGS[rng.below(HOSTILE_STRINGS.len())]),
        5 => json!({"$ref": HOSTILE_STRINGS[rng.below(HOSTILE_STRINGS.len())]}),
        6 => {
            let ty = ["string", "object", "array", "integer", "bogus"][rng.below(5)];
            let value = HOSTILE_STRINGS[rng.below(HOSTILE_STRINGS.len())];
            json!({"type": ty, "format": "binary", "enum": [value]})
        }
        7 => json!([]),
        _ => {
            // A copy of a random subtree of the original: plausible structure in a new place.
            let mut copy = donor.clone();
            let mut index = rng.below(count(donor));
            nth_mut(&mut copy, &mut index).map_or(Value::Null, |node| node.take())
        }
    }
}

/// Applies 1 to 4 random mutations to `tree`.
fn mutate(tree: &mut Value, rng: &mut Rng, donor: &Value) {
    for _ in 0..=rng.below(4) {
        let mut index = rng.below(count(tree));
        let choice = rng.below(3);
        let Some(node) = nth_mut(tree, &mut index) else {
            continue;
        };
        match (choice, &mut *node) {
            (0, Value::Object(object)) if !object.is_empty() => {
                let key = object
                    .keys()
                    .nth(rng.below(object.len()))
                    .cloned()
                    .unwrap_or_default();
                object.remove(&key);
            }
            (1, Value::Object(object)) => {
                let key = HOSTILE_STRINGS[rng.below(HOSTILE_STRINGS.len())].to_owned();
                object.insert(key, random_value(rng, donor));
            }
            _ => *node = random_value(rng, donor),
        }
    }
}

/// Runs the pipeline on `text`; `Err` with the panic message if anything panicked.
fn run_pipeline(text: &str) -> Result<(), String> {
    std::panic::catch_unwind(|| {
        let Ok(document) = generator::load::parse(Path::new("fuzz.json"), text) else {
            return;
        };
        let Ok(lowered) = generator::lower::lower(document) else {
            return;
        };
        let config = generator::emit::CrateConfig {
            name: "fuzz".to_owned(),
            version: "0.1.0".to_owned(),
            api_name: "fuzz".to_owned(),
            runtime_path: "../runtime".to_owned(),
            ..Default::default()
        };
        let _ = generator::emit::format(generator::emit::emit(&lowered.api, &config));
    })
    .map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default()
    })
}

/// The descriptions mutants are made from.
fn seeds(long_run: bool) -> Vec<(String, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("the fixtures folder")
        .map(|entry| entry.expect("a fixture").path())
        .collect();
    if long_run {
        files.push(root.join("../specs/2.11/api.intercom.io.yaml"));
    }
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let tree: Value = serde_yaml::from_str(&text).ok()?;
            Some((path.display().to_string(), tree))
        })
        .collect()
}

#[test]
fn mutated_descriptions_never_panic() {
    let iterations = std::env::var("FUZZ_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok());
    let seeds = seeds(iterations.is_some());
    let iterations = iterations.unwrap_or(DEFAULT_ITERATIONS);
    // A long run can start where an earlier one stopped, to try mutants not tried before.
    let first_seed: u64 = std::env::var("FUZZ_FIRST_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    // Panics are caught and reported below; the default hook would print each one.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut crashes = Vec::new();
    let started = std::time::Instant::now();
    for seed in first_seed..first_seed + iterations {
        let (name, original) = &seeds[(seed as usize) % seeds.len()];
        let mut rng = Rng::seeded(seed);
        let mut tree = original.clone();
        mutate(&mut tree, &mut rng, original);
        if let Err(message) = run_pipeline(&tree.to_string()) {
            crashes.push(format!("seed {seed} ({name}): {message}"));
        }
    }
    std::panic::set_hook(hook);
    println!(
        "{iterations} mutants (seeds {first_seed}..{}) of {} descriptions in {:.1} s, {} panics",
        first_seed + iterations,
        seeds.len(),
        started.elapsed().as_secs_f64(),
        crashes.len()
    );
    assert!(
        crashes.is_empty(),
        "{} panics:\n{}",
        crashes.len(),
        crashes.join("\n")
    );
}
