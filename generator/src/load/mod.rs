//! Load stage: bytes on disk -> `openapiv3::OpenAPI`.
//!
//! Parsing is the only place that knows about YAML. Where the OpenAPI object model would lose
//! information the specs carry, the document is normalised here first (rule `ref-siblings`).

mod external;
mod locate;
mod parts;
mod position;
mod ref_siblings;
mod text;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use openapiv3::{PathItem, ReferenceOr};
use rayon::iter::{IntoParallelIterator, ParallelIterator};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::{Diagnostic, Findings};

pub use parts::ParkedSchemas;

/// A parsed OpenAPI description and the file it came from (for diagnostics).
#[derive(Debug, Clone)]
pub struct Document {
    /// Where the description was read from.
    pub path: PathBuf,
    /// The description, with `$ref` siblings preserved, but for its path items: they are read
    /// one at a time by [`Document::path_items`].
    pub openapi: openapiv3::OpenAPI,
    /// The same description as a JSON tree, after the `ref-siblings` rewrite: what `openapi` was
    /// read from, for what needs the schemas as JSON (validating examples against them). Its
    /// component schemas are in `schemas` until [`Document::unpark_schemas`] puts them back.
    pub tree: serde_json::Value,
    /// The component schemas, as text while the object model holds them.
    pub schemas: ParkedSchemas,
    /// The rules loading applied.
    pub findings: Findings,
}

/// Reads and parses an OpenAPI 3.0 description (YAML or JSON).
pub fn load(path: &Path) -> Result<Document, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|error| Diagnostic::new(path, None, format!("cannot read file: {error}")))?;
    parse(path, &text::decode(path, bytes)?)
}

/// Parses the text of an OpenAPI 3.0 description; `path` names it in diagnostics, and files it
/// refers to are read relative to it.
pub fn parse(path: &Path, text: &str) -> Result<Document, Diagnostic> {
    let mut tree = text::parse_tree(path, text)?;
    check_version(path, &tree)?;
    external::bundle(path, &mut tree)?;
    let mut findings = Findings::new(path);
    ref_siblings::preserve(&mut tree, &mut findings);
    // Tracking the path costs a fifth of the time on every load; it is only needed for the
    // message, so a document that does not deserialize is read a second time, with tracking.
    let (openapi, schemas) = object_model(&mut tree);
    let openapi = match openapi {
        Ok(openapi) => openapi,
        Err(error) => {
            parts::unpark(&mut tree, schemas);
            return Err(structural_error(path, &tree, error));
        }
    };
    Ok(Document {
        path: path.to_owned(),
        openapi,
        schemas,
        tree,
        findings,
    })
}

impl Document {
    /// The path items of `#/paths`, in document order, each read into the object model when it
    /// is reached. Path items are most of a description's object model (of a 20 MB synthetic
    /// one, 450 of the 950 MB it peaked at when they were read with the rest), and lowering
    /// needs only one at a time.
    pub fn path_items(
        &self,
    ) -> impl Iterator<Item = Result<(&str, ReferenceOr<PathItem>), Diagnostic>> + Send + '_ {
        let paths = self
            .tree
            .get("paths")
            .and_then(serde_json::Value::as_object);
        // What `openapiv3::Paths` reads as path items: the keys that start with `/`.
        let items = paths.into_iter().flatten();
        items
            .filter(|(path, _)| is_path(path))
            .map(|(path, item)| Ok((path.as_str(), self.path_item(path, item)?)))
    }

    /// The path item `item`, of the path `path`, read into the object model; one that is not a
    /// path item is a diagnostic at its location.
    pub fn path_item(
        &self,
        path: &str,
        item: &serde_json::Value,
    ) -> Result<ReferenceOr<PathItem>, Diagnostic> {
        ReferenceOr::<PathItem>::deserialize(item).map_err(|error| {
            let pointer = format!("#/paths/{}", crate::pointer::escape(path));
            let found = locate::path_item(item, &pointer)
                .unwrap_or_else(|| tracked::<ReferenceOr<PathItem>>(item, &pointer, error));
            invalid(&self.path, found)
        })
    }
}

/// Whether a key of `#/paths` is a path (what `openapiv3::Paths` reads as a path item), not
/// an extension.
pub fn is_path(key: &str) -> bool {
    key.starts_with('/')
}

