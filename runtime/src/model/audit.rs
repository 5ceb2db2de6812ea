//! Typed coverage: which keys of a payload a decoded model holds in typed fields, and which it
//! only keeps in [`Extra`](super::Extra).
//!
//! A round trip cannot tell the two apart: a key the type forgot, a `null` its field does not
//! allow and a value that does not fit all go to `extra` and are sent back unchanged. The audit
//! encodes the decoded value a second way, its *typed projection* ([`project`]): what the typed
//! fields hold, without anything kept in `extra`, with each struct marked by its Rust type and
//! the keys it describes. Every key of the payload that the schema declares must be in the
//! projection, under a struct that describes it (or in a typed map of `additionalProperties`),
//! and a union must have chosen a variant the value is valid against.
//!
//! What the schema declares cannot be read from the Rust types (a forgotten key is missing from
//! them too): the generator computes it from the description and hands it over as
//! [`Expectations`].
//!
//! The same comparison against the types alone gives a response's [drift
//! report](crate::drift): every key the projection lacks is drift, and the marks also list the
//! missing required keys, the converted values and the enum values the enum does not list.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::fmt;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::drift::{Drift, DriftKind};

/// The key under which the projection marks each struct. A NUL cannot start a key of the API.
const MARK: &str = "\u{0}struct";

/// The key of the object that stands for a string enum value the enum does not list.
const UNKNOWN_ENUM_VALUE: &str = "\u{0}unknown";

thread_local! {
    /// Whether the serializer runs for [`project`] on this thread.
    static PROJECTING: Cell<bool> = const { Cell::new(false) };
}

/// Whether models are being encoded for [`project`]: then [`encode_object`](super::encode_object)
/// marks each struct and leaves out what `extra` holds, and the field encoders leave out the raw
/// values that stand in for a field's placeholder.
pub(super) fn projecting() -> bool {
    PROJECTING.with(Cell::get)
}

/// The mark [`encode_object`](super::encode_object) puts first in a projected struct: its Rust
/// type (without the module path), the keys it describes, and those of its required keys that
/// were missing and of its values that were converted on decoding.
pub(super) fn mark(
    type_name: &'static str,
    fields: &[(&'static str, bool)],
    extra: &super::Extra,
) -> (&'static str, Value) {
    let name = type_name.rsplit("::").next().unwrap_or(type_name);
    let fields = fields.iter().map(|(key, _)| Value::from(*key)).collect();
    let mark = serde_json::json!({
        "type": name,
        "fields": Value::Array(fields),
        "missing": extra.missing(),
        "coerced": extra.coerced(),
    });
    (MARK, mark)
}

/// What a string enum value the enum does not list encodes to in a projection: an object that
/// marks it (see [`encode_string_enum`](super::encode_string_enum)).
pub(super) fn encode_unknown_enum_value<S: serde::Serializer>(
    serializer: S,
    value: &str,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(UNKNOWN_ENUM_VALUE, value)?;
    map.end()
}

/// The typed projection of `value`: it encoded as usual, except that nothing kept in `extra` is
/// sent and every struct is marked with its type and described keys.
///
/// # Errors
///
/// Errors of the encoding itself.
pub fn project<T: Serialize + ?Sized>(value: &T) -> Result<Value, serde_json::Error> {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            PROJECTING.with(|projecting| projecting.set(self.0));
        }
    }
    let _reset = Reset(PROJECTING.with(|projecting| projecting.replace(true)));
    super::to_value(value)
}

/// What the description says about one payload, beyond "every key is declared": computed by the
/// generator by walking the payload against the schema (JSON pointers into the payload).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct Expectations {
    /// Keys and elements not audited, with everything beneath: keys the schema does not declare,
    /// values that contradict their schema, the contents of free-form values.
    #[serde(default)]
    pub skipped: BTreeSet<String>,
    /// Keys declared by `additionalProperties`, which a typed map holds (not a struct field).
    #[serde(default)]
    pub additional: BTreeSet<String>,
    /// Where the schema has a union, the Rust structs that may hold the value there.
    #[serde(default)]
    pub unions: Vec<UnionSite>,
}

/// A union in the payload and the variants the value there is valid against.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct UnionSite {
    /// JSON pointer into the payload.
    pub path: String,
    /// The Rust structs (type names without module path) of the members the value is valid
    /// against. A struct chosen for the value must be one of them.
    pub accepted: Vec<String>,
}

/// The audit of one payload: how many declared keys it has, how many are typed, and why each
/// other one is not.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Declared keys of the payload (those not in [`Expectations::skipped`]).
    pub declared: usize,
    /// Of those, the keys whose value a typed field or typed map holds.
    pub typed: usize,
    /// Every declared key that is not typed (the topmost of a subtree) and every union that chose
    /// a variant the value is not valid against.
    pub findings: Vec<Finding>,
}

