//! Tolerant decoding and exact re-encoding of the API's models.
//!
//! Intercom's servers do not always send what their OpenAPI description says: required keys go
//! missing, `null` appears in non-nullable fields, ids arrive as integers where strings are
//! declared, enums grow values, and objects gain keys. A generated model therefore never fails to
//! decode because one of its fields does not fit. Each object keeps what it could not place in
//! its [`Extra`], which also says what was missing or converted, and encoding the object again
//! gives back the JSON it was decoded from.
//!
//! Generated code implements [`Object`] for its structs and invokes [`object!`](crate::object)
//! and [`string_enum!`](crate::string_enum) for the serde impls, and string enums of one value
//! are [`Tag`]s; unions implement [`Decode`] with the helpers of [`union`] and invoke
//! [`union_enum!`](crate::union_enum). Fields are decoded and encoded with the functions of
//! [`field`].
//! A field decoding could not fill holds its [`Placeholder`], which is not a valid value: only
//! types whose default the spec accepts implement [`Default`].

pub mod audit;
mod debug;
mod decode;
mod equal;
mod extra;
pub mod field;
mod macros;
mod nullable;
mod placeholder;
mod tag;
pub mod union;

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Unexpected};
use serde::ser::SerializeMap;
use serde::{Deserializer, Serialize, Serializer};
use serde_json::Value;

pub use debug::{debug_as_json, debug_string_enum};
use decode::decode_with;
pub use equal::eq_as_json;
pub use extra::Extra;
pub use nullable::Nullable;
pub use placeholder::Placeholder;
pub use tag::{Tag, TagValue};

/// Outcome of decoding one value tolerantly.
#[derive(Clone, Debug, PartialEq)]
pub enum Decoded<T> {
    /// The value had the declared type.
    Value(T),
    /// The value was converted exactly to the declared type: the integer `12345` to the string
    /// `"12345"`; `"42"` or `42.0` to the integer `42`; `"1.5"` to a number; `"true"` or
    /// `"false"` to a boolean. The value as sent comes second, so it can be sent back as it was.
    Coerced(T, Value),
    /// The value was `null`.
    Null,
    /// The value could not be made to fit; kept as sent.
    Raw(Value),
}

impl<T> Decoded<T> {
    /// Puts a decoded value into `slot`, keeping how it was obtained; the slot is left as it
    /// was for `null` and a value that did not fit.
    #[inline]
    pub fn fill<S: Slot<T>>(self, slot: &mut S) -> Decoded<()> {
        match self {
            Decoded::Value(value) => {
                slot.fill(value);
                Decoded::Value(())
            }
            Decoded::Coerced(value, original) => {
                slot.fill(value);
                Decoded::Coerced((), original)
            }
            Decoded::Null => Decoded::Null,
            Decoded::Raw(raw) => Decoded::Raw(raw),
        }
    }

    /// Applies `f` to the decoded value, keeping how it was obtained.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Decoded<U> {
        match self {
            Decoded::Value(value) => Decoded::Value(f(value)),
            Decoded::Coerced(value, original) => Decoded::Coerced(f(value), original),
            Decoded::Null => Decoded::Null,
            Decoded::Raw(raw) => Decoded::Raw(raw),
        }
    }
}

/// Tolerant decoding: decoding never fails because a value does not have the declared type; it
/// reports how the value was obtained instead.
///
/// Implemented for `String`, `i64`, `f64`, `bool`, [`serde_json::Value`] (which takes `null` as
/// a value), `Vec<T>`, `BTreeMap<String, T>`, `Option<T>` (an element that may be `null`),
/// [`Tag`] and every [`Object`] (the generated structs), and by the generated unions and string
/// enums.
///
/// Only self-describing formats are supported (`serde_json` and [`serde_json::Value`]): decoding
/// inspects what the value is with `deserialize_any`.
pub trait Decode: Sized {
    /// Whether decoding can give [`Decoded::Coerced`]. Types that never convert (structs,
    /// string enums) say `false`, so encoding never decodes a field of theirs again from the
    /// form it was received in: that check is then not compiled for them, which is about a
    /// fifth of a generated crate's build.
    const CONVERTS: bool = true;

    /// Decodes a value.
    ///
    /// # Errors
    ///
    /// Only errors of the deserializer itself, such as malformed JSON.
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error>;

