//! How the runtime handles a local mock server's responses and errors, how a client is
//! configured, and that its errors and futures can cross threads.

use std::collections::BTreeMap;

use intercom_runtime::{Client, Config, Error, ErrorItem, ErrorList, FilePart, ServerRegion};
use reqwest::{Method, StatusCode};
use serde_json::json;
use wiremock::ResponseTemplate;

#[path = "support/local.rs"]
mod support;
use support::{client, get, local, request, server_responding, Contact, API, TOKEN};

#[tokio::test]
async fn no_content_is_empty() {
    let server = server_responding(ResponseTemplate::new(204)).await;

    let request = request(Method::DELETE, "/tags/1");
    let response = client(&server).execute(request).await.unwrap();

    assert_eq!(response.empty().unwrap().status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn text_body_is_returned_as_is() {
    let transcript = "[00:00:03] Teammate: \"Hello\"\n[00:00:09] User: \"Hi\"";
    let server = server_responding(
        ResponseTemplate::new(200)
            .set_body_string(transcript)
            .insert_header("content-disposition", "attachment; filename=t.txt"),
    )
    .await;

    let response = client(&server)
        .execute(get("/calls/1/transcript"))
        .await
        .unwrap();

    let response = response.text().unwrap();
    assert_eq!(
        response.headers["content-disposition"],
        "attachment; filename=t.txt"
    );
    assert_eq!(response.body, transcript);
}

#[tokio::test]
async fn error_list_bodies_are_decoded() {
    let raw = r#"{"type":"error.list","request_id":"r1","errors":[{"code":"parameter_invalid","message":"Email is invalid","field":"email"},{"code":"not_found"}]}"#;
    let server = server_responding(
        ResponseTemplate::new(422)
            .set_body_raw(raw, "application/json")
            .insert_header("x-request-id", "r2"),
    )
    .await;

    let error = client(&server).execute(get("/contacts")).await.unwrap_err();

    assert_eq!(error.status(), Some(StatusCode::UNPROCESSABLE_ENTITY));
    assert_eq!(error.request_id(), Some("r2"), "the header wins");
    assert_eq!(
        error.to_string(),
        "testOperation: Intercom API error 422 Unprocessable Entity (request id r2): \
         parameter_invalid: Email is invalid (field `email`); not_found"
    );
    let Error::Api(api) = error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.body, raw.as_bytes());
    let errors = api.errors.expect("an error list");
    assert_eq!(errors.request_id.as_deref(), Some("r1"));
    assert_eq!(
        errors.errors[0],
        serde_json::from_value::<ErrorItem>(
            json!({"code": "parameter_invalid", "message": "Email is invalid", "field": "email"})
        )
        .unwrap()
    );
    assert_eq!(errors.errors[1].message, None);
}

#[tokio::test]
async fn error_request_id_falls_back_to_the_body() {
    let raw = r#"{"type":"error.list","request_id":"r1","errors":[{"code":"not_found","message":"User Not Found"}]}"#;
    let server =
        server_responding(ResponseTemplate::new(404).set_body_raw(raw, "application/json")).await;

    let error = client(&server)
        .execute(get("/contacts/x"))
        .await
        .unwrap_err();

    assert_eq!(error.request_id(), Some("r1"));
    assert_eq!(
        error.to_string(),
        "testOperation: Intercom API error 404 Not Found (request id r1): not_found: User Not Found"
    );
}

#[tokio::test]
async fn error_status_with_unexpected_body_keeps_raw_text() {
    let html = "<html>Bad Gateway</html>";
    let server = server_responding(ResponseTemplate::new(502).set_body_string(html)).await;
    let client = Client::new(
        local(Config::new(TOKEN), &server).retry(intercom_runtime::RetryPolicy::none()),
        API,
    );

    let error = client.execute(get("/me")).await.unwrap_err();

    assert_eq!(
        error.to_string(),
        format!("testOperation: Intercom API error 502 Bad Gateway: {html}")
    );
    let Error::Api(api) = error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.status, StatusCode::BAD_GATEWAY);
    assert!(api.errors.is_none());
    assert_eq!(api.body, html.as_bytes());
    assert_eq!(api.body_as::<ErrorList>().ok(), None);
}

#[tokio::test]
async fn api_error_display_truncates_long_bodies() {
    let body = "é".repeat(500);
    let server = server_responding(ResponseTemplate::new(400).set_body_string(body)).await;

    let message = client(&server)
        .execute(get("/me"))
        .await
        .unwrap_err()
        .to_string();

    let prefix = "testOperation: Intercom API error 400 Bad Request: ";
    assert_eq!(message, format!("{prefix}{}…", "é".repeat(200)));
}

