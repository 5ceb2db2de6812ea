//! References to other files (`$ref: '../shared/models/droplet.yml'`): multi-file descriptions
//! are bundled into one tree before parsing.
//!
//! A reference in a schema position is hoisted into `#/components/schemas` (named after its
//! file, or the last segment of its pointer), so it stays a named type and may refer to itself;
//! any other reference (a path item, an operation, a response, a description) is replaced by
//! what it points to. A root component that is only such a reference is that schema, under its
//! own key; a reference back into the root is the root's own. Inside a referenced file, `#/...`
//! means that file. A URL is refused: codegen does not use the network. Extensions (`x-...`
//! keys) are not walked, except where a key is a name (a header `x-request-id`, a property
//! `x-tag`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::position::Position;
use super::text::{decode, parse_tree};
use crate::lower::naming::Namespace;
use crate::{pointer, Diagnostic};

/// Inlined references nested deeper than this are a cycle.
const MAX_INLINE_DEPTH: usize = 64;

/// Bundles every external reference of `tree`, the description read from `root`.
pub fn bundle(root: &Path, tree: &mut Value) -> Result<(), Diagnostic> {
    let mut bundler = Bundler {
        root: root.to_owned(),
        canonical_root: root.canonicalize().ok(),
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
    bundler.adopt_components(tree)?;
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
    /// The root as the paths of referenced files are compared: a reference back into it is
    /// one of its own, never a copy.
    canonical_root: Option<PathBuf>,
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
                        Resolved::Root(reference) => {
                            object.insert("$ref".into(), reference.into());
                        }
                        // Siblings (`nullable`, `description`) stay for rule `ref-siblings`.
                        Resolved::Hoisted(name) => {
                            object.insert("$ref".into(), pointer::component_schema(&name).into());
                        }
                        Resolved::Inlined(value) => *node = value,
                    }
                    return Ok(());
                }
                if position == Position::Schema {
                    self.resolve_mapping(object, file, at, depth)?;
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
                let child = position.item();
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
        let Some(target) = self.target(reference, file, &error)? else {
            return Ok(Resolved::Kept);
        };
        // Another file's reference back into the root (`../openapi.yaml#/components/...`) is
        // the root's own: hoisting it would give the schema a second, unrelated type.
        if self.is_root(&target.0) && position == Position::Schema {
            return Ok(Resolved::Root(target.1));
        }
        if position == Position::Schema {
            if let Some(name) = self.hoisted.get(&target) {
                return Ok(Resolved::Hoisted(name.clone()));
            }
            let name = self.claim(&target);
            self.hoisted.insert(target.clone(), name.clone());
            let schema = self.walked(&target, Position::Schema, depth, &error)?;
            self.new_schemas.push((name.clone(), schema));
            return Ok(Resolved::Hoisted(name));
        }
        if depth >= MAX_INLINE_DEPTH {
            return Err(error(format!(
                "`$ref: {reference}` is part of a cycle of references"
            )));
        }
        let inlined = self.walked(&target, position, depth + 1, &error)?;
        Ok(Resolved::Inlined(inlined))
    }

    /// Whether `file` (canonical) is the root description.
    fn is_root(&self, file: &Path) -> bool {
        self.canonical_root.as_deref() == Some(file)
    }

    /// A discriminator's mapping names schemas by reference too (`attach: models/attach.yml`):
    /// each such value is resolved as a schema's `$ref` is, so that it names the component the
    /// member's own reference became. A value that looks like a name (`Dog`) stays.
    fn resolve_mapping(
        &mut self,
        schema: &mut Map<String, Value>,
        file: Option<&Path>,
        at: &mut String,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        let Some(Value::Object(mapping)) = schema
            .get_mut("discriminator")
            .and_then(|discriminator| discriminator.get_mut("mapping"))
        else {
            return Ok(());
        };
        for (tag, target) in mapping.iter_mut() {
            let Value::String(reference) = target else {
                continue;
            };
            let is_reference = reference.contains(['#', '/'])
                || [".yaml", ".yml", ".json"]
                    .iter()
                    .any(|extension| reference.ends_with(extension));
            if !is_reference {
                continue;
            }
            let length = at.len();
            for segment in ["discriminator", "mapping", tag] {
                pointer::push(at, segment);
            }
            let resolved = self.reference(&reference.clone(), file, at, Position::Schema, depth);
            at.truncate(length);
            match resolved? {
                Resolved::Root(local) => *reference = local,
                Resolved::Hoisted(name) => *reference = pointer::component_schema(&name),
                Resolved::Kept | Resolved::Inlined(_) => {}
            }
        }
        Ok(())
    }

    /// The file and the pointer `reference`, written in `file` (`None`: the root), points to;
    /// `None` for the root's references to itself, which stay as they are.
    fn target(
        &self,
        reference: &str,
        file: Option<&Path>,
        error: &dyn Fn(String) -> Diagnostic,
    ) -> Result<Option<Target>, Diagnostic> {
        if reference.contains("://") {
            return Err(error(format!(
                "`$ref: {reference}` refers to a URL; codegen does not use the network: download \
                 the file and refer to it by a relative path"
            )));
        }
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target_file = match (path, file) {
            ("", None) => return Ok(None),
            ("", Some(file)) => file.to_owned(),
            (path, _) => {
                let here = file.unwrap_or(&self.root);
                let joined = here.parent().unwrap_or(Path::new(".")).join(path);
                joined.canonicalize().map_err(|cause| {
                    error(format!(
                        "`$ref: {reference}`: cannot read {}: {cause}",
                        joined.display()
                    ))
                })?
            }
        };
        Ok(Some((target_file, format!("#{fragment}"))))
    }

    /// The value `target` names, its references resolved as what is at `position`: the root's
    /// own content as the root's, so that its `#/...` references stay.
    fn walked(
        &mut self,
        target: &Target,
        position: Position,
        depth: usize,
        error: &dyn Fn(String) -> Diagnostic,
    ) -> Result<Value, Diagnostic> {
        let mut value = self.lookup(target, error)?;
        let file = (!self.is_root(&target.0)).then_some(target.0.as_path());
        self.walk(&mut value, file, &mut target.1.clone(), position, depth)?;
        Ok(value)
    }

    /// Redocly's split layout: a root component that is only a reference to another file
    /// (`Pet: {$ref: schemas/Pet.yaml}`) becomes that file's schema, under its own key, rather
    /// than an alias of the schema hoisted as `Pet2`. Every such component is named before any
    /// is walked, so that they refer to one another by those names.
    fn adopt_components(&mut self, tree: &mut Value) -> Result<(), Diagnostic> {
        let Some(Value::Object(schemas)) = tree.pointer_mut("/components/schemas") else {
            return Ok(());
        };
        let mut adopted = Vec::new();
        for (key, schema) in schemas.iter() {
            // Only a lone `$ref`: siblings stay for rule `ref-siblings`.
            let Some(Value::String(reference)) = schema
                .get("$ref")
                .filter(|_| schema.as_object().is_some_and(|schema| schema.len() == 1))
            else {
                continue;
            };
            let at = pointer::component_schema(key);
            let error = |message: String| Diagnostic::new(&self.root, Some(at.clone()), message);
            let target = self.target(reference, None, &error)?;
            if let Some(target) = target.filter(|target| !self.is_root(&target.0)) {
                self.hoisted.insert(target.clone(), key.clone());
                adopted.push((key.clone(), target));
            }
        }
        let root = self.root.clone();
        for (key, target) in adopted {
            let at = pointer::component_schema(&key);
            let error = |message: String| Diagnostic::new(&root, Some(at.clone()), message);
            let schema = self.walked(&target, Position::Schema, 0, &error)?;
            schemas.insert(key, schema);
        }
        Ok(())
    }

    /// The value a target names, reading its file if needed.
    fn lookup(
        &mut self,
        (file, fragment): &Target,
        error: &dyn Fn(String) -> Diagnostic,
    ) -> Result<Value, Diagnostic> {
        if !self.files.contains_key(file) {
            let bytes = std::fs::read(file)
                .map_err(|cause| error(format!("cannot read {}: {cause}", file.display())))?;
            let text = decode(file, bytes)?;
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

/// What becomes of a `$ref`.
enum Resolved {
    /// A reference inside the root description: left as it is.
    Kept,
    /// A schema in the root description, referred to from another file: this reference.
    Root(String),
    /// A schema, now the component of this name.
    Hoisted(String),
    /// Anything else: replaced by its target.
    Inlined(Value),
}
