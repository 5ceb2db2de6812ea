//! [`Tag`]: a string enum of one value, such as the `"contact"` every contact's `type` holds.
//!
//! Most string enums of Intercom's descriptions list one value (120 of 2.11's 183). Each as an
//! enum of its own would carry a dozen trait impls, and rustc's peak while checking a crate grows
//! by about 370 KB per enum so (44 MB for 2.11's). One generic type whose impls are written here
//! once, with a marker type per tag naming its value, costs the generated crate almost nothing.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Decode, Decoded, Placeholder};

/// The value of a [`Tag`], given by a marker type: generated crates declare one per tag in
/// `models::tag`, named like the tag itself.
pub trait TagValue {
    /// The value, as sent on the wire.
    const VALUE: &'static str;
}

/// A string enum whose description lists one value, `V::VALUE`, and that still keeps any other
/// value the server sends (a later version of the API may add some), as a generated enum's
/// `Unknown` variant does.
///
/// Its [`Default`] is the listed value, so a constructor never asks for it. It compares, hashes
/// and orders as its wire text, like generated enums do.
pub struct Tag<V> {
    /// A value other than the listed one; `None` for the listed value.
    unknown: Option<Box<str>>,
    value: PhantomData<fn() -> V>,
}

impl<V: TagValue> Tag<V> {
    /// The value the description lists.
    pub const VALUE: &'static str = V::VALUE;

    /// The value the description lists: the same as [`Default`].
    pub const fn new() -> Self {
        Self {
            unknown: None,
            value: PhantomData,
        }
    }

    /// The value as sent on the wire.
    #[inline]
    pub fn as_str(&self) -> &str {
        self.unknown.as_deref().unwrap_or(V::VALUE)
    }

    /// Whether it holds a value the description does not list.
    #[inline]
    pub fn is_unknown(&self) -> bool {
        self.unknown.is_some()
    }
}

impl<V: TagValue> Default for Tag<V> {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

impl<V: TagValue> From<&str> for Tag<V> {
    #[inline]
    fn from(value: &str) -> Self {
        Self {
            unknown: (value != V::VALUE).then(|| value.into()),
            value: PhantomData,
        }
    }
}

// The impls below are written out rather than derived: a derive would require `V` (a marker
// that is never instantiated) to implement the trait too.

impl<V> Clone for Tag<V> {
    #[inline]
    fn clone(&self) -> Self {
        Self {
            unknown: self.unknown.clone(),
            value: PhantomData,
        }
    }
}

impl<V: TagValue> fmt::Debug for Tag<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Tag").field(&self.as_str()).finish()
    }
}

impl<V: TagValue> fmt::Display for Tag<V> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<V: TagValue> PartialEq for Tag<V> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<V: TagValue> Eq for Tag<V> {}

impl<V: TagValue> Hash for Tag<V> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl<V: TagValue> PartialOrd for Tag<V> {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<V: TagValue> Ord for Tag<V> {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// The listed value: unlike an enum of several values, a tag has a valid value to hold.
impl<V: TagValue> Placeholder for Tag<V> {
    #[inline]
    fn placeholder() -> Self {
        Self::new()
    }
}

impl<V: TagValue> Decode for Tag<V> {
    const CONVERTS: bool = false;

    #[inline]
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        super::decode_string_enum(deserializer)
    }
}

impl<V: TagValue> Serialize for Tag<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        super::encode_string_enum(serializer, self.as_str(), !self.is_unknown())
    }
}

impl<'de, V: TagValue> Deserialize<'de> for Tag<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::deserialize(deserializer, "a string")
    }
}
