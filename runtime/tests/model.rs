//! Tolerant decoding and exact re-encoding, with models declared by hand the way the generator
//! declares them (an `object!` table per struct).

use intercom_runtime::model::union::{decode_union, variant, Shape, Variant};
use intercom_runtime::model::{
    self, Decode, Decoded, Extra, Nullable, Object, Placeholder, TagValue,
};
use serde_json::{json, Value};

#[path = "support/models.rs"]
mod models;
use models::{Filter, FilterValue, Role, Tag};

#[derive(Clone)]
struct Contact {
    kind: Option<String>,
    id: String,
    name: Option<String>,
    email: Nullable<String>,
    owner_id: Option<i64>,
    tags: Vec<Tag>,
    role: Role,
    extra: Extra,
}

intercom_runtime::object! {
    Contact {
        0: "type" => kind: optional,
        1: "id" => id: required,
        2: "name" => name: optional,
        3: "email" => email: nullable,
        4: "owner_id" => owner_id: required_nullable,
        5: "tags" => tags: required,
        6: "role" => role: required,
    }
}

#[derive(Clone)]
struct Company {
    kind: Option<String>,
    id: String,
    size: Option<i64>,
    extra: Extra,
}

intercom_runtime::object! {
    Company {
        0: "type" => kind: optional,
        1: "id" => id: required,
        2: "size" => size: optional,
    }
}

#[derive(Clone, serde::Serialize)]
#[serde(untagged)]
enum Item {
    Contact(Contact),
    Company(Company),
}

impl Decode for Item {
    fn decode<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Decoded<Self>, D::Error> {
        decode_union(
            deserializer,
            "type",
            &[
                Variant {
                    tags: &["contact"],
                    shape: Shape::Object(Contact::FIELDS),
                    allowed: &[],
                    decode: |value| variant(value, Item::Contact),
                },
                Variant {
                    tags: &["company"],
                    shape: Shape::Object(Company::FIELDS),
                    allowed: &[],
                    decode: |value| variant(value, Item::Company),
                },
            ],
        )
    }
}

intercom_runtime::union_enum!(Item);

/// Decodes `json` as a `Contact` from text (streaming) and checks that it encodes back to `json`.
fn contact(json: &Value) -> Contact {
    let contact: Contact = serde_json::from_str(&json.to_string()).unwrap();
    assert_eq!(&serde_json::to_value(&contact).unwrap(), json);
    contact
}

fn full() -> Value {
    json!({
        "type": "contact",
        "id": "c1",
        "name": "Ada",
        "email": "ada@example.com",
        "owner_id": 7,
        "tags": [{"name": "vip"}],
        "role": "admin",
    })
}

#[test]
fn decodes_and_re_encodes_exactly() {
    let decoded = contact(&full());
    let expected = Contact {
        kind: Some("contact".into()),
        id: "c1".into(),
        name: Some("Ada".into()),
        email: Nullable::Value("ada@example.com".into()),
        owner_id: Some(7),
        tags: vec![Tag {
            name: "vip".into(),
            kind: None,
            extra: Extra::default(),
        }],
        role: Role::Admin,
        extra: Extra::default(),
    };
    assert_eq!(decoded, expected);
    assert!(decoded.extra.is_empty());
}

#[test]
fn structs_are_equal_when_they_encode_to_the_same_json() {
    let decoded = contact(&full());
    assert!(decoded == contact(&full()));
    let mut renamed = decoded.clone();
    renamed.name = Some("Grace".into());
    assert!(decoded != renamed);
    // What decoding kept counts too: an unknown key, and a value that differs only at its end.
    let mut with_unknown = full();
    with_unknown["colour"] = json!("red");
    assert!(decoded != contact(&with_unknown));
    let mut other_unknown = with_unknown.clone();
    other_unknown["colour"] = json!("reddish");
    assert!(contact(&with_unknown) != contact(&other_unknown));
    // One encoding that is the start of the other is not equal to it, either way round.
    assert!(!model::eq_as_json(&1, &12));
    assert!(!model::eq_as_json(&12, &1));
}

