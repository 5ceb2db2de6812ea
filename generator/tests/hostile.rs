//! Hostile descriptions: whatever a description says, codegen either refuses it with a located
//! message or writes a crate whose files say only what the generator means them to say, and
//! that compiles clippy-clean. Never a panic.

mod hostile_support;

use hostile_support::{
    assert_accepted_and_built, generate_text, generated, info, no_content, returns, spec, Check,
};
use serde_json::{json, Value};

/// The text of every doc comment (`///`, `//!`) in a Rust file, one doc line a line.
fn doc_text(code: &str) -> String {
    code.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            line.strip_prefix("///")
                .or_else(|| line.strip_prefix("//!"))
        })
        .map(|line| format!("{}\n", line.strip_prefix(' ').unwrap_or(line)))
        .collect()
}

/// Whether a Markdown line is a backtick code fence: three or more backticks, then an info
/// string without backticks (a line like ```` ``a`` b ```` is a code span, not a fence).
fn opens_fence(line: &str) -> bool {
    let info = line.trim_start_matches('`');
    line.len() - info.len() >= 3 && !info.contains('`')
}

/// Text meant to escape every context it is pasted into: TOML strings and tables, Markdown
/// code blocks (doctests are run by `cargo test`), Rust string literals.
const HOSTILE: &str = "Evil\" \\ ' \n[target.'cfg(all())'.dependencies]\nevil = { path = \"/tmp/evil\" }\n```\nfn main() { std::process::exit(1) }\n```\n\"; panic!(); \"\n# Heading";

fn hostile_spec() -> String {
    spec(
        json!({"title": HOSTILE, "version": HOSTILE, "description": HOSTILE}),
        json!({
            "/a/`x`\n```\n": {"get": {
                "operationId": "getA",
                "tags": [HOSTILE],
                "summary": HOSTILE,
                "responses": {"200": {"description": HOSTILE, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}},
            }},
        }),
        json!({
            "Thing": {
                "type": "object",
                "title": HOSTILE,
                "description": HOSTILE,
                "properties": {
                    HOSTILE: {"type": "string", "description": HOSTILE},
                    "kind": {"type": "string", "enum": [HOSTILE, "```", "a\"b"]},
                },
            },
        }),
    )
}

#[test]
fn hostile_text_cannot_change_the_manifest() {
    let files = generated(generate_text(&hostile_spec(), "hostile-text"));
    let text = &files[std::path::Path::new("Cargo.toml")];
    let manifest: toml::Table = text.parse().expect("the manifest is valid TOML");
    assert_eq!(
        manifest.keys().collect::<Vec<_>>(),
        ["dependencies", "features", "package", "test"]
    );
    assert!(!manifest.contains_key("target"), "{text}");
    let dependencies = manifest["dependencies"].as_table().expect("a table");
    assert!(!dependencies.contains_key("evil"), "{text}");
    assert!(generator::emit::is_generated_manifest(text));
}

#[test]
fn hostile_text_cannot_open_a_doctest_or_a_heading() {
    let files = generated(generate_text(&hostile_spec(), "hostile-text"));
    for (path, code) in &files {
        let docs = match path.extension().and_then(|e| e.to_str()) {
            Some("rs") => doc_text(code),
            Some("md") => code.clone(),
            _ => continue,
        };
        // Descriptions are Markdown and may hold code blocks, which the generator marks
        // `text`; nothing else may open one, and no spec text may start a line outside them.
        let mut in_block = false;
        for line in docs.lines() {
            let line = line.trim_start();
            if opens_fence(line) {
                assert!(
                    in_block || ["```text", "```no_run", "```rust,no_run"].contains(&line),
                    "{}: spec text opens a code block: {line}",
                    path.display()
                );
                in_block = !in_block;
            } else if !in_block {
                assert!(
                    !line.starts_with("fn main()") && !line.starts_with("# Heading"),
                    "{}: spec text starts a line: {line}",
                    path.display()
                );
            }
        }
    }
}

