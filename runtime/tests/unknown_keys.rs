//! Unknown keys are kept as the JSON text received, each object its own, whichever serde_json
//! deserializer decodes them (text borrowed from a `&str` or `&[u8]`, read from an `io::Read`,
//! or from a `Value`), and the buffers decoding collects them in never carry keys over from one
//! object to the next.

use intercom_runtime::model::{Extra, Nullable};
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

/// An object in each kind of place it is decoded into: a required field, an optional one, a
/// nullable one, an array's element.
#[derive(Clone)]
struct Places {
    one: Tag,
    maybe: Option<Tag>,
    either: Nullable<Tag>,
    many: Vec<Tag>,
    extra: Extra,
}

intercom_runtime::object! {
    Places {
        0: "one" => one: required,
        1: "maybe" => maybe: optional,
        2: "either" => either: nullable,
        3: "many" => many: required,
    }
}

/// Each object, wherever it is kept, has its own fields and keys, and one sent again under the
/// same key replaces the first whole: nothing of the first is left in it.
#[test]
fn an_object_keeps_its_own_fields_and_keys_in_every_kind_of_place() {
    let sent = r#"{"one": {"name": "a", "p": 1}, "maybe": {"name": "b", "type": "tag", "q": 2},
        "either": {"name": "c", "r": 3}, "many": [{"name": "d", "s": 4}, {"name": "e"}],
        "maybe": {"name": "f", "t": 5}}"#;
    let places: Places = serde_json::from_str(sent).unwrap();
    let Nullable::Value(either) = &places.either else {
        panic!("`either` holds an object");
    };
    let maybe = places.maybe.as_ref().expect("`maybe` holds an object");
    let tags = [&places.one, maybe, either, &places.many[0], &places.many[1]];
    let names: Vec<&str> = tags.iter().map(|tag| tag.name.as_str()).collect();
    assert_eq!(names, ["a", "f", "c", "d", "e"]);
    assert!(
        maybe.kind.is_none(),
        "the first `maybe`'s type is gone with it"
    );
    let kept: Vec<_> = tags.iter().map(|tag| kept(&tag.extra)).collect();
    assert_eq!(
        kept,
        [
            pairs(&[("p", "1")]),
            pairs(&[("t", "5")]),
            pairs(&[("r", "3")]),
            pairs(&[("s", "4")]),
            pairs(&[]),
        ]
    );
    assert!(places.extra.is_empty());
}