#[test]
fn keeps_unknown_keys() {
    let mut json = full();
    json["avatar"] = json!({"url": "https://x", "sizes": [1, 2]});
    json["tags"][0]["colour"] = json!("red");
    let decoded = contact(&json);
    assert_eq!(decoded.extra.get("avatar"), Some(json["avatar"].clone()));
    assert_eq!(decoded.tags[0].extra.get("colour"), Some(json!("red")));
    assert_eq!(decoded.extra.raw().count(), 1);
}

#[test]
fn missing_required_keys_are_recorded_and_stay_missing() {
    let decoded = contact(&json!({"name": "Ada"}));
    assert_eq!(decoded.id, "");
    assert_eq!(decoded.role, Role::Unknown(String::new()));
    assert_eq!(decoded.extra.missing(), ["id", "owner_id", "tags", "role"]);
}

#[test]
fn forbidden_nulls_are_kept() {
    let mut json = full();
    json["id"] = Value::Null;
    json["name"] = Value::Null;
    json["owner_id"] = Value::Null;
    let decoded = contact(&json);
    assert_eq!(decoded.id, "");
    assert_eq!(decoded.name, None);
    assert_eq!(decoded.owner_id, None);
    let raw: Vec<_> = decoded
        .extra
        .raw()
        .map(|(key, value)| (key, value.get()))
        .collect();
    // `owner_id` is nullable: its null is a value, not a deviation.
    assert_eq!(raw, [("id", "null"), ("name", "null")]);
}

#[test]
fn converts_exactly_records_it_and_sends_the_original_back() {
    let mut json = full();
    json["id"] = json!(12345);
    json["owner_id"] = json!("42");
    let decoded: Contact = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(decoded.id, "12345");
    assert_eq!(decoded.owner_id, Some(42));
    assert_eq!(decoded.extra.coerced(), ["id", "owner_id"]);
    assert_eq!(decoded.extra.get("id"), Some(json!(12345)));
    // Unchanged, converted values are sent as they were received...
    assert_eq!(serde_json::to_value(&decoded).unwrap(), json);
    // ...and a value set since is sent as set.
    let mut changed = decoded;
    changed.id = "67890".into();
    changed.owner_id = Some(7);
    let encoded = serde_json::to_value(&changed).unwrap();
    assert_eq!(
        (&encoded["id"], &encoded["owner_id"]),
        (&json!("67890"), &json!(7))
    );
}

#[test]
fn values_that_do_not_fit_are_kept_in_place() {
    let mut json = full();
    json["name"] = json!({"first": "Ada", "last": "Lovelace"});
    json["owner_id"] = json!("seven");
    json["tags"] = json!([{"name": "vip"}, "loose"]);
    let decoded = contact(&json);
    assert_eq!(decoded.name, None);
    assert_eq!(decoded.owner_id, None);
    assert!(decoded.tags.is_empty());
    assert_eq!(decoded.extra.get("name"), Some(json["name"].clone()));
    assert_eq!(decoded.extra.get("owner_id"), Some(json!("seven")));
    assert_eq!(decoded.extra.get("tags"), Some(json["tags"].clone()));
}

#[test]
fn a_key_sent_twice_decodes_as_its_last_value() {
    // As in a `serde_json::Value`: the last value wins, also when it does not fit where the
    // first did, so the field does not keep a value the object no longer holds.
    let text = r#"{"id": "c1", "name": "Ada", "name": {"first": "Ada"}, "email": "ada@example.com",
        "email": null, "owner_id": 7, "owner_id": "seven", "tags": [], "role": "admin"}"#;
    let decoded: Contact = serde_json::from_str(text).unwrap();
    assert_eq!(decoded.name, None);
    assert_eq!(decoded.email, Nullable::Null);
    assert_eq!(decoded.owner_id, None);
    assert_eq!(decoded.extra.get("name"), Some(json!({"first": "Ada"})));
    assert_eq!(decoded.extra.get("owner_id"), Some(json!("seven")));
}

