//! Snapshot tests of the emitted code: one fixture per construct (`tests/fixtures/*.yaml`), run
//! through load -> build -> emit -> format, with the files that matter snapshotted and the rules
//! that matter asserted explicitly, so a snapshot update cannot silently break them.
//!
//! Review changed snapshots with `cargo insta review`, or rerun with `INSTA_UPDATE=always` and
//! read the diff.

mod common;

use std::path::Path;

use common::{
    assert_has, assert_lacks, assert_no_warnings, field, generate, item, type_names, Output,
};

/// Every fixture's models and operations, and its warnings, as snapshots; the tests below
/// assert what matters in them explicitly, so a snapshot update cannot silently break it.
#[test]
fn every_fixture_matches_its_snapshot() {
    insta::glob!("fixtures/*.yaml", |path| {
        let name = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .expect("fixture names are UTF-8");
        let output = generate(name);
        insta::assert_snapshot!(format!(
            "{}// ---- warnings ----\n{}",
            output.render_code(true),
            output.render_warnings()
        ));
    });
}

#[test]
fn plain_object() {
    let output = generate("plain_object");
    assert_no_warnings(&output);
    let models = output.models();
    let contact = item(models, "pub struct Contact {");

    // Required: the bare type; required and nullable, or optional: an Option; optional and
    // nullable: a Nullable (absent, null or a value).
    assert_has(contact, "pub id: String,");
    assert_has(contact, "pub created_at: i64,");
    assert_has(contact, "pub email: Option<String>,");
    assert_has(contact, "pub name: Option<String>,");
    assert_has(contact, "pub score: Nullable<f64>,");
    assert_has(contact, "pub extra: Extra,");
    assert_has(contact, "pub tags: Option<Vec<String>>,");
    assert_has(contact, "pub location: Option<ContactLocation>,");
    assert!(field(contact, "unsubscribed").contains(&"    #[deprecated]"));
    assert!(type_names(models).contains(&"ContactLocation".to_owned()));

    // HTML in descriptions becomes markdown.
    for html in ["<p>", "</p>", "<b>", "<a ", "<code>", "&lt;", "&amp;"] {
        assert!(!models.contains(html), "`{html}` left in:\n{models}");
    }
    assert!(models.contains("/// A **contact** is a person who uses your product."));
    assert!(models.contains("[the docs](https://developers.intercom.com/docs)"));
    assert!(models.contains("Send `null` to clear it."));
}

/// A required, nullable property must be present on the wire, so `None` has to be sent as
/// `null`; skipping it sends a body without a required key (and makes "send `null` to clear"
/// impossible).
#[test]
fn required_nullable_fields_serialize_none_as_null() {
    let output = generate("plain_object");
    let models = output.models();
    // `required_nullable` decodes `null` as `None` and encodes `None` as `null`.
    assert_has(models, "\"email\" => email: required_nullable,");
}

#[test]
fn string_enum() {
    let output = generate("string_enum");
    assert_no_warnings(&output);
    let operator = item(output.models(), "pub enum FilterOperator {");

    // Rule `symbol-names`: operators are spelled out.
    for (value, variant) in [
        ("=", "Equals"),
        ("!=", "NotEquals"),
        ("IN", "In"),
        ("NIN", "Nin"),
        ("<", "LessThan"),
        ("<=", "LessThanEquals"),
        (">", "GreaterThan"),
        (">=", "GreaterThanEquals"),
        ("~", "Contains"),
        ("!~", "NotContains"),
        ("^", "StartsWith"),
        ("$", "EndsWith"),
    ] {
        assert_has(operator, &format!("/// `{value}` {variant},"));
        assert_has(output.models(), &format!("{variant} => {value:?},"));
    }
    // Every enum keeps values it does not know; a listed `unknown` does not take that name.
    assert_has(operator, "Unknown(String),");
    assert_has(operator, "/// `unknown` UnknownValue,");
    // The runtime's `string_enum!` maps the values its table does not list to it.
    assert_has(
        output.models(),
        "intercom_runtime::string_enum! { FilterOperator { Equals => \"=\",",
    );
    // The duplicate `=` is listed once.
    assert_eq!(operator.matches("/// `=`").count(), 1);

    // A nullable enum listing `null`: an optional field, no variant for null.
    let state = item(output.models(), "pub enum TicketState {");
    assert_lacks(state, "Null");
    assert_has(output.models(), "pub state: Nullable<TicketState>,");
}

