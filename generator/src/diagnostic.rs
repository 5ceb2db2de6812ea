use std::fmt;
use std::path::{Path, PathBuf};

use crate::rules::Rule;

/// How much a diagnostic matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The description cannot be turned into a crate.
    Error,
    /// The description is wrong or unsupported here, and the generator worked around it.
    Warning,
    /// A construct read the way a mapping rule says; nothing is wrong.
    Note,
}

impl Severity {
    /// The word diagnostics of this severity are printed with.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A problem with an input description, or a rule applied to it, located in its file.
///
/// `location` is a line/column for syntax errors and a JSON pointer (`#/paths/~1contacts/get`)
/// for everything found after parsing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// Where in the file, when known.
    pub location: Option<String>,
    /// The rule that applies, if any.
    pub rule: Option<Rule>,
    pub severity: Severity,
    /// What is wrong, or what the rule did here.
    pub message: String,
}

impl Diagnostic {
    /// An error in `file` at `location`.
    pub fn new(file: &Path, location: Option<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            location,
            rule: None,
            severity: Severity::Error,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(location) = &self.location {
            write!(f, ": {location}")?;
        }
        if let Some(rule) = self.rule {
            write!(f, ": rule {rule}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// What a stage noticed in one file: rule applications and warnings, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    file: PathBuf,
    list: Vec<Diagnostic>,
}

impl Findings {
    /// Findings about `file`.
    pub fn new(file: &Path) -> Self {
        Self {
            file: file.to_owned(),
            list: Vec::new(),
        }
    }

    /// Records that `rule` applies at `pointer`; `detail` says what it did there. The one way
    /// every rule is reported, with the severity the registry gives it.
    pub fn apply(&mut self, rule: Rule, pointer: &str, detail: impl Into<String>) {
        self.push(Some(rule), rule.severity(), pointer, detail.into());
    }

    /// Records an application of `rule` that warns whatever the rule's usual severity: the
    /// workaround loses something here (keys not merged, a body sent in another encoding).
    pub fn apply_warning(&mut self, rule: Rule, pointer: &str, detail: impl Into<String>) {
        self.push(Some(rule), Severity::Warning, pointer, detail.into());
    }

    /// Records a warning that no rule covers (something left out or not checked).
    pub fn warn(&mut self, pointer: Option<&str>, message: impl Into<String>) {
        let location = pointer.unwrap_or_default();
        self.push(None, Severity::Warning, location, message.into());
    }

    fn push(&mut self, rule: Option<Rule>, severity: Severity, pointer: &str, message: String) {
        self.list.push(Diagnostic {
            file: self.file.clone(),
            location: (!pointer.is_empty()).then(|| pointer.to_owned()),
            rule,
            severity,
            message,
        });
    }

    /// Appends what another stage found.
    pub fn extend(&mut self, other: Findings) {
        self.list.extend(other.list);
    }

    /// Everything recorded, in order.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }
}