#[test]
fn setting_a_field_overrides_its_raw_value() {
    let mut json = full();
    json["id"] = Value::Null;
    json["name"] = json!({"first": "Ada"});
    let mut decoded = contact(&json);
    decoded.id = "c2".into();
    decoded.name = Some("Bob".into());
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(
        (&encoded["id"], &encoded["name"]),
        (&json!("c2"), &json!("Bob"))
    );
}

#[test]
fn extra_keys_can_be_added_and_removed() {
    let mut decoded = contact(&full());
    decoded.extra.insert("custom", json!(1));
    assert_eq!(serde_json::to_value(&decoded).unwrap()["custom"], json!(1));
    assert_eq!(decoded.extra.remove("custom"), Some(json!(1)));
    assert!(decoded.extra.is_empty());
    assert_eq!(decoded, contact(&full()));
}

#[test]
fn unknown_enum_values_round_trip() {
    let mut json = full();
    json["role"] = json!("archived");
    assert_eq!(contact(&json).role, Role::Unknown("archived".into()));
    json["role"] = json!(3);
    let decoded = contact(&json);
    assert_eq!(decoded.extra.get("role"), Some(json!(3)));
}

#[test]
fn nullable_keeps_absent_null_and_value_apart() {
    let mut json = full();
    assert_eq!(
        contact(&json).email,
        Nullable::Value("ada@example.com".into())
    );
    json["email"] = Value::Null;
    assert!(contact(&json).email.is_null());
    json.as_object_mut().unwrap().remove("email");
    assert!(contact(&json).email.is_absent());
    assert_eq!(Nullable::<i64>::from(None), Nullable::Null);
    assert_eq!(
        Nullable::<i64>::from(Some(1)).map(|v| v + 1).value(),
        Some(&2)
    );
}

#[test]
fn unions_pick_by_tag_then_by_score() {
    let items = json!([
        {"type": "company", "id": "x1", "name": "Acme"},
        {"id": "x2", "size": 3},
        {"id": "c1", "owner_id": null, "tags": [], "role": "user"},
    ]);
    let decoded = Vec::<Item>::decode(&items).unwrap();
    let Decoded::Value(decoded) = decoded else {
        panic!("{decoded:?}")
    };
    assert!(matches!(&decoded[0], Item::Company(company) if company.extra.get("name").is_some()));
    assert!(matches!(&decoded[1], Item::Company(company) if company.size == Some(3)));
    assert!(matches!(&decoded[2], Item::Contact(contact) if contact.role == Role::User));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), items);

    // A value no variant can hold makes the array raw, whole.
    let items = json!([{"type": "contact", "id": "c1"}, 5]);
    assert_eq!(Vec::<Item>::decode(&items).unwrap(), Decoded::Raw(items));
}

#[test]
fn recursive_unions_round_trip() {
    let mut json = json!({"value": "leaf"});
    for depth in 0..50 {
        json = json!({"value": [json, {"value": depth}]});
    }
    let decoded: Filter = serde_json::from_str(&json.to_string()).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), json);
    assert!(matches!(decoded.value, Some(FilterValue::Filters(ref filters)) if filters.len() == 2));
}

#[test]
fn array_variants_are_told_apart_by_their_items() {
    let words: Filter = serde_json::from_value(json!({"value": ["a", "b"]})).unwrap();
    assert!(matches!(words.value, Some(FilterValue::Words(ref words)) if words.len() == 2));
    let filters: Filter = serde_json::from_value(json!({"value": [{"value": 1}]})).unwrap();
    assert!(matches!(filters.value, Some(FilterValue::Filters(_))));
}

#[test]
fn top_level_values_that_are_not_objects_fail_clearly() {
    let error = serde_json::from_str::<Contact>("[1]")
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("invalid type: sequence, expected a JSON object for Contact"),
        "{error}"
    );
    let error = serde_json::from_str::<Contact>("null")
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("invalid type: null, expected a JSON object for Contact"),
        "{error}"
    );
    let error = serde_json::from_str::<Role>("1").unwrap_err().to_string();
    assert!(
        error.starts_with("invalid type: integer `1`, expected a string for Role"),
        "{error}"
    );
}