#[test]
fn unions() {
    let output = generate("unions");
    assert_no_warnings(&output);
    let models = output.models();

    // Rule `variant-names`: variants are named after what they hold; an inline variant after its
    // title, the values it allows, an untitled inline object after the first property no other
    // member has, and a member that wraps a reference after the component.
    let assignee = item(models, "pub enum Assignee {");
    assert_has(
        assignee,
        "Admin(Admin), Team(Team), /// The bot the conversation is assigned to. \
         BotAssignee(AssigneeBotAssignee), /// An admin id. String(String), Integer(i64),",
    );
    let search_value = item(models, "pub enum SearchValue {");
    assert_has(
        search_value,
        "String(String), StringList(Vec<String>), IntegerList(Vec<i64>), \
         WithFrom(SearchValueWithFrom), Value(serde_json::Value), Empty(SearchValueEmpty), \
         Enum(SearchValueEnum), List(Vec<SearchValueListItem>), Team(Team), \
         Map(std::collections::BTreeMap<String, SearchValueMapValue>),",
    );
    // Rule `null-type`: a `{type: 'null'}` member is no variant; the union allows `null`.
    assert_has(models, "pub type Nickname = String;");
    assert_has(
        item(models, "pub enum AdminOrTeam {"),
        "Admin(Admin), Team(Team), }",
    );
    let conversation = item(models, "pub struct Conversation {");
    assert_has(conversation, "pub nickname: Nullable<Nickname>,");
    assert_has(conversation, "pub handler: Nullable<AdminOrTeam>,");
    for union in ["Assignee", "SearchValue"] {
        assert!(
            models.contains(&format!("#[serde(untagged)]\npub enum {union} {{")),
            "{union} is not untagged:\n{models}"
        );
    }
    // A oneOf with a single member is that member.
    assert_has(
        item(models, "pub struct Conversation {"),
        "pub owner: Option<Admin>,",
    );
    // Union scoring reads what each variant allows: boolean constants, and the shape of every
    // other field (nested objects by their keys), so the data decides, not the order.
    let merge_preview = item(models, "impl Decode for MergePreview {");
    for allowed in [
        r#"("allowed", union::Allowed::Booleans(&[true]))"#,
        r#"("allowed", union::Allowed::Booleans(&[false]))"#,
        r#"("summary", union::Allowed::Shape(union::Shape::Object(
            <MergeAllowedSummary as intercom_runtime::model::Object>::FIELDS)))"#,
        r#"("reasons", union::Allowed::Shape(union::Shape::Array(&union::Shape::String)))"#,
    ] {
        assert_has(merge_preview, allowed);
    }
}

#[test]
fn all_of() {
    let output = generate("all_of");
    let models = output.models();

    // Rule `all-of-merge`: fields of every member, in member order, a later member refining an
    // earlier one in place and `required` accumulating.
    let ticket = item(models, "pub struct Ticket {");
    assert_has(
        ticket,
        "pub id: String, /// Always `ticket`. pub type_: Option<TicketType>,",
    );
    let fields: Vec<&str> = ticket
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("pub "))
        .filter_map(|line| line.split_once(':').map(|(name, _)| name))
        .collect();
    assert_eq!(
        fields,
        ["id", "type_", "created_at", "updated_at", "title", "extra"]
    );
    assert_has(ticket, "pub title: String,");
    assert!(models.contains("/// A ticket, with the base fields and timestamps.\n"));

    // A member of only `required` requires what the others declare; one of only
    // `additionalProperties` types the other keys.
    let stamped = item(models, "pub struct Stamped {");
    assert_has(stamped, "pub created_at: i64,");
    assert_has(stamped, "pub updated_at: Option<i64>,");
    assert_has(
        stamped,
        "pub additional_properties: std::collections::BTreeMap<String, i64>,",
    );

    // A member that is not an object adds nothing, with a warning naming it.
    assert_has(item(models, "pub struct Labelled {"), "pub id: String,");
    assert_eq!(output.warnings.len(), 1);
    assert!(output.warnings[0].contains("#/components/schemas/labelled/allOf/1"));

    // Rule `ref-siblings`: `{$ref, nullable}` is an optional X, `{$ref, description}` a
    // documented X.
    let note = item(models, "pub struct Note {");
    assert_has(note, "pub author: Option<Admin>,");
    assert_has(
        note,
        "/// The ticket this note is on. pub ticket: Option<Ticket>,",
    );
    // The inline types of a merged schema are named after it, whatever merges it first.
    for merged in [
        "pub struct AQuietTicket {",
        "pub struct CreateTicketQuietly {",
    ] {
        assert_has(
            item(models, merged),
            "pub contacts: Option<Vec<CreateTicketContactsItem>>,",
        );
    }
    assert_lacks(models, "AQuietTicketContacts");

    // Rule `all-of-merge`: an `allOf` of one schema and annotations is that schema, annotated.
    assert_has(note, "pub editor: Nullable<Admin>,");
    assert_has(
        note,
        "/// Who reviewed the note. pub reviewer: Option<Admin>,",
    );
    // ... and so is one of a schema and constraints: bounds, lengths, a choice of required keys.
    assert_has(note, "pub label: Option<Label>,");
    let ruled = item(models, "pub struct Ruled {");
    assert_has(ruled, "pub id: String,");
    assert_has(
        ruled,
        "pub inbound: Option<String>, pub outbound: Option<String>,",
    );
}

