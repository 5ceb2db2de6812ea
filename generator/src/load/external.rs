//! References to other files (`$ref: '../shared/models/droplet.yml'`): multi-file descriptions
//! are bundled into one tree before parsing.
//!
//! A reference in a schema position is hoisted into `#/components/schemas` (named after its
//! file, or the last segment of its pointer), so it stays a named type and may refer to itself;
//! any other reference (a path item, an operation, a response, a description) is replaced by
//! what it points to. Inside a referenced file, `#/...` means that file. A URL is refused:
//! codegen does not use the network. Extensions (`x-...` keys) are not walked, except where a
//! key is a name (a header `x-request-id`, a property `x-tag`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::text::parse_tree;
use crate::lower::naming::Namespace;
use crate::{pointer, Diagnostic};

/// Inlined references nested deeper than this are a cycle.
const MAX_INLINE_DEPTH: usize = 64;

/// Bundles every external reference of `tree`, the description read from `root`.
pub fn bundle(root: &Path, tree: &mut Value) -> Result<(), Diagnostic> {
    let mut bundler = Bundler {
        root: root.to_owned(),
        files: HashMap::new(),
        hoisted: HashMap::new(),
        taken: Namespace::default(),
        new_schemas: Vec::new(),
    };
    let existing = tree
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for key in existing.into_iter().flat_map(Map::keys) {
        bundler.taken.claim(key);
    }
    bundler.walk(tree, None, &mut "#".to_owned(), Position::Other, 0)?;
    for (name, schema) in bundler.new_schemas {
        pointer::insert(tree, &pointer::component_schema(&name), schema);
    }
    Ok(())
}

/// One file and a pointer into it.
type Target = (PathBuf, String);

struct Bundler {
    root: PathBuf,
    /// Every file read so far, parsed.
    files: HashMap<PathBuf, Value>,
    /// The component name given to each hoisted schema.
    hoisted: HashMap<Target, String>,
    /// Component schema keys in use.
    taken: Namespace,
    /// Hoisted schemas, in the order they were met.
    new_schemas: Vec<(String, Value)>,
}

