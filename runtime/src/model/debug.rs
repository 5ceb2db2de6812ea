//! `Debug` for generated types: a struct's or union's name, then the JSON it encodes to; a string
//! enum's wire text.
//!
//! What a struct encodes to is what it received: its fields as decoded, a value that did not fit
//! where it was sent, and the keys the description does not declare. Derived, `Debug` was the
//! largest body of every struct; written once here, it cut 2.11's `cargo check` peak by 10 MB
//! (of 348) and its build peak by as much. The encoding is the one request bodies use, so a
//! crate that sends a type compiles nothing more to print it.

use std::fmt;

use serde::Serialize;

/// Writes `value` as `Name {"key":"value",...}`, or indented JSON for `{:#?}`; `Name` is the last
/// segment of the type's path. [`object!`](crate::object) implements `Debug` with it.
///
/// # Errors
///
/// Only errors of the formatter: a value that cannot be encoded is written as such.
pub fn debug_as_json<T: Serialize>(value: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let path = std::any::type_name::<T>();
    let name = path.rsplit("::").next().unwrap_or(path);
    match serde_json::to_vec(value) {
        Ok(json) => write_json(name, &json, f),
        Err(error) => write!(f, "{name} <not encodable: {error}>"),
    }
}

/// Writes a string enum's value as its wire text, `"admin"`, as it appears in the `Debug` of a
/// struct that holds it; a value the crate does not know as `Unknown("admin")`.
/// [`string_enum!`](crate::string_enum) implements `Debug` with it. Derived, `Debug` was one
/// formatter call per variant for the compiler to check: 1.2% of Unstable's `cargo check`.
///
/// # Errors
///
/// Only errors of the formatter.
pub fn debug_string_enum(value: &str, known: bool, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if known {
        fmt::Debug::fmt(value, f)
    } else {
        f.debug_tuple("Unknown").field(&value).finish()
    }
}

/// Writes `name` and the JSON text `json`, indented for `{:#?}`. Not generic, so it is compiled
/// once, in the runtime.
fn write_json(name: &str, json: &[u8], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let indented;
    let json = if f.alternate() {
        let mut out = Vec::with_capacity(json.len() * 2);
        let mut deserializer = serde_json::Deserializer::from_slice(json);
        let mut serializer = serde_json::Serializer::pretty(&mut out);
        serde_transcode::transcode(&mut deserializer, &mut serializer).map_err(|_| fmt::Error)?;
        indented = out;
        &indented
    } else {
        json
    };
    // serde_json writes UTF-8.
    let json = std::str::from_utf8(json).map_err(|_| fmt::Error)?;
    write!(f, "{name} {json}")
}
