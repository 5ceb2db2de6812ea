//! The request-side rules of the lowering stage, read off the IR of one small description:
//! `required-body`, `single-value-header`, `string-parameter`, `version-header`,
//! `version-header-mismatch`, `documented-redirect`, the `Accept` header, `explode: false`, and
//! the paging styles with `pages-without-parameter`.

mod common;

use std::path::Path;

use generator::ir::{FixedHeader, Operation, PagingStyle, ResponseBody, Status, TypeRef};
use generator::lower::{lower_with, Lowered, Options};

const SPEC: &str = r##"
openapi: 3.0.1
info: {title: Rules API, version: Preview}
paths:
  /replies:
    post:
      operationId: reply
      parameters:
        - {name: Intercom-Version, in: header, schema: {type: string, enum: [preview]}}
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [message_type], properties: {message_type: {type: string}}}
      responses:
        '200': {description: ok}
  /notes:
    post:
      operationId: note
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {body: {type: string}}}
      responses:
        '200': {description: ok}
  /download:
    get:
      operationId: download
      parameters:
        - {name: Accept, in: header, required: true, schema: {type: string, enum: [application/octet-stream]}}
        - {name: Intercom-Version, in: header, schema: {type: string, enum: ['2.11', Preview]}}
      responses:
        '200': {description: a file}
  /transcript:
    get:
      operationId: transcript
      parameters:
        - name: external_id
          in: query
          required: true
          schema: {type: string, properties: {external_id: {type: string}}}
        - {name: states, in: query, explode: false, schema: {type: array, items: {type: string}}}
        - {name: ids, in: query, schema: {type: array, items: {type: string}}}
      responses:
        '200':
          description: text
          content:
            text/plain: {schema: {type: string}}
  /recording:
    get:
      operationId: recording
      responses:
        '302': {description: Redirect to the recording}
  /contacts:
    get:
      operationId: listContacts
      parameters:
        - {name: starting_after, in: query, schema: {type: string}}
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/list'}}}}
  /contacts/search:
    post:
      operationId: searchContacts
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                query: {type: object}
                pagination: {type: object, properties: {starting_after: {type: string}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/list'}}}}
  /articles:
    get:
      operationId: listArticles
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/list'}}}}
  /companies/scroll:
    get:
      operationId: scrollCompanies
      parameters:
        - {name: scroll_param, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: '#/components/schemas/company'}}
                  scroll_param: {type: string}
  /tags:
    get:
      operationId: listTags
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/list'}}}}
components:
  schemas:
    list:
      type: object
      properties:
        data: {type: array, items: {type: string}}
        pages: {type: object}
    company: {type: object, nullable: true, properties: {id: {type: string}}}
"##;

fn lowered() -> Lowered {
    let document = generator::load::parse(Path::new("rules.yaml"), SPEC).expect("parses");
    let options = Options {
        version_header: Some("Intercom-Version"),
    };
    lower_with(document, options).expect("lowers")
}

fn operation<'a>(lowered: &'a Lowered, id: &str) -> &'a Operation {
    lowered
        .api
        .operations
        .iter()
        .find(|operation| operation.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

fn applied(lowered: &Lowered, rule: &str, pointer: &str) -> bool {
    lowered.findings.iter().any(|finding| {
        let text = finding.to_string();
        text.contains(&format!("rule {rule}:")) && text.contains(pointer)
    })
}

fn header(name: &str, value: &str) -> FixedHeader {
    FixedHeader {
        name: name.to_owned(),
        value: value.to_owned(),
    }
}

#[test]
fn a_body_whose_schema_requires_properties_is_required() {
    let lowered = lowered();
    assert!(operation(&lowered, "reply").body.as_ref().unwrap().required);
    assert!(applied(
        &lowered,
        "required-body",
        "#/paths/~1replies/post/requestBody"
    ));
    assert!(!operation(&lowered, "note").body.as_ref().unwrap().required);
}

#[test]
fn the_version_header_is_the_clients_and_a_contradiction_is_named() {
    let lowered = lowered();
    let reply = operation(&lowered, "reply");
    assert!(reply.parameters.is_empty());
    assert!(reply.fixed_headers.is_empty());
    assert!(applied(
        &lowered,
        "version-header-mismatch",
        "#/paths/~1replies/post/parameters/0"
    ));
    // `Preview` is among the values the download allows: no contradiction there.
    assert!(!applied(&lowered, "version-header-mismatch", "~1download"));
}

#[test]
fn a_single_value_header_is_sent_by_the_client_and_accept_follows_the_media_type() {
    let lowered = lowered();
    let download = operation(&lowered, "download");
    assert!(download.parameters.is_empty());
    assert_eq!(
        download.fixed_headers,
        [header("Accept", "application/octet-stream")]
    );
    assert!(applied(
        &lowered,
        "single-value-header",
        "~1download/get/parameters/0"
    ));
    assert_eq!(
        operation(&lowered, "transcript").fixed_headers,
        [header("Accept", "text/plain")]
    );
    assert!(operation(&lowered, "listContacts").fixed_headers.is_empty());
}

#[test]
fn string_parameters_stay_strings_and_explode_is_read() {
    let lowered = lowered();
    let transcript = operation(&lowered, "transcript");
    let parameter = |name: &str| {
        transcript
            .parameters
            .iter()
            .find(|p| p.name == name)
            .unwrap()
    };
    assert_eq!(parameter("external_id").ty, generator::ir::TypeRef::String);
    assert!(applied(
        &lowered,
        "string-parameter",
        "~1transcript/get/parameters/0"
    ));
    assert!(!parameter("states").explode);
    assert!(parameter("ids").explode);
    // The builder sends them so: joined with commas, or one pair per item.
    let config = common::crate_spec("rules", "../runtime");
    let files =
        generator::emit::format(generator::emit::emit(&lowered.api, &config)).expect("formats");
    let code = common::squash(&files[Path::new("src/operations/untagged.rs")]);
    common::assert_has(&code, ".query_joined(\"states\", self.states.as_ref())");
    common::assert_has(&code, ".query(\"ids\", self.ids.as_ref())");
}

#[test]
fn a_documented_redirect_returns_the_address() {
    let lowered = lowered();
    let recording = operation(&lowered, "recording");
    assert_eq!(recording.success, ResponseBody::Redirect);
    // The 302 is what a call returns, not an error.
    let success = recording.success_response().map(|response| response.status);
    assert_eq!(success, Some(Status::Code(302)));
    assert_eq!(recording.error_responses().count(), 0);
}

#[test]
fn paging_styles_are_read_from_parameters_and_responses() {
    let lowered = lowered();
    let style = |id: &str| {
        operation(&lowered, id)
            .pagination
            .as_ref()
            .map(|pagination| pagination.style.clone())
    };
    let next = "/pages/next/starting_after".to_owned();
    assert_eq!(
        style("listContacts"),
        Some(PagingStyle::QueryCursor {
            parameter: "starting_after".to_owned(),
            next: next.clone()
        }),
        "a cursor wins over page numbers"
    );
    assert_eq!(
        style("searchContacts"),
        Some(PagingStyle::BodyCursor {
            pointer: "/pagination/starting_after".to_owned(),
            next
        })
    );
    assert_eq!(
        style("listArticles"),
        Some(PagingStyle::PageNumber {
            parameter: "page".to_owned()
        })
    );
    assert_eq!(
        style("scrollCompanies"),
        Some(PagingStyle::Scroll {
            parameter: "scroll_param".to_owned(),
            next: "/scroll_param".to_owned()
        })
    );
    assert_eq!(style("listTags"), None);
    assert!(applied(&lowered, "pages-without-parameter", "~1tags/get"));
    let items = &operation(&lowered, "listContacts")
        .pagination
        .as_ref()
        .unwrap()
        .items;
    assert_eq!((items.name.as_str(), items.required), ("data", false));
    assert!(!items.null_items);
    // A list of a nullable component may hold `null`s, which `items()` skips: the items are
    // the component, not `Option`s of it (rule `nullable-components`).
    let companies = &operation(&lowered, "scrollCompanies")
        .pagination
        .as_ref()
        .unwrap()
        .items;
    assert_eq!(companies.item, TypeRef::Named("Company".to_owned()));
    assert!(companies.null_items);
    assert!(applied(
        &lowered,
        "nullable-components",
        "~1companies~1scroll/get"
    ));
}
