use std::fmt;
use std::path::{Path, PathBuf};

/// A problem with an input description, located in its file.
///
/// `location` is a line/column for syntax errors and a JSON pointer (`#/paths/~1contacts/get`)
/// for everything found after parsing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// Where in the file, when known.
    pub location: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic for `file` at `location`.
    pub fn new(file: &Path, location: Option<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            location,
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
        write!(f, ": {}", self.message)
    }
}
