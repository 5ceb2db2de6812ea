//! The generated Rust view: which items of the crate (client methods, request builders, their
//! setters and page streams, models, their `new` constructors, fields, variants) appear, disappear or change signature, and whether code
//! that compiled against the old crate still compiles.
//!
//! The items are derived from the IR by the rules `emit` follows (see `emit::operations` and
//! `emit::models`), without calling it: a method takes path parameters, required query and
//! header parameters and a required body, in that order, as arguments (strings as
//! `impl Into<String>`); the other inputs are builder setters; a required, non-nullable property
//! is `T`, a required nullable or optional one `Option<T>`, an optional nullable one
//! `Nullable<T>`; every struct has public fields (so struct literals name them all), every
//! enum is exhaustive, and a string enum of one value is a `Tag`, with no variants.

use std::collections::BTreeMap;

use heck::ToPascalCase;

use crate::ir::{
    ArgumentForm, Field, Operation, ResponseBody, TypeDef, TypeKind, TypeRef, ADDITIONAL_FIELD,
};

use super::report::{Effect, RustChange, Semver};
use super::side::Side;

/// What kind of item it is: decides what a change breaks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Method,
    Builder,
    Setter,
    Send,
    Type,
    Field,
    Variant,
}

/// One public item of a generated crate.
struct Item {
    kind: Kind,
    /// Its path in the crate (`Client::show_contact`, `models::Contact::email`).
    path: String,
    /// What code names it by, beyond its container: renaming a type is reported once, at the
    /// type, not again at each of its fields.
    name: String,
    /// The declaration as written in the crate.
    declaration: String,
    /// The declaration with named types written as their source and argument names left out:
    /// equal on both sides exactly when code using the item compiles against both.
    shape: String,
}

/// Items by what identifies them across versions (a field by its JSON key, a setter by its
/// parameter, a union variant by the schema it holds).
type Surface = BTreeMap<String, Item>;

/// The Rust changes of an operation (`None` on the side that lacks it).
pub fn operation_changes(
    old: &Side,
    old_op: Option<&Operation>,
    new: &Side,
    new_op: Option<&Operation>,
) -> Vec<RustChange> {
    changes((old, old_op), (new, new_op), operation_surface, "method")
}

/// The Rust changes of a type (`None` on the side that lacks it).
pub fn type_changes(
    old: &Side,
    old_def: Option<&TypeDef>,
    new: &Side,
    new_def: Option<&TypeDef>,
) -> Vec<RustChange> {
    changes((old, old_def), (new, new_def), type_surface, "type")
}

/// The Rust changes of one subject, from its surface on each side.
fn changes<T>(
    old: (&Side, Option<&T>),
    new: (&Side, Option<&T>),
    surface: fn(&Side, &T) -> Surface,
    head: &str,
) -> Vec<RustChange> {
    let items =
        |(side, subject): (&Side, Option<&T>)| subject.map(|subject| surface(side, subject));
    compare(items(old), items(new), head)
}

/// The verdict for a set of Rust changes.
pub fn semver<'a>(changes: impl IntoIterator<Item = &'a RustChange>) -> Semver {
    changes.into_iter().fold(Semver::Patch, |verdict, change| {
        match (verdict, change.breaking) {
            (_, true) | (Semver::Major, _) => Semver::Major,
            _ => Semver::Minor,
        }
    })
}

/// An item added or removed with its whole operation or type is reported as that one item
/// (`head`), not item by item.
fn compare(old: Option<Surface>, new: Option<Surface>, head: &str) -> Vec<RustChange> {
    match (old, new) {
        (Some(mut old), None) => old.remove(head).map(removed).into_iter().collect(),
        (None, Some(mut new)) => new.remove(head).map(added).into_iter().collect(),
        (Some(old), Some(mut new)) => {
            let mut changes = Vec::new();
            for (key, before) in old {
                match new.remove(&key) {
                    None => changes.push(removed(before)),
                    Some(after) if before.name != after.name => {
                        changes.push(change(Effect::Renamed, before, after))
                    }
                    Some(after) if before.shape != after.shape => {
                        changes.push(change(Effect::SignatureChanged, before, after))
                    }
                    Some(_) => {}
                }
            }
            changes.extend(new.into_values().map(added));
            changes
        }
        (None, None) => Vec::new(),
    }
}

fn removed(item: Item) -> RustChange {
    RustChange {
        item: item.path,
        effect: Effect::Removed,
        old: Some(item.declaration),
        new: None,
        breaking: true,
        reason: "uses of it stop compiling".to_owned(),
    }
}

fn added(item: Item) -> RustChange {
    let (breaking, reason) = match item.kind {
        Kind::Field => (
            true,
            "struct literals that do not end in `..Default::default()` stop compiling",
        ),
        Kind::Variant => (true, "exhaustive `match`es stop compiling"),
        Kind::Method | Kind::Builder | Kind::Setter | Kind::Send | Kind::Type => {
            (false, "a new item")
        }
    };
    RustChange {
        item: item.path,
        effect: Effect::Added,
        old: None,
        new: Some(item.declaration),
        breaking,
        reason: reason.to_owned(),
    }
}