#[test]
fn scalars_convert_only_exactly() {
    fn decode<T: Decode>(json: Value) -> Decoded<T> {
        T::decode(json).unwrap()
    }
    assert_eq!(
        decode::<i64>(json!(42.0)),
        Decoded::Coerced(42, json!(42.0))
    );
    assert_eq!(
        decode::<i64>(json!("-42")),
        Decoded::Coerced(-42, json!("-42"))
    );
    for raw in [
        json!(4.5),
        json!("007"),
        json!("+1"),
        json!("1e3"),
        json!(u64::MAX),
        json!(true),
    ] {
        assert_eq!(decode::<i64>(raw.clone()), Decoded::Raw(raw));
    }
    assert_eq!(decode::<f64>(json!(3)), Decoded::Coerced(3.0, json!(3)));
    assert_eq!(
        decode::<f64>(json!("1.5")),
        Decoded::Coerced(1.5, json!("1.5"))
    );
    assert_eq!(decode::<f64>(json!("NaN")), Decoded::Raw(json!("NaN")));
    assert_eq!(
        decode::<String>(json!(1.5)),
        Decoded::Coerced("1.5".into(), json!(1.5))
    );
    assert_eq!(decode::<String>(json!(true)), Decoded::Raw(json!(true)));
    assert_eq!(
        decode::<bool>(json!("false")),
        Decoded::Coerced(false, json!("false"))
    );
    assert_eq!(decode::<bool>(json!(0)), Decoded::Raw(json!(0)));
    assert_eq!(decode::<Value>(Value::Null), Decoded::Value(Value::Null));
}

#[test]
fn collections_fall_back_to_raw_whole() {
    type Map = std::collections::BTreeMap<String, i64>;
    assert_eq!(
        decode_vec(json!([1, "2"])),
        Decoded::Coerced(vec![1, 2], json!([1, "2"]))
    );
    assert_eq!(
        decode_vec(json!([1, null, 3])),
        Decoded::Raw(json!([1, null, 3]))
    );
    assert_eq!(decode_vec(json!({"a": 1})), Decoded::Raw(json!({"a": 1})));
    let json = json!({"a": 1, "b": "x", "c": 3});
    assert_eq!(Map::decode(&json).unwrap(), Decoded::Raw(json));
    let decoded = Map::decode(&json!({"a": 1})).unwrap();
    assert_eq!(decoded, Decoded::Value(Map::from([("a".into(), 1)])));
}

fn decode_vec(json: Value) -> Decoded<Vec<i64>> {
    let text = json.to_string();
    Vec::decode(&mut serde_json::Deserializer::from_str(&text)).unwrap()
}

/// Doubles decode to the nearest `f64` and encode with the digits received (serde_json's
/// `float_roundtrip`, which the runtime turns on for every crate that uses it); without it the
/// last digit of some values changes.
#[test]
fn doubles_round_trip_to_the_last_digit() {
    let value: f64 = serde_json::from_str("97650784.17037511").unwrap();
    assert_eq!(value.to_string(), "97650784.17037511");
}

/// Nullable array items: `null` is `None`, and the array is kept typed rather than raw.
#[test]
fn nullable_items_decode_as_none() {
    let decoded: Vec<Option<String>> = serde_json::from_value(json!([null, "x"])).unwrap();
    assert_eq!(decoded, [None, Some("x".to_owned())]);
    let decoded = <Vec<Option<String>> as Decode>::decode(&json!([null, "x"])).unwrap();
    assert_eq!(decoded, Decoded::Value(vec![None, Some("x".to_owned())]));
}

/// A string enum of one value (`type: [admin]`) is a `Tag`: its default and its placeholder are
/// that value, so `Default` of the structs holding it is valid. Other enums have no `Default`,
/// and their placeholder is the catch-all with the empty string.
enum Admin {}

impl TagValue for Admin {
    const VALUE: &'static str = "admin";
}

type AdminType = model::Tag<Admin>;

#[test]
fn a_tag_defaults_to_its_value_and_other_enums_to_no_value() {
    assert_eq!(AdminType::default().as_str(), "admin");
    assert_eq!(AdminType::placeholder(), AdminType::new());
    assert!(!AdminType::placeholder().is_unknown());
    assert_eq!(Role::placeholder(), Role::Unknown(String::new()));
}