#[test]
fn recursion() {
    let output = generate("recursion");
    assert_no_warnings(&output);
    let models = output.models();
    assert!(models.contains("Box<"));

    // Rule `recursive-types`: a direct self-reference is boxed (and optional), one through a
    // Vec is not.
    let tree = item(models, "pub struct TreeNode {");
    assert_has(tree, "pub parent: Nullable<Box<TreeNode>>,");
    assert_has(tree, "pub first_child: Option<Box<TreeNode>>,");
    assert_has(tree, "pub children: Option<Vec<TreeNode>>,");

    // Intercom's multiple_filter_search_request nests itself through arrays: nothing to box.
    let search = models
        .split("\n\n")
        .filter(|item| item.contains("MultipleFilterSearchRequestList("))
        .collect::<String>();
    assert_has(
        &search,
        "MultipleFilterSearchRequestList(Vec<MultipleFilterSearchRequest>), \
         SingleFilterSearchRequestList(Vec<SingleFilterSearchRequest>),",
    );

    // A cycle through a union (expression -> negation -> expression) is broken by a box.
    assert_has(
        item(models, "pub struct Negation {"),
        "pub not: Option<Box<Expression>>,",
    );
}

/// An inline type is named after its site: the union in `multiple_filter_search_request.value`
/// should be `MultipleFilterSearchRequestValue`.
#[test]
fn inline_types_named_value_do_not_get_the_model_suffix() {
    let recursion = generate("recursion");
    let names = type_names(recursion.models());
    assert!(
        names.contains(&"MultipleFilterSearchRequestValue".to_owned()),
        "{names:?}"
    );
    let additional = generate("additional_properties");
    let names = type_names(additional.models());
    assert!(
        names.contains(&"CustomAttributesValue".to_owned()),
        "{names:?}"
    );
}

#[test]
fn additional_properties() {
    let output = generate("additional_properties");
    assert_no_warnings(&output);
    let models = output.models();

    // Rule `free-form-objects`: an object without properties is a map.
    assert_has(
        models,
        "pub type Labels = std::collections::BTreeMap<String, String>;",
    );
    assert_has(
        models,
        "pub type Metadata = std::collections::BTreeMap<String, serde_json::Value>;",
    );
    assert_has(
        models,
        "pub type Scores = std::collections::BTreeMap<String, i64>;",
    );
    assert_has(
        models,
        "/// Anything at all. pub type FreeForm = std::collections::BTreeMap<String, serde_json::Value>;",
    );
    assert_has(
        models,
        "pub type CustomAttributes = std::collections::BTreeMap<String,",
    );
    // A property named `extra` does not take the name of the field that keeps what the spec
    // does not describe.
    assert_has(
        item(models, "pub struct Contact {"),
        "pub extra2: Option<std::collections::BTreeMap<String, serde_json::Value>>,",
    );

    // Properties plus `additionalProperties: true`: the rest is kept in `extra`; with a
    // schema: a typed map of the rest, decoded by `decode_other`.
    assert_lacks(
        item(models, "pub struct Contact {"),
        "additional_properties",
    );
    assert_has(
        item(models, "pub struct Counters {"),
        "pub total: i64, /// Properties beyond the described ones, as the spec types them. \
         pub additional_properties: std::collections::BTreeMap<String, i64>,",
    );
    assert_has(models, "additional => additional_properties,");
    assert_lacks(item(models, "pub struct Closed {"), "additional_properties");
}

