//! Objects: a generated struct decoded key by key through its [`Object`] table, the keys it
//! describes into their fields and the rest kept in its `extra`, and the required keys it did
//! not get recorded there.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::Accept;
use crate::model::field::{Decoder, MapValues};
use crate::model::{Decoded, Extra, Object, Slot};

/// Marker for a generated struct.
pub(super) struct AsObject<T>(PhantomData<T>);

impl<'de, T: Object> Accept<'de> for AsObject<T> {
    type Out = T;

    fn map<A: MapAccess<'de>>(map: A) -> Result<Decoded<T>, A::Error> {
        let mut object = T::unfilled();
        decode_object(&mut object, map)?;
        Ok(Decoded::Value(object))
    }

    /// Built in its slot: an object is most of what decoding moves otherwise (a contact of
    /// 2.11 is 1,400 bytes, moved out of each layer and into its array).
    fn map_into<A: MapAccess<'de>, S: Slot<T>>(
        map: A,
        slot: &mut S,
    ) -> Result<Decoded<()>, A::Error> {
        decode_object(slot.emplace(T::unfilled()), map)?;
        Ok(Decoded::Value(()))
    }
}

/// Decodes the entries of `map` into `object`, which starts unfilled.
fn decode_object<'de, T: Object, A: MapAccess<'de>>(
    object: &mut T,
    map: A,
) -> Result<(), A::Error> {
    let mut decoder = Decoder::new(MapValues::new(map));
    let mut seen = Seen::default();
    while let Some(KeyText(key)) = decoder.values().map.next_key()? {
        match object.decode_field(&key, &mut decoder)? {
            Some(index) => seen.insert(index),
            None => object.decode_other(key, &mut decoder)?,
        }
    }
    let extra = object.extra_mut();
    *extra = decoder.into_extra();
    finish_object(T::FIELDS, Required::<T>::FIRST, &seen, extra);
    Ok(())
}

/// The required keys among the first 64 of a type's [`Object::FIELDS`], one bit each as in
/// [`Seen`]: computed by the compiler, once per type.
struct Required<T>(PhantomData<T>);

impl<T: Object> Required<T> {
    const FIRST: u64 = {
        let mut mask = 0;
        let mut index = 0;
        while index < T::FIELDS.len() && index < 64 {
            if T::FIELDS[index].1 {
                mask |= 1 << index;
            }
            index += 1;
        }
        mask
    };
}

/// Records the required keys that were not `seen` and closes `extra`: once per object decoded,
/// compiled once for all types. `required_first` ([`Required::FIRST`]) settles the common case,
/// every required key seen, without reading the table.
fn finish_object(
    fields: &[(&'static str, bool)],
    required_first: u64,
    seen: &Seen,
    extra: &mut Extra,
) {
    if fields.len() > 64 || seen.first & required_first != required_first {
        for (index, (key, required)) in fields.iter().enumerate() {
            if *required && !seen.contains(index) {
                extra.push_missing(key);
            }
        }
    }
    extra.finish_decoding();
}

/// Which of an object's described keys were seen, one bit each. The first 64 are counted without
/// allocating.
#[derive(Default)]
struct Seen {
    first: u64,
    rest: Vec<u64>,
}

impl Seen {
    #[inline]
    fn insert(&mut self, index: usize) {
        match index.checked_sub(64) {
            None => self.first |= 1 << index,
            Some(index) => {
                let word = index / 64;
                if self.rest.len() <= word {
                    self.rest.resize(word + 1, 0);
                }
                self.rest[word] |= 1 << (index % 64);
            }
        }
    }

    #[inline]
    fn contains(&self, index: usize) -> bool {
        match index.checked_sub(64) {
            None => self.first & (1 << index) != 0,
            Some(index) => self
                .rest
                .get(index / 64)
                .is_some_and(|word| word & (1 << (index % 64)) != 0),
        }
    }
}

/// An object key, borrowed from the input when the deserializer can lend it (JSON text without
/// escapes): matching it against the described keys and keeping an unknown one in `extra`
/// allocate nothing.
struct KeyText<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for KeyText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = KeyText<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(KeyText(Cow::Borrowed(key)))
    }

    fn visit_str<E>(self, key: &str) -> Result<Self::Value, E> {
        Ok(KeyText(Cow::Owned(key.to_owned())))
    }

    fn visit_string<E>(self, key: String) -> Result<Self::Value, E> {
        Ok(KeyText(Cow::Owned(key)))
    }
}

#[cfg(test)]
mod tests {
    use super::{finish_object, Extra, Seen};

    #[test]
    fn seen_counts_past_64_keys() {
        let mut seen = Seen::default();
        for index in [0, 63, 64, 130] {
            seen.insert(index);
        }
        let found: Vec<_> = (0..200).filter(|&index| seen.contains(index)).collect();
        assert_eq!(found, [0, 63, 64, 130]);
    }

    #[test]
    fn a_missing_required_key_past_the_first_64_is_recorded() {
        let keys: Vec<&'static str> = (0..70)
            .map(|index| &*format!("key{index}").leak())
            .collect();
        let fields: Vec<_> = keys.iter().map(|&key| (key, true)).collect();
        let mut seen = Seen::default();
        for index in (0..70).filter(|&index| index != 66) {
            seen.insert(index);
        }
        let mut extra = Extra::default();
        finish_object(&fields, u64::MAX, &seen, &mut extra);
        assert_eq!(extra.missing(), ["key66"]);
    }
}
