use std::cell::RefCell;
use std::fmt;
use std::mem;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// What an object received that its type does not describe, and what went wrong decoding it.
///
/// Values are kept as the JSON text received, all of an object's keys and values in one
/// buffer: much cheaper to keep, and to drop, than a parsed [`Value`] or two allocations per
/// key; [`get`](Self::get) parses one on demand. An object that received exactly what its type
/// describes allocates nothing, and one that kept keys allocates once.
///
/// Encoding the object sends the raw values back: unknown keys as they are, and the raw value
/// of a described key in place of its field as long as the field still holds the placeholder
/// decoding left in it (setting the field sends the new value instead).
#[derive(Clone, Default, PartialEq)]
pub struct Extra {
    /// Every kept key and its value's JSON text, in the order received, each pair after a
    /// header that gives their lengths (see [`LENGTH_BITS`]). A list, not a map: most objects
    /// keep a few keys, and appending is what decoding does for every one of them. Decoding
    /// appends without looking (a key sent twice is kept, and sent, twice);
    /// [`insert`](Self::insert) replaces. Equal lists have equal buffers, so two objects decoded
    /// from the same JSON compare equal.
    kept: String,
    /// Rare: boxed, so that it costs one pointer per object.
    problems: Option<Box<Problems>>,
}

/// Required keys that were missing and keys whose values were converted.
#[derive(Clone, Debug, Default, PartialEq)]
struct Problems {
    missing: Vec<&'static str>,
    coerced: Vec<&'static str>,
}

/// Buffers that objects decoded earlier on this thread collected their unknown keys in, lent
/// to the next objects: an object collects in a lent buffer, keeps an exact-size copy, and gives
/// the buffer back, so that collecting allocates once per buffer instead of growing every time.
/// At most this many are kept: one per level of nesting in progress.
const LENT_BUFFERS: usize = 8;
/// Larger buffers (one huge object) are freed rather than kept for the thread's lifetime.
const LENT_CAPACITY: usize = 64 * 1024;

thread_local! {
    static SPARE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// A pair's header gives the lengths of its key and value, each in ASCII characters of
/// [`LENGTH_BITS`] bits, the least significant first, every character but the last with
/// [`MORE`] set: one character for a length under 64, two under 4,096. The header is text, so
/// the buffer stays a `String` and slicing it needs no checks beyond the standard ones, and it
/// is written a `char` at a time, with no UTF-8 check of its own.
const LENGTH_BITS: u32 = 6;
/// Set in every character of a length but its last.
const MORE: u8 = 1 << LENGTH_BITS;

/// Appends `length` to `kept` as a header writes it (see [`LENGTH_BITS`]).
fn push_length(kept: &mut String, mut length: usize) {
    let low_bits = usize::from(MORE - 1);
    while length > low_bits {
        kept.push(char::from(MORE | (length & low_bits) as u8));
        length >>= LENGTH_BITS;
    }
    kept.push(char::from(length as u8));
}

/// Reads a length [`push_length`] wrote at `*at` in `kept`, and moves `*at` past it.
fn read_length(kept: &[u8], at: &mut usize) -> usize {
    let mut length = 0;
    let mut shift = 0;
    loop {
        let digit = kept[*at];
        *at += 1;
        length |= usize::from(digit & (MORE - 1)) << shift;
        if digit & MORE == 0 {
            return length;
        }
        shift += LENGTH_BITS;
    }
}

/// One kept pair, and where it starts and ends in the buffer.
struct Pair<'a> {
    start: usize,
    end: usize,
    key: &'a str,
    value: &'a str,
}

