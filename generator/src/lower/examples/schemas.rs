//! The description's schemas as JSON Schema validators, compiled on demand, and the lookups
//! the audit makes in them (see the parent module).

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use jsonschema::{Draft, Registry, Validator};
use rayon::iter::{IntoParallelIterator, ParallelIterator};
use serde_json::{json, Map, Value};

use super::convert::Converter;
use crate::pointer;

/// A component schema that reaches itself through `$ref`, `allOf`, `oneOf`, `anyOf` and `not`
/// alone, without a property or an item in between (`A: {$ref: B}`, `B: {$ref: A}`,
/// `oneOf: [self]`; rule `alias-cycle`), if there is one.
fn unguarded_cycle(components: &Map<String, Value>) -> Option<&str> {
    fn targets<'v>(node: &'v Value, found: &mut Vec<&'v str>) {
        let Value::Object(object) = node else { return };
        if let Some(Value::String(reference)) = object.get("$ref") {
            found.push(reference);
        }
        for keyword in ["allOf", "oneOf", "anyOf", "not"] {
            match object.get(keyword) {
                Some(Value::Array(members)) => members.iter().for_each(|m| targets(m, found)),
                Some(member) => targets(member, found),
                None => {}
            }
        }
    }
    let keys: Vec<&str> = components.keys().map(String::as_str).collect();
    let index: HashMap<String, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| (pointer::component_schema(key), i))
        .collect();
    let edges: Vec<Vec<usize>> = components
        .values()
        .map(|node| {
            let mut found = Vec::new();
            targets(node, &mut found);
            found
                .iter()
                .filter_map(|target| index.get(*target).copied())
                .collect()
        })
        .collect();
    let component = crate::lower::recursion::strongly_connected(&edges);
    let mut sizes = vec![0; keys.len()];
    component.iter().for_each(|&c| sizes[c] += 1);
    (0..keys.len())
        .find(|&i| sizes[component[i]] > 1 || edges[i].contains(&i))
        .map(|i| keys[i])
}

/// Schema objects with at most this many keys are searched key by key (see [`schema_keyword`]).
const SCANNED_KEYS: usize = 12;

/// The keyword `name` of the schema `node`, as `node.get(name)`. A schema object has a handful
/// of keys, and comparing them is cheaper than hashing `name` with serde_json's SipHash: the
/// audit's lookups, hashed, were 4% of the instructions of generating Unstable's crate.
pub(super) fn schema_keyword<'v>(node: &'v Value, name: &str) -> Option<&'v Value> {
    let object = node.as_object()?;
    if object.len() > SCANNED_KEYS {
        return object.get(name);
    }
    object
        .iter()
        .find_map(|(key, value)| (key == name).then_some(value))
}

/// The base URI of the converted document (it is never fetched: the registry holds it).
const DOCUMENT_URI: &str = "urn:intercom-codegen:openapi";

/// Validators for the schemas of one description, compiled on demand.
pub(in crate::lower) struct Schemas<'d> {
    /// The description's JSON tree.
    tree: &'d Value,
    /// The converted component schemas, shared by the [`fork`](Self::fork)s.
    registry: Arc<Registry<'static>>,
    /// The node each pointer as written lands on (`None`: nowhere); the audit asks again and
    /// again for the targets of `$ref`s.
    nodes: HashMap<String, Option<&'d Value>>,
    /// The validators this fork has used, looked up without a lock (see `compiled`).
    validators: HashMap<usize, Compiled>,
    /// Every validator compiled so far by any fork, by the address of the schema's node, so
    /// that every way of writing one schema, on any thread, shares its validator.
    compiled: Arc<Mutex<HashMap<usize, Compiled>>>,
}

/// A validator, or why the schema cannot be validated against.
type Compiled = Arc<Result<Validator, String>>;

