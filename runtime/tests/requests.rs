//! What the runtime sends to a local mock server: headers, query parameters, path segments and
//! JSON, form, raw and multipart bodies.

use std::collections::BTreeMap;

use intercom_runtime::{path_segment, Client, Config, FilePart, RawResponse, Request};
use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde_json::{json, Value};
use wiremock::matchers::{bearer_token, body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/local.rs"]
mod support;
use support::{client, get, local, request, server_responding, Contact, API, TOKEN};

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

/// Sends `request` and decodes the answer's body as a [`Contact`].
async fn contact_from(server: &MockServer, request: Request) -> Contact {
    client(server)
        .execute(request)
        .await
        .unwrap()
        .json()
        .unwrap()
        .body
}

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
    let contact = contact_from(&server, request).await;

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
    let contact = contact_from(&server, request).await;

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
