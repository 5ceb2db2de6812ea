//! Behaviour of the runtime against a local mock server.

use std::collections::BTreeMap;

use intercom_runtime::{
    path_segment, ApiInfo, Client, Config, Error, ErrorItem, ErrorList, FilePart, RawResponse,
    Request, ServerRegion,
};
use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde_json::{json, Value};
use wiremock::matchers::{bearer_token, body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "dG9rOnNlY3JldA==";

const API: ApiInfo = ApiInfo {
    default_base_url: "https://api.example.com",
    version_header: Some(("Intercom-Version", "2.11")),
    user_agent: "intercom-test/1.2.3",
};

fn client(server: &MockServer) -> Client {
    Client::new(local(Config::new(TOKEN), server), API)
}

/// `config` sending to the mock server, over plain HTTP.
fn local(config: Config, server: &MockServer) -> Config {
    config.base_url(server.uri()).allow_plain_http()
}

fn get(path: &str) -> Request {
    request(Method::GET, path)
}

fn request(method: Method, path: &str) -> Request {
    Request::new("testOperation", method, "/template", path.to_owned())
}

/// Mounts a mock answering every request with `response`.
async fn server_responding(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

fn header_values<'a>(headers: &'a HeaderMap, name: &str) -> Vec<&'a str> {
    headers
        .get_all(name)
        .iter()
        .map(|value| value.to_str().unwrap())
        .collect()
}

/// A model as the generator writes them: decoded tolerantly through `model::Object`.
struct Contact {
    id: String,
    name: String,
    extra: intercom_runtime::Extra,
}

impl intercom_runtime::model::Object for Contact {
    const FIELDS: &'static [(&'static str, bool)] = &[("id", true), ("name", true)];

    fn unfilled() -> Self {
        Contact {
            id: String::new(),
            name: String::new(),
            extra: intercom_runtime::Extra::default(),
        }
    }

    fn decode_field<V: intercom_runtime::model::field::Values>(
        &mut self,
        key: &str,
        decoder: &mut intercom_runtime::model::field::Decoder<V>,
    ) -> Result<Option<usize>, V::Error> {
        use intercom_runtime::model::field;
        match key {
            "id" => field::required(decoder, "id", 0, &mut self.id),
            "name" => field::required(decoder, "name", 1, &mut self.name),
            _ => Ok(None),
        }
    }

    fn encode_fields<M: serde::ser::SerializeMap>(
        &self,
        encoder: &mut intercom_runtime::model::field::Encoder<'_, M>,
    ) {
        use intercom_runtime::model::field;
        field::encode_required(encoder, "id", &self.id);
        field::encode_required(encoder, "name", &self.name);
    }

    fn extra(&self) -> &intercom_runtime::Extra {
        &self.extra
    }

    fn extra_mut(&mut self) -> &mut intercom_runtime::Extra {
        &mut self.extra
    }
}

intercom_runtime::object!(Contact);

