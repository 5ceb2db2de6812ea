//! Text -> JSON tree: JSON with a JSON parser, YAML with a YAML parser.
//!
//! A UTF-8 byte order mark is skipped. A JSON document (its first character is `{`) is read by
//! `serde_json`, so what JSON allows (surrogate-pair escapes, any whitespace) is read as JSON
//! means it. Integers beyond 64 bits (OpenAI's `minimum: -9223372036854776000`) are read as
//! `f64`: `openapiv3` keeps numeric bounds as `f64` anyway, so arbitrary precision (a
//! workspace-wide `serde_json` feature that would change the runtime's number handling) would
//! buy nothing.

use std::path::Path;

use serde_json::Value;

use crate::Diagnostic;

/// The text of a description or a file it refers to, read as `bytes`; invalid UTF-8 is a
/// diagnostic at the line and column of the first byte that is not.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        // Up to there the text is valid, so it can be counted in characters.
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let line_start = valid.rfind('\n').map_or(0, |newline| newline + 1);
        let line = valid.matches('\n').count() + 1;
        let column = valid[line_start..].chars().count() + 1;
        Diagnostic::new(
            path,
            Some(format!("line {line}, column {column}")),
            "not valid UTF-8: a description is UTF-8 text; convert the file's encoding",
        )
    })
}

/// Parses a description or a file it refers to; `path` names it in diagnostics.
pub fn parse_tree(path: &Path, text: &str) -> Result<Value, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text)
            .map(|Json(tree)| tree)
            .map_err(|error| {
                let location = format!("line {}, column {}", error.line(), error.column());
                // serde_json's message ends with the location, which the diagnostic already names.
                let message = error.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(text, _)| text)
                    .to_owned();
                Diagnostic::new(path, Some(location), format!("not valid JSON: {message}"))
            });
    }
    let tree: Json = serde_yaml::from_str(text).map_err(|error| {
        let location = error
            .location()
            .map(|at| format!("line {}, column {}", at.line(), at.column()));
        // serde_yaml's message ends with the location, which the diagnostic already names.
        let message = error.to_string();
        let message = match message.rsplit_once(" at line ") {
            Some((text, _)) if location.is_some() => text.to_owned(),
            _ => message,
        };
        Diagnostic::new(path, location, format!("not valid YAML: {message}"))
    })?;
    Ok(tree.0)
}

/// A value of the JSON tree, read from JSON or YAML. From YAML, keys become strings (`200:` is
/// the status `"200"`), tags are dropped, integers beyond 64 bits become `f64`, and non-finite
/// floats (`.inf`, which JSON cannot hold) become `null`. (`serde_json::Value` itself refuses
/// 128-bit integers.)
struct Json(Value);

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor).map(Json)
    }
}

/// A mapping key as text.
struct Key(String);

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let key = match deserializer.deserialize_any(JsonVisitor)? {
            Value::String(text) => text,
            Value::Null => "null".to_owned(),
            other => other.to_string(),
        };
        Ok(Key(key))
    }
}

struct JsonVisitor;

impl<'de> serde::de::Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Value, E> {
        Ok(i64::try_from(value).map_or_else(|_| float(value as f64), Value::from))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Value, E> {
        Ok(u64::try_from(value).map_or_else(|_| float(value as f64), Value::from))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(float(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, inner: D) -> Result<Value, D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Json(item)) = seq.next_element()? {
            items.push(item);
        }
        items.shrink_to_fit();
        Ok(Value::Array(items))
    }

    /// The map is made at its size once its entries are read: grown an entry at a time, the
    /// small maps most of a description is made of kept room for four entries and their index
    /// (a 5 MB synthetic description's tree: 72.5 MB that way, 42.3 MB at size).
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some((Key(key), Json(value))) = map.next_entry()? {
            entries.push((key, value));
        }
        let mut object = serde_json::Map::with_capacity(entries.len());
        object.extend(entries);
        Ok(Value::Object(object))
    }

    /// A tagged value (`!tag value`): the tag is dropped.
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess;
        let (_, variant): (serde::de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant::<Json>().map(|json| json.0)
    }
}

fn float(value: f64) -> Value {
    serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Value, String> {
        parse_tree(Path::new("spec"), text).map_err(|error| error.to_string())
    }

    #[test]
    fn json_is_read_as_json() {
        let tree =
            parse("\u{feff}{\"a\": \"\\ud83d\\ude00\", \"b\": -9223372036854776000}").unwrap();
        assert_eq!(tree["a"], "😀");
        assert_eq!(tree["b"].as_f64(), Some(-9223372036854776000.0));
        let error = parse("{\"a\": }").unwrap_err();
        assert!(
            error.starts_with("spec: line 1, column 7: not valid JSON"),
            "{error}"
        );
    }

    #[test]
    fn yaml_integers_beyond_64_bits_are_floats() {
        let tree = parse(
            "\u{feff}minimum: -9223372036854776000\nmax: 18446744073709551616\n200: ok\nn: 7\n",
        )
        .unwrap();
        assert_eq!(tree["minimum"].as_f64(), Some(-9223372036854776000.0));
        assert_eq!(tree["max"].as_f64(), Some(18446744073709551616.0));
        assert_eq!(tree["200"], "ok");
        assert_eq!(tree["n"], 7);
    }

    #[test]
    fn invalid_utf8_is_located_at_its_first_byte() {
        let bytes = "openapi: 3.0.3\ninfo: {title: é"
            .bytes()
            .chain([0xff, b'}']);
        let error = decode(Path::new("spec"), bytes.collect()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "spec: line 2, column 16: not valid UTF-8: a description is UTF-8 text; convert the \
             file's encoding"
        );
        assert_eq!(decode(Path::new("spec"), b"ok".to_vec()).unwrap(), "ok");
    }
}
