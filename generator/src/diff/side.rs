//! One side of a diff: an [`Api`] indexed the way the comparison needs it — types by source,
//! type expressions in a form that does not depend on Rust names, and which operations and types
//! reach each type.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ir::{Api, Operation, ResponseBody, TypeDef, TypeGraph, TypeKind, TypeRef};

use super::report::Direction;

/// An [`Api`] and what the diff looks up in it.
pub struct Side<'a> {
    pub api: &'a Api,
    /// Types by [`source_key`] of their source.
    pub by_source: BTreeMap<String, &'a TypeDef>,
    /// [`source_key`] of each type, by Rust name.
    source_of: HashMap<&'a str, String>,
    /// The operations (indices into `api.operations`) that reach each type, and how.
    users: HashMap<&'a str, Usage>,
    /// The types that name each type directly.
    containers: HashMap<&'a str, BTreeSet<&'a str>>,
    /// The structs a request carries: those with required fields get a `new` constructor.
    pub request_types: BTreeSet<&'a str>,
}

/// How the operations of one description use a type.
#[derive(Debug, Default, Clone)]
pub struct Usage {
    pub operations: BTreeSet<usize>,
    pub request: bool,
    pub response: bool,
}

impl Usage {
    pub fn direction(&self) -> Direction {
        match (self.request, self.response) {
            (true, true) => Direction::Both,
            (true, false) => Direction::Request,
            (false, true) => Direction::Response,
            (false, false) => Direction::Unused,
        }
    }

    pub fn merge(&mut self, other: &Usage) {
        self.request |= other.request;
        self.response |= other.response;
    }
}

impl<'a> Side<'a> {
    pub fn new(api: &'a Api) -> Self {
        let mut side = Side {
            api,
            by_source: BTreeMap::new(),
            source_of: HashMap::new(),
            users: HashMap::new(),
            containers: HashMap::new(),
            request_types: api.request_types(),
        };
        for definition in api.types.values() {
            let key = source_key(&definition.source);
            side.source_of.insert(&definition.name, key.clone());
            side.by_source.insert(key, definition);
            for named in definition.referenced_types() {
                side.containers
                    .entry(named)
                    .or_default()
                    .insert(&definition.name);
            }
        }
        let graph = TypeGraph::new(api);
        for (index, operation) in api.operations.iter().enumerate() {
            let (request, response) = operation_roots(operation);
            for (roots, is_request) in [(request, true), (response, false)] {
                for name in graph.reachable(roots) {
                    let usage = side.users.entry(name).or_default();
                    usage.operations.insert(index);
                    if is_request {
                        usage.request = true;
                    } else {
                        usage.response = true;
                    }
                }
            }
        }
        side
    }

    /// Whether `name` is a string enum.
    pub fn is_string_enum(&self, name: &str) -> bool {
        matches!(
            self.api.types.get(name).map(|definition| &definition.kind),
            Some(TypeKind::Enum(_))
        )
    }

    /// How the operations use the type named `name` (nothing for an unknown name).
    pub fn usage(&self, name: &str) -> Usage {
        self.users.get(name).cloned().unwrap_or_default()
    }

    /// The types that contain the type named `name`, directly or not.
    pub fn containers_of(&self, name: &str) -> BTreeSet<&'a str> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&str> = vec![name];
        while let Some(current) = stack.pop() {
            for &container in self.containers.get(current).into_iter().flatten() {
                if container != name && seen.insert(container) {
                    stack.push(container);
                }
            }
        }
        seen
    }

    /// A type expression with named types written as their source: equal on both sides exactly
    /// when the same schemas are meant, whatever the Rust names.
    pub fn key(&self, ty: &TypeRef) -> String {
        render(ty, &|name| match self.source_of.get(name) {
            Some(source) => format!("<{source}>"),
            None => name.to_owned(),
        })
    }

    /// A type expression as Rust, with named types as in `models` (`Vec<Contact>`).
    pub fn rust(&self, ty: &TypeRef) -> String {
        render(ty, &|name| name.to_owned())
    }

    /// [`Side::key`] of a response body.
    pub fn body_key(&self, body: &ResponseBody) -> String {
        response_body(body, |ty| self.key(ty))
    }

    /// The Rust type `send` returns for a response body.
    pub fn body_rust(&self, body: &ResponseBody) -> String {
        response_body(body, |ty| self.rust(ty))
    }
}

fn response_body(body: &ResponseBody, json: impl Fn(&TypeRef) -> String) -> String {
    match body {
        ResponseBody::Empty => "()".to_owned(),
        ResponseBody::Json(ty) => json(ty),
        ResponseBody::Text => "String".to_owned(),
        ResponseBody::Binary => "Bytes".to_owned(),
        ResponseBody::Redirect => "Redirect".to_owned(),
    }
}

/// A type expression in Rust syntax, with `named` writing the named types.
fn render(ty: &TypeRef, named: &dyn Fn(&str) -> String) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Bytes => "FilePart".to_owned(),
        TypeRef::Integer => "i64".to_owned(),
        TypeRef::Number => "f64".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::Any => "serde_json::Value".to_owned(),
        TypeRef::Named(name) => named(name),
        TypeRef::Array(items) => format!("Vec<{}>", render(items, named)),
        TypeRef::Map(values) => format!("BTreeMap<String, {}>", render(values, named)),
        TypeRef::Nullable(inner) => format!("Option<{}>", render(inner, named)),
    }
}

/// A source pointer with the names of path parameters erased, so an inline schema of
/// `/admins/{id}` and of `/admins/{admin_id}` is the same schema.
pub fn source_key(source: &str) -> String {
    let mut segments: Vec<String> = source.split('/').map(str::to_owned).collect();
    if segments.len() > 2 && segments[1] == "paths" {
        segments[2] = erase_parameters(&segments[2]);
    }
    segments.join("/")
}

/// A path template with every `{name}` written `{}`: the route as the server sees it.
pub fn erase_parameters(path: &str) -> String {
    let mut erased = String::with_capacity(path.len());
    let mut in_parameter = false;
    for character in path.chars() {
        match character {
            '{' => {
                in_parameter = true;
                erased.push('{');
            }
            '}' => {
                in_parameter = false;
                erased.push('}');
            }
            _ if in_parameter => {}
            _ => erased.push(character),
        }
    }
    erased
}

/// The type expressions an operation sends and receives.
fn operation_roots(operation: &Operation) -> (Vec<&TypeRef>, Vec<&TypeRef>) {
    let request = operation
        .parameters
        .iter()
        .map(|parameter| &parameter.ty)
        .chain(operation.body.as_ref().map(|body| &body.ty))
        .collect();
    let response = operation
        .responses
        .iter()
        .map(|response| &response.body)
        .chain([&operation.success])
        .filter_map(ResponseBody::json)
        .chain([&operation.error])
        .collect();
    (request, response)
}
