//! Decoding of unions (`oneOf` / `anyOf`), for generated [`Decode`] impls.
//!
//! A union is buffered into a [`serde_json::Value`] (unions are rare, so this costs little), then
//! decoded as the variant that fits it best. Generated unions encode with
//! `#[derive(Serialize)] #[serde(untagged)]`.
//!
//! ```
//! use intercom_runtime::model::union::{decode_union, variant, Shape, Variant};
//! use intercom_runtime::model::{Decode, Decoded};
//!
//! #[derive(Debug, PartialEq, serde::Serialize)]
//! #[serde(untagged)]
//! enum Id {
//!     Text(String),
//!     Number(i64),
//! }
//!
//! impl Decode for Id {
//!     fn decode<'de, D: serde::Deserializer<'de>>(
//!         deserializer: D,
//!     ) -> Result<Decoded<Self>, D::Error> {
//!         decode_union(
//!             deserializer,
//!             "type",
//!             &[
//!                 Variant {
//!                     tags: &[],
//!                     shape: Shape::String,
//!                     allowed: &[],
//!                     decode: |v| variant(v, Id::Text),
//!                 },
//!                 Variant {
//!                     tags: &[],
//!                     shape: Shape::Integer,
//!                     allowed: &[],
//!                     decode: |v| variant(v, Id::Number),
//!                 },
//!             ],
//!         )
//!     }
//! }
//!
//! let decoded = Id::decode(&serde_json::json!(7)).unwrap();
//! assert_eq!(decoded, Decoded::Value(Id::Number(7)));
//! ```

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::{Decode, Decoded};

/// One variant of a union.
pub struct Variant<U> {
    /// The values of the union's tag key (`type`, or the discriminator's property) that select
    /// this variant: from the discriminator's mapping, or the one value the variant's own tag
    /// property allows. Empty when the variant is not tagged.
    pub tags: &'static [&'static str],
    /// Which JSON values the variant can hold.
    pub shape: Shape,
    /// Keys of the variant's object with the values each allows (see [`Allowed`]): the data
    /// counts for the variant where it fits them, and against it, or rules it out, where not.
    pub allowed: &'static [(&'static str, Allowed)],
    /// Decodes the value as this variant (with [`variant`]).
    pub decode: fn(Value) -> Decoded<U>,
}

