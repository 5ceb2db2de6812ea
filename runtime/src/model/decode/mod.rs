//! The [`Decode`] impls: one visitor that accepts every kind of JSON value, parameterised by what
//! the target type makes of each kind.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::{Decode, DecodeInto, DecodeSeed, Decoded, Object, Slot};
use object::AsObject;

mod object;

/// What a type makes of each kind of JSON value. By default a value is kept whole as
/// [`Decoded::Raw`], so each impl only states the kinds its type accepts.
pub(super) trait Accept<'de> {
    /// The decoded type (`Self` is sometimes only a marker for it).
    type Out;

    fn bool(value: bool) -> Decoded<Self::Out> {
        Decoded::Raw(Value::Bool(value))
    }

    fn i64(value: i64) -> Decoded<Self::Out> {
        Decoded::Raw(value.into())
    }

    fn u64(value: u64) -> Decoded<Self::Out> {
        Decoded::Raw(value.into())
    }

    fn f64(value: f64) -> Decoded<Self::Out> {
        Decoded::Raw(value.into())
    }

    fn str(value: &str) -> Decoded<Self::Out> {
        Decoded::Raw(value.into())
    }

    /// An owned string, which types that keep strings take without copying.
    fn string(value: String) -> Decoded<Self::Out> {
        Self::str(&value)
    }

    /// A string borrowed from the input, which types that can borrow take without copying.
    fn borrowed_str(value: &'de str) -> Decoded<Self::Out> {
        Self::str(value)
    }

    fn seq<A: SeqAccess<'de>>(seq: A) -> Result<Decoded<Self::Out>, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Decoded::Raw)
    }

    fn map<A: MapAccess<'de>>(map: A) -> Result<Decoded<Self::Out>, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(Decoded::Raw)
    }

    /// A map decoded into `slot`: by default [`map`](Self::map)'s value put there; an object,
    /// which every map fits, is built in its slot instead of being moved there.
    #[inline]
    fn map_into<A: MapAccess<'de>, S: Slot<Self::Out>>(
        map: A,
        slot: &mut S,
    ) -> Result<Decoded<()>, A::Error> {
        Ok(Self::map(map)?.fill(slot))
    }
}

/// Decodes a value as `K` says.
pub(super) fn decode_with<'de, K: Accept<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Decoded<K::Out>, D::Error> {
    deserializer.deserialize_any(Visit::<K, _>::new(Return))
}

/// Decodes a value as `K` says into `slot` (see [`Decode::decode_into`]).
#[inline]
fn decode_into_with<'de, K: Accept<'de>, D: Deserializer<'de>, S: Slot<K::Out>>(
    deserializer: D,
    slot: &mut S,
) -> Result<Decoded<()>, D::Error> {
    deserializer.deserialize_any(Visit::<K, _>::new(slot))
}

/// What the visitor does with what `K` made of a value: returns it, or puts it into a slot.
trait Deliver<T> {
    type Out;

    fn deliver(self, decoded: Decoded<T>) -> Self::Out;

    /// Decodes a map as `K` says and delivers it.
    fn deliver_map<'de, K: Accept<'de, Out = T>, A: MapAccess<'de>>(
        self,
        map: A,
    ) -> Result<Self::Out, A::Error>;
}

/// Returns the decoded value.
struct Return;

impl<T> Deliver<T> for Return {
    type Out = Decoded<T>;

    #[inline]
    fn deliver(self, decoded: Decoded<T>) -> Decoded<T> {
        decoded
    }

    #[inline]
    fn deliver_map<'de, K: Accept<'de, Out = T>, A: MapAccess<'de>>(
        self,
        map: A,
    ) -> Result<Decoded<T>, A::Error> {
        K::map(map)
    }
}

impl<T, S: Slot<T>> Deliver<T> for &mut S {
    type Out = Decoded<()>;

    #[inline]
    fn deliver(self, decoded: Decoded<T>) -> Decoded<()> {
        decoded.fill(self)
    }

