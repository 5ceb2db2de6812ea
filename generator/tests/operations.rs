//! The emitted client, operation by operation: builders, their `send`, responses, multipart
//! bodies, constructors and the operation modules' features, asserted on the fixtures' output
//! (the snapshots of the same output are in `snapshots.rs`).

mod common;

use common::{assert_has, assert_lacks, assert_no_warnings, generate, item, type_names};

#[test]
fn operations() {
    let output = generate("operations");

    // One method per operation; `missing-operation-id` derives a name from method and path.
    assert_eq!(
        common::client_methods(&output),
        [
            "create_contact",
            "list_contacts",
            "tag_contact",
            "get_export_reporting_data_by_job_identifier"
        ]
    );
    // Operations without a tag are in the `default` module.
    let untagged = output.file("src/operations/untagged.rs");
    let contacts = output.file("src/operations/contacts.rs");

    // Rule `version-header`: the client sends Intercom-Version itself.
    for (path, contents) in &output.files {
        let lower = contents.to_ascii_lowercase();
        assert!(
            !lower.contains("intercom_version") && !lower.contains("intercomversion"),
            "{} mentions the version header parameter:\n{contents}",
            path.display()
        );
    }
    assert_lacks(contacts, ".header(\"Intercom-Version\"");

    // Path and required parameters are arguments; optional ones are setters.
    assert_has(
        contacts,
        "pub fn list_contacts(&self, email: impl Into<String>) -> ListContacts<'_>",
    );
    assert_has(contacts, "pub fn per_page(mut self, value: i64) -> Self");
    assert_has(
        contacts,
        "pub fn tag_ids(mut self, value: Vec<String>) -> Self",
    );
    assert_has(
        contacts,
        "pub fn x_request_id(mut self, value: impl Into<String>) -> Self",
    );
    assert_has(
        contacts,
        ".query(\"email\", Some(&self.email)) .query(\"per_page\", self.per_page.as_ref()) \
         .query(\"tag_ids\", self.tag_ids.as_ref()) \
         .header(\"X-Request-Id\", self.x_request_id.as_ref()) .options(self.options)",
    );

    // Required JSON body: an argument; optional: a setter.
    assert_has(
        contacts,
        "pub fn create_contact(&self, body: models::CreateContactRequest) -> CreateContact<'_>",
    );
    assert_has(
        contacts,
        "pub fn body(mut self, value: models::TagContactRequest) -> Self",
    );

    // Rule `undeclared-path-param`: `{tag_id}` is still an argument; path-item parameters count.
    assert_has(
        contacts,
        "pub fn tag_contact(&self, contact_id: impl Into<String>, tag_id: impl Into<String>)",
    );
    assert_has(
        contacts,
        "[\"/contacts/\", &intercom_runtime::path_segment(&self.contact_id), \"/tags/\", \
         &intercom_runtime::path_segment(&self.tag_id)].concat()",
    );

    // Rule `path-param-in-query`: the parameter goes where the template says.
    assert_has(
        untagged,
        "&intercom_runtime::path_segment(&self.job_identifier)",
    );
    assert_lacks(untagged, ".query(\"job_identifier\"");
    assert_has(untagged, ".query(\"app_id\", Some(&self.app_id))");
}

