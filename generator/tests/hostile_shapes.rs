//! Hostile shapes and names, each found by generating random valid descriptions and compiling the
//! crates: cycles through an `allOf` merge and between `allOf`s, an inline type both redefined by a
//! later `allOf` member and referred to from inside itself, a union whose every variant closes a
//! cycle, unions of unions that hold one another, a nullable array of itself, binaries that may be
//! `null` where no file part fits, operations named after the prelude or `Client`'s own methods,
//! and parameters of one name in two locations. Each generates, and the crates compile
//! clippy-clean: codegen exiting 0 promises that.

mod hostile_support;

use std::path::Path;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use hostile_support::{
    assert_accepted_and_built, generate_text, generated, info, no_content, returns, spec, Check,
};
use serde_json::json;

/// `X.p` merges `X` itself with more properties: lowering `p` meets `p` again.
fn merge_back() -> String {
    let merged = json!({"allOf": [
        {"$ref": "#/components/schemas/X"},
        {"type": "object", "properties": {"r": {"type": "string"}}},
    ]});
    spec(
        info(),
        json!({"/x": {"get": {"operationId": "getX", "responses": returns("X")}}}),
        json!({"X": {"type": "object", "properties": {"p": merged, "q": {"type": "string"}}}}),
    )
}

/// `X` is all of `Y` and more, `Y` all of `X` and more: following the members comes back.
fn all_of_cycle() -> String {
    let all_of = |other: &str, property: &str| {
        json!({"allOf": [
            {"$ref": format!("#/components/schemas/{other}")},
            {"type": "object", "properties": {property: {"type": "string"}}},
        ]})
    };
    spec(
        info(),
        json!({"/x": {"get": {"operationId": "getX", "responses": returns("X")}}}),
        json!({"X": all_of("Y", "x"), "Y": all_of("X", "y")}),
    )
}

/// `U` is `A` or `B`, each of which holds a `U`: every variant closes the cycle, so every
/// variant is boxed, and `U`'s placeholder too. `W` requires a `U`, so it needs that
/// placeholder; `A` has `Default`, the case clippy takes for `Box::new(Default::default())`.
fn all_variants_boxed() -> String {
    let holds_u =
        json!({"type": "object", "properties": {"u": {"$ref": "#/components/schemas/U"}}});
    spec(
        info(),
        json!({"/w": {"get": {"operationId": "getW", "responses": returns("W")}}}),
        json!({
            "U": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
            "A": holds_u,
            "B": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "u": {"$ref": "#/components/schemas/U"}}},
            "W": {"type": "object", "required": ["u"], "properties": {"u": {"$ref": "#/components/schemas/U"}}},
        }),
    )
}

/// A nullable array of itself, used by a union (whose shape follows aliases and arrays), and
/// a schema called `new` with a constructor and nested containers, which a response nests too
/// (style lints of the spec's making: `New::new`, complex types).
fn nullable_array_of_itself() -> String {
    let body = json!({"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/new"}}}});
    let nested = json!({"type": "array", "items": {"type": "array", "nullable": true, "items": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "object", "additionalProperties": true}}}}});
    spec(
        info(),
        json!({"/a": {
            "post": {"operationId": "postNew", "requestBody": body, "responses": returns("U")},
            "get": {"operationId": "getNested", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": nested}}}}},
        }}),
        json!({
            "A": {"type": "array", "nullable": true, "items": {"$ref": "#/components/schemas/A"}},
            "U": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "string"}]},
            "new": {"type": "object", "required": ["name", "nested"], "properties": {"name": {"type": "string"}, "nested": nested}},
        }),
    )
}

/// Binaries that may be `null`, in an array and as map values: no file part can be sent there.
fn nullable_binaries() -> String {
    let binary = json!({"type": "string", "format": "binary", "nullable": true});
    spec(
        info(),
        json!({"/f": {"get": {"operationId": "getF", "responses": returns("F")}}}),
        json!({"F": {"type": "object", "required": ["files"], "properties": {
            "files": {"type": "array", "items": binary},
            "named": {"type": "object", "additionalProperties": binary},
        }}}),
    )
}

/// operationIds that are prelude names (a builder type must not shadow them) or `Client`'s
/// own methods, and parameters named like keywords in two locations.
fn taken_names() -> String {
    let get = |id: &str| json!({"get": {"operationId": id, "responses": no_content()}});
    let parameter =
        |location: &str| json!({"name": "self", "in": location, "schema": {"type": "string"}});
    spec(
        info(),
        json!({
            "/a": get("String"), "/b": get("Into"), "/c": get("Option"), "/d": get("new"),
            "/e": get("clone"), "/f": get("base_url"), "/h": get("try_into"),
            "/g": {"get": {"operationId": "both", "parameters": [parameter("query"), parameter("header")], "responses": no_content()}},
        }),
        json!({}),
    )
}