fn change(effect: Effect, before: Item, after: Item) -> RustChange {
    let reason = match effect {
        Effect::Renamed => "uses of the old name stop compiling".to_owned(),
        _ => signature_reason(after.kind, &before.declaration, &after.declaration),
    };
    RustChange {
        item: after.path,
        effect,
        old: Some(before.declaration),
        new: Some(after.declaration),
        breaking: true,
        reason,
    }
}

/// What stops compiling when an item's signature changes.
fn signature_reason(kind: Kind, before: &str, after: &str) -> String {
    let field_type = |declaration: &str| {
        declaration
            .split_once(": ")
            .map(|(_, ty)| ty.to_owned())
            .unwrap_or_default()
    };
    match kind {
        Kind::Field => {
            let (was, is) = (field_type(before), field_type(after));
            if was == format!("Option<{is}>") {
                "no longer an `Option`: `if let Some(..)` and other `Option` uses stop compiling"
                    .to_owned()
            } else if is == format!("Option<{was}>") {
                "now an `Option`: uses of the plain value stop compiling".to_owned()
            } else {
                format!("its type changed from `{was}` to `{is}`")
            }
        }
        Kind::Method => "calls with the old arguments stop compiling".to_owned(),
        Kind::Setter => "calls with a value of the old type stop compiling".to_owned(),
        Kind::Send => "code using the old result type stops compiling".to_owned(),
        Kind::Type => "uses that depend on what kind of type it was stop compiling".to_owned(),
        Kind::Builder | Kind::Variant => "uses of the old form stop compiling".to_owned(),
    }
}

/// `Client::method`, the builder, its setters and `send`.
fn operation_surface(side: &Side, operation: &Operation) -> Surface {
    let builder = operation.ident.to_pascal_case();
    let mut arguments = Vec::new();
    let mut items = Surface::new();
    let inputs = operation
        .parameters
        .iter()
        .map(|p| {
            (
                format!("setter:{}:{}", p.location.as_str(), p.name),
                p.ident.as_str(),
                &p.ty,
                p.required,
            )
        })
        .chain(
            operation
                .body
                .as_ref()
                .map(|body| ("setter:body".to_owned(), "body", &body.ty, body.required)),
        );
    for (key, ident, ty, required) in inputs {
        let value = |render: &dyn Fn(&TypeRef) -> String| match ty {
            TypeRef::String => "impl Into<String>".to_owned(),
            _ => render(ty),
        };
        let (declared, shape) = (value(&|ty| side.rust(ty)), value(&|ty| side.key(ty)));
        if required {
            arguments.push((format!("{ident}: {declared}"), shape));
            continue;
        }
        items.insert(
            key,
            Item {
                kind: Kind::Setter,
                path: format!("{builder}::{ident}"),
                name: ident.to_owned(),
                declaration: format!("fn {ident}(self, value: {declared}) -> Self"),
                shape,
            },
        );
    }
    let (declared, shapes): (Vec<String>, Vec<String>) = arguments.into_iter().unzip();
    let method = &operation.ident;
    items.insert(
        "method".to_owned(),
        Item {
            kind: Kind::Method,
            path: format!("Client::{method}"),
            name: method.clone(),
            declaration: format!(
                "fn {method}(&self{}) -> {builder}",
                declared
                    .iter()
                    .map(|a| format!(", {a}"))
                    .collect::<String>()
            ),
            shape: shapes.join(", "),
        },
    );
    items.insert(
        "builder".to_owned(),
        Item {
            kind: Kind::Builder,
            path: format!("operations::{}::{builder}", operation.module),
            name: format!("{}::{builder}", operation.module),
            declaration: format!("struct {builder}<'a>"),
            shape: String::new(),
        },
    );
    let result = |output: String, error: String| format!("Result<{output}, Error<{error}>>");
    items.insert(
        "send".to_owned(),
        Item {
            kind: Kind::Send,
            path: format!("{builder}::send"),
            name: "send".to_owned(),
            declaration: format!(
                "async fn send(self) -> {}",
                result(
                    side.body_rust(&operation.success),
                    side.rust(&operation.error)
                )
            ),
            shape: result(
                side.body_key(&operation.success),
                side.key(&operation.error),
            ),
        },
    );
    // A list operation's builder streams its pages and their items (`emit::operations`).
    if let (Some(pagination), ResponseBody::Json(page)) =
        (&operation.pagination, &operation.success)
    {
        for (function, stream, ty) in [
            ("pages", "Pages", page),
            ("items", "Items", &pagination.items.item),
        ] {
            let declaration =
                |render: String| format!("fn {function}(self) -> {stream}<'a, {render}>");
            items.insert(
                function.to_owned(),
                Item {
                    kind: Kind::Send,
                    path: format!("{builder}::{function}"),
                    name: function.to_owned(),
                    declaration: declaration(side.rust(ty)),
                    shape: declaration(side.key(ty)),
                },
            );
        }
    }
    items
}