/// An operation without summary or description has no docs, so its method docs should start
/// with the HTTP line, not with an empty `///`.
#[test]
fn doc_comments_do_not_start_with_an_empty_line() {
    for name in &common::fixtures() {
        let output = generate(name);
        for (path, contents) in &output.files {
            let lines = common::doc_comments_starting_empty(contents);
            assert!(
                lines.is_empty(),
                "{name}: {} has doc comments starting empty at lines {lines:?}",
                path.display()
            );
        }
    }
}

#[test]
fn name_collisions() {
    let output = generate("name_collisions");
    assert_no_warnings(&output);
    let models = output.models();

    // Rule `name-collisions`: every type name is unique. Component names are claimed first,
    // keys that already are identifiers (`ticket_type`) before the others (`ticket.type`),
    // then inline names. Two components are numbered; an inline type whose positional name is
    // taken says the role of its position instead (`TicketTypeProperty`, not `TicketType3`).
    let names = type_names(models);
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(names.len(), unique.len(), "{names:?}");
    assert!(models.contains("pub struct TicketType {"));
    // Both are tags (string enums of one value), as their markers are in `models::tag`.
    assert!(
        models.contains("pub type TicketType2 = intercom_runtime::model::Tag<tag::TicketType2>;")
    );
    assert!(models.contains("pub type TicketTypeProperty = intercom_runtime::model::Tag<"));
    assert!(!models.contains("TicketType3"));

    // Prelude names get a suffix.
    assert!(models.contains("pub struct ErrorModel {"));

    let ticket = item(models, "pub struct Ticket {");
    // Keywords get a trailing underscore; the wire name is the key the field is decoded from.
    assert_has(ticket, "pub type_: Option<TicketTypeProperty>,");
    assert_has(models, "\"type\" => type_: optional,");
    assert_has(ticket, "pub self_: Option<String>,");
    assert_has(models, "\"self\" => self_: optional,");
    // Of fields that collide once snake_cased, the key that already is the identifier keeps
    // it (see also tests/determinism.rs).
    assert_has(
        ticket,
        "pub first_name2: Option<String>, pub first_name: Option<String>,",
    );
    assert_has(ticket, "pub ticket_type: Option<TicketType>,");

    // Inline schemas are named after their position, not their title, so two "Quick Reply
    // Option"s are two types; the title becomes their docs.
    for name in ["TicketQuickReply", "ConversationPartReplyOptionsItem"] {
        assert!(
            models.contains(&format!(
                "/// Quick Reply Option\n#[derive(Clone)]\npub struct {name} {{"
            )),
            "{name}:\n{models}"
        );
    }
}

#[test]
fn dangling_ref() {
    let output = generate("dangling_ref");

    // Rule `dangling-ref`: any JSON value, with a warning naming the use site.
    let contact = item(output.models(), "pub struct Contact {");
    assert_has(contact, "pub custom_attributes: serde_json::Value,");
    assert_has(contact, "pub owner: Nullable<serde_json::Value>,");
    assert_eq!(output.warnings.len(), 2);
    assert!(output.warnings[0].contains(
        "#/components/schemas/contact/properties/custom_attributes: rule dangling-ref: \
         `#/components/schemas/custom_attributes` does not exist"
    ));
}

/// The one snapshot of a whole crate (manifest, README, lib.rs, client.rs and all), made with
/// `generator::generate` from the file on disk, which must agree with the staged pipeline.
#[test]
fn whole_crate() {
    let spec = common::crate_spec("operations", "../../runtime");
    let generated = generator::generate(&common::absolute_path("operations"), &spec)
        .expect("the operations fixture generates");
    let staged = generate("operations");
    assert_eq!(generated.files, staged.files);
    assert_eq!(generated.operations, 4);
    assert_eq!(generated.types, 3);

    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let warnings: Vec<String> = generated
        .warnings
        .iter()
        .map(|warning| {
            let mut warning = warning.clone();
            warning.file = warning
                .file
                .strip_prefix(manifest_dir)
                .expect("fixtures are inside the crate")
                .to_owned();
            warning.to_string()
        })
        .collect();
    assert_eq!(warnings, staged.warnings);

    let output = Output {
        files: generated.files,
        warnings,
    };
    insta::assert_snapshot!("whole_crate", output.render_all());
    let lib = output.file("src/lib.rs");
    assert!(lib.contains("pub const API_VERSION: &str = \"2.11\";"));
    assert!(lib.contains("use fixture_operations::{Client, Config, Region};"));
    assert!(lib.contains("Config::new(\"<access token>\").region(Region::Eu)"));
    let client = output.file("src/client.rs");
    assert!(client.contains("default_base_url: \"https://api.us.example.com\""));
    assert!(client.contains("version_header: Some((\"Intercom-Version\", crate::API_VERSION))"));
    assert!(lib.contains("- `https://api.intercom.io`: The production API server"));
    let manifest = output.file("Cargo.toml");
    assert!(manifest.contains("name = \"fixture-operations\""));
    assert!(manifest.contains("path = \"../../runtime\""));
}

