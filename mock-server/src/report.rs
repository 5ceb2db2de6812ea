//! The calls a test makes and what came of them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// One operation call, as the generator wrote it from the description's examples
/// (`tests/prism/calls.json` of a generated crate).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    /// The `operationId`.
    pub operation: String,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template.
    pub path: String,
    /// The required arguments by Rust name, and the body (`body` or its own name) when there is
    /// an example of it.
    pub args: BTreeMap<String, Value>,
    /// Why the request example is invalid against its schema, if it is: then Prism is expected
    /// to refuse the call.
    pub invalid_example: Option<String>,
    /// Arguments the description gives no example for, which got a value of their type.
    pub without_example: Vec<String>,
}

impl Call {
    /// Every call of a crate, from its `calls.json`.
    pub fn parse_all(json: &str) -> Vec<Call> {
        serde_json::from_str(json).expect("calls.json is a list of calls")
    }

    /// The argument `name`, decoded into the type the method takes.
    pub fn arg<T: DeserializeOwned>(&self, name: &str) -> Result<T, Failure> {
        let value = self
            .args
            .get(name)
            .ok_or_else(|| Failure::before_sending(format!("no value for argument `{name}`")))?;
        // The value is the spec's example: one that does not fit the type the spec gives is
        // the spec's contradiction, like an example Prism refuses.
        serde_json::from_value(value.clone()).map_err(|error| {
            let message = format!("the example of `{name}` does not fit its type: {error}");
            Failure {
                status: None,
                violations: Some(message.clone()),
                message,
            }
        })
    }

    /// Whether the call has a value for the optional argument `name`.
    pub fn has(&self, name: &str) -> bool {
        self.args.contains_key(name)
    }
}

/// Why a call did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The error status the server answered with, if it answered with one.
    pub status: Option<u16>,
    /// The error's log line.
    pub message: String,
    /// Prism's list of what in the request contradicts the description (JSON), when it refused
    /// the request.
    pub violations: Option<String>,
}

impl Failure {
    /// A call that could not be made: its arguments do not fit the method.
    pub fn before_sending(message: String) -> Self {
        Self {
            status: None,
            message,
            violations: None,
        }
    }
}

/// What a call came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A success status, with the body decoded.
    Passed,
    /// Refused by Prism because the spec's own request example is invalid (the reason given).
    InvalidExample(String),
    /// Refused by Prism, with values of their type for the required arguments the spec gives
    /// no example for (named).
    WithoutExample(Vec<String>),
    /// Refused by Prism only for the `Intercom-Version` header: the operation allows a value
    /// other than the description's `info.version`, which the crate sends (rule
    /// `version-header-mismatch`).
    VersionHeader,
    /// Refused by Prism for anything else, with its violations: the request the client built
    /// from the spec's examples contradicts the description.
    Refused(String),
    /// Anything else, which is the client's failure (transport, decoding): the error's log line.
    Failed(String),
}

/// Outcomes of the calls of one test run.
#[derive(Debug, Default)]
pub struct Report {
    label: String,
    outcomes: Vec<(String, Outcome)>,
}