impl Bundler {
    /// Resolves the references in `node`. `file` is the file `node` comes from (`None`: the
    /// root, whose `#/...` references stay as they are); `at` its pointer there, for messages,
    /// which each child extends and gives back (one buffer for the walk, not a string a node).
    fn walk(
        &mut self,
        node: &mut Value,
        file: Option<&Path>,
        at: &mut String,
        position: Position,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        match node {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    let reference = reference.clone();
                    match self.reference(&reference, file, at, position, depth)? {
                        Resolved::Kept => {}
                        // Siblings (`nullable`, `description`) stay for rule `ref-siblings`.
                        Resolved::Hoisted(name) => {
                            object.insert("$ref".into(), pointer::component_schema(&name).into());
                        }
                        Resolved::Inlined(value) => *node = value,
                    }
                    return Ok(());
                }
                for (key, value) in object.iter_mut() {
                    let Some(child) = position.child(key, at) else {
                        continue;
                    };
                    let length = pointer::push(at, key);
                    self.walk(value, file, at, child, depth)?;
                    at.truncate(length);
                }
            }
            Value::Array(items) => {
                let child = match position {
                    Position::SchemaList => Position::Schema,
                    _ => Position::Other,
                };
                for (index, item) in items.iter_mut().enumerate() {
                    let length = pointer::push(at, &index.to_string());
                    self.walk(item, file, at, child, depth)?;
                    at.truncate(length);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// What a `$ref` node becomes.
    fn reference(
        &mut self,
        reference: &str,
        file: Option<&Path>,
        at: &str,
        position: Position,
        depth: usize,
    ) -> Result<Resolved, Diagnostic> {
        let here = file.unwrap_or(&self.root).to_owned();
        let error = |message: String| Diagnostic::new(&here, Some(at.to_owned()), message);
        if reference.contains("://") {
            return Err(error(format!(
                "`$ref: {reference}` refers to a URL; codegen does not use the network: download \
                 the file and refer to it by a relative path"
            )));
        }
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target_file = if path.is_empty() {
            match file {
                None => return Ok(Resolved::Kept),
                Some(file) => file.to_owned(),
            }
        } else {
            let base = here.parent().unwrap_or(Path::new("."));
            let joined = base.join(path);
            joined.canonicalize().map_err(|cause| {
                error(format!(
                    "`$ref: {reference}`: cannot read {}: {cause}",
                    joined.display()
                ))
            })?
        };
        let mut fragment = format!("#{fragment}");
        let target = (target_file.clone(), fragment.clone());
        if position == Position::Schema {
            if let Some(name) = self.hoisted.get(&target) {
                return Ok(Resolved::Hoisted(name.clone()));
            }
            let name = self.claim(&target);
            self.hoisted.insert(target.clone(), name.clone());
            let mut schema = self.lookup(&target, &error)?;
            self.walk(
                &mut schema,
                Some(&target_file),
                &mut fragment,
                Position::Schema,
                depth,
            )?;
            self.new_schemas.push((name.clone(), schema));
            return Ok(Resolved::Hoisted(name));
        }
        if depth >= MAX_INLINE_DEPTH {
            return Err(error(format!(
                "`$ref: {reference}` is part of a cycle of references"
            )));
        }
        let mut inlined = self.lookup(&target, &error)?;
        self.walk(
            &mut inlined,
            Some(&target_file),
            &mut fragment,
            position,
            depth + 1,
        )?;
        Ok(Resolved::Inlined(inlined))
    }

    /// The value a target names, reading its file if needed.
    fn lookup(
        &mut self,
        (file, fragment): &Target,
        error: &dyn Fn(String) -> Diagnostic,
    ) -> Result<Value, Diagnostic> {
        if !self.files.contains_key(file) {
            let text = std::fs::read_to_string(file)
                .map_err(|cause| error(format!("cannot read {}: {cause}", file.display())))?;
            let tree = parse_tree(file, &text)?;
            self.files.insert(file.clone(), tree);
        }
        pointer::lookup(&self.files[file], fragment)
            .cloned()
            .ok_or_else(|| error(format!("{} has nothing at `{fragment}`", file.display())))
    }

    /// A free component key for a hoisted schema: the pointer's last segment, else the file's
    /// stem, numbered when taken.
    fn claim(&mut self, (file, fragment): &Target) -> String {
        let from_pointer = fragment
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty() && *s != "#");
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
        let wanted = from_pointer
            .map(|segment| pointer::unescape(segment).into_owned())
            .or(stem)
            .unwrap_or_else(|| "schema".to_owned());
        self.taken.claim(&wanted)
    }
}

/// What a node is, which decides what a `$ref` there becomes: only a schema is hoisted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Schema,
    /// A map of schemas by name (`properties`, `#/components/schemas`).
    SchemaMap,
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`).
    SchemaList,
    /// A map of other objects by name (`headers`, `content`, a section of `#/components`),
    /// where a key starting with `x-` is a name (`x-request-id`), not an extension.
    NameMap,
    Other,
}

impl Position {
    /// The position of the value under `key` of an object at this position (at `at`), or
    /// `None` when it is not an OpenAPI object (extensions, example data).
    fn child(self, key: &str, at: &str) -> Option<Position> {
        if key.starts_with("x-") && !matches!(self, Position::SchemaMap | Position::NameMap) {
            return None;
        }
        Some(match (self, key) {
            (Position::SchemaMap, _) => Position::Schema,
            (Position::NameMap, _) => Position::Other,
            (Position::Schema, "example" | "examples" | "default" | "enum") => return None,
            (Position::Schema, "items" | "not" | "additionalProperties") => Position::Schema,
            (Position::Schema, "properties") => Position::SchemaMap,
            (Position::Schema, "allOf" | "oneOf" | "anyOf") => Position::SchemaList,
            (Position::Other, "schema") => Position::Schema,
            (Position::Other, "schemas") if at == "#/components" => Position::SchemaMap,
            (Position::Other, _) if at == "#/components" => Position::NameMap,
            (Position::Other, "headers" | "content" | "links" | "encoding" | "variables") => {
                Position::NameMap
            }
            _ => Position::Other,
        })
    }
}

/// What becomes of a `$ref`.
enum Resolved {
    /// A reference inside the root description: left as it is.
    Kept,
    /// A schema, now the component of this name.
    Hoisted(String),
    /// Anything else: replaced by its target.
    Inlined(Value),
}
