use serde_json::value::RawValue;
use serde_json::Value;

/// What an object received that its type does not describe, and what went wrong decoding it.
///
/// Boxed, and empty in the common case, so it costs one pointer per object. Values are kept as
/// the JSON text received ([`RawValue`]), which is much cheaper to keep than a parsed
/// [`Value`]; [`get`](Self::get) parses one on demand.
///
/// Encoding the object sends the raw values back: unknown keys as they are, and the raw value
/// of a described key in place of its field as long as the field still holds the placeholder
/// decoding left in it (setting the field sends the new value instead).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extra(Option<Box<ExtraData>>);

#[derive(Clone, Debug, Default)]
struct ExtraData {
    /// In the order received. A list, not a map: most objects keep a few keys, and appending is
    /// what decoding does for every one of them. Decoding appends without looking (a key sent
    /// twice is kept, and sent, twice); [`Extra::insert`] replaces.
    raw: Vec<(String, Box<RawValue>)>,
    missing: Vec<&'static str>,
    coerced: Vec<&'static str>,
}

impl PartialEq for ExtraData {
    // Raw values compare by their text: two objects decoded from the same JSON are equal.
    fn eq(&self, other: &Self) -> bool {
        self.missing == other.missing
            && self.coerced == other.coerced
            && self.raw.len() == other.raw.len()
            && self
                .raw
                .iter()
                .zip(&other.raw)
                .all(|((a, a_raw), (b, b_raw))| a == b && a_raw.get() == b_raw.get())
    }
}

impl Extra {
    /// Keys the type does not describe, and values of described keys that were `null` where the
    /// spec forbids it, that did not fit, or that were converted, exactly as received.
    pub fn raw(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.0
            .iter()
            .flat_map(|data| data.raw.iter())
            .map(|(key, value)| (key.as_str(), &**value))
    }

    /// The raw value of `key` (see [`raw`](Self::raw)), parsed.
    pub fn get(&self, key: &str) -> Option<Value> {
        let raw = self.get_raw(key)?;
        // The text came from a JSON parser or a `Value`, so it parses.
        serde_json::from_str(raw.get()).ok()
    }

    /// The raw value of `key` as the JSON text received.
    pub fn get_raw(&self, key: &str) -> Option<&RawValue> {
        let data = self.0.as_ref()?;
        data.raw
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, raw)| &**raw)
    }

    /// Adds a key to send, for keys the type does not describe (yet).
    ///
    /// For a described key, the value is sent only while the field holds its placeholder
    /// (`None`, or the [`Placeholder`](super::Placeholder) of a required field).
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        // A `Value` always encodes: its map keys are strings.
        if let Ok(raw) = serde_json::value::to_raw_value(&value) {
            self.insert_raw(key.into(), raw);
        }
    }

    /// Adds a key with its JSON text, as [`insert`](Self::insert).
    pub fn insert_raw(&mut self, key: String, value: Box<RawValue>) {
        self.remove(&key);
        self.push_raw(key, value);
    }

    /// Removes a raw value, so that it is no longer sent.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let data = self.0.as_mut()?;
        let index = data.raw.iter().position(|(name, _)| name == key)?;
        let (_, removed) = data.raw.remove(index);
        // Keep the empty state canonical (no box), so that `==` compares contents.
        if **data == ExtraData::default() {
            self.0 = None;
        }
        serde_json::from_str(removed.get()).ok()
    }

    /// Keys the spec requires that were absent.
    pub fn missing(&self) -> &[&'static str] {
        self.0.as_ref().map_or(&[], |data| &data.missing)
    }

    /// Keys whose values were converted to the declared type (see
    /// [`Decoded::Coerced`](super::Decoded::Coerced)).
    pub fn coerced(&self) -> &[&'static str] {
        self.0.as_ref().map_or(&[], |data| &data.coerced)
    }

    /// Whether the object received exactly what its type describes.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// Appends a received key; see [`ExtraData::raw`].
    pub(super) fn push_raw(&mut self, key: String, value: Box<RawValue>) {
        self.data().raw.push((key, value));
    }

    pub(super) fn push_missing(&mut self, key: &'static str) {
        self.data().missing.push(key);
    }

    pub(super) fn push_coerced(&mut self, key: &'static str) {
        self.data().coerced.push(key);
    }

    fn data(&mut self) -> &mut ExtraData {
        self.0.get_or_insert_with(Box::default)
    }
}
