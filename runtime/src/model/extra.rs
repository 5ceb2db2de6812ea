use serde_json::{Map, Value};

/// What an object received that its type does not describe, and what went wrong decoding it.
///
/// Boxed, and empty in the common case, so it costs one pointer per object.
///
/// Encoding the object sends the raw values back: unknown keys as they are, and the raw value
/// of a described key in place of its field as long as the field still holds the placeholder
/// decoding left in it (setting the field sends the new value instead).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extra(Option<Box<ExtraData>>);

#[derive(Clone, Debug, Default, PartialEq)]
struct ExtraData {
    raw: Map<String, Value>,
    missing: Vec<&'static str>,
    coerced: Vec<&'static str>,
}

impl Extra {
    /// Keys the type does not describe, and values of described keys that were `null` where the
    /// spec forbids it or that did not fit, exactly as received.
    pub fn raw(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0
            .iter()
            .flat_map(|data| data.raw.iter())
            .map(|(key, value)| (key.as_str(), value))
    }

    /// The raw value of `key` (see [`raw`](Self::raw)).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.as_ref()?.raw.get(key)
    }

    /// Adds a key to send, for keys the type does not describe (yet).
    ///
    /// For a described key, the value is sent only while the field holds its placeholder
    /// (`None`, or the default value of a required field).
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        self.data().raw.insert(key.into(), value);
    }

    /// Removes a raw value, so that it is no longer sent.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let data = self.0.as_mut()?;
        let removed = data.raw.remove(key);
        // Keep the empty state canonical (no box), so that `==` compares contents.
        if **data == ExtraData::default() {
            self.0 = None;
        }
        removed
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