#[tokio::test]
async fn mismatched_success_body_is_a_decode_error() {
    // Decoding is tolerant inside objects, but a list where an object belongs cannot be one.
    let raw = r#"[{"id":"7","name":"Ann"}]"#;
    let server =
        server_responding(ResponseTemplate::new(200).set_body_raw(raw, "application/json")).await;

    let response = client(&server).execute(get("/contacts/7")).await.unwrap();
    let error = response.json::<Contact>().unwrap_err();

    assert_eq!(error.status(), Some(StatusCode::OK));
    assert!(
        error.to_string().starts_with(
            "testOperation: could not decode the 200 OK response body (application/json) at `.`: \
             the response body cannot be a"
        ),
        "{error}"
    );
    let Error::Decode(decode) = error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(decode.status, StatusCode::OK);
    assert_eq!(decode.path, ".");
    assert!(
        decode.source.to_string().contains("cannot be a"),
        "{}",
        decode.source
    );
    assert_eq!(decode.body, raw.as_bytes());
}

#[tokio::test]
async fn unserializable_requests_fail_before_sending() {
    // serde_json cannot serialize maps whose keys are not strings.
    let bad = BTreeMap::from([((1, 2), "pair key")]);
    let server = server_responding(ResponseTemplate::new(200)).await;
    let client = client(&server);

    let requests = [
        request(Method::POST, "/a").json(&bad),
        get("/b").query("filter", Some(&bad)),
        get("/c").header("X-Bad", Some(&bad)),
        request(Method::POST, "/d").multipart(&bad),
        request(Method::POST, "/e").multipart("not an object"),
        request(Method::POST, "/f").form("not an object"),
    ];
    for request in requests {
        let error = client.execute(request).await.unwrap_err();
        assert!(matches!(error, Error::Encode { .. }), "{error:?}");
        assert_eq!(error.status(), None);
    }

    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn malformed_requests_are_transport_errors_not_panics() {
    let server = server_responding(ResponseTemplate::new(200)).await;

    // A token read from a file often keeps its trailing newline, which no header may contain.
    let newline_token = Client::new(local(Config::new("token\n"), &server), API);
    let error = newline_token.execute(get("/me")).await.unwrap_err();
    assert!(
        matches!(&error, Error::Transport { source, .. } if source.is_builder()),
        "{error:?}"
    );

    let bad_mime = FilePart::new(Vec::from("x")).content_type("not a mime type");
    let request = request(Method::POST, "/upload").file("file", Some(&bad_mime));
    let error = client(&server).execute(request).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");

    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn base_urls_come_from_the_api_a_region_or_the_config() {
    struct Eu;
    impl ServerRegion for Eu {
        fn base_url(&self) -> &'static str {
            "https://api.eu.example.com"
        }
    }
    let base_url = |config: Config| Client::new(config, API).base_url().to_owned();
    assert_eq!(base_url(Config::new(TOKEN)), "https://api.example.com");
    assert_eq!(
        base_url(Config::new(TOKEN).region(Eu)),
        "https://api.eu.example.com"
    );
    assert_eq!(
        base_url(Config::new(TOKEN).base_url("http://127.0.0.1:4010//")),
        "http://127.0.0.1:4010"
    );
    // The last call wins.
    let custom_then_region = Config::new(TOKEN)
        .base_url("http://localhost/v/")
        .region(Eu);
    assert_eq!(base_url(custom_then_region), "https://api.eu.example.com");

    assert_eq!(
        Client::new(Config::new(TOKEN), API).api_version(),
        Some("2.11")
    );
}

#[test]
fn debug_output_redacts_the_token() {
    let config = Config::new(TOKEN).base_url("https://api.example.com");
    let client = Client::new(config.clone(), API);

    for debug in [format!("{config:?}"), format!("{client:?}")] {
        assert!(!debug.contains(TOKEN), "{debug}");
        assert!(debug.contains("<redacted>"), "{debug}");
    }
}

#[test]
fn errors_and_futures_can_cross_threads() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    fn assert_send<T: Send>(_: &T) {}

    assert_send_sync::<Error>();
    let client = Client::new(Config::new(TOKEN), API);
    assert_send(&client.execute(get("/me")));
}

#[tokio::test]
async fn unknown_keys_of_a_response_are_kept() {
    let raw = r#"{"id":"1","name":"Ann","colour":{"shade":"red"}}"#;
    let server =
        server_responding(ResponseTemplate::new(200).set_body_raw(raw, "application/json")).await;

    let contact: Contact = client(&server)
        .execute(get("/contacts/1"))
        .await
        .unwrap()
        .json()
        .unwrap()
        .body;

    assert_eq!(contact.extra.get("colour"), Some(json!({"shade": "red"})));
    assert_eq!(serde_json::to_string(&contact).unwrap(), raw);
}
