//! The usage example of each `Client` method's docs: build the client, call the method with its
//! required arguments (and the optional body, when the description has an example of it), await
//! `send`. A `no_run` doctest, so `cargo test --doc` compiles every one without calling the API.
//!
//! The arguments are those of the end-to-end test against Prism ([`super::prism::arguments`]):
//! the description's examples, or a plain value of the type. Strings, integers, numbers and
//! booleans are written as literals; anything else is decoded from its JSON.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::prism::{arguments, Argument};
use super::rust::{ident, str_literal, type_tokens, Scope};
use crate::ir::{Operation, TypeRef};

/// The `# Example` section of `operation`'s method, for the crate `krate` (`intercom_v2_11`).
pub fn example_section(krate: &str, operation: &Operation) -> String {
    let krate = format_ident!("{krate}");
    let method = ident(&operation.ident);
    let mut bindings = Vec::new();
    let mut values = Vec::new();
    let mut setters = Vec::new();
    let mut names_models = false;
    for argument in arguments(operation) {
        let value = literal(&argument).unwrap_or_else(|| {
            names_models |= argument.ty.mentions_named();
            let name = ident(argument.ident);
            let ty = type_tokens(argument.ty, Scope::Outside);
            let json = str_literal(&argument.value.to_string());
            bindings.push(quote! { let #name: #ty = serde_json::from_str(#json)?; });
            quote! { #name }
        });
        if argument.required {
            values.push(value);
        } else {
            let setter = ident(argument.ident);
            setters.push(quote! { .#setter(#value) });
        }
    }
    let imports = if names_models {
        quote! { use #krate::{models, Client}; }
    } else {
        quote! { use #krate::Client; }
    };
    let code = quote! {
        #imports
        async fn example() -> Result<(), Box<dyn std::error::Error>> {
            let client = Client::new("<access token>");
            #(#bindings)*
            let response = client.#method(#(#values),*) #(#setters)* .send().await?;
            println!("{response:?}");
            Ok(())
        }
    };
    let syntax: syn::File = syn::parse2(code).expect("the usage example is valid Rust");
    let mut section = "# Example\n\n```no_run\n".to_owned();
    for line in prettyplease::unparse(&syntax).lines() {
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

/// The argument as a Rust literal, when its type is a scalar its value has.
fn literal(argument: &Argument) -> Option<TokenStream> {
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
        (TypeRef::Boolean, Value::Bool(value)) => return Some(quote! { #value }),
        _ => return None,
    };
    Some(quote! { #literal })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let literal = |value| literal(&argument(value)).map(|tokens| tokens.to_string());
        assert_eq!(literal(Value::from("123")).as_deref(), Some("123"));
        assert_eq!(literal(Value::from("0123")), None);
        assert_eq!(literal(Value::from("abc")), None);
    }
}