/// A tag keeps a value the description does not list, and sends it back; it compares as its
/// wire text, like the enums.
#[test]
fn a_tag_keeps_values_it_does_not_list() {
    let listed: AdminType = serde_json::from_value(json!("admin")).unwrap();
    assert!(!listed.is_unknown());
    assert_eq!(listed, AdminType::new());
    let other: AdminType = serde_json::from_value(json!("owner")).unwrap();
    assert!(other.is_unknown());
    assert_eq!(
        (other.as_str(), other.to_string()),
        ("owner", "owner".to_owned())
    );
    assert_eq!(serde_json::to_value(&other).unwrap(), json!("owner"));
    assert_eq!(other, AdminType::from("owner"));
    assert_ne!(other, listed);
    assert!(listed < other);
    assert_eq!(format!("{listed:?}"), r#"Tag("admin")"#);
    let decoded = <AdminType as Decode>::decode(&json!(7)).unwrap();
    assert_eq!(decoded, Decoded::Raw(json!(7)));
}

/// String enums compare, hash and sort as their wire text: a catch-all built by hand with a
/// known value is that value.
#[test]
fn string_enums_compare_as_their_wire_text() {
    assert_eq!(Role::Unknown("admin".into()), Role::Admin);
    assert_ne!(Role::Unknown("owner".into()), Role::Admin);
    let mut roles = vec![
        Role::User,
        Role::Unknown("owner".into()),
        Role::Admin,
        Role::Unknown("admin".into()),
    ];
    roles.sort();
    let texts: Vec<&str> = roles.iter().map(Role::as_str).collect();
    assert_eq!(texts, ["admin", "admin", "owner", "user"]);
    let distinct: std::collections::HashSet<Role> = roles.into_iter().collect();
    assert_eq!(distinct.len(), 3);
}

/// An integer where a number is declared encodes back as the integer it was.
#[test]
fn integers_in_number_fields_round_trip() {
    let decoded = <f64 as Decode>::decode(&json!(0)).unwrap();
    assert_eq!(decoded, Decoded::Coerced(0.0, json!(0)));
}

/// `Debug` of a struct is its type's name and the JSON it encodes to: what it received, with a
/// converted value as it came and the keys the type does not describe; `{:#?}` indents it.
#[test]
fn debug_shows_the_type_and_what_was_received() {
    let contact = contact(
        &json!({"id": 7, "owner_id": null, "tags": [{"name": "vip"}],
        "role": "admin", "plan": "pro"}),
    );
    assert_eq!(
        format!("{contact:?}"),
        r#"Contact {"id":7,"owner_id":null,"tags":[{"name":"vip"}],"role":"admin","plan":"pro"}"#
    );
    let company = Company {
        kind: None,
        id: "c1".into(),
        size: Some(3),
        extra: Extra::default(),
    };
    assert_eq!(
        format!("{company:#?}"),
        "Company {\n  \"id\": \"c1\",\n  \"size\": 3\n}"
    );
    // A union shows its own name and what it encodes to.
    assert_eq!(
        format!("{:?}", Item::Company(company)),
        r#"Item {"id":"c1","size":3}"#
    );
}

/// A string enum shows its wire text, as a struct holding it does; a value the crate does not
/// know shows as such.
#[test]
fn string_enums_debug_as_their_wire_text() {
    assert_eq!(format!("{:?}", Role::Admin), r#""admin""#);
    assert_eq!(
        format!("{:?}", Role::Unknown("owner".into())),
        r#"Unknown("owner")"#
    );
}

/// Unions, like structs, are equal when they encode to the same JSON text.
#[test]
fn unions_are_equal_when_they_encode_to_the_same_json() {
    let company = |size| {
        Item::Company(Company {
            kind: None,
            id: "c1".into(),
            size: Some(size),
            extra: Extra::default(),
        })
    };
    assert_eq!(company(3), company(3));
    assert_ne!(company(3), company(4));
}