/// `tree` read into the object model but for its path items ([`Document::path_items`]), and
/// its component schemas as text. The component schemas, the bulk of the rest, are read on
/// every core, one schema a task, while the rest is read: each is taken out of the tree, and
/// parked as text once read (see [`ParkedSchemas`]). Taken out, they are not copied whole into
/// the buffer serde fills for the `x-` extensions of the objects around them either.
fn object_model(
    tree: &mut serde_json::Value,
) -> (Result<openapiv3::OpenAPI, serde_json::Error>, ParkedSchemas) {
    let Some(root) = tree.as_object_mut() else {
        return (
            openapiv3::OpenAPI::deserialize(&*tree),
            ParkedSchemas::default(),
        );
    };
    // `null` is what an absent `components` reads as; `paths` and `schemas` that are not
    // objects stay, for the object model to refuse.
    let mut components = root.get_mut("components").map(std::mem::take);
    let paths = root.get_mut("paths").and_then(take_object);
    let schemas = components
        .as_mut()
        .and_then(|components| components.get_mut("schemas"))
        .and_then(take_object);
    let (rest, (read_components, read_schemas)) = rayon::join(
        || openapiv3::OpenAPI::deserialize(&*tree),
        || {
            let components = components.as_ref().filter(|value| !value.is_null());
            rayon::join(
                || components.map(openapiv3::Components::deserialize),
                || schemas.map(component_schemas),
            )
        },
    );
    let (read_schemas, parked) = match read_schemas {
        Some((read, parked)) => (Some(read), parked),
        None => (None, ParkedSchemas::default()),
    };
    // Back in their places, for what reads the tree later; the schemas' stays empty.
    let root = tree.as_object_mut().expect("still the object it was");
    for (key, taken) in [
        ("components", components),
        ("paths", paths.map(Value::Object)),
    ] {
        if let (Some(place), Some(taken)) = (root.get_mut(key), taken) {
            *place = taken;
        }
    }
    let openapi = (|| {
        let mut openapi = rest?;
        openapi.components = read_components.transpose()?;
        if let (Some(components), Some(schemas)) = (openapi.components.as_mut(), read_schemas) {
            components.schemas = schemas?;
        }
        Ok(openapi)
    })();
    (openapi, parked)
}

/// The map of the object `place` holds, an empty object left in its stead; `None` when it holds
/// another kind of value.
fn take_object(place: &mut Value) -> Option<Map<String, Value>> {
    match place {
        Value::Object(object) => Some(std::mem::take(object)),
        _ => None,
    }
}

/// The component schemas of the object `schemas`, each read by a task of its own, then parked
/// as text; the first that does not read, in document order, is the error.
fn component_schemas(
    schemas: Map<String, Value>,
) -> (
    Result<indexmap::IndexMap<String, ReferenceOr<openapiv3::Schema>>, serde_json::Error>,
    ParkedSchemas,
) {
    let entries: Vec<(String, Value)> = schemas.into_iter().collect();
    let read: Vec<_> = entries
        .into_par_iter()
        .map(|(key, schema)| {
            let read = ReferenceOr::deserialize(&schema);
            (key, read, schema.to_string())
        })
        .collect();
    let mut parked = Vec::with_capacity(read.len());
    let mut schemas = indexmap::IndexMap::with_capacity(read.len());
    let mut error = None;
    for (key, read, text) in read {
        match read {
            Ok(schema) => {
                schemas.insert(key.clone(), schema);
            }
            Err(first) => {
                error.get_or_insert(first);
            }
        }
        parked.push((key, text));
    }
    let read = match error {
        Some(error) => Err(error),
        None => Ok(schemas),
    };
    (read, ParkedSchemas(parked))
}

/// Where and why `tree` is not an OpenAPI document: the innermost known object that does not
/// deserialize, or else the path serde stops at when it tracks one.
fn structural_error(path: &Path, tree: &serde_json::Value, error: serde_json::Error) -> Diagnostic {
    let found =
        locate::components(tree).unwrap_or_else(|| tracked::<openapiv3::OpenAPI>(tree, "#", error));
    invalid(path, found)
}

/// The location below `base` and the message of reading `value` as `T` again, tracking the
/// path serde takes; `error` if it reads this time.
fn tracked<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    base: &str,
    error: serde_json::Error,
) -> (String, String) {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Err(tracked) => (
            serde_pointer(base, tracked.path()),
            tracked.inner().to_string(),
        ),
        Ok(_) => (base.to_owned(), error.to_string()),
    }
}

/// The diagnostic for an object of `path` that is not what OpenAPI 3.0 says, at `pointer`.
fn invalid(path: &Path, (pointer, message): (String, String)) -> Diagnostic {
    Diagnostic::new(
        path,
        Some(pointer),
        format!("not a valid OpenAPI 3.0 document: {message}"),
    )
}

/// Refuses what is not OpenAPI 3.0, before its shape produces unrelated messages.
fn check_version(path: &Path, tree: &serde_json::Value) -> Result<(), Diagnostic> {
    let refuse =
        |at: &str, message: String| Err(Diagnostic::new(path, Some(at.to_owned()), message));
    let version = match (tree.get("openapi"), tree.get("swagger")) {
        (Some(version), _) => version,
        (None, Some(version)) => {
            return refuse(
                "#/swagger",
                format!(
                "Swagger {} is not supported: codegen reads OpenAPI 3.0; convert the description \
                     first (for example with `npx swagger2openapi`)",
                version.as_str().unwrap_or("2.0")
            ),
            )
        }
        (None, None) => {
            return refuse(
                "#",
                "no `openapi` version: not an OpenAPI description (codegen reads OpenAPI 3.0)"
                    .to_owned(),
            )
        }
    };
    match version.as_str() {
        Some(version) if version.starts_with("3.0") => Ok(()),
        Some(version) => refuse(
            "#/openapi",
            format!(
                "OpenAPI {version} is not supported: codegen reads OpenAPI 3.0.x; use a 3.0 \
                 version of the description if the API publishes one"
            ),
        ),
        None => refuse(
            "#/openapi",
            format!("`openapi: {version}` is not a version string such as \"3.0.3\""),
        ),
    }
}