/// Each operation module is a Cargo feature that compiles the module and the types it uses; a
/// type both modules use needs neither, and `full` (a default) enables every module.
#[test]
fn operation_modules_are_features() {
    let output = generate("operations");
    let manifest: toml::Table = output.file("Cargo.toml").parse().expect("TOML");
    let features = &manifest["features"];
    let list = |name: &str| -> Vec<&str> {
        let values = features[name].as_array().expect("an array");
        values.iter().filter_map(|value| value.as_str()).collect()
    };
    assert_eq!(list("full"), ["contacts", "untagged"]);
    assert_eq!(list("default"), ["full", "rustls-tls"]);
    assert!(list("contacts").is_empty());
    let index = output.file("src/operations/mod.rs");
    assert_has(index, r#"#[cfg(feature = "contacts")] pub mod contacts;"#);
    assert_has(index, r#"#[cfg(feature = "untagged")] pub mod untagged;"#);
    // The `#[cfg]` among the attributes of the item declared by `declaration`.
    let models = output.models();
    let gate = |declaration: &str| -> Option<&str> {
        let before = &models[..models.find(declaration).expect("declared")];
        let attributes = &before[before.rfind("\n}").map_or(0, |end| end + 2)..];
        attributes
            .lines()
            .map(str::trim)
            .find(|line| line.starts_with("#[cfg("))
    };
    assert_eq!(
        gate("pub struct CreateContactRequest {"),
        Some(r#"#[cfg(feature = "contacts")]"#)
    );
    assert_eq!(gate("pub struct Contact {"), None);
    // The tests decode every type, so they need them all.
    assert_eq!(
        manifest["test"][0]["required-features"][0].as_str(),
        Some("full")
    );
}

#[test]
fn responses() {
    let output = generate("responses");
    let notes = output.file("src/operations/notes.rs");

    // 200 JSON; errors of one schema decode to it (rule `error-bodies`).
    let get = item(notes, "impl<'a> GetNote<'a> {");
    assert_has(get, "-> Sending<'a, models::Note>");
    // Documented headers, where each is read, and for errors the statuses that send them, once
    // per name whatever its case; `Content-Type` is not one (OpenAPI ignores it).
    assert_has(
        get,
        "/// The headers of the response, in [`Response::headers`](crate::Response::headers):\n    \
         ///\n    /// - `X-RateLimit-Remaining`: Requests left in the current window.",
    );
    assert_has(
        get,
        "/// The headers of error responses, in [`ApiError::headers`](crate::ApiError::headers):\n    \
         ///\n    /// - `link` (`401`, `404`): Where the note went.",
    );
    assert_lacks(get, "`Content-Type`");
    // 204: nothing; errors of different schemas stay JSON values.
    let delete = item(notes, "impl<'a> DeleteNote<'a> {");
    assert_has(delete, "-> Sending<'a, ()>");
    assert_has(delete, "RawResponse::empty");
    // The 404 body of delete still gets its own named type, named after the status's reason.
    assert!(type_names(output.models()).contains(&"DeleteNoteNotFound".to_owned()));
    // text/plain: a String.
    let body = item(notes, "impl<'a> GetNoteBody<'a> {");
    assert_has(body, "-> Sending<'a, String>");
    assert_has(body, "RawResponse::text");

    // Rule `example-without-schema`: any JSON value, with a warning.
    assert_has(
        output.file("src/operations/admins.rs"),
        "-> Sending<'a, serde_json::Value>",
    );
    assert!(output.warnings.iter().any(|warning| warning.contains(
        "#/paths/~1me/get/responses/200/content/application~1json: rule example-without-schema"
    )));

    // Rule `undocumented-success-body`: a 200 without content keeps the bytes.
    let export = output.file("src/operations/export.rs");
    assert_has(export, "-> Sending<'a, intercom_runtime::Bytes>");
    assert_has(export, "RawResponse::bytes");
}

#[test]
fn multipart() {
    let output = generate("multipart");
    assert_no_warnings(&output);
    let request = item(output.models(), "pub struct UploadAttachmentRequest {");

    // Binary fields are file parts, left out of the encoded fields and added to the form one
    // by one.
    assert_has(
        request,
        "/// The file to attach. pub file: intercom_runtime::FilePart,",
    );
    assert_lacks(output.models(), "\"file\" =>");
    assert_has(
        request,
        "pub thumbnail: Option<intercom_runtime::FilePart>,",
    );
    assert_has(request, "pub caption: Option<String>,");
    // Rule `file-lists`: one file or several is a list of files; so is an array of files.
    assert_has(
        request,
        "/// One image or several. pub images: Vec<intercom_runtime::FilePart>,",
    );
    assert_has(
        request,
        "pub pages: Option<Vec<intercom_runtime::FilePart>>,",
    );
    assert_has(
        output.file("src/operations/conversations.rs"),
        ".multipart(body) .files(\"images\", &body.images) \
         .files(\"pages\", body.pages.as_deref().unwrap_or_default()) \
         .file(\"file\", Some(&body.file)) .file(\"thumbnail\", body.thumbnail.as_ref())",
    );

    // Rule `media-types`: a body of another media type whose schema is a string is sent as it
    // is, binary as a file part's contents.
    let conversations = output.file("src/operations/conversations.rs");
    assert_has(
        conversations,
        "pub fn replace_image(&self, id: impl Into<String>, body: intercom_runtime::FilePart)",
    );
    assert_has(conversations, "request.raw(\"image/jpeg\", body)");
    assert_has(
        conversations,
        "Some(body) => request.raw_text(\"text/plain\", body),",
    );
}

/// Builder types and members are named through namespaces that hold what an operation module
/// already uses: an operation called `request` or `result`, and parameters called `client`,
/// `send` or `body`, compile (the fixture is compiled with the others) and keep readable names.
#[test]
fn builder_names_avoid_what_operation_modules_use() {
    let output = generate("builder_names");
    let requests = output.file("src/operations/requests.rs");
    assert_has(requests, "pub struct Request2<'a> {");
    assert_has(requests, "pub struct Result2<'a> {");
    assert_has(requests, "client: &'a Client,");
    assert_has(requests, "client_path: String,");
    assert_has(requests, "send_query: Option<bool>,");
    assert_has(requests, "body: models::RequestRequest,");
    assert_has(requests, "body_query: Option<String>,");
}

/// Request types get a constructor taking their required fields; a required enum of one value
/// is not an argument, since its `Default` is that value. Only structs that need no argument
/// have `Default` (issue: faithful models, requests that cannot be built wrong).
#[test]
fn request_types_have_constructors_and_single_values_default() {
    let operations = generate("operations");
    let models = operations.models();
    let create = item(models, "impl CreateContactRequest {");
    assert_has(create, "pub fn new(email: impl Into<String>) -> Self {");
    // A struct that needs an argument has no `Default`: `new` fills the rest from the
    // placeholder, where the fields it does not take are unset.
    assert_has(
        create,
        "..intercom_runtime::model::Placeholder::placeholder()",
    );
    assert!(models.contains("#[derive(Clone)]\npub struct CreateContactRequest {"));
    // Response-only types get none.
    assert_lacks(models, "impl Contact {");
    let siblings = generate("composition_siblings");
    assert_has(
        siblings.models(),
        "pub type CreateAttributeListAttributeDataType = intercom_runtime::model::Tag<\n    tag::CreateAttributeListAttributeDataType,\n>;",
    );
    assert_has(
        item(
            siblings.file("src/models/tag.rs"),
            "impl intercom_runtime::model::TagValue for CreateAttributeListAttributeDataType {",
        ),
        "const VALUE: &'static str = \"options\";",
    );
    // A struct whose required fields each allow one value has a `Default`: that value; unions
    // have only a placeholder.
    let unions = generate("unions");
    let models = unions.models();
    assert_has(models, "ConversationActionClose: Default {");
    assert_has(
        models,
        "impl intercom_runtime::model::Placeholder for ConversationAction {",
    );
    // No enum has one (a struct's comes from its `object!` table, so the check is per enum).
    let enums: Vec<&str> = models
        .lines()
        .filter_map(|line| line.strip_prefix("pub enum ")?.strip_suffix(" {"))
        .collect();
    assert!(enums.contains(&"ConversationAction"), "{enums:?}");
    for name in enums {
        assert_lacks(models, &format!("impl Default for {name} {{"));
        let table = format!("{name}: Default {{");
        assert!(!models.lines().any(|line| line.trim() == table), "{table}");
    }
}

/// The functions a library build would otherwise compile for every operation and type, whether
/// a user calls them or not, are `#[inline]`, so they are compiled where they are used: the
/// builders' sending functions (which instantiate each response decoder and body encoder) and
/// the unions' placeholders. (A string enum's `as_str`, `From` and `Display` are the runtime's
/// `string_enum!`, which writes them `#[inline]` too.)
#[test]
fn per_operation_and_per_type_functions_are_compiled_where_they_are_used() {
    use quote::ToTokens;
    const OPERATION_FUNCTIONS: [&str; 5] =
        ["send", "send_with_response", "request", "pages", "items"];
    const MODEL_FUNCTIONS: [&str; 1] = ["placeholder"];
    let mut checked = std::collections::BTreeSet::new();
    // `pagination_dropped/old` is the fixture with a paginated operation.
    for name in [
        "operations",
        "multipart",
        "responses",
        "string_enum",
        "unions",
        "diff/pagination_dropped/old",
    ] {
        let output = generate(name);
        for (path, text) in &output.files {
            let expected: &[&str] = if path.starts_with("src/operations") {
                &OPERATION_FUNCTIONS
            } else if path.ends_with("src/models.rs") {
                &MODEL_FUNCTIONS
            } else {
                continue;
            };
            let file = syn::parse_file(text).expect("generated code parses");
            for item in &file.items {
                let syn::Item::Impl(block) = item else {
                    continue;
                };
                for member in &block.items {
                    let syn::ImplItem::Fn(function) = member else {
                        continue;
                    };
                    let name = function.sig.ident.to_string();
                    if !expected.contains(&name.as_str()) {
                        continue;
                    }
                    let inline = function
                        .attrs
                        .iter()
                        .any(|attribute| attribute.path().is_ident("inline"));
                    let owner = block.self_ty.to_token_stream();
                    assert!(
                        inline,
                        "{}: `{owner}::{name}` is not #[inline]",
                        path.display()
                    );
                    checked.insert(name);
                }
            }
        }
    }
    for expected in OPERATION_FUNCTIONS.iter().chain(&MODEL_FUNCTIONS) {
        assert!(
            checked.contains(*expected),
            "no `{expected}` among the functions checked: {checked:?}"
        );
    }
}