impl Report {
    /// An empty report titled `label` (`intercom-v2-11, examples`).
    pub fn new(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            outcomes: Vec::new(),
        }
    }

    /// Records what `call` came to: `result` is the status of a decoded success or the failure.
    pub fn record(&mut self, call: &Call, result: Result<u16, Failure>) {
        let outcome = match result {
            Ok(_) => Outcome::Passed,
            Err(failure) => match (&failure.violations, &call.invalid_example) {
                (Some(_), Some(reason)) => Outcome::InvalidExample(reason.clone()),
                (Some(_), None) if !call.without_example.is_empty() => {
                    Outcome::WithoutExample(call.without_example.clone())
                }
                (Some(violations), None) if only_version_header(violations) => {
                    Outcome::VersionHeader
                }
                (Some(violations), None) => Outcome::Refused(violations.clone()),
                (None, _) => Outcome::Failed(failure.message),
            },
        };
        self.outcomes.push((call.operation.clone(), outcome));
    }

    /// How many calls passed.
    pub fn passed(&self) -> usize {
        self.count(|outcome| *outcome == Outcome::Passed)
    }

    /// The calls that failed for a reason the spec does not explain.
    pub fn failures(&self) -> Vec<(&str, &str)> {
        self.outcomes
            .iter()
            .filter_map(|(operation, outcome)| match outcome {
                Outcome::Refused(error) | Outcome::Failed(error) => {
                    Some((operation.as_str(), error.as_str()))
                }
                Outcome::Passed
                | Outcome::InvalidExample(_)
                | Outcome::WithoutExample(_)
                | Outcome::VersionHeader => None,
            })
            .collect()
    }

    fn count(&self, matches: impl Fn(&Outcome) -> bool) -> usize {
        self.outcomes
            .iter()
            .filter(|(_, outcome)| matches(outcome))
            .count()
    }

    /// The report as text: the figures, then every call that did not pass and why.
    pub fn summary(&self) -> String {
        let invalid = self.count(|outcome| matches!(outcome, Outcome::InvalidExample(_)));
        let without = self.count(|outcome| matches!(outcome, Outcome::WithoutExample(_)));
        let version = self.count(|outcome| *outcome == Outcome::VersionHeader);
        let refused = self.count(|outcome| matches!(outcome, Outcome::Refused(_)));
        let failed = self.count(|outcome| matches!(outcome, Outcome::Failed(_)));
        let mut text = format!(
            "{}: {}/{} calls passed; refused by Prism: {} for an invalid request example, {} for \
             arguments without an example, {} for the version header (rule \
             version-header-mismatch), {} otherwise; {} failed in the client\n",
            self.label,
            self.passed(),
            self.outcomes.len(),
            invalid,
            without,
            version,
            refused,
            failed,
        );
        for (operation, outcome) in &self.outcomes {
            match outcome {
                Outcome::Passed => {}
                Outcome::InvalidExample(reason) => {
                    let _ = writeln!(text, "  invalid example {operation}: {reason}");
                }
                Outcome::WithoutExample(arguments) => {
                    let arguments = arguments.join(", ");
                    let _ = writeln!(text, "  no example {operation}: {arguments}");
                }
                Outcome::VersionHeader => {
                    let _ = writeln!(text, "  version header {operation}");
                }
                Outcome::Refused(violations) => {
                    let _ = writeln!(text, "  refused {operation}: {violations}");
                }
                Outcome::Failed(error) => {
                    let _ = writeln!(text, "  FAILED {operation}: {error}");
                }
            }
        }
        text
    }
}

/// Whether every request violation Prism lists (its `sl-violations` header, or the `validation`
/// list of its problem body) is about the `Intercom-Version` header. Violations of the response
/// (Prism checks its own examples too) are not the request's.
fn only_version_header(violations: &str) -> bool {
    let Ok(parsed) = serde_json::from_str::<Value>(violations) else {
        return false;
    };
    let list = match &parsed {
        Value::Array(list) => list,
        Value::Object(problem) => match problem.get("validation") {
            Some(Value::Array(list)) => list,
            _ => return false,
        },
        _ => return false,
    };
    let location = |violation: &Value| -> Vec<String> {
        violation["location"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|part| part.as_str().map(str::to_ascii_lowercase))
            .collect()
    };
    let of_request: Vec<Vec<String>> = list
        .iter()
        .map(location)
        .filter(|location| location.first().map(String::as_str) != Some("response"))
        .collect();
    !of_request.is_empty()
        && of_request
            .iter()
            .all(|location| location.iter().any(|part| part == "intercom-version"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_header_violations_are_told_apart() {
        let header = r#"[{"location":["request","header","intercom-version"],"code":"enum"},
            {"location":["response","body","request_id"],"code":"format"}]"#;
        assert!(only_version_header(header));
        let problem = r#"{"validation":[{"location":["header","intercom-version"]}]}"#;
        assert!(only_version_header(problem));
        let body = r#"[{"location":["request","header","intercom-version"]},
            {"location":["request","body","admin_id"]}]"#;
        assert!(!only_version_header(body));
        assert!(!only_version_header("not JSON"));
    }
}
