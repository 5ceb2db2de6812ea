//! The typed-coverage audit: every declared key that ends up in `extra` is found, with its path
//! and why, however deep; unions that chose a variant the value is not valid against are found.

use std::collections::BTreeMap;

use intercom_runtime::model::audit::{audit, project, Expectations, Finding, UnionSite};
use intercom_runtime::model::union::{decode_union, variant, Shape, Variant};
use intercom_runtime::model::{Decode, Decoded, Object};
use intercom_runtime::{Extra, Nullable};
use serde_json::{json, Value};

#[path = "support/models.rs"]
mod models;
use models::Counts;

/// A model as the generator writes it, which "forgot" the declared key `forgotten`.
#[derive(Clone)]
struct Contact {
    id: String,
    name: Option<String>,
    email: Nullable<String>,
    age: i64,
    tags: Option<Vec<Tag>>,
    labels: Option<BTreeMap<String, Tag>>,
    owner: Option<Owner>,
    custom: Option<Value>,
    extra: Extra,
}

intercom_runtime::object! {
    Contact {
        0: "id" => id: required,
        1: "name" => name: optional,
        2: "email" => email: nullable,
        3: "age" => age: required,
        4: "tags" => tags: optional,
        5: "labels" => labels: optional,
        6: "owner" => owner: optional,
        7: "custom" => custom: optional,
    }
}

#[derive(Clone)]
struct Tag {
    name: String,
    color: Option<String>,
    extra: Extra,
}

intercom_runtime::object! {
    Tag {
        0: "name" => name: required,
        1: "color" => color: optional,
    }
}

#[derive(Clone)]
struct Admin {
    id: String,
    extra: Extra,
}

intercom_runtime::object! {
    Admin {
        0: "id" => id: required,
    }
}

#[derive(Clone)]
struct Team {
    id: String,
    admin_ids: Option<Vec<i64>>,
    extra: Extra,
}

intercom_runtime::object! {
    Team {
        0: "id" => id: required,
        1: "admin_ids" => admin_ids: optional,
    }
}

/// A union whose first variant wins ties, as untagged scoring does today.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
enum Owner {
    Admin(Admin),
    Team(Team),
}

impl Decode for Owner {
    fn decode<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Decoded<Self>, D::Error> {
        // Untagged objects, scored by the keys they describe.
        let admin = Variant {
            decode: |value| variant(value, Owner::Admin),
            shape: Shape::Object(Admin::FIELDS),
            tags: &[],
            allowed: &[],
        };
        let team = Variant {
            decode: |value| variant(value, Owner::Team),
            shape: Shape::Object(Team::FIELDS),
            tags: &[],
            allowed: &[],
        };
        decode_union(deserializer, "type", &[admin, team])
    }
}

fn decode<T: Decode>(value: &Value) -> T {
    match T::decode(value).expect("decodes") {
        Decoded::Value(decoded) => decoded,
        other => panic!("not a value: {:?}", other.map(|_| ())),
    }
}

fn expect(skipped: &[&str], additional: &[&str], unions: &[(&str, &[&str])]) -> Expectations {
    Expectations {
        skipped: skipped.iter().map(|path| (*path).to_owned()).collect(),
        additional: additional.iter().map(|path| (*path).to_owned()).collect(),
        unions: unions
            .iter()
            .map(|(path, accepted)| UnionSite {
                path: (*path).to_owned(),
                accepted: accepted.iter().map(|name| (*name).to_owned()).collect(),
            })
            .collect(),
    }
}

fn findings<T: Decode + serde::Serialize>(payload: &Value, expected: &Expectations) -> Vec<String> {
    let decoded: T = decode(payload);
    let report = audit(&decoded, payload, expected).expect("audits");
    report.findings.iter().map(Finding::to_string).collect()
}

#[test]
fn a_fully_typed_payload_has_no_findings_and_counts_every_key() {
    let payload = json!({
        "id": "1", "name": "Ann", "email": null, "age": 7,
        "tags": [{"name": "a"}, {"name": "b"}],
        "labels": {"x": {"name": "c"}},
        "owner": {"id": "9"},
    });
    let decoded: Contact = decode(&payload);
    let report = audit(&decoded, &payload, &expect(&[], &["/labels/x"], &[])).unwrap();
    assert_eq!(report.findings, Vec::new());
    // 7 top-level keys, 2 tag names, the label and its name, the owner's id.
    assert_eq!((report.declared, report.typed), (12, 12));
}

#[test]
fn a_declared_key_without_a_field_is_found() {
    let payload = json!({"id": "1", "age": 2, "forgotten": {"deep": 1}});
    assert_eq!(
        findings::<Contact>(&payload, &Expectations::default()),
        [
            "/forgotten: declared key, but `Contact` has no field for it: kept in extra \
          (and 1 declared keys beneath)"
        ]
    );
}