impl Extra {
    fn pairs(&self) -> impl Iterator<Item = Pair<'_>> {
        let mut start = 0;
        std::iter::from_fn(move || {
            if start == self.kept.len() {
                return None;
            }
            let mut key_start = start;
            let key_length = read_length(self.kept.as_bytes(), &mut key_start);
            let value_length = read_length(self.kept.as_bytes(), &mut key_start);
            let value_start = key_start + key_length;
            let end = value_start + value_length;
            let pair = Pair {
                start,
                end,
                key: &self.kept[key_start..value_start],
                value: &self.kept[value_start..end],
            };
            start = end;
            Some(pair)
        })
    }

    fn find(&self, key: &str) -> Option<Pair<'_>> {
        self.pairs().find(|pair| pair.key == key)
    }

    fn push(&mut self, key: &str, value: &str) {
        // Room for a header of up to six characters (two for most pairs); a longer one grows
        // the buffer.
        self.kept.reserve(6 + key.len() + value.len());
        push_length(&mut self.kept, key.len());
        push_length(&mut self.kept, value.len());
        self.kept.push_str(key);
        self.kept.push_str(value);
    }

    /// Keeps `json` as the value of `key`, in place of any value it had.
    fn replace(&mut self, key: &str, json: &str) {
        self.remove(key);
        self.push(key, json);
    }

    fn problems(&mut self) -> &mut Problems {
        self.problems.get_or_insert_with(Box::default)
    }
}

/// The kept text as a [`RawValue`], which serializes verbatim. The text came from a JSON parser
/// or a `Value`, so it is one valid JSON value and this only skips over it.
fn raw_value(json: &str) -> &RawValue {
    serde_json::from_str(json).expect("kept JSON text is one JSON value")
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Extra")
            .field("raw", &DebugMap(self))
            .field("missing", &self.missing())
            .field("coerced", &self.coerced())
            .finish()
    }
}

/// The kept keys and values of an [`Extra`], shown as a map.
struct DebugMap<'a>(&'a Extra);

impl fmt::Debug for DebugMap<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.pairs().map(|pair| (pair.key, pair.value)))
            .finish()
    }
}

impl Extra {
    /// Keys the type does not describe, and values of described keys that were `null` where the
    /// spec forbids it, that did not fit, or that were converted, exactly as received.
    pub fn raw(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.pairs().map(|pair| (pair.key, raw_value(pair.value)))
    }

    /// The raw value of `key` (see [`raw`](Self::raw)), parsed.
    pub fn get(&self, key: &str) -> Option<Value> {
        // The text came from a JSON parser or a `Value`, so it parses.
        serde_json::from_str(self.get_raw(key)?.get()).ok()
    }

    /// The raw value of `key` as the JSON text received.
    pub fn get_raw(&self, key: &str) -> Option<&RawValue> {
        Some(raw_value(self.find(key)?.value))
    }

    /// Adds a key to send, for keys the type does not describe (yet).
    ///
    /// For a described key, the value is sent only while the field holds its placeholder
    /// (`None`, or the [`Placeholder`](super::Placeholder) of a required field).
    pub fn insert(&mut self, key: impl AsRef<str>, value: Value) {
        // `Value`'s `Display` is its compact JSON text.
        self.replace(key.as_ref(), &value.to_string());
    }

    /// Adds a key with its JSON text, as [`insert`](Self::insert).
    pub fn insert_raw(&mut self, key: impl AsRef<str>, value: &RawValue) {
        self.replace(key.as_ref(), value.get());
    }

    /// Removes a raw value, so that it is no longer sent.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let Pair {
            start, end, value, ..
        } = self.find(key)?;
        let removed = serde_json::from_str(value).ok();
        self.kept.replace_range(start..end, "");
        removed
    }

    /// Keys the spec requires that were absent.
    pub fn missing(&self) -> &[&'static str] {
        self.problems
            .as_ref()
            .map_or(&[], |problems| &problems.missing)
    }

    /// Keys whose values were converted to the declared type (see
    /// [`Decoded::Coerced`](super::Decoded::Coerced)).
    pub fn coerced(&self) -> &[&'static str] {
        self.problems
            .as_ref()
            .map_or(&[], |problems| &problems.coerced)
    }

    /// Whether the object received exactly what its type describes.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty() && self.problems.is_none()
    }

    /// Appends a received key whose value is next in `map`, as the JSON text received; see
    /// [`Extra::kept`]. While decoding, the key is collected in a lent buffer:
    /// [`finish_decoding`](Self::finish_decoding) keeps an exact copy.
    pub(super) fn push_received<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        if self.kept.capacity() == 0 {
            if let Some(lent) = SPARE
                .try_with(|spare| spare.borrow_mut().pop())
                .ok()
                .flatten()
            {
                self.kept = lent;
            }
        }
        map.next_value_seed(Received { extra: self, key })
    }

    /// Once the object is decoded: keeps an exact-size copy of what was collected and gives a
    /// lent (or grown) buffer back for the next object.
    pub(super) fn finish_decoding(&mut self) {
        if self.kept.capacity() == self.kept.len() {
            return;
        }
        let exact = String::from(self.kept.as_str());
        let mut lent = mem::replace(&mut self.kept, exact);
        if lent.capacity() > LENT_CAPACITY {
            return;
        }
        lent.clear();
        // During the thread's teardown the spare buffers may be gone: the buffer is then freed.
        let _ = SPARE.try_with(|spare| {
            let mut spare = spare.borrow_mut();
            if spare.len() < LENT_BUFFERS {
                spare.push(lent);
            }
        });
    }

    pub(super) fn push_missing(&mut self, key: &'static str) {
        self.problems().missing.push(key);
    }

    pub(super) fn push_coerced(&mut self, key: &'static str) {
        self.problems().coerced.push(key);
    }
}