/// The values a key of a union variant's object allows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Allowed {
    /// One of these strings (a string enum): another string rules the variant out.
    Strings(&'static [&'static str]),
    /// One of these booleans (`enum: [true]`): the other one rules the variant out.
    Booleans(&'static [bool]),
    /// One of these integers: another integer rules the variant out.
    Integers(&'static [i64]),
    /// One of these numbers: another number rules the variant out.
    Numbers(&'static [f64]),
    /// Any value of this shape: a value it holds counts for the variant as [`Shape`] scores it
    /// (the keys of a nested object it describes), one it cannot hold counts against it.
    Shape(Shape),
}

impl Allowed {
    /// How much the value of the key says for the variant, or `None` if it rules it out. A
    /// value of another kind than a closed list's (or `null`) says nothing.
    fn score(self, value: &Value) -> Option<i64> {
        let listed = match (self, value) {
            (_, Value::Null) => return Some(0),
            (Allowed::Shape(shape), value) => return Some(shape.score(value).unwrap_or(MISFIT)),
            (Allowed::Strings(values), Value::String(text)) => values.contains(&text.as_str()),
            (Allowed::Booleans(values), Value::Bool(flag)) => values.contains(flag),
            (Allowed::Integers(values), Value::Number(number)) if number.is_i64() => number
                .as_i64()
                .is_some_and(|number| values.contains(&number)),
            (Allowed::Numbers(values), Value::Number(number)) => number
                .as_f64()
                .is_some_and(|number| values.contains(&number)),
            _ => return Some(0),
        };
        listed.then_some(1)
    }
}

/// What a value that contradicts a variant costs it: as much as a required key it lacks, so it
/// outweighs the point the key itself earns.
const MISFIT: i64 = -2;

/// Which JSON values a union variant can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Objects of a generated struct, with the struct's
    /// [`FIELDS`](super::Object::FIELDS).
    Object(&'static [(&'static str, bool)]),
    /// Objects used as maps.
    Map,
    /// Arrays whose items have this shape (`null` items fit any).
    Array(&'static Shape),
    /// Strings.
    String,
    /// Integers.
    Integer,
    /// Numbers, integers included.
    Number,
    /// `true` and `false`.
    Boolean,
    /// The values of a union: those one of these shapes (its variants') holds, scored as the
    /// best of them.
    Union(&'static [Shape]),
    /// Any value.
    Any,
}

impl Shape {
    /// How well `value` fits this shape, or `None` if it cannot hold it. An object scores one
    /// point per key the variant describes and loses two per required key it lacks; an array,
    /// the sum of its items' scores, so two array variants are told apart by their items.
    fn score(self, value: &Value) -> Option<i64> {
        match (self, value) {
            (Shape::Object(fields), Value::Object(object)) => {
                let described = object
                    .keys()
                    .filter(|key| fields.iter().any(|(field, _)| field == key))
                    .count();
                let absent = fields
                    .iter()
                    .filter(|(field, required)| *required && !object.contains_key(*field))
                    .count();
                Some(described as i64 + MISFIT * absent as i64)
            }
            (Shape::Array(item), Value::Array(items)) => items
                .iter()
                .filter(|value| !value.is_null())
                .try_fold(0, |total, value| Some(total + item.score(value)?)),
            (Shape::Union(shapes), value) => {
                shapes.iter().filter_map(|shape| shape.score(value)).max()
            }
            (Shape::Integer, Value::Number(number)) if number.is_f64() => None,
            (Shape::Map, Value::Object(_))
            | (Shape::String, Value::String(_))
            | (Shape::Integer | Shape::Number, Value::Number(_))
            | (Shape::Boolean, Value::Bool(_))
            | (Shape::Any, _) => Some(0),
            _ => None,
        }
    }
}

/// Decodes a union as the variant of `variants` that fits the value best.
///
/// `null` is [`Decoded::Null`]. An object whose `tag_property` key holds the tag of one variant
/// is that variant; when several variants share the tag, they compete as below.
/// Otherwise the variants whose [`Shape`] can hold the value compete, leaving out those with a
/// different tag and those whose closed lists of [`Variant::allowed`] values the object
/// contradicts. The best score wins: a point per key the variant describes and per key whose
/// value its lists allow, the score of each value of a key with an allowed [`Shape`] (so nested
/// objects count their keys too), less two per required key missing and per value its shape
/// cannot hold; the first wins ties. A value no variant can hold is [`Decoded::Raw`].
///
/// # Errors
///
/// Only errors of the deserializer itself.
pub fn decode_union<'de, D: Deserializer<'de>, U>(
    deserializer: D,
    tag_property: &str,
    variants: &[Variant<U>],
) -> Result<Decoded<U>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    if value.is_null() {
        return Ok(Decoded::Null);
    }
    let tag = value.get(tag_property).and_then(Value::as_str);
    let tagged: Vec<&Variant<U>> = match tag {
        Some(tag) => variants
            .iter()
            .filter(|variant| variant.tags.contains(&tag))
            .collect(),
        None => Vec::new(),
    };
    if let [only] = tagged.as_slice() {
        return Ok((only.decode)(value));
    }
    let mut best: Option<(i64, &Variant<U>)> = None;
    for variant in variants {
        let shares_tag = tagged
            .iter()
            .any(|candidate| std::ptr::eq(*candidate, variant));
        if tag.is_some() && !variant.tags.is_empty() && !shares_tag {
            // Tagged for another variant; variants that share the tag compete by shape.
            continue;
        }
        let Some(proved) = allowed_values(variant, &value) else {
            continue;
        };
        if let Some(score) = variant.shape.score(&value) {
            let score = score + proved;
            if best.is_none_or(|(best, _)| score > best) {
                best = Some((score, variant));
            }
        }
    }
    Ok(match best {
        Some((_, chosen)) => (chosen.decode)(value),
        None => Decoded::Raw(value),
    })
}

/// What the values of `variant`'s [`allowed`](Variant::allowed) keys say for it, or `None` when
/// one rules it out (the value is not this variant).
fn allowed_values<U>(variant: &Variant<U>, value: &Value) -> Option<i64> {
    let mut proved = 0;
    for (key, allowed) in variant.allowed {
        if let Some(value) = value.get(key) {
            proved += allowed.score(value)?;
        }
    }
    Some(proved)
}

/// Decodes `value` as a `T` and wraps it into the union `U`: the usual
/// [`Variant::decode`].
pub fn variant<T: Decode, U>(value: Value, wrap: fn(T) -> U) -> Decoded<U> {
    // Decoding from a borrowed value keeps `value` for the (theoretical) case of an error:
    // decoding a `Value` fails only if a value decoded earlier in an array cannot be encoded.
    match T::decode(&value) {
        Ok(decoded) => decoded.map(wrap),
        Err(_) => Decoded::Raw(value),
    }
}
