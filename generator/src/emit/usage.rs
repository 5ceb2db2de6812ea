//! The usage example of each `Client` method's docs: build the client, call the method with its
//! required arguments (and the optional body, when the description has an example of it), await
//! `send`. A `no_run` doctest, so `cargo test --doc` compiles every one without calling the API.
//!
//! The arguments are those of the end-to-end test against Prism ([`super::prism::arguments`]):
//! the description's examples, or a plain value of the type. Strings, integers, numbers and
//! booleans are written as literals, a file as a `FilePart` of a few bytes; anything else is
//! decoded from its JSON.

use proc_macro2::Literal;
use quote::quote;
use serde_json::Value;
use syn::Expr;

use super::prism::{arguments, Argument};
use super::rust::{ident, path_of, path_type, rust_type, str_literal, Scope};
use super::syntax;
use crate::ir::{Operation, TypeRef};

/// The `# Example` section of `operation`'s method, for the crate `krate` (`intercom_v2_11`).
pub fn example_section(krate: &str, operation: &Operation) -> String {
    let mut statements = vec![syntax::bind(
        "client",
        syntax::call(&["Client", "new"], [syntax::string("<access token>")]),
    )];
    let mut values = Vec::new();
    let mut setters = Vec::new();
    let mut names_models = false;
    let mut names_file_part = false;
    for argument in arguments(operation) {
        let file = (argument.ty == &TypeRef::Bytes).then(|| {
            names_file_part = true;
            syntax::call(&["FilePart", "new"], [syntax::string("example")])
        });
        let value = file.or_else(|| literal(&argument)).unwrap_or_else(|| {
            names_models |= argument.ty.mentions_named();
            let json = syntax::literal(str_literal(&argument.value.to_string()));
            let decoded = syntax::question_mark(syntax::call(&["serde_json", "from_str"], [json]));
            let ty = rust_type(argument.ty, Scope::Outside);
            statements.push(syntax::bind_typed(argument.ident, ty, decoded));
            syntax::path(&[argument.ident])
        });
        if argument.required {
            values.push(value);
        } else {
            setters.push((argument.ident, value));
        }
    }
    let mut request = syntax::method(syntax::path(&["client"]), &operation.ident, values);
    for (setter, value) in setters {
        request = syntax::method(request, setter, [value]);
    }
    let response = syntax::question_mark(syntax::awaited(syntax::method(request, "send", [])));
    statements.extend([
        syntax::bind("response", response),
        syntax::macro_statement("println", quote! { "{response:?}" }),
        syntax::tail(syntax::call(&["Ok"], [syntax::unit()])),
    ]);
    let imports: Vec<&str> = [
        (names_models, "models"),
        (true, "Client"),
        (names_file_part, "FilePart"),
    ]
    .into_iter()
    .filter_map(|(used, name)| used.then_some(name))
    .collect();
    let file = syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![use_item(krate, &imports), example_fn(statements)],
    };
    let mut section = "# Example\n\n```no_run\n".to_owned();
    for line in prettyplease::unparse(&file).lines() {
        // The function only gives `?` and `.await` a place: hidden, its body shown unindented.
        let shown = match line.strip_prefix("    ") {
            Some("Ok(())") => "# Ok(())".to_owned(),
            Some(body) => body.to_owned(),
            None if line.is_empty() || line.starts_with("use ") => line.to_owned(),
            None => format!("# {line}"),
        };
        section.push_str(&shown);
        section.push('\n');
    }
    section.push_str("```");
    section
}

/// `use krate::{names};` (`use krate::name;` for one name).
fn use_item(krate: &str, names: &[&str]) -> syn::Item {
    let name = |name: &str| syn::UseTree::Name(syn::UseName { ident: ident(name) });
    let tree = match names {
        [only] => name(only),
        names => syn::UseTree::Group(syn::UseGroup {
            brace_token: Default::default(),
            items: names.iter().map(|each| name(each)).collect(),
        }),
    };
    syn::Item::Use(syn::ItemUse {
        attrs: Vec::new(),
        vis: syn::Visibility::Inherited,
        use_token: Default::default(),
        leading_colon: None,
        tree: syn::UseTree::Path(syn::UsePath {
            ident: ident(krate),
            colon2_token: Default::default(),
            tree: Box::new(tree),
        }),
        semi_token: Default::default(),
    })
}

