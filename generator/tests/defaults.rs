//! Which generated types have `Default` (issue: faithful models, requests that cannot be built
//! wrong): only the structs whose default the schema accepts, as the IR decides
//! (`Api::has_default`), never a union or an enum of several values. Checked on the real specs:
//! each default is validated against the schema it comes from, and `models.rs` derives
//! `Default` for exactly those structs.

use generator::ir::{resolve, Api, Slot, Struct, TypeKind};
use serde_json::{json, Map, Value};

mod common;
use common::real_spec;

/// The JSON a struct's `Default` encodes to: each required field holds its one value (an enum
/// of one value, or `null` where it may be `null`), the optional fields are left out.
fn default_json(api: &Api, object: &Struct) -> Value {
    let mut fields = Map::new();
    for field in &object.fields {
        let value = match field.slot() {
            Slot::RequiredNullable => Value::Null,
            Slot::Required => match resolve(&api.types, &field.ty).map(|ty| &ty.kind) {
                Some(TypeKind::Enum(values)) if values.variants.len() == 1 => {
                    json!(values.variants[0].value)
                }
                _ => panic!("{}: required and not single-valued", field.name),
            },
            _ => continue,
        };
        fields.insert(field.name.clone(), value);
    }
    Value::Object(fields)
}

/// Checks one version: `models.rs` derives `Default` for exactly the structs the IR gives one,
/// and each of those defaults is valid against the schema it comes from. Prints the counts.
fn check(version: &str) -> Option<Api> {
    let path = real_spec(version)?;
    let document = generator::load::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let api = generator::lower::lower_model(&document, Default::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .api;
    // The description is the registry the schemas' `$ref`s resolve in. OpenAPI 3.0 schemas
    // are close enough to JSON Schema for what a default holds: `required`, `enum`, `allOf`.
    let draft = jsonschema::Draft::Draft202012;
    let registry = jsonschema::Registry::new()
        .draft(draft)
        .add("urn:spec", draft.create_resource(document.tree.clone()))
        .and_then(|builder| builder.prepare())
        .unwrap();
    let krate = common::crate_spec("defaults", "../../runtime");
    let files = generator::emit::format(generator::emit::emit(&api, &krate)).unwrap();
    let models = &files[std::path::Path::new("src/models.rs")];
    let (mut structs, mut with_default, mut unvalidated) = (0, 0, 0);
    for definition in api.types.values() {
        let TypeKind::Struct(object) = &definition.kind else {
            continue;
        };
        structs += 1;
        // `object!` implements it, as the placeholder, for a table headed `Name: Default`.
        let implemented = format!("    {}: Default {{", definition.name);
        let has_default = api.has_default(object);
        assert_eq!(
            models.contains(&implemented),
            has_default,
            "{version} {}",
            definition.name
        );
        if !has_default {
            continue;
        }
        with_default += 1;
        let pointer = definition.source.trim_start_matches('#');
        let fragment = generator::pointer::uri_fragment(pointer);
        let schema = json!({"$ref": format!("urn:spec#{fragment}")});
        // A schema that does not compile on its own: its position is one the IR writes as if
        // merged (an `allOf` member's property), or it refers to a schema that does not exist.
        let Ok(validator) = jsonschema::options()
            .with_draft(draft)
            .with_registry(&registry)
            .build(&schema)
        else {
            unvalidated += 1;
            continue;
        };
        let value = default_json(&api, object);
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{version} {}: the default {value} is invalid: {errors:?}",
            definition.name
        );
    }
    println!(
        "{version}: {with_default} of {structs} structs have `Default`; {unvalidated} of them \
         not validated (their schema does not compile alone)"
    );
    Some(api)
}

/// The schema's own type at `source`.
fn struct_at<'a>(api: &'a Api, source: &str) -> &'a Struct {
    let definition = api
        .types
        .values()
        .find(|definition| definition.source == source)
        .unwrap_or_else(|| panic!("no type from {source}"));
    match &definition.kind {
        TypeKind::Struct(object) => object,
        _ => panic!("{} is not a struct", definition.name),
    }
}

/// `SearchRequest::default()` would be `{"query": {}}` and an admin reply without its message
/// type `{"type": "admin"}`: neither exists, and `new` takes what they need.
#[test]
fn defaults_of_2_11_are_valid_and_requests_that_need_values_have_none() {
    let Some(api) = check("2.11") else { return };
    for source in [
        "#/components/schemas/search_request",
        "#/components/schemas/admin_reply_conversation_request",
    ] {
        let object = struct_at(&api, source);
        assert!(!api.has_default(object), "{source} has a default");
        assert!(!api.constructor_arguments(object).is_empty(), "{source}");
    }
}

/// A contact is created with an email, an external id or a role (`anyOf` of `required` lists):
/// no `Default`, which would be `{}`, but a constructor per choice.
#[test]
fn a_choice_of_required_keys_gets_a_constructor_per_choice_and_no_default() {
    let Some(api) = check("2.11") else { return };
    let object = struct_at(&api, "#/components/schemas/create_contact_request");
    assert!(!api.has_default(object));
    let choices: Vec<(&str, &[String])> = object
        .required_choices
        .iter()
        .map(|choice| (choice.constructor.as_str(), choice.keys.as_slice()))
        .collect();
    let keys = |key: &str| vec![key.to_owned()];
    assert_eq!(
        choices,
        [
            ("with_email", keys("email").as_slice()),
            ("with_external_id", keys("external_id").as_slice()),
            ("with_role", keys("role").as_slice()),
        ]
    );
}

/// Unstable's message is created by type: email, in-app, SMS or WhatsApp. In-app and SMS
/// require the same keys, so they share one constructor rather than a second one numbered `2`
/// (WhatsApp requires `components`, which the schema does not declare: no constructor).
#[test]
fn choices_that_require_the_same_keys_share_a_constructor() {
    let Some(api) = check("Unstable") else { return };
    let object = struct_at(&api, "#/components/schemas/create_message_request");
    let constructors: Vec<&str> = object
        .required_choices
        .iter()
        .map(|choice| choice.constructor.as_str())
        .collect();
    assert_eq!(
        constructors,
        [
            "with_message_type_and_subject_and_body_and_template_and_from_and_to",
            "with_message_type_and_body_and_from_and_to",
        ]
    );
}

#[test]
fn defaults_of_2_9_are_valid() {
    check("2.9");
}

#[test]
fn defaults_of_unstable_are_valid() {
    check("Unstable");
}