/// One thing the audit found, at a JSON pointer into the payload.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// JSON pointer into the payload.
    pub path: String,
    /// What is wrong there.
    pub problem: Problem,
    /// Declared keys beneath `path`, untyped with it (not listed again).
    pub beneath: usize,
}

/// Why a declared key is not typed, or a union is wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// The struct (named) has no field for the key: the schema declares it, the type forgot it.
    NoField(String),
    /// The struct (named) has a field for the key, but the value went to `extra`.
    KeptInExtra(String),
    /// The struct (named) has a field for the key, but a `null` the schema allows went to `extra`.
    NullKeptInExtra(String),
    /// The value holding the key is not a struct (a JSON value, a map) though the schema declares
    /// the key as a property.
    NotAStruct,
    /// A key declared by `additionalProperties` is not in the typed map.
    NotInMap,
    /// The union chose a struct the value is not valid against.
    WrongVariant {
        /// The struct chosen.
        chosen: String,
        /// The structs the value is valid against ([`UnionSite::accepted`]).
        accepted: Vec<String>,
    },
}

/// A JSON pointer into a payload as a message shows it: `(root)` for the payload itself.
pub(crate) fn shown_path(path: &str) -> &str {
    if path.is_empty() {
        "(root)"
    } else {
        path
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", shown_path(&self.path))?;
        match &self.problem {
            Problem::NoField(ty) => {
                write!(
                    f,
                    "declared key, but `{ty}` has no field for it: kept in extra"
                )
            }
            Problem::KeptInExtra(ty) => {
                write!(
                    f,
                    "the value does not fit the field of `{ty}`: kept in extra"
                )
            }
            Problem::NullKeptInExtra(ty) => write!(
                f,
                "null, which the schema allows but the field of `{ty}` does not: kept in extra"
            ),
            Problem::NotAStruct => write!(
                f,
                "declared property of an object decoded as a JSON value or map, not a struct"
            ),
            Problem::NotInMap => write!(
                f,
                "declared by additionalProperties, but not in the typed map: kept in extra"
            ),
            Problem::WrongVariant { chosen, accepted } => {
                write!(
                    f,
                    "union chose `{chosen}`, which the value is not valid against; valid: "
                )?;
                match accepted.as_slice() {
                    [] => write!(f, "no struct variant"),
                    accepted => write!(f, "`{}`", accepted.join("`, `")),
                }
            }
        }?;
        match self.beneath {
            0 => Ok(()),
            n => write!(f, " (and {n} declared keys beneath)"),
        }
    }
}

/// Audits the decoded `value` of the payload `original` against what the schema declares.
///
/// # Errors
///
/// Errors of encoding `value` (see [`project`]).
pub fn audit<T: Serialize + ?Sized>(
    value: &T,
    original: &Value,
    expected: &Expectations,
) -> Result<Report, serde_json::Error> {
    let projection = project(value)?;
    let mut auditor = Auditor {
        expected,
        report: Report::default(),
        drift: None,
    };
    auditor.visit(original, Some(&projection), &mut String::new());
    Ok(auditor.report)
}

/// The drift report of the payload `original` from the typed projection of its decoded value
/// (see [`crate::drift`]): the audit of every key against the types themselves, where what
/// `extra` holds is drift, plus the converted values, unknown enum values and missing keys.
pub(crate) fn drift(projection: &Value, original: &Value) -> Vec<Drift> {
    let expected = Expectations::default();
    let mut auditor = Auditor {
        expected: &expected,
        report: Report::default(),
        drift: Some(Vec::new()),
    };
    auditor.visit(original, Some(projection), &mut String::new());
    auditor.drift.unwrap_or_default()
}

struct Auditor<'a> {
    expected: &'a Expectations,
    report: Report,
    /// The drift report, when auditing for one: then every key a type holds is fine, whether in
    /// a field, a typed map or a JSON value, and findings are reported as drift.
    drift: Option<Vec<Drift>>,
}

