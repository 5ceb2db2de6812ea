//! Unknown keys are kept as the JSON text received, each object its own, whichever serde_json
//! deserializer decodes them (text borrowed from a `&str` or `&[u8]`, read from an `io::Read`,
//! or from a `Value`), and the buffers decoding collects them in never carry keys over from one
//! object to the next.

use intercom_runtime::model::Extra;
use serde_json::Value;

#[path = "support/models.rs"]
mod models;
use models::Tag;

#[derive(Clone)]
struct Holder {
    id: String,
    tags: Vec<Tag>,
    extra: Extra,
}

intercom_runtime::object! {
    Holder {
        0: "id" => id: required,
        1: "tags" => tags: required,
    }
}

/// Unknown keys before, between and after the described ones, at two levels, with spacing inside
/// a value and an escaped key.
const SENT: &str = r#"{"a": {"x": [1, 2 ]}, "id": "h1", "tags": [{"name": "vip", "colour": "red"}, {"size": 3, "name": "new"}], "z\"q": null}"#;

/// Each object's kept keys and their JSON text, in the order received.
fn kept(extra: &Extra) -> Vec<(String, String)> {
    extra
        .raw()
        .map(|(key, value)| (key.to_owned(), value.get().to_owned()))
        .collect()
}

fn kept_by_level(holder: &Holder) -> Vec<Vec<(String, String)>> {
    let mut levels = vec![kept(&holder.extra)];
    levels.extend(holder.tags.iter().map(|tag| kept(&tag.extra)));
    levels
}

fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect()
}

#[test]
fn every_deserializer_keeps_the_text_received() {
    let verbatim = vec![
        pairs(&[("a", r#"{"x": [1, 2 ]}"#), ("z\"q", "null")]),
        pairs(&[("colour", r#""red""#)]),
        pairs(&[("size", "3")]),
    ];
    let borrowed: Holder = serde_json::from_str(SENT).unwrap();
    assert_eq!(kept_by_level(&borrowed), verbatim);
    let bytes: Holder = serde_json::from_slice(SENT.as_bytes()).unwrap();
    assert_eq!(kept_by_level(&bytes), verbatim);
    let read: Holder = serde_json::from_reader(SENT.as_bytes()).unwrap();
    assert_eq!(kept_by_level(&read), verbatim);

    // A `Value` keeps no spacing: the text is its compact form.
    let value: Value = serde_json::from_str(SENT).unwrap();
    let compact = vec![
        pairs(&[("a", r#"{"x":[1,2]}"#), ("z\"q", "null")]),
        pairs(&[("colour", r#""red""#)]),
        pairs(&[("size", "3")]),
    ];
    let by_ref = Holder::deserialize_from(&value);
    assert_eq!(kept_by_level(&by_ref), compact);
    let owned: Holder = serde_json::from_value(value).unwrap();
    assert_eq!(kept_by_level(&owned), compact);
}

impl Holder {
    fn deserialize_from(value: &Value) -> Self {
        serde::Deserialize::deserialize(value).unwrap()
    }
}

#[test]
fn objects_decoded_one_after_another_keep_only_their_own_keys() {
    let first: Holder = serde_json::from_str(SENT).unwrap();
    let second: Holder =
        serde_json::from_str(r#"{"id": "h2", "tags": [{"name": "a", "b": true}], "c": 1}"#)
            .unwrap();
    assert_eq!(
        kept_by_level(&second),
        vec![pairs(&[("c", "1")]), pairs(&[("b", "true")])]
    );
    // Malformed JSON stops decoding halfway: what it collected is not kept by the next object.
    let broken = r#"{"id": "h3", "q": 1, "tags": [{"name": "a", "r": 2, "#;
    assert!(serde_json::from_str::<Holder>(broken).is_err());
    let third: Holder = serde_json::from_str(r#"{"id": "h4", "tags": [], "s": 5}"#).unwrap();
    assert_eq!(kept_by_level(&third), vec![pairs(&[("s", "5")])]);
    assert_eq!(kept(&first.extra).len(), 2);
}
