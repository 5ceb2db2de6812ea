//! Load stage: bytes on disk -> `openapiv3::OpenAPI`.
//!
//! Parsing is the only place that knows about YAML. Where the OpenAPI object model would lose
//! information the specs carry, the document is normalised here first (rule `ref-siblings`).

mod locate;
mod ref_siblings;

use std::path::{Path, PathBuf};

use crate::{Diagnostic, Findings};

/// A parsed OpenAPI description and the file it came from (for diagnostics).
#[derive(Debug, Clone)]
pub struct Document {
    /// Where the description was read from.
    pub path: PathBuf,
    /// The description, with `$ref` siblings preserved.
    pub openapi: openapiv3::OpenAPI,
    /// The same description as a JSON tree, after the `ref-siblings` rewrite: what `openapi` was
    /// read from, for what needs the schemas as JSON (validating examples against them).
    pub tree: serde_json::Value,
    /// The rules loading applied.
    pub findings: Findings,
}

/// Reads and parses an OpenAPI 3.0 description (YAML or JSON).
pub fn load(path: &Path) -> Result<Document, Diagnostic> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| Diagnostic::new(path, None, format!("cannot read file: {error}")))?;
    parse(path, &text)
}

/// Parses the text of an OpenAPI 3.0 description; `path` names it in diagnostics.
pub fn parse(path: &Path, text: &str) -> Result<Document, Diagnostic> {
    // YAML is a superset of JSON, so one parser serves both formats.
    let mut tree: serde_json::Value = serde_yaml::from_str(text).map_err(|error| {
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
    let mut findings = Findings::new(path);
    ref_siblings::preserve(&mut tree, &mut findings);
    let openapi = serde_path_to_error::deserialize(&tree).map_err(|error| {
        let (pointer, message) = locate::locate(&tree)
            .unwrap_or_else(|| (json_pointer(error.path()), error.inner().to_string()));
        Diagnostic::new(
            path,
            Some(pointer),
            format!("not a valid OpenAPI 3.0 document: {message}"),
        )
    })?;
    Ok(Document {
        path: path.to_owned(),
        openapi,
        tree,
        findings,
    })
}

/// Renders a serde path as a JSON pointer (`#/paths/~1contacts/get`).
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::from("#");
    for segment in path.iter() {
        pointer.push('/');
        pointer.push_str(&segment_text(segment));
    }
    pointer
}

/// One serde path segment as a JSON pointer segment.
fn segment_text(segment: &serde_path_to_error::Segment) -> String {
    use serde_path_to_error::Segment;
    match segment {
        Segment::Seq { index } => index.to_string(),
        Segment::Map { key } | Segment::Enum { variant: key } => {
            crate::pointer::escape(key).into_owned()
        }
        Segment::Unknown => "?".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_syntax_errors_name_file_line_and_column() {
        let error = parse(Path::new("bad.yaml"), "openapi: 3.0.1\ninfo: [unclosed\n").unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with("bad.yaml: line 3, column 1"),
            "{message}"
        );
    }

    #[test]
    fn structural_errors_name_a_json_pointer() {
        let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let message = parse(Path::new("spec.yaml"), text).unwrap_err().to_string();
        assert!(
            message.starts_with("spec.yaml: #/paths/~1a/get/responses:"),
            "{message}"
        );
    }

    #[test]
    fn errors_behind_flattened_maps_are_narrowed_to_the_failing_object() {
        let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, content: 7}\n";
        let message = parse(Path::new("spec.yaml"), text).unwrap_err().to_string();
        assert!(
            message.starts_with("spec.yaml: #/paths/~1a/get/responses/200/content:"),
            "{message}"
        );
    }
}
