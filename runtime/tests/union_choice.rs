//! How a union chooses its variant when shapes alone tie: by the values its variants allow, the
//! constants they declare, the keys of the objects they nest, and the values their fields can
//! hold.

use intercom_runtime::model::union::{decode_union, variant, Allowed, Shape, Variant};
use intercom_runtime::model::Decoded;
use serde_json::{json, Value};

#[path = "support/models.rs"]
mod models;
use models::Filter;

/// A search query is one filter (`field`, `operator` among `=`, `>`, ..., `value`) or several
/// (`operator` `AND`/`OR`, `value` a list). Both describe `operator` and `value`, so shapes
/// alone tie; the operator's allowed values decide, whichever variant is listed first.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
enum Query {
    Single(Filter),
    Multiple(Filter),
}

const SINGLE_OPERATORS: &[&str] = &["=", "!=", ">", "<"];
const MULTIPLE_OPERATORS: &[&str] = &["AND", "OR"];

fn query_variants(single_first: bool) -> Vec<Variant<Query>> {
    let single = Variant {
        tags: &[],
        shape: Shape::Object(&[("field", false), ("operator", false), ("value", false)]),
        allowed: &[("operator", Allowed::Strings(SINGLE_OPERATORS))],
        decode: |value| variant(value, Query::Single),
    };
    let multiple = Variant {
        tags: &[],
        shape: Shape::Object(&[("operator", false), ("value", false)]),
        allowed: &[("operator", Allowed::Strings(MULTIPLE_OPERATORS))],
        decode: |value| variant(value, Query::Multiple),
    };
    if single_first {
        vec![single, multiple]
    } else {
        vec![multiple, single]
    }
}

fn query(value: &Value, single_first: bool) -> Decoded<Query> {
    decode_union(value, "type", &query_variants(single_first)).unwrap()
}

#[test]
fn enum_values_in_the_data_choose_the_union_variant() {
    let compound = json!({"operator": "AND", "value": [{"value": "x"}]});
    let single = json!({"operator": "=", "value": "x"});
    for single_first in [true, false] {
        assert!(
            matches!(
                query(&compound, single_first),
                Decoded::Value(Query::Multiple(_))
            ),
            "AND is a compound filter (single listed first: {single_first})"
        );
        assert!(
            matches!(
                query(&single, single_first),
                Decoded::Value(Query::Single(_))
            ),
            "= is a single filter (single listed first: {single_first})"
        );
    }
}

/// Which variant of a `Query`-shaped union (both holding a `Filter`) `value` decodes as, given
/// the two variants' descriptions: `first` is listed first, so it wins ties.
fn chosen(value: &Value, first: Variant<Query>, second: Variant<Query>) -> &'static str {
    match decode_union(value, "type", &[first, second]).unwrap() {
        Decoded::Value(Query::Single(_)) => "first",
        Decoded::Value(Query::Multiple(_)) => "second",
        other => panic!("not decoded as a variant: {other:?}"),
    }
}

fn described(
    shape: Shape,
    allowed: &'static [(&'static str, Allowed)],
    decode: fn(Value) -> Decoded<Query>,
) -> Variant<Query> {
    Variant {
        tags: &[],
        shape,
        allowed,
        decode,
    }
}

/// `{allowed: true, summary}` or `{allowed: false, reasons}`: a boolean constant the data
/// contradicts rules the variant out, whichever is listed first.
#[test]
fn boolean_constants_in_the_data_choose_the_union_variant() {
    const FIELDS: &[(&str, bool)] = &[("allowed", false), ("value", false)];
    const YES: &[(&str, Allowed)] = &[("allowed", Allowed::Booleans(&[true]))];
    const NO: &[(&str, Allowed)] = &[("allowed", Allowed::Booleans(&[false]))];
    let blocked = json!({"allowed": false});
    for (first, second, expected) in [(YES, NO, "second"), (NO, YES, "first")] {
        let first = described(Shape::Object(FIELDS), first, |v| variant(v, Query::Single));
        let second = described(Shape::Object(FIELDS), second, |v| {
            variant(v, Query::Multiple)
        });
        assert_eq!(chosen(&blocked, first, second), expected);
    }
    // Integer and number constants likewise.
    let one = &[("value", Allowed::Integers(&[1]))];
    let two = &[("value", Allowed::Numbers(&[2.0]))];
    let one = described(Shape::Object(FIELDS), one, |v| variant(v, Query::Single));
    let two = described(Shape::Object(FIELDS), two, |v| variant(v, Query::Multiple));
    assert_eq!(chosen(&json!({"value": 2}), one, two), "second");
}