/// Keys and enum values that JSON and Rust spell differently: a control character (`\u0001` in
/// JSON), a quote, a backslash, a tab, a letter beyond ASCII.
fn odd_text() -> String {
    const ODD: [&str; 5] = ["a\u{1}b", "quote\"d", "back\\slash", "tab\there", "café"];
    let mut properties: serde_json::Map<String, serde_json::Value> = ODD
        .iter()
        .map(|key| ((*key).to_owned(), json!({"type": "string"})))
        .collect();
    properties.insert("kind".to_owned(), json!({"type": "string", "enum": ODD}));
    spec(
        info(),
        json!({"/x": {"get": {"operationId": "getX", "responses": returns("X")}}}),
        json!({"X": {"type": "object", "properties": properties}}),
    )
}

/// Unions of unions that hold one another: `U1` and `U2` reach a value only through `U3`, and
/// `W` requires a `U1`, so its placeholder must end; `V1`, `V2` and `V3` hold only one another,
/// so no JSON value is one. `B`, a request body, is `R` (which requires a property) or itself.
/// `D` is itself or `T`, which holds a `D`: its placeholder must be the `T`.
fn union_cycles() -> String {
    let body =
        json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/B"}}}});
    let one_of = |members: &[&str]| {
        let members: Vec<_> = members
            .iter()
            .map(|m| json!({"$ref": format!("#/components/schemas/{m}")}))
            .collect();
        json!({"oneOf": members})
    };
    spec(
        info(),
        json!({
            "/w": {"get": {"operationId": "getW", "responses": returns("W")}},
            "/v": {"get": {"operationId": "getV", "responses": returns("V1")}},
            "/b": {"post": {"operationId": "postB", "requestBody": body, "responses": no_content()}},
            "/d": {"get": {"operationId": "getD", "responses": returns("D")}},
        }),
        json!({
            "U1": one_of(&["U2", "U3"]), "U2": one_of(&["U1", "U3"]), "U3": one_of(&["U1", "U2", "S"]),
            "S": {"type": "object", "properties": {"id": {"type": "string"}}},
            "W": {"type": "object", "required": ["u"], "properties": {"u": {"$ref": "#/components/schemas/U1"}}},
            "V1": one_of(&["V2", "V3"]), "V2": one_of(&["V1", "V3"]), "V3": one_of(&["V1", "V2"]),
            "R": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
            "B": one_of(&["R", "B"]),
            "D": one_of(&["D", "T"]),
            "T": {"type": "object", "properties": {"d": {"$ref": "#/components/schemas/D"}}},
        }),
    )
}

/// `Holder.merged` is all of `Page` and `Override`, which redefines `Page.x`; inside `x`, `again`
/// merges `Page` once more, so it refers to `x`'s type while that is being defined. `Holder`
/// comes before `Page`, so `x`'s type is first defined by the merge.
fn redefined_holder() -> String {
    let again = json!({"allOf": [
        {"$ref": "#/components/schemas/Page"},
        {"type": "object", "properties": {"y": {"type": "string"}}},
    ]});
    let x = json!({"type": "object", "properties": {"again": again}});
    let merged = json!({"allOf": [
        {"$ref": "#/components/schemas/Page"},
        {"$ref": "#/components/schemas/Override"},
    ]});
    spec(
        info(),
        json!({"/h": {"get": {"operationId": "getHolder", "responses": returns("Holder")}}}),
        json!({
            "Holder": {"type": "object", "properties": {"merged": merged}},
            "Override": {"type": "object", "properties": {"x": {"type": "string"}}},
            "Page": {"type": "object", "properties": {"x": x}},
        }),
    )
}

/// Every description here, by crate name.
fn shapes() -> Vec<(&'static str, String)> {
    vec![
        ("merge-back", merge_back()),
        ("all-of-cycle", all_of_cycle()),
        ("all-variants-boxed", all_variants_boxed()),
        ("nullable-array-of-itself", nullable_array_of_itself()),
        ("taken-names", taken_names()),
        ("nullable-binaries", nullable_binaries()),
        ("union-cycles", union_cycles()),
        ("redefined-holder", redefined_holder()),
        ("odd-text", odd_text()),
    ]
}

/// The text of `path` among the files of `name`'s crate.
fn file(name: &str, text: &str, path: &str) -> String {
    generated(generate_text(text, name))[Path::new(path)].clone()
}

#[test]
fn an_all_of_member_that_refers_back_to_its_holder_is_the_type_being_defined() {
    let models = file("merge-back", &merge_back(), "src/models.rs");
    assert!(models.contains("pub p: Option<Xp>,"), "{models}");
    assert!(models.contains("pub p: Option<Box<Xp>>,"), "{models}");
    assert!(models.contains("pub r: Option<String>,"), "{models}");
}