impl<'d> Schemas<'d> {
    /// Converts and registers the component schemas of the description `tree`.
    pub fn new(tree: &'d Value) -> Result<Self, String> {
        let no_components = Map::new();
        let components = match tree.pointer("/components/schemas") {
            Some(Value::Object(schemas)) => schemas,
            _ => &no_components,
        };
        // Each schema converted on its own, on every core, while the cycles are looked for.
        let entries: Vec<(&String, &Value)> = components.iter().collect();
        let (cycle, converted) = rayon::join(
            || unguarded_cycle(components),
            || {
                entries
                    .into_par_iter()
                    .map(|(key, node)| {
                        let mut converter = Converter::default();
                        let schema = converter.schema(node);
                        (key.clone(), schema, converter.refs)
                    })
                    .collect::<Vec<_>>()
            },
        );
        if let Some(key) = cycle {
            return Err(format!(
                "component schema `{key}` refers to itself through `$ref`s and compositions \
                 alone, which a validator follows without end"
            ));
        }
        let mut refs = BTreeSet::new();
        let mut schemas = Map::with_capacity(converted.len());
        for (key, schema, found) in converted {
            refs.extend(found);
            schemas.insert(key, schema);
        }
        // Rule `dangling-ref`: a reference to a schema that does not exist is any JSON value.
        for reference in &refs {
            if let Some(key) = pointer::component_schema_key(reference) {
                if !schemas.contains_key(&key) {
                    schemas.insert(key, json!({}));
                }
            }
        }
        // Moved into place: `json!` would serialize a deep copy of every schema (151 MB and a
        // quarter of a second of a 50 MB description).
        let components = Map::from_iter([("schemas".to_owned(), Value::Object(schemas))]);
        let converted = Value::Object(Map::from_iter([(
            "components".to_owned(),
            Value::Object(components),
        )]));
        let registry = Registry::new()
            .draft(Draft::Draft202012)
            .add(DOCUMENT_URI, Draft::Draft202012.create_resource(converted))
            .and_then(|builder| builder.prepare())
            .map_err(|error| format!("the schemas do not load: {error}"))?;
        Ok(Self {
            tree,
            registry: Arc::new(registry),
            nodes: HashMap::new(),
            validators: HashMap::new(),
            compiled: Arc::default(),
        })
    }

    /// The same schemas for another thread: the components are converted and registered once,
    /// and each validator compiled once for all forks.
    pub fn fork(&self) -> Self {
        Self {
            tree: self.tree,
            registry: Arc::clone(&self.registry),
            nodes: HashMap::new(),
            validators: HashMap::new(),
            compiled: Arc::clone(&self.compiled),
        }
    }

    /// The description's JSON tree.
    pub fn tree(&self) -> &'d Value {
        self.tree
    }

    /// The schema node at `pointer` (written as if inline).
    pub fn node(&mut self, pointer: &str) -> Option<&'d Value> {
        if let Some(node) = self.nodes.get(pointer) {
            return *node;
        }
        let node = pointer::resolve(self.tree, pointer);
        self.nodes.insert(pointer.to_owned(), node);
        node
    }

    /// A validator for the schema at `pointer` (written as if inline, like the IR's pointers).
    pub fn validator(&mut self, pointer: &str) -> Result<&Validator, &str> {
        match self.node(pointer) {
            Some(node) => self.validator_of(node),
            None => Err("it does not resolve"),
        }
    }

    /// A validator for the schema `node` of the description's tree.
    pub fn validator_of(&mut self, node: &'d Value) -> Result<&Validator, &str> {
        // A schema that only refers to another validates the same values: share its validator.
        let node = self.referred(node);
        let key = std::ptr::from_ref(node) as usize;
        let validator: &Result<Validator, String> = self
            .validators
            .entry(key)
            .or_insert_with(|| shared_validator(&self.registry, &self.compiled, key, node));
        validator.as_ref().map_err(String::as_str)
    }

    /// The schema `node` only refers to, through any number of references (`node` itself if it
    /// is more than a reference, or the reference does not resolve).
    pub fn referred(&mut self, mut node: &'d Value) -> &'d Value {
        while let Some(target) = only_reference(node) {
            match self.node(target) {
                Some(next) if !std::ptr::eq(next, node) => node = next,
                _ => break,
            }
        }
        node
    }

    /// How many validators have been compiled (the audit avoids compiling them).
    #[cfg(test)]
    pub fn compiled_validators(&self) -> usize {
        self.compiled.lock().expect("no fork panicked").len()
    }

    /// Whether `value` is valid against the schema `node`; `None` when it cannot be told.
    pub fn is_valid(&mut self, node: &'d Value, value: &Value) -> Option<bool> {
        self.validator_of(node)
            .ok()
            .map(|validator| validator.is_valid(value))
    }
}

