//! Decoding and encoding of an object's described fields, one function per kind of field, for
//! generated [`Object`](super::Object) impls.
//!
//! | spec                   | field type         | decode                | encode                       |
//! |------------------------|--------------------|-----------------------|------------------------------|
//! | required               | `T`                | [`required`]          | [`encode_required`]          |
//! | required and nullable  | `Option<T>`        | [`required_nullable`] | [`encode_required_nullable`] |
//! | optional               | `Option<T>`        | [`optional`]          | [`encode_optional`]          |
//! | optional and nullable  | [`Nullable<T>`]    | [`nullable`]          | [`encode_nullable`]          |
//!
//! A field that closes a cycle of types is boxed (and optional): `Option<Box<T>>` with
//! [`optional_boxed`] and [`encode_optional_boxed`], `Nullable<Box<T>>` with [`nullable_boxed`]
//! and [`encode_nullable_boxed`].
//!
//! Decoding never fails on a value that does not fit: the field keeps its [`Placeholder`] (for
//! an optional field `None` or `Absent`) and the value goes to the object's [`Extra`], as does a
//! `null` the spec forbids. Encoding sends that raw value back while the field still holds the
//! placeholder, and leaves out required keys that were missing, so that a decoded object encodes
//! to the JSON it came from.
//!
//! A decoding function returns the index of the field's row in
//! [`FIELDS`](super::Object::FIELDS), which it is given, for
//! [`decode_field`](super::Object::decode_field) to return as is. The encoding functions send
//! through an [`Encoder`].
//!
//! Objects with typed `additionalProperties` keep undescribed keys in a map with
//! [`additional`] and [`encode_additional`].

use serde::de::MapAccess;
use serde::ser::SerializeMap;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde_json::value::RawValue;
use serde_json::Value;

use super::{Decode, DecodeInto, Decoded, Extra, Nullable, Placeholder, Slot};

/// The values of the map an object is decoded from, as the field functions read them: a
/// [`MapAccess`] without its deserializer's lifetime. A generated `decode_field` calls a field
/// function per field, and the compiler checks each call for every generic parameter and every
/// lifetime the function has: without the deserializer's, a call costs it about a fifth less.
pub trait Values {
    /// The deserializer's error.
    type Error;

    /// Decodes the value of the key just read into `slot` (see [`Decode::decode_into`]).
    ///
    /// # Errors
    ///
    /// Only errors of the deserializer itself.
    fn next_into<T: Decode, S: Slot<T>>(
        &mut self,
        slot: &mut S,
    ) -> Result<Decoded<()>, Self::Error>;

    /// Keeps the value of the key just read, `key`, in `extra` as received.
    ///
    /// # Errors
    ///
    /// Only errors of the deserializer itself.
    fn keep(&mut self, key: &str, extra: &mut Extra) -> Result<(), Self::Error>;
}

/// The [`Values`] of a [`MapAccess`], which it owns.
pub(super) struct MapValues<'de, A> {
    pub(super) map: A,
    deserializer: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> MapValues<'de, A> {
    pub(super) fn new(map: A) -> Self {
        MapValues {
            map,
            deserializer: PhantomData,
        }
    }
}

impl<'de, A: MapAccess<'de>> Values for MapValues<'de, A> {
    type Error = A::Error;

    #[inline]
    fn next_into<T: Decode, S: Slot<T>>(&mut self, slot: &mut S) -> Result<Decoded<()>, A::Error> {
        self.map.next_value_seed(DecodeInto::<T, S>::new(slot))
    }

    fn keep(&mut self, key: &str, extra: &mut Extra) -> Result<(), A::Error> {
        extra.push_received(key, &mut self.map)
    }
}

/// An object's map while it is decoded: its [`Values`], and the [`Extra`] that keeps what does
/// not fit, which becomes the object's once every key is read.
///
/// One argument for both, without a lifetime of its own: the compiler checks every borrow and
/// every lifetime of every call of a field function, and passing the object's `extra` to each
/// as well cost it about a quarter of a call more.
pub struct Decoder<V> {
    values: V,
    extra: Extra,
}

impl<V: Values> Decoder<V> {
    /// Decodes `values`, keeping what does not fit in an empty [`Extra`].
    pub(super) fn new(values: V) -> Self {
        Decoder {
            values,
            extra: Extra::default(),
        }
    }

    /// What did not fit, once decoding is done.
    pub(super) fn into_extra(self) -> Extra {
        self.extra
    }

    /// The map being decoded, to read its keys.
    pub(super) fn values(&mut self) -> &mut V {
        &mut self.values
    }

