//! [`Placeholder`]: what tolerant decoding leaves in a field it could not fill.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Nullable, Object};
use crate::FilePart;

/// What tolerant decoding puts in a required field whose key is missing or whose value does not
/// fit (the value itself is kept in the object's [`Extra`](super::Extra)), and what a struct
/// starts from before its keys are decoded. **Not a valid value**: the empty string of an enum
/// that allows `"admin"` or `"user"`, the first variant of a union holding its own placeholder,
/// a struct whose required fields hold theirs. Encoding recognises it (with what `Extra`
/// recorded) and sends the key as it was received, or leaves it out.
///
/// A type has [`Default`] only where that default is a value the spec accepts; its placeholder
/// is then the same value. Generated structs implement this trait through
/// [`object!`](crate::object), string enums through [`string_enum!`](crate::string_enum), a
/// string enum of one value is a [`Tag`](super::Tag) (its value), and unions implement it by hand
/// (their first variant that is not boxed).
pub trait Placeholder {
    /// The placeholder value.
    fn placeholder() -> Self;
}

/// Types whose default is what decoding needs: empty, zero, false, absent.
macro_rules! placeholder_is_default {
    ($($type:ty),* $(,)?) => {$(
        impl Placeholder for $type {
            fn placeholder() -> Self {
                Self::default()
            }
        }
    )*};
}

placeholder_is_default!(String, i64, f64, bool, Value, FilePart);

/// Collections are empty and optional fields absent, whatever they hold.
impl<T> Placeholder for Vec<T> {
    fn placeholder() -> Self {
        Vec::new()
    }
}

impl<T> Placeholder for BTreeMap<String, T> {
    fn placeholder() -> Self {
        BTreeMap::new()
    }
}

impl<T> Placeholder for Option<T> {
    fn placeholder() -> Self {
        None
    }
}

impl<T> Placeholder for Nullable<T> {
    fn placeholder() -> Self {
        Nullable::Absent
    }
}

/// Every generated struct: [`Object::unfilled`].
impl<T: Object> Placeholder for T {
    #[inline]
    fn placeholder() -> Self {
        T::unfilled()
    }
}