    #[inline]
    fn deliver_map<'de, K: Accept<'de, Out = T>, A: MapAccess<'de>>(
        self,
        map: A,
    ) -> Result<Decoded<()>, A::Error> {
        K::map_into(map, self)
    }
}

/// The visitor behind every impl. JSON never produces the kinds not handled here (128-bit
/// integers, bytes, enums); the visitor methods not overridden forward to those that are.
struct Visit<K, O> {
    deliver: O,
    kind: PhantomData<K>,
}

impl<K, O> Visit<K, O> {
    fn new(deliver: O) -> Self {
        Visit {
            deliver,
            kind: PhantomData,
        }
    }
}

impl<'de, K: Accept<'de>, O: Deliver<K::Out>> Visitor<'de> for Visit<K, O> {
    type Value = O::Out;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
        Ok(self.deliver.deliver(K::bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        Ok(self.deliver.deliver(K::i64(value)))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(self.deliver.deliver(K::u64(value)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
        Ok(self.deliver.deliver(K::f64(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(self.deliver.deliver(K::str(value)))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(self.deliver.deliver(K::string(value)))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(self.deliver.deliver(K::borrowed_str(value)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(self.deliver.deliver(Decoded::Null))
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(self.deliver.deliver(Decoded::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Ok(self.deliver.deliver(K::seq(seq)?))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.deliver.deliver_map::<K, A>(map)
    }
}

impl Accept<'_> for String {
    type Out = Self;

    fn i64(value: i64) -> Decoded<Self> {
        Decoded::Coerced(value.to_string(), value.into())
    }

    fn u64(value: u64) -> Decoded<Self> {
        Decoded::Coerced(value.to_string(), value.into())
    }

    fn f64(value: f64) -> Decoded<Self> {
        // Formatted as serde_json writes numbers (shortest representation), so the text is the
        // one the number would have been sent as. JSON has no infinities or NaN to fail on.
        serde_json::Number::from_f64(value).map_or(Decoded::Raw(Value::Null), |number| {
            Decoded::Coerced(number.to_string(), Value::Number(number))
        })
    }

    #[inline]
    fn str(value: &str) -> Decoded<Self> {
        Decoded::Value(value.to_owned())
    }

    #[inline]
    fn string(value: String) -> Decoded<Self> {
        Decoded::Value(value)
    }
}

impl Accept<'_> for i64 {
    type Out = Self;

    #[inline]
    fn i64(value: i64) -> Decoded<Self> {
        Decoded::Value(value)
    }

    fn u64(value: u64) -> Decoded<Self> {
        match i64::try_from(value) {
            Ok(value) => Decoded::Value(value),
            Err(_) => Decoded::Raw(value.into()),
        }
    }

    fn f64(value: f64) -> Decoded<Self> {
        // `i64::MIN` converts to an `f64` exactly; `i64::MAX` rounds up to 2^63, out of range.
        if value.fract() == 0.0 && value >= i64::MIN as f64 && value < i64::MAX as f64 {
            Decoded::Coerced(value as i64, value.into())
        } else {
            Decoded::Raw(value.into())
        }
    }

    fn str(value: &str) -> Decoded<Self> {
        // Only the integer's own decimal text is an exact conversion: not "+1", "007" or "1e3".
        match value.parse::<i64>() {
            Ok(number) if number.to_string() == value => Decoded::Coerced(number, value.into()),
            _ => Decoded::Raw(value.into()),
        }
    }
}

/// An integer where a number is declared is a number, but `0` would encode back as `0.0`: the
/// integer is kept, so the value is sent as received.
impl Accept<'_> for f64 {
    type Out = Self;

    #[inline]
    fn i64(value: i64) -> Decoded<Self> {
        Decoded::Coerced(value as f64, value.into())
    }

    fn u64(value: u64) -> Decoded<Self> {
        Decoded::Coerced(value as f64, value.into())
    }

    #[inline]
    fn f64(value: f64) -> Decoded<Self> {
        Decoded::Value(value)
    }

    fn str(value: &str) -> Decoded<Self> {
        match value.parse::<f64>() {
            Ok(number) if number.is_finite() => Decoded::Coerced(number, value.into()),
            _ => Decoded::Raw(value.into()),
        }
    }
}

impl Accept<'_> for bool {
    type Out = Self;

    #[inline]
    fn bool(value: bool) -> Decoded<Self> {
        Decoded::Value(value)
    }

    fn str(value: &str) -> Decoded<Self> {
        match value {
            "true" => Decoded::Coerced(true, value.into()),
            "false" => Decoded::Coerced(false, value.into()),
            _ => Decoded::Raw(value.into()),
        }
    }
}

/// The text of a generated string enum, borrowed from the input where it can be: every string
/// is a value, which the enum's `From<&str>` then maps. One decoder serves every enum.
pub(super) struct EnumText;

impl<'de> Accept<'de> for EnumText {
    type Out = Cow<'de, str>;

    #[inline]
    fn str(value: &str) -> Decoded<Self::Out> {
        Decoded::Value(Cow::Owned(value.to_owned()))
    }

    #[inline]
    fn string(value: String) -> Decoded<Self::Out> {
        Decoded::Value(Cow::Owned(value))
    }

    #[inline]
    fn borrowed_str(value: &'de str) -> Decoded<Self::Out> {
        Decoded::Value(Cow::Borrowed(value))
    }
}

/// The methods of a [`Decode`] impl that decodes as `$accept` says.
macro_rules! decode_as {
    ($accept:ty) => {
        fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
            decode_with::<$accept, D>(deserializer)
        }

        #[inline]
        fn decode_into<'de, D: Deserializer<'de>, S: Slot<Self>>(
            deserializer: D,
            slot: &mut S,
        ) -> Result<Decoded<()>, D::Error> {
            decode_into_with::<$accept, D, S>(deserializer, slot)
        }
    };
}

macro_rules! decode_as_accept {
    ($($type:ty),*) => {$(
        impl Decode for $type {
            decode_as!(Self);
        }
    )*};
}

decode_as_accept!(String, i64, f64, bool);

impl Decode for Value {
    const CONVERTS: bool = false;

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        Value::deserialize(deserializer).map(Decoded::Value)
    }
}

/// Every generated struct: anything but a JSON object is [`Decoded::Raw`] (or
/// [`Decoded::Null`]).
impl<T: Object> Decode for T {
    const CONVERTS: bool = false;

    decode_as!(AsObject<T>);
}

/// An array item or map value that may be `null`: `null` is `None`.
impl<T: Decode> Decode for Option<T> {
    const CONVERTS: bool = T::CONVERTS;

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        Ok(match T::decode(deserializer)? {
            Decoded::Null => Decoded::Value(None),
            decoded => decoded.map(Some),
        })
    }
}

impl<T: Decode + Serialize> Decode for Vec<T> {
    const CONVERTS: bool = T::CONVERTS;

    decode_as!(Self);
}

impl<T: Decode + Serialize> Decode for BTreeMap<String, T> {
    const CONVERTS: bool = T::CONVERTS;

    decode_as!(Self);
}

/// Encodes an element decoded before one that did not fit, when a collection falls back to raw.
fn to_json<T: Serialize, E: de::Error>(decoded: Decoded<T>) -> Result<Value, E> {
    match decoded {
        Decoded::Value(value) => super::to_value(&value).map_err(E::custom),
        Decoded::Coerced(_, original) => Ok(original),
        Decoded::Null => Ok(Value::Null),
        Decoded::Raw(raw) => Ok(raw),
    }
}

/// The elements as they were sent: encoded again, except the converted ones, whose originals
/// are known.
fn sent_form<T: Serialize, E: de::Error>(
    items: &[T],
    originals: Vec<(usize, Value)>,
) -> Result<Vec<Value>, E> {
    let mut sent = Vec::with_capacity(items.len());
    for item in items {
        sent.push(super::to_value(item).map_err(E::custom)?);
    }
    for (index, original) in originals {
        sent[index] = original;
    }
    Ok(sent)
}

/// The rest of an array, after the elements in `raw`, kept as sent.
fn rest_of_array<'de, A: SeqAccess<'de>>(
    mut raw: Vec<Value>,
    mut seq: A,
) -> Result<Value, A::Error> {
    while let Some(item) = seq.next_element()? {
        raw.push(item);
    }
    Ok(Value::Array(raw))
}

/// The entries as they were sent (see [`sent_form`]).
fn sent_entries<K: Into<String>, T: Serialize, E: de::Error>(
    entries: impl IntoIterator<Item = (K, T)>,
    mut originals: Map<String, Value>,
) -> Result<Map<String, Value>, E> {
    entries
        .into_iter()
        .map(|(key, value)| {
            let key = key.into();
            let sent = match originals.remove(&key) {
                Some(original) => original,
                None => super::to_value(&value).map_err(E::custom)?,
            };
            Ok((key, sent))
        })
        .collect()
}

/// Pre-allocation for collections: the hint, capped so a lying hint cannot exhaust memory.
#[inline]
fn capacity(hint: Option<usize>) -> usize {
    hint.unwrap_or(0).min(4096)
}

impl<'de, T: Decode + Serialize> Accept<'de> for Vec<T> {
    type Out = Self;

    fn seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Decoded<Self>, A::Error> {
        let mut items = Push(Vec::with_capacity(capacity(seq.size_hint())));
        // The sent form of converted elements, by index: rare, so allocated only when needed.
        let mut originals: Vec<(usize, Value)> = Vec::new();
        while let Some(item) = seq.next_element_seed(DecodeInto::<T, _>::new(&mut items))? {
            match item {
                Decoded::Value(()) => {}
                Decoded::Coerced((), original) => originals.push((items.0.len() - 1, original)),
                misfit => {
                    let items = items.0;
                    // One element that does not fit makes the whole array raw, so that it is
                    // kept, and sent back, complete and in order.
                    let mut raw = sent_form(&items, originals)?;
                    raw.push(to_json(misfit)?);
                    return rest_of_array(raw, seq).map(Decoded::Raw);
                }
            }
        }
        let items = items.0;
        if originals.is_empty() {
            return Ok(Decoded::Value(items));
        }
        let original = Value::Array(sent_form(&items, originals)?);
        Ok(Decoded::Coerced(items, original))
    }
}

/// Elements decoded into an array: filling the slot appends, so that an element is moved once,
/// into its place.
struct Push<T>(Vec<T>);

impl<T> Slot<T> for Push<T> {
    #[inline]
    fn fill(&mut self, value: T) {
        self.0.push(value);
    }

    #[inline]
    fn emplace(&mut self, value: T) -> &mut T {
        self.0.push(value);
        self.0.last_mut().expect("just pushed")
    }
}

impl<'de, T: Decode + Serialize> Accept<'de> for BTreeMap<String, T> {
    type Out = Self;

    fn map<A: MapAccess<'de>>(mut map: A) -> Result<Decoded<Self>, A::Error> {
        let mut entries = BTreeMap::new();
        let mut originals: Map<String, Value> = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match map.next_value_seed(DecodeSeed::<T>::new())? {
                Decoded::Value(value) => {
                    entries.insert(key, value);
                }
                Decoded::Coerced(value, original) => {
                    originals.insert(key.clone(), original);
                    entries.insert(key, value);
                }
                misfit => {
                    // As for arrays: one value that does not fit makes the whole map raw.
                    let mut raw = sent_entries(entries, originals)?;
                    raw.insert(key, to_json(misfit)?);
                    while let Some((key, value)) = map.next_entry()? {
                        raw.insert(key, value);
                    }
                    return Ok(Decoded::Raw(Value::Object(raw)));
                }
            }
        }
        if originals.is_empty() {
            return Ok(Decoded::Value(entries));
        }
        let original = Value::Object(sent_entries(entries.iter(), originals)?);
        Ok(Decoded::Coerced(entries, original))
    }
}
