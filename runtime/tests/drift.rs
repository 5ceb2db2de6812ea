//! The drift report of a response: what `Response::drift` lists, for responses served by a
//! local mock server (the `tracing` event: `drift_event.rs`).

use intercom_runtime::model::union::{decode_union, variant, Shape, Variant};
use intercom_runtime::model::{Decode, Decoded, Extra, Object, Placeholder};
use intercom_runtime::{Drift, DriftKind};
use serde_json::{json, Value};

#[path = "support/models.rs"]
mod models;
#[path = "support/respond.rs"]
mod support;
use models::{Counts, Role, Tag};
use support::respond;

#[derive(Clone)]
struct Contact {
    id: String,
    name: Option<String>,
    owner_id: Option<i64>,
    role: Role,
    tags: Option<Vec<Tag>>,
    custom_attributes: Option<Value>,
    extra: Extra,
}

intercom_runtime::object! {
    Contact {
        0: "id" => id: required,
        1: "name" => name: optional,
        2: "owner_id" => owner_id: required_nullable,
        3: "role" => role: required,
        4: "tags" => tags: optional,
        5: "custom_attributes" => custom_attributes: optional,
    }
}

/// The drift as (path, kind), sorted: the order of keys within an object is serde_json's (the
/// body's with its `preserve_order` feature, which another crate of a build may turn on).
fn listed(drift: &[Drift]) -> Vec<(&str, DriftKind)> {
    let mut listed: Vec<(&str, DriftKind)> = drift
        .iter()
        .map(|drift| (drift.path.as_str(), drift.kind))
        .collect();
    listed.sort_by_key(|(path, _)| *path);
    listed
}

/// One response with every kind of drift, nested in arrays.
const DRIFTED: &str = r#"[
    {"id": 7, "name": {"first": "Ann"}, "owner_id": null, "role": "owner",
     "tags": [{"name": "vip", "colour": "red", "type": "label"}, {}], "plan": "pro"},
    {"id": "2", "name": null, "role": "user", "custom_attributes": {"x": 1}}
]"#;

#[tokio::test]
async fn every_kind_of_drift_is_listed_with_its_json_pointer() {
    let response = respond::<Vec<Contact>>(DRIFTED).await;

    assert_eq!(
        listed(&response.drift()),
        [
            ("/0/id", DriftKind::Converted),
            ("/0/name", DriftKind::KeptRaw),
            ("/0/plan", DriftKind::UnknownKey),
            ("/0/role", DriftKind::UnknownEnumValue),
            ("/0/tags/0/colour", DriftKind::UnknownKey),
            ("/0/tags/0/type", DriftKind::UnknownEnumValue),
            ("/0/tags/1/name", DriftKind::MissingRequired),
            ("/1/name", DriftKind::UnexpectedNull),
            ("/1/owner_id", DriftKind::MissingRequired),
        ]
    );
    let shown: Vec<String> = response.drift().iter().map(Drift::to_string).collect();
    assert!(shown.contains(&"/0/id: value converted to its declared type".to_owned()));
}

#[tokio::test]
async fn a_body_as_described_has_no_drift() {
    let body = r#"{"id": "1", "name": "Ann", "owner_id": 3, "role": "admin",
        "tags": [{"name": "vip", "type": "tag"}], "custom_attributes": {"any": {"thing": [1]}}}"#;
    let response = respond::<Contact>(body).await;
    assert_eq!(response.drift(), []);
}

#[tokio::test]
async fn typed_additional_properties_are_described_and_values_that_do_not_fit_are_drift() {
    let response = respond::<Counts>(r#"{"total": 3, "open": 2, "closed": "many"}"#).await;
    assert_eq!(
        listed(&response.drift()),
        [("/closed", DriftKind::UnknownKey)]
    );
}

#[tokio::test]
async fn a_mapped_response_has_no_drift_report() {
    let response =
        respond::<Contact>(r#"{"id": "1", "owner_id": null, "role": "admin", "plan": 1}"#).await;
    assert_eq!(response.drift().len(), 1);
    assert_eq!(response.map(|contact| contact.id).drift(), []);
}

/// A search request as the generator declares it: its `query` is a union, which has no valid
/// default, so the struct has no `Default`; decoding starts from its placeholder.
#[derive(Clone)]
struct Search {
    query: Query,
    extra: Extra,
}

intercom_runtime::object! {
    Search {
        0: "query" => query: required,
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
enum Query {
    Single(Tag),
    Many(Vec<Tag>),
}

impl intercom_runtime::model::Placeholder for Query {
    fn placeholder() -> Self {
        Query::Single(intercom_runtime::model::Placeholder::placeholder())
    }
}

impl Decode for Query {
    fn decode<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Decoded<Self>, D::Error> {
        let variants = [
            Variant {
                tags: &[],
                shape: Shape::Object(<Tag as Object>::FIELDS),
                allowed: &[],
                decode: |value| variant(value, Query::Single),
            },
            Variant {
                tags: &[],
                shape: Shape::Array(&Shape::Object(<Tag as Object>::FIELDS)),
                allowed: &[],
                decode: |value| variant(value, Query::Many),
            },
        ];
        decode_union(deserializer, "type", &variants)
    }
}

/// A required union that is missing holds the union's placeholder: the object still decodes,
/// the drift report says the key is missing, and encoding leaves it out rather than sending the
/// placeholder (`{"query": {}}`, which the schema rejects).
#[tokio::test]
async fn a_missing_required_union_holds_its_placeholder_and_is_drift() {
    let response = respond::<Search>("{}").await;
    assert_eq!(
        listed(&response.drift()),
        [("/query", DriftKind::MissingRequired)]
    );
    assert_eq!(response.body.query, Query::Single(Tag::placeholder()));
    assert_eq!(serde_json::to_value(&response.body).unwrap(), json!({}));
}