/// The validator of the schema `node` (at address `key`) in `compiled`, compiled now if no fork
/// has yet. It is compiled without the lock held: two forks that compile one schema at once
/// keep the first.
fn shared_validator(
    registry: &Registry<'static>,
    compiled: &Mutex<HashMap<usize, Compiled>>,
    key: usize,
    node: &Value,
) -> Compiled {
    if let Some(validator) = compiled.lock().expect("no fork panicked").get(&key) {
        return Arc::clone(validator);
    }
    let validator = Arc::new(compile(registry, node));
    let mut compiled = compiled.lock().expect("no fork panicked");
    Arc::clone(compiled.entry(key).or_insert(validator))
}

/// The target of the schema `node` when it is nothing but a `$ref`.
fn only_reference(node: &Value) -> Option<&str> {
    match node {
        Value::Object(node) if node.len() == 1 => node.get("$ref")?.as_str(),
        _ => None,
    }
}

/// Compiles the schema `node` against the converted components in `registry`.
fn compile(registry: &Registry<'static>, node: &Value) -> Result<Validator, String> {
    let mut schema = Converter::default().schema(node);
    absolute_refs(&mut schema);
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(registry)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(true)
        .build(&schema)
        .map_err(|error| error.to_string())
}

/// Points the `$ref`s of a converted schema into the registered document.
fn absolute_refs(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            for (key, value) in object.iter_mut() {
                match value {
                    Value::String(reference) if key == "$ref" && reference.starts_with('#') => {
                        let fragment = pointer::uri_fragment(&reference[1..]);
                        *reference = format!("{DOCUMENT_URI}#{fragment}");
                    }
                    _ => absolute_refs(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(absolute_refs),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_keyword_is_what_get_finds_in_small_and_large_objects() {
        let small = json!({"type": "object", "nullable": true, "properties": {}});
        let large: Map<String, Value> = (0..=SCANNED_KEYS)
            .map(|index| (format!("k{index}"), json!(index)))
            .collect();
        let large = Value::Object(large);
        for (node, name) in [
            (&small, "type"),
            (&small, "nullable"),
            (&small, "properties"),
            (&small, "items"),
            (&small, "typ"),
            (&large, "k0"),
            (&large, "k12"),
            (&large, "k13"),
        ] {
            assert_eq!(schema_keyword(node, name), node.get(name), "{name}");
        }
        assert_eq!(schema_keyword(&json!(["type"]), "type"), None);
    }

    /// A schema validated on several threads, each with its fork, is compiled once.
    #[test]
    fn forks_share_the_validators_compiled() {
        let tree = json!({"components": {"schemas": {
            "tag": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
        }}});
        let schemas = Schemas::new(&tree).expect("schemas load");
        std::thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    let mut fork = schemas.fork();
                    let validator = fork.validator("#/components/schemas/tag").unwrap();
                    assert!(validator.is_valid(&json!({"id": "a"})));
                    assert!(!validator.is_valid(&json!({})));
                });
            }
        });
        let mut fork = schemas.fork();
        assert!(fork.validator("#/components/schemas/tag").is_ok());
        assert_eq!(schemas.compiled_validators(), 1);
    }
}