#[test]
fn an_undeclared_key_is_skipped_and_still_kept() {
    let payload = json!({"id": "1", "age": 2, "unknown": {"deep": 1}});
    let decoded: Contact = decode(&payload);
    let report = audit(&decoded, &payload, &expect(&["/unknown"], &[], &[])).unwrap();
    assert_eq!(
        (report.declared, report.typed, report.findings.len()),
        (2, 2, 0)
    );
    assert_eq!(serde_json::to_value(&decoded).unwrap(), payload);
}

#[test]
fn nulls_the_fields_do_not_allow_are_found() {
    // `null` for a required and for an optional non-nullable field: the schema allows it (or
    // the generator would have skipped the key), the fields do not.
    let payload = json!({"id": null, "age": 2, "name": null});
    assert_eq!(
        findings::<Contact>(&payload, &Expectations::default()),
        [
            "/id: null, which the schema allows but the field of `Contact` does not: kept in extra",
            "/name: null, which the schema allows but the field of `Contact` does not: kept in extra",
        ]
    );
}

#[test]
fn values_that_do_not_fit_are_found_in_nested_arrays() {
    // One tag that does not fit keeps the whole array raw; a nested misfit is found at its path.
    let payload = json!({"id": "1", "age": "seven", "tags": [{"name": "a"}, {"name": {"x": 1}}]});
    assert_eq!(
        findings::<Contact>(&payload, &Expectations::default()),
        [
            "/age: the value does not fit the field of `Contact`: kept in extra",
            "/tags/1/name: the value does not fit the field of `Tag`: kept in extra (and 1 declared keys beneath)",
        ]
    );
    let payload = json!({"id": "1", "age": 1, "tags": [{"name": "a"}, 7]});
    assert_eq!(
        findings::<Contact>(&payload, &Expectations::default()),
        ["/tags: the value does not fit the field of `Contact`: kept in extra (and 1 declared keys beneath)"]
    );
}

#[test]
fn converted_values_are_typed() {
    let payload = json!({"id": 12345, "age": "42"});
    let decoded: Contact = decode(&payload);
    let report = audit(&decoded, &payload, &Expectations::default()).unwrap();
    assert_eq!(
        (report.declared, report.typed, report.findings.len()),
        (2, 2, 0)
    );
}

#[test]
fn map_values_are_audited_by_key() {
    let payload = json!({"id": "1", "age": 1, "labels": {"x": {"name": "c", "gone": 1}}});
    assert_eq!(
        findings::<Contact>(&payload, &expect(&[], &["/labels/x"], &[])),
        ["/labels/x/gone: declared key, but `Tag` has no field for it: kept in extra"]
    );
    let payload = json!({"total": 3, "open": 1, "closed": "many"});
    let expected = expect(&[], &["/open", "/closed"], &[]);
    assert_eq!(
        findings::<Counts>(&payload, &expected),
        ["/closed: declared by additionalProperties, but not in the typed map: kept in extra"]
    );
}

#[test]
fn a_declared_property_under_a_json_value_is_found() {
    // The schema declares `custom.plan`, but the type holds `custom` as a JSON value.
    let payload = json!({"id": "1", "age": 1, "custom": {"plan": "pro"}});
    assert_eq!(
        findings::<Contact>(&payload, &Expectations::default()),
        ["/custom/plan: declared property of an object decoded as a JSON value or map, not a struct"]
    );
    // Free-form contents are what `skipped` is for.
    assert_eq!(
        findings::<Contact>(&payload, &expect(&["/custom/plan"], &[], &[])),
        Vec::<String>::new()
    );
}

#[test]
fn a_union_that_chose_a_variant_the_value_is_not_valid_against_is_found() {
    // Both variants score 1 (`id`) and the first wins, although the schema says (by what the
    // generator found valid) that the value is a team.
    let payload = json!({"id": "1", "age": 1, "owner": {"id": "t"}});
    let team_only = expect(&[], &[], &[("/owner", &["Team"])]);
    assert_eq!(
        findings::<Contact>(&payload, &team_only),
        ["/owner: union chose `Admin`, which the value is not valid against; valid: `Team`"]
    );
    let payload = json!({"id": "1", "age": 1, "owner": {"id": "a"}});
    let either = expect(&[], &[], &[("/owner", &["Admin", "Team"])]);
    assert_eq!(findings::<Contact>(&payload, &either), Vec::<String>::new());
}

#[test]
fn the_projection_leaves_extra_out_and_ordinary_encoding_unchanged() {
    let payload = json!({"id": "1", "age": null, "unknown": true});
    let decoded: Contact = decode(&payload);
    let projection = project(&decoded).unwrap();
    let object = projection.as_object().unwrap();
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    assert_eq!(keys, ["\u{0}struct", "id"]);
    assert_eq!(object["\u{0}struct"]["type"], "Contact");
    // After the projection, encoding sends everything again.
    assert_eq!(serde_json::to_value(&decoded).unwrap(), payload);
}
