//! A description the generator cannot use is reported as a diagnostic that names the file and
//! where in it the problem is: a line and column for syntax, a JSON pointer for everything
//! found after parsing. Nothing panics.

mod common;

use std::path::{Path, PathBuf};

use generator::Diagnostic;

const SPEC: &str = "spec.yaml";

/// Runs load and build on `text`, named `spec.yaml`.
fn diagnose(text: &str) -> Diagnostic {
    let document = match generator::load::parse(Path::new(SPEC), text) {
        Ok(document) => document,
        Err(diagnostic) => return diagnostic,
    };
    match generator::lower::lower(document) {
        Ok(_) => panic!("expected a diagnostic for:\n{text}"),
        Err(diagnostic) => diagnostic,
    }
}

/// Writes `text` to a scratch file named after the test and returns its path.
fn scratch_file(test: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diagnostics");
    std::fs::create_dir_all(&dir).expect("create the scratch directory");
    let path = dir.join(format!("{test}.yaml"));
    std::fs::write(&path, text).expect("write the scratch file");
    path
}

#[test]
fn a_yaml_syntax_error_names_the_file_line_and_column() {
    let text = "openapi: 3.0.1\ninfo:\n  title: t\n   version: '1'\npaths: {}\n";
    let diagnostic = diagnose(text);
    assert_eq!(diagnostic.file, Path::new(SPEC));
    assert_eq!(diagnostic.location.as_deref(), Some("line 4, column 11"));
    assert!(
        diagnostic
            .to_string()
            .starts_with("spec.yaml: line 4, column 11: not valid YAML: "),
        "{diagnostic}"
    );

    // The same through the whole pipeline, from a file on disk.
    let path = scratch_file("yaml_syntax_error", text);
    let spec = common::crate_spec("broken", "../../runtime");
    let error = generator::generate(&path, &spec).expect_err("the file is not YAML");
    let message = error.to_string();
    assert!(
        message.starts_with(&format!("{}: line 4, column 11: ", path.display())),
        "{message}"
    );
}

#[test]
fn a_structurally_invalid_document_names_a_json_pointer() {
    let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /contacts/{id}:\n    get:\n      responses:\n        '200':\n          description: [not, a, string]\n";
    let diagnostic = diagnose(text);
    assert_eq!(
        diagnostic.location.as_deref(),
        Some("#/paths/~1contacts~1{id}/get/responses/200/description")
    );
    assert!(
        diagnostic
            .message
            .starts_with("not a valid OpenAPI 3.0 document: "),
        "{diagnostic}"
    );

    let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - name: x\n          in: nowhere\n      responses: {}\n";
    assert_eq!(
        diagnose(text).location.as_deref(),
        Some("#/paths/~1a/get/parameters/0")
    );

    // A problem with the document itself is at its root.
    let missing_info = diagnose("openapi: 3.0.1\npaths: {}\n");
    assert_eq!(missing_info.location.as_deref(), Some("#"));
    assert!(missing_info.message.contains("`info`"), "{missing_info}");
    for not_a_document in ["", "- a\n- b\n", "just a string"] {
        assert_eq!(
            diagnose(not_a_document).location.as_deref(),
            Some("#"),
            "{not_a_document:?}"
        );
    }
}

#[test]
fn an_unresolvable_reference_names_the_operation_that_makes_it() {
    let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /contacts:\n    get:\n      operationId: listContacts\n      parameters:\n        - $ref: '#/components/parameters/missing'\n      responses: {}\n";
    assert_eq!(
        diagnose(text).to_string(),
        "spec.yaml: #/paths/~1contacts/get/parameters/0: \
         cannot resolve parameter `#/components/parameters/missing`"
    );

    let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /contacts:\n    post:\n      requestBody: {$ref: '#/components/requestBodies/missing'}\n      responses: {}\n";
    assert_eq!(
        diagnose(text).to_string(),
        "spec.yaml: #/paths/~1contacts/post/requestBody: \
         cannot resolve request body `#/components/requestBodies/missing`"
    );

    let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /contacts:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/missing'}\n";
    assert_eq!(
        diagnose(text).to_string(),
        "spec.yaml: #/paths/~1contacts/get/responses/200: \
         cannot resolve response `#/components/responses/missing`"
    );
}

#[test]
fn a_missing_file_is_named() {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diagnostics/does-not-exist.yaml");
    let spec = common::crate_spec("missing", "../../runtime");
    let message = generator::generate(&path, &spec)
        .expect_err("there is no file")
        .to_string();
    assert!(
        message.starts_with(&format!("{}: cannot read file: ", path.display())),
        "{message}"
    );
}

/// Every prefix of every fixture (cut at a line boundary) is either a crate or a diagnostic:
/// a half-written description never makes the generator panic, and what builds formats.
#[test]
fn truncated_fixtures_never_panic() {
    for name in &common::fixtures() {
        let text = common::read_fixture(name);
        let path = common::relative_path(name);
        let spec = common::crate_spec(name, "../../runtime");
        let cuts = text.match_indices('\n').map(|(at, _)| at);
        for cut in cuts {
            let prefix = &text[..cut];
            let lines = prefix.lines().count();
            let outcome = std::panic::catch_unwind(|| {
                let document = generator::load::parse(&path, prefix).ok()?;
                let lowered = generator::lower::lower(document).ok()?;
                Some(generator::emit::format(generator::emit::emit(
                    &lowered.api,
                    &spec,
                )))
            });
            match outcome {
                Err(_) => panic!("{name}: the generator panicked on the first {lines} lines"),
                // What builds must emit valid Rust.
                Ok(Some(Err(error))) => panic!("{name}, first {lines} lines: {error}"),
                Ok(None | Some(Ok(_))) => {}
            }
        }
    }
}