/// `base` extended by the segments of a serde path (`#/paths/~1contacts/get`): where
/// deserializing stopped. An index is its number, a segment serde cannot name is `?`.
fn serde_pointer(base: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    crate::pointer::join(
        base,
        path.iter().map(|segment| match segment {
            Segment::Seq { index } => Cow::Owned(index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => Cow::Borrowed(key.as_str()),
            Segment::Unknown => Cow::Borrowed("?"),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_other_than_3_0_are_refused_with_a_location() {
        for (text, expected) in [
            (
                "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
                "spec.yaml: #/swagger: Swagger 2.0 is not supported",
            ),
            (
                "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n",
                "spec.yaml: #/openapi: OpenAPI 3.1.0 is not supported",
            ),
            (
                "openapi: 3.0\ninfo: {title: t, version: '1'}\n",
                "spec.yaml: #/openapi: `openapi: 3.0` is not a version string",
            ),
            (
                "info: {title: t, version: '1'}\n",
                "spec.yaml: #: no `openapi` version",
            ),
        ] {
            let message = parse(Path::new("spec.yaml"), text).unwrap_err().to_string();
            assert!(message.starts_with(expected), "{message}");
        }
    }

    /// `components`, read on a core of its own, is in the object model, and both it and `paths`
    /// are back in their places in the tree; path items are read from there.
    #[test]
    fn components_and_paths_are_read_and_kept_in_place() {
        let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    a: {type: string}\nx-after: 1\n";
        let mut document = parse(Path::new("spec.yaml"), text).unwrap();
        document.unpark_schemas();
        let keys: Vec<_> = document.tree.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["openapi", "info", "paths", "components", "x-after"]);
        assert_eq!(
            document.tree["components"]["schemas"]["a"]["type"],
            "string"
        );
        assert!(document.tree["paths"]["/a"]["get"].is_object());
        let items: Vec<_> = document.path_items().map(Result::unwrap).collect();
        assert!(matches!(&items[..], [("/a", ReferenceOr::Item(item))] if item.get.is_some()));
        let components = document.openapi.components.expect("components read");
        assert!(components.schemas.contains_key("a"));
        assert!(document.openapi.extensions.contains_key("x-after"));
        // `components: null` is no components, as the whole document read at once has it.
        let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: null\n";
        let document = parse(Path::new("spec.yaml"), text).unwrap();
        assert!(document.openapi.components.is_none());
    }

    #[test]
    fn yaml_syntax_errors_name_file_line_and_column() {
        let error = parse(Path::new("bad.yaml"), "openapi: 3.0.1\ninfo: [unclosed\n").unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with("bad.yaml: line 3, column 1"),
            "{message}"
        );
    }

    /// The component schemas are read on every core; the error is still the first in document
    /// order, however the work was split (a schema that does not read in the middle, and the
    /// next just after it, where a second core starts).
    #[test]
    fn the_first_component_schema_that_does_not_read_is_the_error() {
        let mut schemas = serde_json::Map::new();
        for index in 0..2000 {
            let schema = match index {
                999 => serde_json::json!({"nullable": 3}),
                1000 => serde_json::json!({"type": "string", "maxLength": "x"}),
                _ => {
                    serde_json::json!({"type": "object", "properties": {"id": {"type": "string"}}})
                }
            };
            schemas.insert(format!("s{:04}", 1999 - index), schema);
        }
        let error = component_schemas(schemas).0.unwrap_err();
        assert!(error.to_string().contains("expected a boolean"), "{error}");
    }

    /// The error of the first path item of `text` that does not read.
    fn path_item_error(text: &str) -> String {
        let document = parse(Path::new("spec.yaml"), text).unwrap();
        let mut items = document.path_items();
        items.find_map(Result::err).unwrap().to_string()
    }

    #[test]
    fn structural_errors_name_a_json_pointer() {
        let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let message = path_item_error(text);
        assert!(
            message.starts_with("spec.yaml: #/paths/~1a/get/responses:"),
            "{message}"
        );
    }

    #[test]
    fn errors_behind_flattened_maps_are_narrowed_to_the_failing_object() {
        let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, content: 7}\n";
        let message = path_item_error(text);
        assert!(
            message.starts_with("spec.yaml: #/paths/~1a/get/responses/200/content:"),
            "{message}"
        );
    }
}