/// Two variants that describe the same keys are told apart by the keys of the nested objects
/// they describe (`value.previous` is described by the second only).
#[test]
fn nested_keys_choose_the_union_variant() {
    const OUTER: &[(&str, bool)] = &[("value", false)];
    const NAME: &[(&str, bool)] = &[("name", false)];
    const NAME_AND_PREVIOUS: &[(&str, bool)] = &[("name", false), ("previous", false)];
    let value = json!({"value": {"name": "x", "previous": "y"}});
    let first = described(
        Shape::Object(OUTER),
        &[("value", Allowed::Shape(Shape::Object(NAME)))],
        |v| variant(v, Query::Single),
    );
    let second = described(
        Shape::Object(OUTER),
        &[("value", Allowed::Shape(Shape::Object(NAME_AND_PREVIOUS)))],
        |v| variant(v, Query::Multiple),
    );
    assert_eq!(chosen(&value, first, second), "second");
}

/// A variant that is itself a union scores as the best of its own variants: `{email,
/// skip_notifications}` is the union of contact replies (one of which has `email`), not the
/// admin reply that only shares `skip_notifications`.
#[test]
fn a_union_variant_scores_as_its_best_variant() {
    const EMAIL: &[(&str, bool)] = &[("skip_notifications", false), ("email", true)];
    const USER_ID: &[(&str, bool)] = &[("skip_notifications", false), ("user_id", true)];
    const ADMIN: &[(&str, bool)] = &[("skip_notifications", false), ("admin_id", false)];
    let value = json!({"email": "a@b.c", "skip_notifications": true});
    let admin = described(Shape::Object(ADMIN), &[], |v| variant(v, Query::Single));
    let contact = described(
        Shape::Union(&[Shape::Object(EMAIL), Shape::Object(USER_ID)]),
        &[],
        |v| variant(v, Query::Multiple),
    );
    assert_eq!(chosen(&value, admin, contact), "second");
}

/// A described key whose value the variant's field cannot hold (an object where a list is
/// declared) counts against the variant: the variant that does not describe it wins.
#[test]
fn values_the_variant_cannot_hold_count_against_it() {
    const LIST: &[(&str, bool)] = &[("description", false), ("options", true)];
    const OTHER: &[(&str, bool)] = &[("description", false)];
    let list = || {
        described(
            Shape::Object(LIST),
            &[(
                "options",
                Allowed::Shape(Shape::Array(&Shape::Object(OTHER))),
            )],
            |v| variant(v, Query::Single),
        )
    };
    let other = || described(Shape::Object(OTHER), &[], |v| variant(v, Query::Multiple));
    let misfit = json!({"description": "d", "options": {"value": "1-10"}});
    assert_eq!(chosen(&misfit, list(), other()), "second");
    let fits = json!({"description": "d", "options": [{"description": "1-10"}]});
    assert_eq!(chosen(&fits, list(), other()), "first");
}

/// Variants that share a tag (`type: user` for three kinds of contact reply) are told apart by
/// their shape, not taken in order.
#[test]
fn variants_sharing_a_tag_compete_by_shape() {
    let variants = [
        Variant {
            tags: &["user"],
            shape: Shape::Object(&[("type", true), ("intercom_user_id", true)]),
            allowed: &[],
            decode: |value| variant(value, Query::Single),
        },
        Variant {
            tags: &["user"],
            shape: Shape::Object(&[("type", true), ("email", true)]),
            allowed: &[],
            decode: |value| variant(value, Query::Multiple),
        },
    ];
    let decoded = decode_union(
        &json!({"type": "user", "email": "a@b.c"}),
        "type",
        &variants,
    );
    assert!(matches!(
        decoded.unwrap(),
        Decoded::Value(Query::Multiple(_))
    ));
}