    /// Keeps the value of `key`, which the type does not describe, as received.
    pub(super) fn keep(&mut self, key: &str) -> Result<(), V::Error> {
        self.values.keep(key, &mut self.extra)
    }

    /// Decodes the next value into `slot`, recording a conversion or a value that does not fit,
    /// which is [`Nullable::Absent`]: `slot` is filled only by a value that fits. Inlined into
    /// each field function, so that the outcome goes straight to the field: 2% fewer
    /// instructions per decode.
    #[inline(always)]
    fn fill<T: Decode, S: Slot<T>>(
        &mut self,
        key: &'static str,
        slot: &mut S,
    ) -> Result<Nullable<()>, V::Error> {
        Ok(match self.values.next_into::<T, S>(slot)? {
            Decoded::Value(()) => Nullable::Value(()),
            Decoded::Coerced((), original) => {
                // The original is kept so the object encodes as it was received while the
                // field still holds the converted value.
                self.extra.push_coerced(key);
                self.extra.insert(key, original);
                Nullable::Value(())
            }
            Decoded::Null => Nullable::Null,
            Decoded::Raw(raw) => {
                self.extra.insert(key, raw);
                Nullable::Absent
            }
        })
    }
}

/// Decodes a required, non-nullable field. On `null` the field keeps its placeholder and the
/// `null` is kept raw.
///
/// # Errors
///
/// Only errors of the deserializer itself.
pub fn required<V: Values, T: Decode>(
    decoder: &mut Decoder<V>,
    key: &'static str,
    index: usize,
    slot: &mut T,
) -> Result<Option<usize>, V::Error> {
    if decoder.fill::<T, T>(key, slot)?.is_null() {
        decoder.extra.insert(key, Value::Null);
    }
    Ok(Some(index))
}

/// Decodes a required, nullable field: `null` is `None`.
///
/// # Errors
///
/// Only errors of the deserializer itself.
pub fn required_nullable<V: Values, T: Decode>(
    decoder: &mut Decoder<V>,
    key: &'static str,
    index: usize,
    slot: &mut Option<T>,
) -> Result<Option<usize>, V::Error> {
    if decoder.fill::<T, _>(key, slot)?.value().is_none() {
        *slot = None;
    }
    Ok(Some(index))
}

/// Decodes an optional, non-nullable field. On `null` the field is `None` and the `null` is kept
/// raw, so that it is sent back.
///
/// # Errors
///
/// Only errors of the deserializer itself.
pub fn optional<V: Values, T: Decode>(
    decoder: &mut Decoder<V>,
    key: &'static str,
    index: usize,
    slot: &mut Option<T>,
) -> Result<Option<usize>, V::Error> {
    match decoder.fill::<T, _>(key, slot)? {
        Nullable::Value(()) => {}
        Nullable::Null => {
            decoder.extra.insert(key, Value::Null);
            *slot = None;
        }
        Nullable::Absent => *slot = None,
    }
    Ok(Some(index))
}

/// Decodes an optional, nullable field.
///
/// # Errors
///
/// Only errors of the deserializer itself.
pub fn nullable<V: Values, T: Decode>(
    decoder: &mut Decoder<V>,
    key: &'static str,
    index: usize,
    slot: &mut Nullable<T>,
) -> Result<Option<usize>, V::Error> {
    match decoder.fill::<T, _>(key, slot)? {
        Nullable::Value(()) => {}
        Nullable::Null => *slot = Nullable::Null,
        Nullable::Absent => *slot = Nullable::Absent,
    }
    Ok(Some(index))
}

/// Decodes a field that closes a cycle of types (rule `recursive-types`), which is optional
/// and boxed: as [`optional`].
///
/// # Errors
///
/// Only errors of the deserializer itself.
pub fn optional_boxed<V: Values, T: Decode>(
    decoder: &mut Decoder<V>,
    key: &'static str,
    index: usize,
    slot: &mut Option<Box<T>>,
) -> Result<Option<usize>, V::Error> {
    let mut value = None;
    let index = optional(decoder, key, index, &mut value)?;
    *slot = value.map(Box::new);
    Ok(index)
}

/// Decodes a nullable field that closes a cycle of types, which is boxed: as [`nullable`].
///
/// # Errors
///
/// Only errors of the deserializer itself.
pub fn nullable_boxed<V: Values, T: Decode>(
    decoder: &mut Decoder<V>,
    key: &'static str,
    index: usize,
    slot: &mut Nullable<Box<T>>,
) -> Result<Option<usize>, V::Error> {
    let mut value = Nullable::Absent;
    let index = nullable(decoder, key, index, &mut value)?;
    *slot = value.map(Box::new);
    Ok(index)
}

