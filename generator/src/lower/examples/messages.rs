//! The validator's errors as one line a person reads: each after its instance path.

use jsonschema::error::ValidationErrorKind;
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use crate::ir::Example;

/// How long an instance may be, as JSON, before a message names it by its kind instead.
const MAX_QUOTED_INSTANCE: usize = 80;
/// Why `example` fails `validator`: each error after its instance path, joined with `"; "`.
pub(super) fn reasons(validator: &Validator, example: &Example) -> Option<String> {
    let reasons: Vec<String> = validator
        .iter_errors(&example.value)
        .map(|error| describe(&error))
        .collect();
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

/// One validator error after its instance path. The message quotes the instance when it is
/// short; a failed `oneOf`/`anyOf` adds why each member failed (`[1: ..; .. | 2: ..]`), and an
/// ambiguous `oneOf` which members matched.
fn describe(error: &ValidationError<'_>) -> String {
    let at = match error.instance_path().as_str() {
        "" => "(root)",
        path => path,
    };
    let instance = error.instance();
    let message = if instance.to_string().len() <= MAX_QUOTED_INSTANCE {
        error.to_string()
    } else {
        error.masked_with(kind_of(instance)).to_string()
    };
    let detail = match error.kind() {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            let members: Vec<String> = context
                .iter()
                .enumerate()
                .map(|(index, errors)| {
                    let errors: Vec<String> = errors.iter().map(describe).collect();
                    format!("{}: {}", index + 1, errors.join("; "))
                })
                .collect();
            format!(" [{}]", members.join(" | "))
        }
        ValidationErrorKind::OneOfMultipleValid { context } => {
            let valid: Vec<String> = context
                .iter()
                .enumerate()
                .filter(|(_, errors)| errors.is_empty())
                .map(|(index, _)| (index + 1).to_string())
                .collect();
            format!(" [valid under {}]", valid.join(", "))
        }
        _ => String::new(),
    };
    format!("{at}: {message}{detail}")
}

/// How a message names a value too long to quote.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "the object",
        Value::Array(_) => "the array",
        Value::String(_) => "the string",
        Value::Null | Value::Bool(_) | Value::Number(_) => "the value",
    }
}