/// `async fn example() -> Result<(), Box<dyn std::error::Error>> { statements }`.
fn example_fn(statements: Vec<syn::Stmt>) -> syn::Item {
    let error = syn::Type::TraitObject(syn::TypeTraitObject {
        dyn_token: Some(Default::default()),
        bounds: [syn::TypeParamBound::Trait(syn::TraitBound {
            paren_token: None,
            modifier: syn::TraitBoundModifier::None,
            lifetimes: None,
            path: path_of(&["std", "error", "Error"]),
        })]
        .into_iter()
        .collect(),
    });
    let output = path_type(
        &["Result"],
        [syntax::unit_type(), path_type(&["Box"], [error])],
    );
    syntax::function_item(
        Vec::new(),
        ("example", true),
        Vec::new(),
        output,
        statements,
    )
}

/// The argument as a Rust literal, when its type is a scalar its value has.
fn literal(argument: &Argument) -> Option<Expr> {
    let literal = match (argument.ty, &argument.value) {
        // String arguments take `impl Into<String>`: any example becomes its text.
        (TypeRef::String, Value::String(text)) => Literal::string(text),
        (TypeRef::String, value) => Literal::string(&value.to_string()),
        (TypeRef::Integer, Value::Number(number)) => Literal::i64_unsuffixed(number.as_i64()?),
        // An integer example written as a string (`"123"`), as the client would convert it.
        (TypeRef::Integer, Value::String(text)) => {
            let number = text.parse::<i64>().ok()?;
            (number.to_string() == *text).then(|| Literal::i64_unsuffixed(number))?
        }
        (TypeRef::Number, Value::Number(number)) => Literal::f64_unsuffixed(number.as_f64()?),
        (TypeRef::Boolean, Value::Bool(value)) => return Some(syntax::boolean(*value)),
        _ => return None,
    };
    Some(syntax::literal(literal))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn required_arguments_are_the_methods_and_an_optional_body_is_set() {
        let spec = r#"
openapi: 3.0.1
info: {title: t, version: '1'}
paths:
  /notes/{id}:
    post:
      operationId: createNote
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}, example: 7}
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {text: {type: string}}}
            example: {text: Hello}
      responses:
        '200': {description: ok}
"#;
        let document = crate::load::parse(Path::new("spec.yaml"), spec).expect("spec parses");
        let api = crate::lower::lower(document).expect("spec builds").api;
        let section = example_section("notes_api", &api.operations[0]);
        let lines: Vec<&str> = section.lines().collect();
        assert_eq!(lines[..3], ["# Example", "", "```no_run"], "{section}");
        assert_eq!(lines[3], "use notes_api::{models, Client};", "{section}");
        assert!(
            lines.contains(&"let response = client.create_note(7).body(body).send().await?;"),
            "{section}"
        );
        assert!(
            lines
                .iter()
                .any(|line| line.starts_with("let body: models::")
                    && line.ends_with(r##" = serde_json::from_str(r#"{"text":"Hello"}"#)?;"##)),
            "{section}"
        );
        assert_eq!(lines[lines.len() - 2..], ["# }", "```"], "{section}");
    }

    #[test]
    fn integer_examples_written_as_strings_are_integer_literals() {
        let argument = |value| Argument {
            ident: "id",
            ty: &TypeRef::Integer,
            required: true,
            value,
            plain: false,
            invalid: None,
        };
        let literal = |value| literal(&argument(value)).map(|expr| quote! { #expr }.to_string());
        assert_eq!(literal(Value::from("123")).as_deref(), Some("123"));
        assert_eq!(literal(Value::from("0123")), None);
        assert_eq!(literal(Value::from("abc")), None);
    }
}