impl Auditor<'_> {
    /// Audits the keys beneath `original`, whose typed projection is `projected` (`None`: the
    /// value is not typed at all, which the caller reported).
    fn visit(&mut self, original: &Value, projected: Option<&Value>, path: &mut String) {
        self.check_union(projected, path);
        if projected
            .and_then(|value| value.get(UNKNOWN_ENUM_VALUE))
            .is_some()
        {
            self.note(path, DriftKind::UnknownEnumValue);
        }
        match original {
            Value::Object(object) => {
                let projected = projected.and_then(Value::as_object);
                let mark = projected.and_then(|object| object.get(MARK));
                for (key, child) in object {
                    let length = push_key(path, key);
                    if !self.expected.skipped.contains(path.as_str()) {
                        self.key(key, child, projected, mark, path);
                    }
                    path.truncate(length);
                }
                let missing = mark.and_then(|mark| mark["missing"].as_array());
                for key in missing.into_iter().flatten().filter_map(Value::as_str) {
                    let length = push_key(path, key);
                    self.note(path, DriftKind::MissingRequired);
                    path.truncate(length);
                }
            }
            Value::Array(items) => {
                let projected = projected.and_then(Value::as_array);
                for (index, item) in items.iter().enumerate() {
                    let length = push_key(path, &index.to_string());
                    if !self.expected.skipped.contains(path.as_str()) {
                        let projected = projected.and_then(|items| items.get(index));
                        self.visit(item, projected, path);
                    }
                    path.truncate(length);
                }
            }
            _ => {}
        }
    }

    /// Audits one declared key at `path`, of the object whose projection is `parent`.
    fn key(
        &mut self,
        key: &str,
        value: &Value,
        parent: Option<&Map<String, Value>>,
        mark: Option<&Value>,
        path: &mut String,
    ) {
        self.report.declared += 1;
        let Some(parent) = parent else {
            // Beneath a key that is not typed, which was reported: counted, not listed again.
            self.visit(value, None, path);
            return;
        };
        let typed = parent.get(key);
        let ty = || {
            mark.and_then(|mark| mark["type"].as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let described = mark
            .and_then(|mark| mark["fields"].as_array())
            .is_some_and(|fields| fields.iter().any(|field| field == key));
        let problem = if self.expected.additional.contains(path.as_str()) {
            typed.is_none().then_some(Problem::NotInMap)
        } else if self.drift.is_some() && typed.is_some() {
            None
        } else if mark.is_none() {
            Some(Problem::NotAStruct)
        } else if !described {
            Some(Problem::NoField(ty()))
        } else if typed.is_none() && value.is_null() {
            Some(Problem::NullKeptInExtra(ty()))
        } else if typed.is_none() {
            Some(Problem::KeptInExtra(ty()))
        } else {
            None
        };
        let Some(problem) = problem else {
            let coerced = mark.and_then(|mark| mark["coerced"].as_array());
            if coerced.is_some_and(|coerced| coerced.iter().any(|coerced| coerced == key)) {
                self.note(path, DriftKind::Converted);
            }
            self.report.typed += 1;
            self.visit(value, typed, path);
            return;
        };
        let before = self.report.declared;
        self.visit(value, None, path);
        let beneath = self.report.declared - before;
        self.found(Finding {
            path: path.clone(),
            problem,
            beneath,
        });
    }

    /// Reports `finding`, as drift when the audit is for a drift report.
    fn found(&mut self, finding: Finding) {
        let kind = match &finding.problem {
            Problem::NoField(_) => DriftKind::UnknownKey,
            Problem::NullKeptInExtra(_) => DriftKind::UnexpectedNull,
            // A drift report has no expectations, so no union sites to find a wrong variant at.
            Problem::KeptInExtra(_)
            | Problem::NotAStruct
            | Problem::NotInMap
            | Problem::WrongVariant { .. } => DriftKind::KeptRaw,
        };
        match &mut self.drift {
            Some(drift) => drift.push(Drift {
                path: finding.path,
                kind,
            }),
            None => self.report.findings.push(finding),
        }
    }

    /// Notes drift at `path`, if the audit is for a drift report.
    fn note(&mut self, path: &str, kind: DriftKind) {
        if let Some(drift) = &mut self.drift {
            drift.push(Drift {
                path: path.to_owned(),
                kind,
            });
        }
    }

    /// Checks the variant a union chose at `path`, if the schema has one there.
    fn check_union(&mut self, projected: Option<&Value>, path: &str) {
        let Some(site) = self.expected.unions.iter().find(|site| site.path == path) else {
            return;
        };
        let chosen = projected
            .and_then(|value| value.get(MARK))
            .and_then(|mark| mark["type"].as_str());
        if let Some(chosen) = chosen {
            if !site.accepted.iter().any(|accepted| accepted == chosen) {
                self.found(Finding {
                    path: path.to_owned(),
                    problem: Problem::WrongVariant {
                        chosen: chosen.to_owned(),
                        accepted: site.accepted.clone(),
                    },
                    beneath: 0,
                });
            }
        }
    }
}

/// Appends `key` to the JSON pointer `path`, escaped; returns the length to truncate back to.
fn push_key(path: &mut String, key: &str) -> usize {
    let length = path.len();
    path.push('/');
    path.push_str(&key.replace('~', "~0").replace('/', "~1"));
    length
}