#[tokio::test]
async fn sends_auth_version_accept_and_user_agent_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/me"))
        .and(bearer_token(TOKEN))
        .and(header("intercom-version", "2.11"))
        .and(header("accept", "application/json"))
        .and(header("user-agent", "intercom-test/1.2.3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "admin"})))
        .expect(1)
        .mount(&server)
        .await;

    let me: Value = client(&server)
        .execute(get("/me"))
        .await
        .unwrap()
        .json::<Value>()
        .unwrap()
        .body;

    assert_eq!(me, json!({"type": "admin"}));
    let request = only_request(&server).await;
    assert!(
        request.headers.get(CONTENT_TYPE).is_none(),
        "no body, no content type"
    );
}

/// `send` resolves to what its function decodes (the whole response); `send_body`, which a
/// generated operation's `send` calls with the same function, to the body alone.
#[tokio::test]
async fn send_resolves_to_the_decoded_response_and_send_body_to_its_body() {
    let server = server_responding(
        ResponseTemplate::new(202)
            .insert_header("x-request-id", "req-1")
            .set_body_json(json!({"type": "admin"})),
    )
    .await;
    let client = client(&server);

    let response = client
        .send(get("/me"), RawResponse::json::<Value>)
        .await
        .unwrap();
    assert_eq!(response.status, StatusCode::ACCEPTED);
    assert_eq!(response.headers["x-request-id"], "req-1");
    assert_eq!(response.body, json!({"type": "admin"}));

    let body = client
        .send_body(get("/me"), RawResponse::json::<Value>)
        .await
        .unwrap();
    assert_eq!(body, json!({"type": "admin"}));

    let empty: () = client
        .send_body(get("/me"), RawResponse::empty)
        .await
        .unwrap();
    assert_eq!(empty, ());
}

#[tokio::test]
async fn request_headers_replace_defaults() {
    let server =
        server_responding(ResponseTemplate::new(200).set_body_bytes(b"\x00\x01csv".to_vec())).await;
    let client = Client::new(
        local(Config::new(TOKEN), &server).user_agent("my-app/1.0"),
        API,
    );

    let request = get("/download/reporting_data/job1")
        .header("Accept", Some("application/octet-stream"))
        .header("X-Count", Some(&3))
        .header("X-Absent", None::<&str>);
    let response = client.execute(request).await.unwrap();

    assert_eq!(&response.bytes().unwrap().body[..], b"\x00\x01csv");
    let sent = only_request(&server).await;
    assert_eq!(
        header_values(&sent.headers, ACCEPT.as_str()),
        ["application/octet-stream"]
    );
    assert_eq!(
        header_values(&sent.headers, USER_AGENT.as_str()),
        ["my-app/1.0"]
    );
    assert_eq!(header_values(&sent.headers, "intercom-version"), ["2.11"]);
    assert_eq!(header_values(&sent.headers, "x-count"), ["3"]);
    assert!(sent.headers.get("x-absent").is_none());
}

#[tokio::test]
async fn query_parameters_use_form_explode_style() {
    let server = server_responding(ResponseTemplate::new(200).set_body_json(json!({}))).await;

    let request = get("/events")
        .query("per_page", Some(&50))
        .query("archived", Some(&false))
        .query("q", Some("a&b=c d"))
        .query("state", Some(&["published", "draft"][..]))
        .query("filter", Some(&json!({"type": "user", "user_id": "42"})))
        .query("page", None::<&u32>)
        .query("cursor", Some(&Value::Null));
    client(&server).execute(request).await.unwrap();

    let sent = only_request(&server).await;
    let pairs: Vec<(String, String)> = sent.url.query_pairs().into_owned().collect();
    let expected = [
        ("per_page", "50"),
        ("archived", "false"),
        ("q", "a&b=c d"),
        ("state", "published"),
        ("state", "draft"),
        ("type", "user"),
        ("user_id", "42"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    assert_eq!(pairs, expected);
}

#[test]
fn path_segment_percent_encodes_everything_but_unreserved_characters() {
    assert_eq!(path_segment("a/b c?d#e%"), "a%2Fb%20c%3Fd%23e%25");
    assert_eq!(path_segment("Az09-._~"), "Az09-._~");
    assert_eq!(path_segment("é"), "%C3%A9");
    assert_eq!(path_segment(&42), "42");
}

#[tokio::test]
async fn path_segments_stay_one_segment() {
    let server = MockServer::start().await;
    Mock::given(path("/contacts/a%2Fb%20c"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "a/b c", "name": "Ann"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let request = get(&format!("/contacts/{}", path_segment("a/b c")));
    let contact: Contact = client(&server)
        .execute(request)
        .await
        .unwrap()
        .json()
        .unwrap()
        .body;

    assert_eq!(contact.id, "a/b c");
}

#[tokio::test]
async fn json_body_is_sent_with_content_type() {
    let server = MockServer::start().await;
    let body = json!({"email": "ann@example.com", "custom_attributes": {"plan": "pro"}});
    Mock::given(method("POST"))
        .and(path("/contacts"))
        .and(header("content-type", "application/json"))
        .and(body_json(&body))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1", "name": "Ann"})))
        .expect(1)
        .mount(&server)
        .await;

    let request = request(Method::POST, "/contacts").json(&body);
    let contact: Contact = client(&server)
        .execute(request)
        .await
        .unwrap()
        .json()
        .unwrap()
        .body;

    assert_eq!(
        contact,
        Contact {
            id: "1".into(),
            name: "Ann".into(),
            extra: intercom_runtime::Extra::default(),
        }
    );
}

#[tokio::test]
async fn form_body_is_urlencoded_pairs() {
    #[derive(Serialize)]
    struct Charge {
        amount: u32,
        description: &'static str,
        expand: Vec<&'static str>,
        metadata: BTreeMap<&'static str, &'static str>,
        note: Option<String>,
    }
    let server = server_responding(ResponseTemplate::new(200).set_body_json(json!({}))).await;

    let charge = Charge {
        amount: 2000,
        description: "a & b = c",
        expand: vec!["customer", "invoice"],
        metadata: BTreeMap::from([("order", "6735")]),
        note: None,
    };
    let request = request(Method::POST, "/v1/charges").form(&charge);
    client(&server).execute(request).await.unwrap();

    let sent = only_request(&server).await;
    assert_eq!(
        header_values(&sent.headers, CONTENT_TYPE.as_str()),
        ["application/x-www-form-urlencoded"]
    );
    assert_eq!(
        String::from_utf8(sent.body).unwrap(),
        "amount=2000&description=a+%26+b+%3D+c&expand=customer&expand=invoice&order=6735"
    );
}

#[tokio::test]
async fn raw_bodies_are_sent_as_they_are_with_their_media_type() {
    let server = server_responding(ResponseTemplate::new(202).set_body_json(json!({}))).await;
    let image = FilePart::new(&b"\xff\xd8\xff"[..]);
    let typed = FilePart::new(&b"%PDF"[..]).content_type("application/pdf");
    for request in [
        request(Method::PUT, "/images").raw("image/jpeg", &image),
        request(Method::PUT, "/files").raw("application/octet-stream", &typed),
        request(Method::POST, "/notes").raw_text("text/plain", "a \"note\""),
    ] {
        client(&server).execute(request).await.unwrap();
    }

    let sent = server.received_requests().await.unwrap();
    let sent: Vec<(Vec<&str>, &[u8])> = sent
        .iter()
        .map(|request| {
            let content_type = header_values(&request.headers, CONTENT_TYPE.as_str());
            (content_type, request.body.as_slice())
        })
        .collect();
    assert_eq!(
        sent,
        [
            (vec!["image/jpeg"], &b"\xff\xd8\xff"[..]),
            (vec!["application/pdf"], &b"%PDF"[..]),
            (vec!["text/plain"], &b"a \"note\""[..]),
        ]
    );
}

#[tokio::test]
async fn multipart_body_has_text_and_file_parts() {
    #[derive(Serialize)]
    struct Upload {
        finalize: &'static str,
        part: u32,
        tags: Vec<&'static str>,
        note: Option<String>,
    }
    let server = server_responding(ResponseTemplate::new(202).set_body_json(json!({}))).await;

    let upload = Upload {
        finalize: "false",
        part: 3,
        tags: vec!["a", "b"],
        note: None,
    };
    let catalog = FilePart::new(&b"[{\"id\":\"p1\"}]"[..])
        .file_name("catalog.json")
        .content_type("application/json");
    let request = request(Method::POST, "/ecommerce/catalog")
        .multipart(&upload)
        .file("catalog", Some(&catalog))
        .file("absent", None)
        .files(
            "image",
            &[
                FilePart::new(&b"first"[..]).file_name("a.png"),
                FilePart::new(&b"second"[..]).file_name("b.png"),
            ],
        )
        .files("none", &[]);
    let response = client(&server).execute(request).await.unwrap();

    assert_eq!(
        response.json::<Value>().unwrap().status,
        StatusCode::ACCEPTED
    );
    let sent = only_request(&server).await;
    let content_type = header_values(&sent.headers, CONTENT_TYPE.as_str());
    assert!(
        content_type[0].starts_with("multipart/form-data; boundary="),
        "{content_type:?}"
    );
    let body = String::from_utf8(sent.body).unwrap();
    for expected in [
        "name=\"finalize\"\r\n\r\nfalse\r\n",
        "name=\"part\"\r\n\r\n3\r\n",
        "name=\"tags\"\r\n\r\n[\"a\",\"b\"]\r\n",
        "name=\"catalog\"; filename=\"catalog.json\"\r\nContent-Type: application/json\r\n\r\n[{\"id\":\"p1\"}]\r\n",
    ] {
        assert!(body.contains(expected), "missing {expected:?} in {body}");
    }
    assert!(
        !body.contains("name=\"note\""),
        "null members are skipped: {body}"
    );
    assert!(!body.contains("name=\"absent\""), "{body}");
    // A list of files is one part per file, each named after the field, in order.
    let first = body.find("name=\"image\"; filename=\"a.png\"");
    let second = body.find("name=\"image\"; filename=\"b.png\"");
    assert!(
        first.zip(second).is_some_and(|(a, b)| a < b),
        "two image parts in order: {body}"
    );
    assert!(!body.contains("name=\"none\""), "{body}");
}

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