    /// Decodes a value into `slot` (see [`Decoded::fill`]): what the field functions of
    /// [`field`] and arrays call. The types decoded most (strings, numbers, booleans, structs,
    /// arrays, maps) write a value that fits straight into its slot, so that it is not moved out
    /// through every layer of decoding and then matched again: 5% fewer instructions for the
    /// contacts benchmark, 7% for the conversation.
    ///
    /// # Errors
    ///
    /// Only errors of the deserializer itself, such as malformed JSON.
    #[inline]
    fn decode_into<'de, D: Deserializer<'de>, S: Slot<Self>>(
        deserializer: D,
        slot: &mut S,
    ) -> Result<Decoded<()>, D::Error> {
        Ok(Self::decode(deserializer)?.fill(slot))
    }
}

/// Where a decoded `T` is kept: a field of type `T` itself, an `Option<T>` or a [`Nullable<T>`]
/// field that then holds it, or an array it is appended to.
pub trait Slot<T> {
    /// Keeps `value`.
    fn fill(&mut self, value: T);

    /// Keeps `value` and lends it back, for a value finished in its place.
    fn emplace(&mut self, value: T) -> &mut T;
}

impl<T> Slot<T> for T {
    #[inline]
    fn fill(&mut self, value: T) {
        *self = value;
    }

    #[inline]
    fn emplace(&mut self, value: T) -> &mut T {
        *self = value;
        self
    }
}

impl<T> Slot<T> for Option<T> {
    #[inline]
    fn fill(&mut self, value: T) {
        *self = Some(value);
    }

    #[inline]
    fn emplace(&mut self, value: T) -> &mut T {
        self.insert(value)
    }
}

impl<T> Slot<T> for Nullable<T> {
    #[inline]
    fn fill(&mut self, value: T) {
        *self = Nullable::Value(value);
    }

    #[inline]
    fn emplace(&mut self, value: T) -> &mut T {
        *self = Nullable::Value(value);
        match self {
            Nullable::Value(value) => value,
            _ => unreachable!("just set"),
        }
    }
}

/// A [`DeserializeSeed`] that runs [`Decode`], for decoding the values of a `MapAccess` or the
/// elements of a `SeqAccess`.
pub struct DecodeSeed<T>(PhantomData<T>);

impl<T> DecodeSeed<T> {
    /// A seed decoding a `T`.
    pub fn new() -> Self {
        DecodeSeed(PhantomData)
    }
}

impl<T> Default for DecodeSeed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Decode> DeserializeSeed<'de> for DecodeSeed<T> {
    type Value = Decoded<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Decoded<T>, D::Error> {
        T::decode(deserializer)
    }
}

/// A [`DeserializeSeed`] that runs [`Decode::decode_into`], for the values of an object's keys.
pub(crate) struct DecodeInto<'a, T, S>(&'a mut S, PhantomData<T>);

impl<'a, T, S> DecodeInto<'a, T, S> {
    pub(crate) fn new(slot: &'a mut S) -> Self {
        DecodeInto(slot, PhantomData)
    }
}

impl<'de, T: Decode, S: Slot<T>> DeserializeSeed<'de> for DecodeInto<'_, T, S> {
    type Value = Decoded<()>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Decoded<()>, D::Error> {
        T::decode_into(deserializer, self.0)
    }
}

/// A generated struct; [`object!`](crate::object) turns it into serde impls. Every `Object` is
/// [`Decode`] and [`Placeholder`] through this trait: one generic impl each, rather than one per
/// struct, each of which cost rustc's check about 22 KB of peak memory.
///
/// Decoding starts from [`unfilled`](Self::unfilled) and fills the fields one key at a time, so
/// the fields of keys that are absent or do not fit keep their placeholder.
pub trait Object: Sized {
    /// The JSON keys the type describes, with whether the spec requires each.
    const FIELDS: &'static [(&'static str, bool)];

    /// The object before any key is decoded, every field holding its [`Placeholder`]: the
    /// struct's placeholder.
    fn unfilled() -> Self;

    /// Decodes the value of `key` into its field, with the functions of [`field`], if `key` is
    /// one of [`FIELDS`](Self::FIELDS): returns its index there, or `None` (the value is not
    /// read) for a key the type does not describe.
    ///
    /// # Errors
    ///
    /// Only errors of the deserializer itself.
    fn decode_field<V: field::Values>(
        &mut self,
        key: &str,
        decoder: &mut field::Decoder<V>,
    ) -> Result<Option<usize>, V::Error>;

    /// Encodes the described fields, with the `encode_*` functions of [`field`]. The encoder
    /// keeps the first error of the serializer.
    fn encode_fields<M: SerializeMap>(&self, encoder: &mut field::Encoder<'_, M>);

    /// What the object received that the type does not describe.
    fn extra(&self) -> &Extra;

    /// What the object received that the type does not describe, to change what it sends.
    fn extra_mut(&mut self) -> &mut Extra;

    /// Decodes the value of a key [`FIELDS`](Self::FIELDS) does not list.
    ///
    /// By default the value is kept in [`extra`](Self::extra) as received. Types with typed
    /// `additionalProperties` decode it into their map instead, and fall back to `extra` when it
    /// does not fit.
    ///
    /// # Errors
    ///
    /// Only errors of the deserializer itself.
    fn decode_other<V: field::Values>(
        &mut self,
        key: Cow<'_, str>,
        decoder: &mut field::Decoder<V>,
    ) -> Result<(), V::Error> {
        decoder.keep(&key)
    }

    /// Encodes what [`decode_other`](Self::decode_other) kept elsewhere than in `extra` (typed
    /// additional properties). By default, nothing.
    fn encode_other<M: SerializeMap>(&self, encoder: &mut field::Encoder<'_, M>) {
        let _ = encoder;
    }
}

