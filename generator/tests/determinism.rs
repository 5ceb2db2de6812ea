//! The generator is a function of its input: the same description always gives the same bytes,
//! and the order a description lists things in decides only what is order-dependent by design.

mod common;

use std::path::Path;

use common::{client_methods, fixtures, type_names, Output};
use serde_yaml::Value;

#[test]
fn generating_a_fixture_twice_gives_identical_files_and_warnings() {
    for name in &fixtures() {
        let first = common::generate(name);
        let second = common::generate(name);
        assert_eq!(
            first.files, second.files,
            "{name}: files differ between runs"
        );
        assert_eq!(
            first.warnings, second.warnings,
            "{name}: warnings differ between runs"
        );
    }
}

#[test]
fn the_whole_pipeline_is_deterministic_from_disk() {
    let spec = common::crate_spec("operations", "../../runtime");
    let path = common::absolute_path("operations");
    let first = generator::generate(&path, &spec).expect("generates");
    let second = generator::generate(&path, &spec).expect("generates");
    assert_eq!(first.files, second.files);
    assert_eq!(first.warnings, second.warnings);
}

/// Reverses the order of every `properties` map, of the component schemas and of the paths.
fn reverse_listing_order(node: &mut Value) {
    match node {
        Value::Mapping(mapping) => {
            for key in ["properties", "schemas", "paths"] {
                if let Some(Value::Mapping(listed)) = mapping.get_mut(key) {
                    let mut entries: Vec<(Value, Value)> =
                        std::mem::take(listed).into_iter().collect();
                    entries.reverse();
                    *listed = entries.into_iter().collect();
                }
            }
            mapping.values_mut().for_each(reverse_listing_order);
        }
        Value::Sequence(items) => items.iter_mut().for_each(reverse_listing_order),
        _ => {}
    }
}

/// A fixture with every property, schema and path listed in reverse order.
fn generate_reversed(name: &str) -> Output {
    let mut tree: Value = serde_yaml::from_str(&common::read_fixture(name)).expect("valid YAML");
    reverse_listing_order(&mut tree);
    let text = serde_yaml::to_string(&tree).expect("serializable");
    let path = common::relative_path(name);
    let document = generator::load::parse(Path::new(&path), &text).expect("loads");
    let spec = common::crate_spec(name, "../../runtime");
    let lowered = generator::lower::lower_with(document, spec.lower_options()).expect("builds");
    let files =
        generator::emit::format(generator::emit::emit(&lowered.api, &spec)).expect("formats");
    Output {
        files,
        warnings: common::warnings(&lowered),
    }
}

/// The names of the fields of `code`'s structs (`pub name:` lines), sorted.
fn field_names(code: &str) -> Vec<String> {
    let mut names: Vec<String> = code
        .lines()
        .filter_map(|line| line.strip_prefix("    pub "))
        .filter_map(|line| line.split_once(':').map(|(name, _)| name.to_owned()))
        .collect();
    names.sort();
    names
}

/// Type names come from component keys (claimed in sorted order) and positions, and method
/// names from operation ids, so reordering a description changes none of them; nor the set of
/// field names, nor the warnings (as a set). What it changes is the order fields are declared
/// in, and which of two colliding fields gets the numbered name (see the next test).
#[test]
fn listing_order_does_not_change_type_or_method_names() {
    for name in &fixtures() {
        let original = common::generate(name);
        let reversed = generate_reversed(name);
        let sorted = |mut names: Vec<String>| {
            names.sort();
            names
        };
        assert_eq!(
            sorted(type_names(original.models())),
            sorted(type_names(reversed.models())),
            "{name}: type names depend on listing order"
        );
        assert_eq!(
            sorted(client_methods(&original)),
            sorted(client_methods(&reversed)),
            "{name}: method names depend on listing order"
        );
        assert_eq!(
            original.files.keys().collect::<Vec<_>>(),
            reversed.files.keys().collect::<Vec<_>>(),
            "{name}: the set of files depends on listing order"
        );
        assert_eq!(
            sorted(original.warnings.clone()),
            sorted(reversed.warnings.clone()),
            "{name}: warnings depend on listing order"
        );
        assert_eq!(
            field_names(original.models()),
            field_names(reversed.models()),
            "{name}: field names depend on listing order"
        );
    }
}

/// Of two properties that snake_case to the same identifier, the one whose key already is that
/// identifier keeps it, whichever is listed first.
#[test]
fn the_key_that_is_already_an_identifier_keeps_it() {
    for output in [
        common::generate("name_collisions"),
        generate_reversed("name_collisions"),
    ] {
        let models = common::squash(output.models());
        assert!(
            models.contains(&common::squash(r#""first_name" => first_name: optional,"#)),
            "first_name keeps its identifier"
        );
        assert!(
            models.contains(&common::squash(r#""firstName" => first_name2: optional,"#)),
            "firstName gets the numbered one"
        );
    }
}
