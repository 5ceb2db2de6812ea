//! Names: case conversions, reserved words, collisions.

use serde_json::Value;

use super::*;
use crate::test_support::shared_documents;

/// The shortcut for names heck would leave as they are is what heck makes of them, for every
/// key and short string of the Intercom and foreign descriptions, and some made up.
#[test]
fn plain_snake_case_names_convert_as_heck_converts_them() {
    let mut names: Vec<String> = [
        "a",
        "id",
        "created_at",
        "v2",
        "v2_id",
        "2fa",
        "2_fa",
        "a1b2",
        "x_y_z",
        "_id",
        "id_",
        "a__b",
        "Id",
        "createdAt",
        "HTTPServer",
        "a-b",
        "a b",
        "",
    ]
    .map(str::to_owned)
    .to_vec();
    for document in shared_documents() {
        collect_names(&document.tree, &mut names);
    }
    let mut plain = 0;
    for name in &names {
        plain += usize::from(is_plain_snake_case(name));
        assert_eq!(snake_case(name), words(name).to_snake_case(), "{name:?}");
        assert_eq!(pascal_case(name), words(name).to_pascal_case(), "{name:?}");
    }
    assert!(plain >= 5, "only {plain} of {} strings plain", names.len());
    println!(
        "{plain} of {} strings taken as plain snake_case",
        names.len()
    );
}

/// Every key and every string of up to 64 characters in `tree`.
fn collect_names(tree: &Value, names: &mut Vec<String>) {
    match tree {
        Value::Object(object) => {
            for (key, value) in object {
                names.push(key.clone());
                collect_names(value, names);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_names(item, names)),
        Value::String(text) if text.len() <= 64 => names.push(text.clone()),
        _ => {}
    }
}

#[test]
fn type_names_are_pascal_case_and_avoid_prelude_names() {
    assert_eq!(type_name("ticket_type"), "TicketType");
    assert_eq!(type_name("ticket.type"), "TicketType");
    assert_eq!(type_name("Quick Reply Option"), "QuickReplyOption");
    assert_eq!(type_name("error"), "ErrorModel");
    assert_eq!(type_name("3d_secure"), "V3dSecure");
    assert_eq!(type_name(""), "Unnamed");
    assert_eq!(type_name("中文"), "Unnamed");
    assert_eq!(type_name("-"), "Minus");
    assert_eq!(type_name("Extra"), "ExtraModel");
    assert_eq!(type_name("nullable"), "NullableModel");
    assert_eq!(type_name("self_"), "SelfModel");
    assert_eq!(type_name("into"), "IntoModel");
    assert_eq!(type_name("_2fa_enable"), "V2faEnable");
    assert_eq!(name_part("value"), "Value");
    assert_eq!(name_part("error"), "Error");
}

#[test]
fn distinct_parts_drop_the_words_shared_with_the_context() {
    let part = |name, context| distinct_part(name, context);
    assert_eq!(
        part("ContactReplyTicketRequest", "ReplyTicketRequest").as_deref(),
        Some("Contact")
    );
    assert_eq!(
        part(
            "ContactReplyTicketEmailRequest",
            "ContactReplyTicketRequest"
        )
        .as_deref(),
        Some("Email")
    );
    assert_eq!(part("TicketRequest", "TicketRequest"), None);
    assert_eq!(part("Ticket", "TicketTicket"), None);
    assert_eq!(part("", "Ticket"), None);
}

#[test]
fn taken_positional_names_say_their_role_before_they_are_numbered() {
    let mut findings = Findings::new(std::path::Path::new("spec.yaml"));
    let mut names = Namespace::default();
    names.claim("TicketType");
    names.claim("CreateTicketRequest");
    let mut claim = |name: &str, pointer: &str| {
        let alternative = positional_alternative(name, pointer);
        names.claim_preferring(name, alternative.as_deref(), pointer, &mut findings)
    };
    let property = "#/components/schemas/ticket/properties/type";
    assert_eq!(claim("TicketType", property), "TicketTypeProperty");
    assert_eq!(claim("TicketType", property), "TicketType2");
    let body = "#/paths/~1tickets/post/requestBody/content/application~1json/schema";
    assert_eq!(
        claim("CreateTicketRequest", body),
        "CreateTicketRequestBody"
    );
    assert_eq!(claim("Free", body), "Free");
    assert_eq!(positional_alternative("AdminProperty", property), None);
    assert_eq!(
        positional_alternative("Admin", "#/components/schemas/admin"),
        None
    );
}

#[test]
fn snake_names_escape_keywords_and_leading_digits_and_always_have_a_letter() {
    assert_eq!(snake_name("listContacts"), "list_contacts");
    assert_eq!(snake_name("type"), "type_");
    assert_eq!(
        snake_name("custom_attributes.plan"),
        "custom_attributes_plan"
    );
    assert_eq!(snake_name("2fa"), "_2fa");
    assert_eq!(snake_name("123"), "value_123");
    assert_eq!(snake_name("-"), "value");
    assert_eq!(snake_name("Intercom-Version"), "intercom_version");
}

#[test]
fn operator_values_get_readable_variant_names() {
    let names: Vec<_> = [
        "=", "!=", "IN", "NIN", "<", "<=", ">", ">=", "~", "!~", "^", "$",
    ]
    .iter()
    .map(|value| variant_name(value))
    .collect();
    assert_eq!(
        names,
        [
            "Equals",
            "NotEquals",
            "In",
            "Nin",
            "LessThan",
            "LessThanEquals",
            "GreaterThan",
            "GreaterThanEquals",
            "Contains",
            "NotContains",
            "StartsWith",
            "EndsWith"
        ]
    );
}

#[test]
fn values_without_letters_or_known_symbols_still_get_a_name() {
    assert_eq!(variant_name("1"), "V1");
    assert_eq!(variant_name(""), "Empty");
    assert_eq!(variant_name("€"), "Value");
}

#[test]
fn snake_case_spec_names_are_recognised() {
    assert!(is_snake_case("ticket_type"));
    assert!(!is_snake_case("ticket.type"));
    assert!(!is_snake_case("TicketType"));
    assert!(!is_snake_case(""));
}

#[test]
fn crate_names_are_checked() {
    for good in ["intercom-v2-11", "petstore", "a_b1"] {
        assert_eq!(crate_name_problem(good), None, "{good}");
    }
    for (bad, why) in [
        ("my.crate", "contains `.`"),
        ("api.v1", "contains `.`"),
        ("box", "keyword"),
        ("self", "keyword"),
        ("test", "reserved"),
        ("1api", "ASCII letter"),
        ("", "empty"),
        ("中文", "ASCII letter"),
    ] {
        let problem = crate_name_problem(bad).unwrap_or_default();
        assert!(problem.contains(why), "{bad}: {problem}");
    }
}

#[test]
fn colliding_names_get_numbered_suffixes_in_claim_order() {
    let mut names = Namespace::default();
    assert_eq!(names.claim(&type_name("ticket_type")), "TicketType");
    assert_eq!(names.claim(&type_name("ticket.type")), "TicketType2");
    assert_eq!(names.claim("TicketType"), "TicketType3");
    assert_eq!(names.claim("Item1"), "Item1");
    assert_eq!(names.claim("Item1"), "Item1_2");
    assert!(names.contains("TicketType2"));
}