/// Encodes an [`Object`]: what [`object!`](crate::object) implements [`serde::Serialize`] with.
///
/// The described fields come first, then the typed additional properties, then the unknown keys
/// kept in [`Extra`].
///
/// # Errors
///
/// Errors of the serializer.
pub fn encode_object<T: Object, S: Serializer>(
    object: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    let mut encoder = field::Encoder::new(&mut map, object.extra());
    encoder.start_object(std::any::type_name::<T>(), T::FIELDS);
    object.encode_fields(&mut encoder);
    object.encode_other(&mut encoder);
    encoder.end_object(T::FIELDS)?;
    map.end()
}

/// Encodes `value` into a [`Value`] through the JSON text, with the serializer request bodies
/// use: `serde_json::to_value` would compile every model's `Serialize` a second time, for its
/// own serializer.
pub(crate) fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, serde_json::Error> {
    serde_json::from_slice(&serde_json::to_vec(value)?)
}

/// Decodes a generated string enum: what [`string_enum!`](crate::string_enum) implements
/// [`Decode`] with. Every string is a value (unknown ones go to the enum's catch-all variant);
/// anything else is [`Decoded::Raw`] (or [`Decoded::Null`]).
///
/// # Errors
///
/// Only errors of the deserializer itself.
pub fn decode_string_enum<'de, T, D>(deserializer: D) -> Result<Decoded<T>, D::Error>
where
    T: for<'a> From<&'a str>,
    D: Deserializer<'de>,
{
    Ok(decode_with::<decode::EnumText, D>(deserializer)?.map(|text| T::from(&text)))
}

/// Encodes a generated string enum: what [`string_enum!`](crate::string_enum) implements
/// [`serde::Serialize`] with. `known` is false for the catch-all variant, which the typed
/// projection of an [`audit`] marks.
///
/// # Errors
///
/// Errors of the serializer.
pub fn encode_string_enum<S: Serializer>(
    serializer: S,
    value: &str,
    known: bool,
) -> Result<S::Ok, S::Error> {
    if known || !audit::projecting() {
        return serializer.serialize_str(value);
    }
    audit::encode_unknown_enum_value(serializer, value)
}

/// Strict decoding for the top level of a response, where a value that does not fit cannot be
/// kept anywhere: converted values are accepted, but `null` and values that do not fit are
/// errors.
///
/// `expected` completes the error message "invalid type: ..., expected ...", such as
/// `"a JSON object for Contact"`.
///
/// # Errors
///
/// Errors of the deserializer, and an invalid-type error for `null` and values that do not fit.
pub fn deserialize<'de, T: Decode, D: Deserializer<'de>>(
    deserializer: D,
    expected: &'static str,
) -> Result<T, D::Error> {
    match T::decode(deserializer)? {
        Decoded::Value(value) | Decoded::Coerced(value, _) => Ok(value),
        Decoded::Null => Err(de::Error::invalid_type(Unexpected::Unit, &expected)),
        Decoded::Raw(raw) => Err(de::Error::invalid_type(unexpected(&raw), &expected)),
    }
}

/// Describes a JSON value for an error message.
fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(value) => Unexpected::Bool(*value),
        Value::Number(number) => match (number.as_u64(), number.as_i64()) {
            (Some(value), _) => Unexpected::Unsigned(value),
            (None, Some(value)) => Unexpected::Signed(value),
            (None, None) => Unexpected::Float(number.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(value) => Unexpected::Str(value),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}
