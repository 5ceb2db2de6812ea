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
    /// Refused by Prism although the arguments come from the spec's examples, with its
    /// violations: the request the client built contradicts the description, or the spec's
    /// examples contradict each other.
    Refused(String),
    /// Anything else, which is the client's failure (transport, decoding, arguments): the
    /// error's log line.
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

    /// The calls that failed for a reason other than an invalid request example.
    pub fn failures(&self) -> Vec<(&str, &str)> {
        self.outcomes
            .iter()
            .filter_map(|(operation, outcome)| match outcome {
                Outcome::Failed(error) => Some((operation.as_str(), error.as_str())),
                Outcome::Passed
                | Outcome::InvalidExample(_)
                | Outcome::WithoutExample(_)
                | Outcome::Refused(_) => None,
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
        let refused = self.count(|outcome| matches!(outcome, Outcome::Refused(_)));
        let mut text = format!(
            "{}: {}/{} calls passed; refused by Prism: {} for an invalid request example, {} for \
             arguments without an example, {} otherwise; {} failed in the client\n",
            self.label,
            self.passed(),
            self.outcomes.len(),
            invalid,
            without,
            refused,
            self.failures().len(),
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
