//! The diff stage: one fixture pair per change kind (`tests/fixtures/diff/<case>/{old,new}.yaml`)
//! with the exact findings and Rust changes expected, and the operation-level report on the real
//! specs checked against a count made straight from their YAML.

use std::collections::BTreeSet;
use std::path::Path;

use generator::diff::report::{Change, Report, Subject};
use generator::ir::Api;

mod common;
mod route_truth;
use route_truth::check_real_pair;

/// The IR `cargo xtask diff` compares: the model, without the example audit.
fn lower(path: &Path) -> Api {
    let document = generator::load::load(path).unwrap_or_else(|e| panic!("{e}"));
    generator::lower::lower_model(&document, Default::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .api
}

/// `subject: finding_kind level` and `subject: rust item effect [breaking]` lines.
fn lines(change: &Change) -> Vec<String> {
    let subject = match &change.subject {
        Subject::Operation { operation_id, .. } => operation_id,
        Subject::Type { name, .. } => name,
    };
    let mut out = Vec::new();
    for finding in &change.findings {
        let kind = serde_json::to_value(&finding.change).unwrap()["kind"].clone();
        out.push(format!(
            "{subject}: {} {}",
            kind.as_str().unwrap(),
            json_name(&finding.level)
        ));
    }
    for rust in &change.rust {
        let breaking = if rust.breaking { " breaking" } else { "" };
        out.push(format!(
            "{subject}: rust {} {}{breaking}",
            rust.item,
            json_name(&rust.effect)
        ));
    }
    out
}

/// A unit variant's name, as the JSON report spells it.
fn json_name(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

fn fixture_report(case: &str) -> Report {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(case);
    generator::diff::diff(&lower(&dir.join("old.yaml")), &lower(&dir.join("new.yaml")))
}

/// Every fixture pair and what its report must say, exactly.
const CASES: &[(&str, &[&str])] = &[
    (
        "operation_added",
        &[
            "deleteContact: operation_added compatible",
            "deleteContact: rust Client::delete_contact added",
        ],
    ),
    (
        "operation_removed",
        &[
            "deleteContact: operation_removed breaking",
            "deleteContact: rust Client::delete_contact removed breaking",
        ],
    ),
    (
        "operation_id_renamed",
        &[
            "showContact: operation_id_renamed compatible",
            "showContact: rust Client::show_contact renamed breaking",
            "showContact: rust operations::contacts::ShowContact renamed breaking",
        ],
    ),
    // Argument names are not part of a call, so the Rust API does not change.
    (
        "path_parameter_renamed",
        &["getContact: path_parameters_renamed compatible"],
    ),
    (
        "ambiguous_route",
        &[
            "getContact: ambiguous_route possibly_breaking",
            "getContactBySlug: ambiguous_route possibly_breaking",
            "getContactBySlug: operation_added compatible",
            "getContactBySlug: rust Client::get_contact_by_slug added",
        ],
    ),
    (
        "parameter_added_required",
        &[
            "getContact: parameter_added breaking",
            "getContact: rust Client::get_contact signature_changed breaking",
        ],
    ),
    (
        "parameter_added_optional",
        &[
            "getContact: parameter_added compatible",
            "getContact: rust GetContact::email added",
        ],
    ),
    (
        "parameter_removed",
        &[
            "getContact: parameter_removed possibly_breaking",
            "getContact: rust GetContact::fields removed breaking",
        ],
    ),
    // Without its cursor parameter a list operation no longer pages (rule
    // `pages-without-parameter`): its builder loses `pages()` and `items()`.
    (
        "pagination_dropped",
        &[
            "listContacts: parameter_removed possibly_breaking",
            "listContacts: rust ListContacts::items removed breaking",
            "listContacts: rust ListContacts::pages removed breaking",
            "listContacts: rust ListContacts::starting_after removed breaking",
        ],
    ),
    (
        "parameter_made_required",
        &[
            "getContact: parameter_required_changed breaking",
            "getContact: rust Client::get_contact signature_changed breaking",
            "getContact: rust GetContact::fields removed breaking",
        ],
    ),
    (
        "parameter_retyped",
        &[
            "getContact: parameter_retyped breaking",
            "getContact: rust GetContact::fields signature_changed breaking",
        ],
    ),
    (
        "request_body_made_optional",
        &[
            "createContact: request_body_required_changed compatible",
            "createContact: rust Client::create_contact signature_changed breaking",
            "createContact: rust CreateContact::body added",
        ],
    ),
    ("status_added", &["getContact: status_added compatible"]),
    // Header names compare case-insensitively; a `$ref` to `#/components/headers` resolves.
    (
        "response_headers_changed",
        &[
            "getContact: response_header_added compatible",
            "getContact: response_header_removed possibly_breaking",
        ],
    ),
    // The error type was the one documented error body; without it errors are `Value`.
    (
        "status_removed",
        &[
            "getContact: status_removed compatible",
            "getContact: error_body_retyped possibly_breaking",
            "getContact: rust GetContact::send signature_changed breaking",
        ],
    ),
    (
        "success_body_retyped",
        &[
            "getContact: success_body_retyped breaking",
            "getContact: rust GetContact::send signature_changed breaking",
        ],
    ),
    (
        "operation_deprecated",
        &["getContact: deprecation_changed compatible"],
    ),
    (
        "request_property_added_required",
        &[
            "ContactRequest: property_added breaking",
            "ContactRequest: rust models::ContactRequest::new signature_changed breaking",
            "ContactRequest: rust models::ContactRequest::phone added breaking",
        ],
    ),
    (
        "request_property_added_optional",
        &[
            "ContactRequest: property_added compatible",
            "ContactRequest: rust models::ContactRequest::phone added breaking",
        ],
    ),
    (
        "response_property_added",
        &[
            "Contact: property_added compatible",
            "Contact: rust models::Contact::phone added breaking",
        ],
    ),
    (
        "response_property_removed",
        &[
            "Contact: property_removed breaking",
            "Contact: rust models::Contact::id removed breaking",
        ],
    ),
    (
        "request_property_removed",
        &[
            "ContactRequest: property_removed possibly_breaking",
            "ContactRequest: rust models::ContactRequest::nickname removed breaking",
        ],
    ),
    (
        "response_property_made_required",
        &[
            "Contact: property_presence_changed compatible",
            "Contact: rust models::Contact::name signature_changed breaking",
        ],
    ),
    (
        "response_property_made_optional",
        &[
            "Contact: property_presence_changed breaking",
            "Contact: rust models::Contact::id signature_changed breaking",
        ],
    ),
    (
        "response_property_made_nullable",
        &[
            "Contact: property_presence_changed breaking",
            "Contact: rust models::Contact::id signature_changed breaking",
        ],
    ),
    (
        "request_property_made_required",
        &[
            "ContactRequest: property_presence_changed breaking",
            "ContactRequest: rust models::ContactRequest::new signature_changed breaking",
            "ContactRequest: rust models::ContactRequest::nickname signature_changed breaking",
        ],
    ),
    // A string that becomes a string enum is the same value on the wire, its values now listed.
    (
        "response_property_values_listed",
        &[
            "Contact: property_values_listed compatible",
            "Contact: rust models::Contact::name signature_changed breaking",
            "ContactName: type_added compatible",
            "ContactName: rust models::ContactName added",
        ],
    ),
    (
        "request_property_values_listed",
        &[
            "ContactRequest: property_values_listed breaking",
            "ContactRequest: rust models::ContactRequest::nickname signature_changed breaking",
            "ContactRequestNickname: type_added compatible",
            "ContactRequestNickname: rust models::ContactRequestNickname added",
        ],
    ),
    (
        "response_property_values_unlisted",
        &[
            "Contact: property_values_unlisted possibly_breaking",
            "Contact: rust models::Contact::role signature_changed breaking",
            "ContactRole: type_removed compatible",
            "ContactRole: rust models::ContactRole removed breaking",
        ],
    ),
    (
        "property_retyped",
        &[
            "Contact: property_retyped breaking",
            "Contact: rust models::Contact::name signature_changed breaking",
        ],
    ),
    (
        "response_enum_value_added",
        &[
            "ContactRole: enum_value_added compatible",
            "ContactRole: rust models::ContactRole::Admin added breaking",
        ],
    ),
    (
        "response_enum_value_removed",
        &[
            "ContactRole: enum_value_removed compatible",
            // With one value left it is a tag, which has no variants.
            "ContactRole: rust models::ContactRole signature_changed breaking",
            "ContactRole: rust models::ContactRole::Lead removed breaking",
            "ContactRole: rust models::ContactRole::User removed breaking",
        ],
    ),
    (
        "request_enum_value_added",
        &[
            "ContactRequestRole: enum_value_added compatible",
            "ContactRequestRole: rust models::ContactRequestRole::Admin added breaking",
        ],
    ),
    (
        "request_enum_value_removed",
        &[
            "ContactRequestRole: enum_value_removed breaking",
            "ContactRequestRole: rust models::ContactRequestRole::Lead removed breaking",
        ],
    ),
    (
        "union_member_added",
        &[
            "Bot: type_added compatible",
            "Bot: rust models::Bot added",
            "BotType: type_added compatible",
            "BotType: rust models::BotType added",
            "ContactOwner: union_member_added possibly_breaking",
            "ContactOwner: rust models::ContactOwner::Bot added breaking",
        ],
    ),
    (
        "union_member_removed",
        &[
            "Bot: type_removed compatible",
            "Bot: rust models::Bot removed breaking",
            "BotType: type_removed compatible",
            "BotType: rust models::BotType removed breaking",
            "ContactOwner: union_member_removed compatible",
            "ContactOwner: rust models::ContactOwner::Bot removed breaking",
        ],
    ),
    // Types are matched by source: the inline enum of `contact.role` is the same type under a
    // new Rust name, not a removed type and an added one.
    (
        "rust_name_shift",
        &[
            "ContactRoleProperty: rust models::ContactRoleProperty renamed breaking",
            "ContactRole: type_added compatible",
            "ContactRole: rust models::ContactRole added",
        ],
    ),
];

#[test]
fn every_fixture_pair_reports_exactly_its_change() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    let listed: BTreeSet<String> = CASES.iter().map(|(case, _)| case.to_string()).collect();
    assert_eq!(
        on_disk, listed,
        "every fixture pair has expectations, and every expectation a pair"
    );
    let mut failures = Vec::new();
    for (case, expected) in CASES {
        let report = fixture_report(case);
        let mut actual: Vec<String> = report.changes.iter().flat_map(lines).collect();
        let mut expected: Vec<String> = expected.iter().map(|line| line.to_string()).collect();
        actual.sort();
        expected.sort();
        if actual != expected {
            failures.push(format!(
                "{case}:\n  expected {expected:#?}\n  actual {actual:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_change_of_a_shared_type_is_reported_once_with_what_it_reaches() {
    let report = fixture_report("response_enum_value_added");
    let [change] = report.changes.as_slice() else {
        panic!("one change expected: {:#?}", report.changes);
    };
    let reaches = &change.reaches;
    assert_eq!(reaches.operations, ["createContact", "getContact"]);
    assert_eq!(reaches.types, ["Contact"]);
    assert_eq!(change.tag.as_deref(), Some("Contacts"));
}

#[test]
fn semver_verdict_follows_the_rust_changes() {
    use generator::diff::report::Semver;
    assert_eq!(
        fixture_report("operation_added").summary.semver,
        Semver::Minor
    );
    assert_eq!(
        fixture_report("path_parameter_renamed").summary.semver,
        Semver::Patch
    );
    assert_eq!(
        fixture_report("response_property_added").summary.semver,
        Semver::Major
    );
}

#[test]
fn breaking_only_keeps_the_breaking_changes_and_the_full_summary() {
    let report = fixture_report("union_member_added");
    let summary = report.summary.clone();
    let breaking = report.breaking_only();
    let subjects: Vec<String> = breaking.changes.iter().flat_map(lines).collect();
    assert_eq!(
        subjects,
        [
            "ContactOwner: union_member_added possibly_breaking",
            "ContactOwner: rust models::ContactOwner::Bot added breaking"
        ]
    );
    assert_eq!(breaking.summary, summary);
}

#[test]
fn markdown_starts_with_the_summary_then_groups_by_tag() {
    let markdown = generator::diff::render::markdown(&fixture_report("response_enum_value_added"));
    let summary = markdown.find("## Summary").expect("a summary section");
    let tag = markdown.find("## Contacts").expect("a section for the tag");
    assert!(summary < tag, "{markdown}");
    assert!(
        markdown.contains("`models::ContactRole::Admin` added"),
        "{markdown}"
    );
}

#[test]
fn the_committed_json_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("diff-report.schema.json");
    let schema = serde_json::to_string_pretty(&generator::diff::report_schema()).unwrap() + "\n";
    if std::env::var_os("UPDATE_DIFF_SCHEMA").is_some() {
        std::fs::write(&path, &schema).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == schema,
        "{} is stale; rerun with UPDATE_DIFF_SCHEMA=1",
        path.display()
    );
}

#[test]
fn the_json_report_follows_the_schema() {
    let report = serde_json::to_value(fixture_report("union_member_added")).unwrap();
    let schema = generator::diff::report_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

// ---- The real specs, against a count made from their YAML alone ----

#[test]
fn real_specs_2_9_to_2_11_match_the_yaml() {
    check_real_pair("2.9", "2.11");
}

#[test]
fn real_specs_2_11_to_unstable_match_the_yaml() {
    check_real_pair("2.11", "Unstable");
}
