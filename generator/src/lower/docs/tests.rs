//! Every `cases/NAME.in.md` must convert to `cases/NAME.out.md` (without its final newline).

use std::path::Path;

use super::to_rustdoc;

#[test]
fn cases_convert_to_their_expected_output() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lower/docs/cases");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("the cases directory")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.to_string_lossy().ends_with(".in.md"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no cases in {}", dir.display());
    let mut failures = Vec::new();
    for input in &inputs {
        let name = input
            .to_string_lossy()
            .trim_end_matches(".in.md")
            .to_string();
        let read = |path: &str| {
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
        };
        let text = read(&format!("{name}.in.md"));
        let expected = read(&format!("{name}.out.md"));
        let expected = expected.strip_suffix('\n').unwrap_or(&expected);
        let actual = to_rustdoc(&text);
        if actual != expected {
            failures.push(format!(
                "{name}\n--- expected\n{expected}\n--- actual\n{actual}\n---"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n\n")
    );
}