/// A doc comment interrupted by a blank line reads as two comments to people (and to clippy's
/// `empty_line_after_doc_comments`); rustdoc joins them, but nothing should split them.
#[test]
fn doc_comments_are_not_split_by_blank_lines() {
    for name in &common::fixtures() {
        let output = generate(name);
        for (path, contents) in &output.files {
            let lines = common::blank_lines_inside_doc_comments(contents);
            assert!(
                lines.is_empty(),
                "{name}: {} has blank lines inside doc comments at {lines:?}",
                path.display()
            );
        }
    }
}

/// Rule `composition-siblings`, nested `allOf` and nullable components: every key the schema
/// declares has a field (issue: faithful models, causes 1 to 4).
#[test]
fn properties_beside_compositions_and_nullable_components() {
    let output = generate("composition_siblings");
    let models = output.models();
    // Cause 1: `statistics` beside `allOf`, after the members' `id`.
    let article = item(models, "pub struct Article {");
    assert_has(article, "pub id: Option<String>,");
    assert_has(article, "pub statistics: Option<i64>,");
    // Cause 3: a nested `allOf` is merged; a member with only a description adds nothing.
    let nested = item(models, "pub struct Nested {");
    for field in ["id", "inner", "outer"] {
        assert!(
            field_names_of(nested).contains(&field.to_owned()),
            "{field}:\n{nested}"
        );
    }
    assert_no_warnings(&output);
    // Cause 2: each member gets the properties beside the union.
    let list = item(models, "pub struct CreateAttributeListAttribute {");
    assert_has(list, "pub name: String,");
    assert_has(list, "pub options: Option<Vec<String>>,");
    let other = item(models, "pub struct CreateAttributeOtherType {");
    assert_has(other, "pub name: String,");
    assert_has(
        other,
        "pub data_type: Option<CreateAttributeOtherTypeDataType>,",
    );
    // A member that is itself a union: each of its members gets the properties too, in a union
    // of its own named by position.
    assert_has(
        item(models, "pub enum Reply {"),
        "ContactReply(ReplyContact), AdminReply(ReplyAdmin),",
    );
    assert_has(
        item(models, "pub enum ReplyContact {"),
        "ContactReplyEmail(ReplyContactEmail), ContactReplyUserId(ReplyContactUserId),",
    );
    // The variant holding the inner union is scored as the best of the inner union's variants.
    assert_has(
        item(models, "impl Decode for Reply {"),
        "shape: union::Shape::Union(&[
            union::Shape::Object(<ReplyContactEmail as intercom_runtime::model::Object>::FIELDS),
            union::Shape::Object(<ReplyContactUserId as intercom_runtime::model::Object>::FIELDS),
        ]),",
    );
    let email = item(models, "pub struct ReplyContactEmail {");
    assert_has(email, "pub email: String,");
    assert_has(email, "pub skip_notifications: Option<bool>,");
    // Members that only constrain: the object of the properties.
    let contact = item(models, "pub struct CreateContact {");
    assert_has(contact, "pub email: Option<String>,");
    assert_has(contact, "pub external_id: Option<String>,");
    // Cause 4: a required reference to a nullable component may be `null`.
    assert_has(
        item(models, "pub struct List {"),
        "pub pages: Option<Pages>,",
    );
}

/// The names of the fields of one struct item.
fn field_names_of(item: &str) -> Vec<String> {
    item.lines()
        .filter_map(|line| line.trim().strip_prefix("pub "))
        .filter_map(|line| line.split_once(':').map(|(name, _)| name.to_owned()))
        .collect()
}

/// Array items and map values that may be `null` are `Option`s (issue: faithful models, cause
/// 5); a union with a nullable member may be `null` where it is used, and so may a nullable
/// component, as an element too (rule `nullable-components`).
#[test]
fn nullable_elements() {
    let output = generate("nullable_elements");
    let part = item(output.models(), "pub struct Part {");
    assert_has(part, "pub reactions: Option<Vec<Option<String>>>,");
    assert_has(
        part,
        "std::collections::BTreeMap<String, Option<PartAttributesValue>>",
    );
    assert_has(part, "pub admins: Option<Vec<Option<Admin>>>,");
}