/// Schema names with no ASCII letter, and names the generated code already uses.
fn odd_names() -> String {
    spec(
        info(),
        json!({"/a": {
            "get": {"operationId": "getA", "responses": returns("")},
            "post": {"operationId": "postA", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Digits"}}}}, "responses": no_content()},
        }}),
        json!({
            "": {"type": "object", "properties": {"a": {"type": "string"}, "中": {"type": "string"}, "-": {"type": "integer"}}},
            // A request body's required field is an argument of its constructor.
            "Digits": {"type": "object", "required": ["123"], "properties": {"123": {"type": "string"}}},
            "-": {"type": "string", "enum": ["x"]},
            "中文": {"type": "object", "properties": {"n": {"$ref": "#/components/schemas/Nullable"}}},
            "Extra": {"type": "object", "properties": {"n": {"$ref": "#/components/schemas/Nullable"}, "o": {"type": "string", "nullable": true}}},
            "Nullable": {"type": "object", "properties": {"a": {"type": "string"}}},
            "Decode": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
            "Request": {"type": "string"},
        }),
    )
}

/// operationIds that are not identifiers, or are keywords, or repeat after case conversion.
fn odd_operation_ids() -> String {
    let get = |id: &str| json!({"get": {"operationId": id, "responses": no_content()}});
    spec(
        info(),
        json!({
            "/a": get("2fa_enable"), "/b": get("self"), "/c": get("Self"), "/d": get("getUser"),
            "/e": get("GetUser"), "/f": get("get_user2"), "/g": get("get_user_2"), "/h": get("request"),
        }),
        json!({}),
    )
}

/// A path parameter and a query parameter of the same name: names are unique per location.
fn shared_parameter_names() -> String {
    let parameter = |location: &str| json!({"name": "id", "in": location, "required": true, "schema": {"type": "string"}});
    spec(
        info(),
        json!({"/items/{id}": {"get": {"operationId": "getItem", "parameters": [parameter("query"), parameter("path")], "responses": no_content()}}}),
        json!({}),
    )
}

fn unbalanced_paths() -> String {
    spec(
        info(),
        json!({
            "/a/{x/{y}": {"get": {"operationId": "a", "parameters": [{"name": "x", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": no_content()}},
            "/b/{z": {"get": {"operationId": "b", "responses": no_content()}},
            "/c/}{": {"get": {"operationId": "c", "responses": no_content()}},
            "/ok/{id}": {"get": {"operationId": "ok", "responses": no_content()}},
        }),
        json!({}),
    )
}

fn alias_cycles() -> String {
    let to = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
    spec(
        info(),
        json!({"/a": {"get": {"operationId": "getA", "responses": returns("A")}}}),
        json!({
            "A": to("B"), "B": to("A"),
            "C": {"allOf": [to("C")]},
            "D": {"oneOf": [to("D"), {"type": "string"}]},
            "E": {"type": "array", "items": to("E")},
        }),
    )
}

fn binary_bodies() -> String {
    let binary = json!({"type": "string", "format": "binary"});
    let post = |id: &str, media: &str, schema: Value| json!({"post": {"operationId": id, "requestBody": {"content": {media: {"schema": schema}}}, "responses": no_content()}});
    spec(
        info(),
        json!({
            "/octets": post("upload", "application/octet-stream", binary.clone()),
            "/json": post("json", "application/json", binary.clone()),
            "/one-of": post("oneOf", "multipart/form-data", json!({"type": "object", "properties": {"file": {"oneOf": [binary, {"type": "string"}]}}})),
            "/files": post("files", "multipart/form-data", json!({"type": "object", "properties": {"files": {"type": "array", "items": binary}, "file": binary}})),
        }),
        json!({}),
    )
}

fn deprecated_items() -> String {
    spec(
        info(),
        json!({"/a": {"get": {"operationId": "getA", "deprecated": true,
            "parameters": [{"name": "q", "in": "query", "schema": {"$ref": "#/components/schemas/Old"}}],
            "responses": returns("Holder")}}}),
        json!({
            "Old": {"deprecated": true, "type": "string", "enum": ["a", "b"], "example": "a"},
            "Holder": {"type": "object", "properties": {
                "old": {"$ref": "#/components/schemas/Old"},
                "gone": {"type": "string", "deprecated": true},
                "either": {"deprecated": true, "oneOf": [{"$ref": "#/components/schemas/Old"}, {"type": "integer"}]},
            }},
        }),
    )
}

fn many_path_parameters() -> String {
    let path: String = (0..20).map(|i| format!("/{{p{i}}}")).collect();
    spec(
        info(),
        json!({path: {"get": {"operationId": "many", "responses": no_content()}}}),
        json!({}),
    )
}

/// `S0` holds `S1` holds ... `S{depth}`, each by value: rustc's drop check follows the chain.
fn deep_chain(depth: usize) -> String {
    linked_schemas(depth, json!({"type": "string"}))
}

/// `S0` holds `S1` holds ... `S{length - 1}`, which holds `S0`: every field is boxed, and
/// rustc's drop check still goes round the whole cycle.
fn deep_cycle(length: usize) -> String {
    let back =
        json!({"type": "object", "properties": {"next": {"$ref": "#/components/schemas/S0"}}});
    linked_schemas(length - 1, back)
}

/// `S0` holds `S1` holds ... `S{last}`, which is `tail`.
fn linked_schemas(last: usize, tail: Value) -> String {
    let mut schemas = serde_json::Map::new();
    for i in 0..last {
        schemas.insert(
            format!("S{i}"),
            json!({"type": "object", "properties": {"next": {"$ref": format!("#/components/schemas/S{}", i + 1)}}}),
        );
    }
    schemas.insert(format!("S{last}"), tail);
    spec(info(), json!({}), Value::Object(schemas))
}

/// Path parameters typed as a `oneOf` (DigitalOcean's id-or-name) and as an object.
fn structured_path_parameters() -> String {
    let parameter = |name: &str, schema: Value| json!({"name": name, "in": "path", "required": true, "schema": schema});
    spec(
        info(),
        json!({"/keys/{key}/{filter}/{state}": {"get": {"operationId": "getKey", "parameters": [
            parameter("key", json!({"oneOf": [{"type": "integer"}, {"type": "string"}]})),
            parameter("filter", json!({"type": "object", "properties": {"a": {"type": "string"}}})),
            parameter("state", json!({"$ref": "#/components/schemas/State"})),
            parameter("cert_id", json!({"type": "string"})),
        ], "responses": no_content()}}}),
        json!({"State": {"type": "string", "enum": ["on", "off"]}}),
    )
}

/// An `application/x-www-form-urlencoded` body (Stripe, Twilio).
fn form_body() -> String {
    spec(
        info(),
        json!({"/charges": {"post": {"operationId": "createCharge", "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"amount": {"type": "integer"}, "expand": {"type": "array", "items": {"type": "string"}}}}}}}, "responses": no_content()}}}),
        json!({}),
    )
}

#[test]
fn form_bodies_are_sent_as_forms() {
    let files = generated(generate_text(&form_body(), "form-body"));
    let code = &files[std::path::Path::new("src/operations/untagged.rs")];
    assert!(code.contains("request.form(body)"), "{code}");
}

/// Every hostile description that codegen accepts, by crate name.
fn accepted() -> Vec<(&'static str, String)> {
    vec![
        ("hostile-text", hostile_spec()),
        ("odd-names", odd_names()),
        ("odd-operation-ids", odd_operation_ids()),
        ("shared-parameter-names", shared_parameter_names()),
        ("unbalanced-paths", unbalanced_paths()),
        ("alias-cycles", alias_cycles()),
        ("binary-bodies", binary_bodies()),
        ("deprecated-items", deprecated_items()),
        ("many-path-parameters", many_path_parameters()),
        ("deep-chain", deep_chain(300)),
        ("deep-cycle", deep_cycle(100)),
        ("structured-path-parameters", structured_path_parameters()),
        ("form-body", form_body()),
    ]
}

/// The warnings of an accepted description that name `rule`.
fn warnings_of(text: &str, rule: &str) -> Vec<String> {
    let (_, warnings) = generate_text(text, "hostile").expect("accepted");
    warnings
        .into_iter()
        .filter(|warning| warning.contains(&format!("rule {rule}:")))
        .collect()
}

#[test]
fn names_without_letters_and_runtime_names_get_sane_type_names() {
    let files = generated(generate_text(&odd_names(), "odd-names"));
    let models = &files[std::path::Path::new("src/models.rs")];
    for name in [
        "Unnamed",
        "Minus",
        "Unnamed2",
        "ExtraModel",
        "NullableModel",
        "DecodeModel",
        // Operation modules import `Request`, but `models.rs` does not: no clash.
        "Request",
    ] {
        assert!(
            models.contains(&format!("pub struct {name} "))
                || models.contains(&format!("pub enum {name} "))
                || models.contains(&format!("pub type {name} ")),
            "no type {name} in:\n{models}"
        );
    }
}

#[test]
fn operation_ids_become_valid_distinct_methods_and_builders() {
    let files = generated(generate_text(&odd_operation_ids(), "odd-operation-ids"));
    let code = &files[std::path::Path::new("src/operations/untagged.rs")];
    for item in [
        "pub fn _2fa_enable(",
        "pub struct V2faEnable<",
        "pub fn self_(",
        "pub struct Self2<",
        "pub fn get_user2(",
        "pub fn get_user_2(",
        "pub struct GetUser2<",
        "pub struct GetUser2_2<",
        "pub struct Request2<",
    ] {
        assert!(code.contains(item), "no `{item}` in:\n{code}");
    }
    let renamed = warnings_of(&odd_operation_ids(), "duplicate-operation-id");
    assert_eq!(renamed.len(), 3, "{renamed:#?}");
    assert!(
        renamed[0].contains("#/paths/~1c/get") && renamed[0].contains("`self_2`"),
        "{renamed:#?}"
    );
}

#[test]
fn a_path_parameter_keeps_its_template_variable_beside_a_query_parameter_of_its_name() {
    let text = shared_parameter_names();
    assert!(warnings_of(&text, "path-param-in-query").is_empty());
    let files = generated(generate_text(&text, "shared-parameter-names"));
    let code = &files[std::path::Path::new("src/operations/untagged.rs")];
    let words = code.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(
            "pub fn get_item( &self, id: impl Into<String>, id_query: impl Into<String>, )"
        ),
        "{code}"
    );
    assert!(
        code.contains("path_segment(&self.id)")
            && code.contains(".query(\"id\", Some(&self.id_query))"),
        "{code}"
    );
}

#[test]
fn unbalanced_path_templates_are_left_out_with_a_warning() {
    let warnings = warnings_of(&unbalanced_paths(), "malformed-path-template");
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(
        warnings[0].contains("#/paths/~1a~1{x~1{y}") && warnings[0].contains("`{` without its `}`"),
        "{warnings:#?}"
    );
    let files = generated(generate_text(&unbalanced_paths(), "unbalanced-paths"));
    assert!(files[std::path::Path::new("src/operations/untagged.rs")].contains("pub fn ok("));
}

#[test]
fn alias_cycles_are_broken_with_a_warning() {
    let warnings = warnings_of(&alias_cycles(), "alias-cycle");
    let names: Vec<&str> = warnings
        .iter()
        .map(|w| w.split('`').nth(1).unwrap_or_default())
        .collect();
    assert_eq!(names, ["A", "B", "C", "E"], "{warnings:#?}");
}

#[test]
fn binary_where_no_file_part_fits_is_a_string() {
    // A JSON body and a `oneOf` member; a multipart array of files is a list of file parts.
    let warnings = warnings_of(&binary_bodies(), "binary-strings");
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    let files = generated(generate_text(&binary_bodies(), "binary-bodies"));
    let models = &files[std::path::Path::new("src/models.rs")];
    assert!(models.contains("pub file: Option<intercom_runtime::FilePart>"));
    assert!(models.contains("pub files: Option<Vec<intercom_runtime::FilePart>>"));
    // A body sent as it is holds a file part's contents.
    let operations = &files[std::path::Path::new("src/operations/untagged.rs")];
    assert!(operations.contains("pub fn body(mut self, value: intercom_runtime::FilePart)"));
    assert!(operations.contains("Some(body) => request.raw(\"application/octet-stream\", body),"));
}

#[test]
fn deep_chains_raise_the_recursion_limit() {
    let files = generated(generate_text(&deep_chain(300), "deep-chain"));
    assert!(files[std::path::Path::new("src/lib.rs")].contains("#![recursion_limit = \"1268\"]"));
    let shallow = generated(generate_text(&deep_chain(5), "shallow-chain"));
    assert!(!shallow[std::path::Path::new("src/lib.rs")].contains("recursion_limit"));
}

#[test]
fn a_long_cycle_raises_the_recursion_limit_by_its_length() {
    let files = generated(generate_text(&deep_cycle(100), "deep-cycle"));
    assert!(files[std::path::Path::new("src/lib.rs")].contains("#![recursion_limit = \"464\"]"));
}

#[test]
fn structured_path_parameters_are_strings() {
    let warnings = warnings_of(&structured_path_parameters(), "path-param-types");
    let names: Vec<&str> = warnings
        .iter()
        .map(|w| w.split('`').nth(1).unwrap_or_default())
        .collect();
    assert_eq!(names, ["key", "filter"], "{warnings:#?}");
    let absent = warnings_of(&structured_path_parameters(), "path-param-not-in-template");
    assert!(
        absent.len() == 1 && absent[0].contains("`cert_id`"),
        "{absent:#?}"
    );
}

/// One workspace for all, so that CI compiles the dependencies once.
#[test]
fn every_accepted_hostile_description_compiles_clippy_clean() {
    assert_accepted_and_built("hostile-crates", accepted(), Check::Clippy);
}

/// Clippy type-checks; building and running each crate's own tests goes further: a test
/// target is a crate of its own, which lays out the types it decodes (the deep chain's need
/// the library's raised `recursion_limit` there too), and the examples must round-trip.
#[test]
fn every_accepted_hostile_description_passes_its_own_tests_and_doctests() {
    assert_accepted_and_built("hostile-crates-tested", accepted(), Check::Tests);
}

#[test]
fn json_with_a_bom_surrogate_pairs_and_huge_integers_is_read_as_json() {
    let text = format!(
        "\u{feff}{}",
        spec(
            json!({"title": "Emoji \u{1F600}", "version": "1"}),
            json!({}),
            json!({"Seed": {"type": "integer", "minimum": -1, "maximum": 1}}),
        )
        .replace("\"minimum\":-1", "\"minimum\":-9223372036854776000")
        .replace("\u{1F600}", "\\ud83d\\ude00")
    );
    assert!(text.contains("\\ud83d\\ude00") && text.contains("-9223372036854776000"));
    let files = generated(generate_text(&text, "json-input"));
    assert!(files[std::path::Path::new("Cargo.toml")].contains("Emoji \u{1F600}"));
}

#[test]
fn swagger_2_and_openapi_3_1_are_refused_with_a_location() {
    let swagger = generate_text(
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
        "v2",
    )
    .unwrap_err();
    assert!(
        swagger.contains("spec.yaml: #/swagger: Swagger 2.0 is not supported"),
        "{swagger}"
    );
    let v31 = generate_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n", "v31").unwrap_err();
    assert!(
        v31.contains("spec.yaml: #/openapi: OpenAPI 3.1.0 is not supported"),
        "{v31}"
    );
}

#[test]
fn enums_beyond_the_limit_are_strings() {
    let values: Vec<String> = (0..50_000).map(|i| format!("value_{i}")).collect();
    let text = spec(
        info(),
        json!({}),
        json!({"Huge": {"type": "string", "enum": values}, "Small": {"type": "string", "enum": ["a", "b"]}}),
    );
    let warnings = warnings_of(&text, "huge-enums");
    assert!(
        warnings.len() == 1
            && warnings[0].contains("#/components/schemas/Huge")
            && warnings[0].contains("50000 values"),
        "{warnings:#?}"
    );
    let files = generated(generate_text(&text, "huge-enum"));
    let models = &files[std::path::Path::new("src/models.rs")];
    assert!(
        models.contains("pub type Huge = String;") && models.contains("pub enum Small {"),
        "{models}"
    );
}