/// The model, its fields or variants.
fn type_surface(side: &Side, definition: &TypeDef) -> Surface {
    let name = &definition.name;
    let mut items = Surface::new();
    let member = |kind, ident: &str, declaration: String, shape: String| Item {
        kind,
        path: format!("models::{name}::{ident}"),
        name: ident.to_owned(),
        declaration,
        shape,
    };
    let (declaration, shape) = match &definition.kind {
        TypeKind::Struct(object) => {
            for field in &object.fields {
                items.insert(
                    format!("field:{}", field.name),
                    member(
                        Kind::Field,
                        &field.ident,
                        format!(
                            "pub {}: {}",
                            field.ident,
                            field_type(field, &|ty| side.rust(ty))
                        ),
                        field_type(field, &|ty| side.key(ty)),
                    ),
                );
            }
            let arguments = if side.request_types.contains(name.as_str()) {
                side.api.constructor_arguments(object)
            } else {
                Vec::new()
            };
            if !arguments.is_empty() {
                let parameters = |render: &dyn Fn(&TypeRef) -> String, named: bool| {
                    let parameters: Vec<String> = arguments
                        .iter()
                        .map(|field| {
                            let ty = match field.argument_form() {
                                ArgumentForm::IntoString => "impl Into<String>".to_owned(),
                                ArgumentForm::Option => format!("Option<{}>", render(&field.ty)),
                                ArgumentForm::Plain => render(&field.ty),
                            };
                            if named {
                                format!("{}: {ty}", field.ident)
                            } else {
                                ty
                            }
                        })
                        .collect();
                    format!("fn new({}) -> Self", parameters.join(", "))
                };
                items.insert(
                    "constructor".to_owned(),
                    member(
                        Kind::Method,
                        "new",
                        parameters(&|ty| side.rust(ty), true),
                        parameters(&|ty| side.key(ty), false),
                    ),
                );
            }
            if let Some(values) = object
                .additional_properties
                .as_ref()
                .filter(|ty| **ty != TypeRef::Any)
            {
                let map = |render: String| format!("BTreeMap<String, {render}>");
                items.insert(
                    "additional".to_owned(),
                    member(
                        Kind::Field,
                        ADDITIONAL_FIELD,
                        format!("pub {ADDITIONAL_FIELD}: {}", map(side.rust(values))),
                        map(side.key(values)),
                    ),
                );
            }
            (format!("struct {name}"), "struct".to_owned())
        }
        // A tag has no variants: code using it compiles whatever its value (a change of value
        // is reported over HTTP).
        TypeKind::Enum(values) if values.tag().is_some() => {
            (format!("type {name} = Tag<tag::{name}>"), "tag".to_owned())
        }
        TypeKind::Enum(values) => {
            for variant in &values.variants {
                items.insert(
                    format!("variant:{}", variant.value),
                    member(
                        Kind::Variant,
                        &variant.ident,
                        variant.ident.clone(),
                        String::new(),
                    ),
                );
            }
            (format!("enum {name}"), "enum".to_owned())
        }
        TypeKind::Union(union) => {
            for variant in &union.variants {
                let held = |render: String| {
                    if variant.boxed {
                        format!("Box<{render}>")
                    } else {
                        render
                    }
                };
                items.insert(
                    format!("variant:{}", side.key(&variant.ty)),
                    member(
                        Kind::Variant,
                        &variant.ident,
                        format!("{}({})", variant.ident, held(side.rust(&variant.ty))),
                        held(side.key(&variant.ty)),
                    ),
                );
            }
            (format!("enum {name}"), "enum".to_owned())
        }
        TypeKind::Alias(ty) => (
            format!("type {name} = {}", side.rust(ty)),
            format!("type = {}", side.key(ty)),
        ),
    };
    items.insert(
        "type".to_owned(),
        Item {
            kind: Kind::Type,
            path: format!("models::{name}"),
            name: name.clone(),
            declaration,
            shape,
        },
    );
    items
}

/// A field's Rust type, as `emit::models` declares it.
fn field_type(field: &Field, render: &dyn Fn(&TypeRef) -> String) -> String {
    let mut ty = render(&field.ty);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    match (field.ty == TypeRef::Bytes, field.required, field.nullable) {
        (true, _, _) if field.is_optional() => format!("Option<{ty}>"),
        (true, _, _) | (false, true, false) => ty,
        (false, true, true) | (false, false, false) => format!("Option<{ty}>"),
        (false, false, true) => format!("Nullable<{ty}>"),
    }
}