/// The name under which serde_json's deserializers hand out a value's JSON text without
/// parsing it (what `Box<RawValue>` deserializes through), so that the text goes straight into
/// the buffer instead of into a `Box<RawValue>` first. Not public API of serde_json: a
/// deserializer that does not know the name calls `visit_newtype_struct`, where the value is
/// read as a `Box<RawValue>` the public way.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Reads the next value of a map as JSON text into `extra` under `key`.
struct Received<'a> {
    extra: &'a mut Extra,
    key: &'a str,
}

impl<'de> DeserializeSeed<'de> for Received<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, self)
    }
}

/// The text of serde_json's raw-value protocol, a string.
struct Text<'a>(Received<'a>);

impl<'de> DeserializeSeed<'de> for Text<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self.0)
    }
}

impl<'de> Visitor<'de> for Received<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    /// serde_json's raw-value protocol: a map of one entry, the token and the text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        map.next_key::<IgnoredAny>()?;
        map.next_value_seed(Text(self))
    }

    fn visit_str<E>(self, text: &str) -> Result<(), E> {
        self.extra.push(self.key, text);
        Ok(())
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let value = Box::<RawValue>::deserialize(deserializer)?;
        self.visit_str(value.get())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Extra;

    #[test]
    fn insert_replaces_and_remove_keeps_the_other_entries() {
        let mut extra = Extra::default();
        extra.insert("a", json!({"x": [1, 2]}));
        extra.insert("b", json!("two"));
        extra.insert("c", json!(null));
        extra.insert("a", json!(3));
        assert_eq!(extra.remove("b"), Some(json!("two")));
        let kept: Vec<_> = extra.raw().map(|(k, v)| (k, v.get())).collect();
        assert_eq!(kept, [("c", "null"), ("a", "3")]);
        assert_eq!(extra.get("a"), Some(json!(3)));
        extra.remove("c");
        extra.remove("a");
        assert!(extra.is_empty());
        assert_eq!(extra, Extra::default());
    }

    #[test]
    fn keys_and_values_of_any_length_and_text_are_kept_exactly() {
        // Lengths that take one, two and four of a header's characters; keys with the
        // characters a header is written in.
        let long = "x".repeat(300_000);
        let pairs = [
            ("\u{0}\u{7f}", json!(1)),
            ("", json!("ü".repeat(100))),
            ("k", json!(long)),
            ("ключ", json!({"a": [null, true]})),
        ];
        let mut extra = Extra::default();
        for (key, value) in &pairs {
            extra.insert(key, value.clone());
        }
        let kept: Vec<_> = extra.raw().map(|(key, value)| (key, value.get())).collect();
        let expected: Vec<_> = pairs
            .iter()
            .map(|(key, value)| (*key, value.to_string()))
            .collect();
        let expected: Vec<_> = expected.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(kept, expected);
        assert_eq!(extra.remove("k"), Some(json!(long)));
        assert_eq!(extra.get("ключ"), Some(json!({"a": [null, true]})));
        assert_eq!(extra.get("\u{0}\u{7f}"), Some(json!(1)));
    }
}