/// An object's map while its described fields are encoded, one `encode_*` call per field.
///
/// The calls return nothing: after an error the remaining ones send nothing, and
/// [`encode_object`](super::encode_object) returns the error once the object is done.
/// Generated code is then a plain list of calls, without a `?` per field, which is most of what
/// the compiler spends on an object's impls.
pub struct Encoder<'a, M: SerializeMap> {
    map: &'a mut M,
    extra: &'a Extra,
    result: Result<(), M::Error>,
}

impl<'a, M: SerializeMap> Encoder<'a, M> {
    /// Encodes into `map` the fields of an object that keeps `extra`.
    pub(super) fn new(map: &'a mut M, extra: &'a Extra) -> Self {
        Encoder {
            map,
            extra,
            result: Ok(()),
        }
    }

    /// Begins an object of the type `type_name` that describes `fields`: in the typed
    /// projection of an audit, with its mark.
    pub(super) fn start_object(
        &mut self,
        type_name: &'static str,
        fields: &[(&'static str, bool)],
    ) {
        if super::audit::projecting() {
            let (key, mark) = super::audit::mark(type_name, fields, self.extra);
            self.send(|map, _| map.serialize_entry(key, &mark));
        }
    }

    /// Ends an object that describes `fields`: sends the keys kept in `extra` it does not
    /// describe (those of described keys were sent, or superseded, by the field encoders),
    /// except in a typed projection, and returns the first error of the serializer.
    pub(super) fn end_object(mut self, fields: &[(&'static str, bool)]) -> Result<(), M::Error> {
        if !super::audit::projecting() {
            self.send(|map, extra| {
                extra
                    .raw()
                    .filter(|(key, _)| !fields.iter().any(|(field, _)| field == key))
                    .try_for_each(|(key, value)| map.serialize_entry(key, value))
            });
        }
        self.result
    }

    /// Sends one field, unless an earlier one failed.
    fn send(&mut self, field: impl FnOnce(&mut M, &Extra) -> Result<(), M::Error>) {
        if self.result.is_ok() {
            self.result = field(self.map, self.extra);
        }
    }
}

/// Sends the raw value decoding kept for `key`, if any, in place of the field's placeholder.
/// Returns whether there was one. The typed projection of an audit sends nothing in its place.
fn encode_raw<M: SerializeMap>(map: &mut M, key: &str, extra: &Extra) -> Result<bool, M::Error> {
    match extra.get_raw(key) {
        Some(_) if super::audit::projecting() && !extra.coerced().contains(&key) => Ok(true),
        Some(raw) if !extra.coerced().contains(&key) => {
            map.serialize_entry(key, raw).map(|()| true)
        }
        _ => Ok(false),
    }
}

/// Sends `value`, or the form it was received in when it was converted on decoding and has not
/// been changed since.
fn encode_value<M: SerializeMap, T: Serialize + Decode + PartialEq>(
    map: &mut M,
    key: &'static str,
    value: &T,
    extra: &Extra,
) -> Result<(), M::Error> {
    // A branch on the constant alone, which the compiler leaves out for the types that do not
    // convert, with all the decoding it would call.
    if T::CONVERTS {
        if let Some(original) = unchanged_original(key, value, extra) {
            return map.serialize_entry(key, original);
        }
    }
    map.serialize_entry(key, value)
}

/// The form `value` was received in, if it was converted on decoding and has not been changed
/// since.
fn unchanged_original<'a, T: Decode + PartialEq>(
    key: &'static str,
    value: &T,
    extra: &'a Extra,
) -> Option<&'a RawValue> {
    extra
        .get_raw(key)
        .filter(|_| extra.coerced().contains(&key))
        .filter(|original| matches!(T::decode(*original), Ok(Decoded::Coerced(ref converted, _)) if converted == value))
}

/// Encodes a required, non-nullable field. While the field holds its placeholder, a key that
/// was missing stays missing and a raw value is sent in its place.
///
pub fn encode_required<M: SerializeMap, T: Serialize + Decode + Placeholder + PartialEq>(
    encoder: &mut Encoder<'_, M>,
    key: &'static str,
    value: &T,
) {
    encoder.send(|map, extra| {
        // The cheap test first: almost every object decoded without incident.
        if extra.is_empty() {
            return map.serialize_entry(key, value);
        }
        if *value == T::placeholder()
            && (extra.missing().contains(&key) || encode_raw(map, key, extra)?)
        {
            return Ok(());
        }
        encode_value(map, key, value, extra)
    });
}

/// Encodes a required, nullable field. While the field is `None`, a key that was missing stays
/// missing and a raw value is sent in its place; otherwise `None` is `null`.
///
pub fn encode_required_nullable<M: SerializeMap, T: Serialize + Decode + PartialEq>(
    encoder: &mut Encoder<'_, M>,
    key: &'static str,
    value: &Option<T>,
) {
    encoder.send(|map, extra| match value {
        Some(value) => encode_value(map, key, value, extra),
        None if extra.missing().contains(&key) || encode_raw(map, key, extra)? => Ok(()),
        None => map.serialize_entry(key, &Value::Null),
    });
}

/// Encodes an optional, non-nullable field. While the field is `None`, a raw value is sent in its
/// place; otherwise `None` leaves the key out.
///
pub fn encode_optional<M: SerializeMap, T: Serialize + Decode + PartialEq>(
    encoder: &mut Encoder<'_, M>,
    key: &'static str,
    value: &Option<T>,
) {
    encode_optional_ref(encoder, key, value.as_ref());
}

/// Encodes a field decoded by [`optional_boxed`]: as [`encode_optional`].
pub fn encode_optional_boxed<M: SerializeMap, T: Serialize + Decode + PartialEq>(
    encoder: &mut Encoder<'_, M>,
    key: &'static str,
    value: &Option<Box<T>>,
) {
    encode_optional_ref(encoder, key, value.as_deref());
}

fn encode_optional_ref<M: SerializeMap, T: Serialize + Decode + PartialEq>(
    encoder: &mut Encoder<'_, M>,
    key: &'static str,
    value: Option<&T>,
) {
    encoder.send(|map, extra| match value {
        Some(value) => encode_value(map, key, value, extra),
        None => encode_raw(map, key, extra).map(|_| ()),
    });
}

/// Encodes an optional, nullable field. While the field is `Absent`, a raw value is sent in its
/// place; otherwise `Absent` leaves the key out.
///
pub fn encode_nullable<M: SerializeMap, T: Serialize + Decode + PartialEq>(
    encoder: &mut Encoder<'_, M>,
    key: &'static str,
    value: &Nullable<T>,
) {
    encode_nullable_ref(encoder, key, value.as_ref());
}

/// Encodes a field decoded by [`nullable_boxed`]: as [`encode_nullable`].
pub fn encode_nullable_boxed<M: SerializeMap, T: Serialize + Decode + PartialEq>(
    encoder: &mut Encoder<'_, M>,
    key: &'static str,
    value: &Nullable<Box<T>>,
) {
    encode_nullable_ref(encoder, key, value.as_ref().map(|boxed| &**boxed));
}

fn encode_nullable_ref<M: SerializeMap, T: Serialize + Decode + PartialEq>(
    encoder: &mut Encoder<'_, M>,
    key: &'static str,
    value: Nullable<&T>,
) {
    encoder.send(|map, extra| match value {
        Nullable::Value(value) => encode_value(map, key, value, extra),
        Nullable::Null => map.serialize_entry(key, &Value::Null),
        Nullable::Absent => encode_raw(map, key, extra).map(|_| ()),
    });
}

/// Decodes the value of a key the object does not describe into its typed additional
/// properties; a value that does not fit (or a `null`) is kept in `extra` instead.
///
/// # Errors
///
/// Only errors of the deserializer itself.
pub fn additional<V: Values, T: Decode>(
    decoder: &mut Decoder<V>,
    key: Cow<'_, str>,
    properties: &mut BTreeMap<String, T>,
) -> Result<(), V::Error> {
    let mut value = None;
    match decoder.values.next_into::<T, _>(&mut value)? {
        Decoded::Value(()) | Decoded::Coerced((), _) => {
            if let Some(value) = value {
                properties.insert(key.into_owned(), value);
            }
        }
        Decoded::Null => decoder.extra.insert(key, Value::Null),
        Decoded::Raw(raw) => decoder.extra.insert(key, raw),
    }
    Ok(())
}

/// Encodes typed additional properties.
pub fn encode_additional<M: SerializeMap, T: Serialize>(
    encoder: &mut Encoder<'_, M>,
    properties: &BTreeMap<String, T>,
) {
    encoder.send(|map, _| {
        properties
            .iter()
            .try_for_each(|(key, value)| map.serialize_entry(key, value))
    });
}