#[test]
fn all_of_members_that_include_each_other_merge_each_others_properties_once() {
    let models = file("all-of-cycle", &all_of_cycle(), "src/models.rs");
    let x = models.split("pub struct X {").nth(1).expect("a struct X");
    let x = &x[..x.find('}').expect("the end of X")];
    assert_eq!(x.matches("pub y: Option<String>,").count(), 1, "{x}");
    assert_eq!(x.matches("pub x: Option<String>,").count(), 1, "{x}");
}

#[test]
fn a_redefined_inline_type_that_something_else_refers_to_is_kept() {
    let models = file("redefined-holder", &redefined_holder(), "src/models.rs");
    assert!(models.contains("pub x: Option<String>,"), "{models}");
    assert!(models.contains("pub struct HolderMergedX {"), "{models}");
}

#[test]
fn a_union_whose_every_variant_is_boxed_boxes_its_placeholder() {
    let models = file("all-variants-boxed", &all_variants_boxed(), "src/models.rs");
    assert!(
        models.contains("Self::A(Box::new(intercom_runtime::model::Placeholder::placeholder()))"),
        "{models}"
    );
}

#[test]
fn a_nullable_array_of_itself_is_an_alias_cycle() {
    let (files, warnings) =
        generate_text(&nullable_array_of_itself(), "nullable-array").expect("accepted");
    assert!(
        warnings.iter().any(|w| w.contains("rule alias-cycle: `A`")),
        "{warnings:#?}"
    );
    let models = &files[Path::new("src/models.rs")];
    assert!(
        models.contains("pub type A = Vec<Option<serde_json::Value>>;"),
        "{models}"
    );
}

#[test]
fn unions_of_unions_end_their_placeholders_or_are_any_json_value() {
    // Walks over unions of unions once took time exponential in their depth: a deadline, so
    // that a regression fails instead of hanging.
    let (send, receive) = mpsc::channel();
    thread::spawn(move || send.send(generate_text(&union_cycles(), "union-cycles")));
    let outcome = receive
        .recv_timeout(Duration::from_secs(60))
        .expect("codegen finishes within a minute");
    let (files, warnings) = outcome.expect("accepted");
    for name in ["V1", "V2", "V3"] {
        let warning = format!("rule alias-cycle: `{name}` is defined only through itself");
        assert!(
            warnings.iter().any(|w| w.contains(&warning)),
            "{warnings:#?}"
        );
    }
    let models = &files[Path::new("src/models.rs")];
    assert!(
        models.contains("pub type V1 = serde_json::Value;"),
        "{models}"
    );
    // `U1` and `U2` start from `U3`, which starts from `S`.
    let u1 = models.split("pub enum U1 {").nth(1).expect("a union U1");
    assert!(u1.contains("Self::U3(Box::new("), "{u1}");
    // Every variant of `B` but itself requires a property: `B` is required (rule
    // `required-body`), found without going round `B` for ever.
    let operations = &files[Path::new("src/operations/untagged.rs")];
    assert!(
        operations.contains("pub fn post_b(&self, body: models::B)"),
        "{operations}"
    );
}

#[test]
fn binaries_that_may_be_null_where_no_file_part_fits_are_strings() {
    let models = file("nullable-binaries", &nullable_binaries(), "src/models.rs");
    assert!(
        models.contains("pub files: Vec<Option<String>>,"),
        "{models}"
    );
    assert!(!models.contains("FilePart"), "{models}");
}

#[test]
fn builders_and_methods_leave_the_prelude_and_the_clients_methods_alone() {
    let code = file("taken-names", &taken_names(), "src/operations/untagged.rs");
    for expected in [
        "pub struct String2<'a>",
        "pub struct Into2<'a>",
        "pub struct Option2<'a>",
        "pub fn new2(&self)",
        "pub fn clone2(&self)",
        "pub fn base_url2(&self)",
        "pub fn into2(&self)",
        "pub fn try_into2(&self)",
        "pub fn self_(mut self",
        "pub fn self_header(mut self",
    ] {
        assert!(code.contains(expected), "no `{expected}` in:\n{code}");
    }
}

#[test]
fn odd_keys_and_enum_values_are_rust_literals_of_their_text() {
    let models = file("odd-text", &odd_text(), "src/models.rs");
    for literal in [
        r#""a\u{1}b""#,
        r#""quote\"d""#,
        r#""back\\slash""#,
        r#""tab\there""#,
        r#""café""#,
    ] {
        assert!(
            models.contains(&format!("=> {literal},")),
            "no enum value {literal} in:\n{models}"
        );
        assert!(
            models.contains(&format!(": {literal} =>")),
            "no key {literal} in:\n{models}"
        );
    }
}

/// One workspace for all, so that the dependencies are compiled once.
#[test]
fn every_hostile_shape_compiles_clippy_clean() {
    assert_accepted_and_built("hostile-shapes", shapes(), Check::Clippy);
}

/// Their own tests too: the examples round-trip, and each test target lays out what it decodes.
#[test]
fn every_hostile_shape_passes_its_own_tests_and_doctests() {
    assert_accepted_and_built("hostile-shapes-tested", shapes(), Check::Tests);
}
