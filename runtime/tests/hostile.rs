//! The client under a hostile or broken server: every case ends in a typed error (or a correct
//! answer), never a panic, with memory bounded by the configured limits; the token goes only to
//! the configured base URL and never into logs, errors or `Debug` output.

use std::time::Duration;

use intercom_runtime::{
    ApiInfo, Client, Config, Error, Method, RawResponse, Request, RetryPolicy, StatusCode, Value,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/captured.rs"]
mod captured;
use captured::Captured;

const TOKEN: &str = "secret-token-5f2c";

const API: ApiInfo = ApiInfo {
    default_base_url: "https://api.example.com",
    version_header: Some(("Intercom-Version", "2.11")),
    user_agent: "hostile-test",
};

fn config(base_url: &str) -> Config {
    Config::new(TOKEN)
        .base_url(base_url)
        .allow_plain_http()
        .retry(RetryPolicy::none())
}

fn get() -> Request {
    Request::new(
        "showThing",
        Method::GET,
        "/things/{id}",
        "/things/1".to_owned(),
    )
}

async fn answer(response: ResponseTemplate) -> Result<RawResponse, Error> {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    Client::new(config(&server.uri()), API).execute(get()).await
}

/// The error of decoding `response` as JSON.
async fn decode_error(response: ResponseTemplate) -> Error {
    answer(response)
        .await
        .expect("a 200 arrives")
        .json::<Value>()
        .expect_err("the body is not JSON")
}

fn assert_decode(error: &Error, expected: &str) {
    let Error::Decode(decode) = error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(decode.status, StatusCode::OK);
    assert!(error.to_string().contains(expected), "{error}");
}

#[tokio::test]
async fn a_non_json_body_is_a_decode_error() {
    let error = decode_error(ResponseTemplate::new(200).set_body_string("OK")).await;
    assert_decode(&error, "expected value");
}

#[tokio::test]
async fn an_html_page_with_200_names_its_content_type() {
    let page = ResponseTemplate::new(200)
        .set_body_raw("<html><body>Maintenance</body></html>", "text/html");
    let error = decode_error(page).await;
    assert_decode(&error, "(text/html) at `.`");
    let Error::Decode(decode) = error else {
        unreachable!()
    };
    assert_eq!(&decode.body[..6], b"<html>");
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let error = decode_error(
        ResponseTemplate::new(200).set_body_raw(r#"{"type":"contact","id":"#, "application/json"),
    )
    .await;
    assert_decode(&error, "EOF while parsing");
    // Where it broke, as a path into the body.
    assert_decode(&error, "at `id`");
}

#[tokio::test]
async fn an_empty_body_is_a_decode_error() {
    let error = decode_error(ResponseTemplate::new(200)).await;
    assert_decode(&error, "EOF while parsing");
}

#[tokio::test]
async fn the_content_type_does_not_decide_how_json_is_read() {
    // JSON labelled as text decodes; bytes labelled as JSON fail to.
    let labelled_text = ResponseTemplate::new(200).set_body_raw(r#"{"id":"1"}"#, "text/plain");
    let decoded = answer(labelled_text)
        .await
        .unwrap()
        .json::<Value>()
        .unwrap();
    assert_eq!(decoded.body["id"], "1");

    let png =
        ResponseTemplate::new(200).set_body_raw(&b"\x89PNG\r\n\x1a\n"[..], "application/json");
    let error = decode_error(png).await;
    assert_decode(&error, "expected value");
}

#[tokio::test]
async fn invalid_utf8_in_a_json_string_is_a_decode_error() {
    let body = b"{\"name\":\"\xff\xfe\"}".to_vec();
    let error =
        decode_error(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    assert_decode(&error, "invalid unicode");
    // As text it is replaced, not refused.
    let body = b"caf\xe9".to_vec();
    let text = answer(ResponseTemplate::new(200).set_body_raw(body, "text/plain"))
        .await
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(text.body, "caf\u{fffd}");
}

#[tokio::test]
async fn deeply_nested_json_hits_the_depth_limit_without_overflowing_the_stack() {
    let depth = 100_000;
    let body = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let error =
        decode_error(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    assert_decode(&error, "recursion limit exceeded");
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let server = MockServer::start().await;
    let big = vec![b' '; 2 << 20];
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(big, "application/json"))
        .mount(&server)
        .await;
    let client = Client::new(config(&server.uri()).max_response_bytes(1 << 20), API);

    let error = client.execute(get()).await.unwrap_err();

    assert!(
        matches!(error, Error::ResponseTooLarge { limit, .. } if limit == 1 << 20),
        "{error:?}"
    );
}

/// A server on 127.0.0.1 that answers every connection with `script`, then keeps or drops it.
async fn raw_server<F, Fut>(script: F) -> String
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request).await;
            script(stream).await;
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn a_body_without_length_over_the_limit_is_refused_while_streaming() {
    let url = raw_server(|mut stream| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, " ".repeat(64 * 1024));
        // Endless: the client must stop reading, not buffer forever.
        while stream.write_all(chunk.as_bytes()).await.is_ok() {}
    })
    .await;
    let client = Client::new(config(&url).max_response_bytes(256 * 1024), API);

    let error = client.execute(get()).await.unwrap_err();

    assert!(matches!(error, Error::ResponseTooLarge { .. }), "{error:?}");
}

#[tokio::test]
async fn a_slow_loris_response_times_out() {
    let url = raw_server(|mut stream| async move {
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        for _ in 0..1000 {
            if stream.write_all(b" ").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    let client = Client::new(config(&url).timeout(Duration::from_millis(300)), API);

    let error = client.execute(get()).await.unwrap_err();

    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_a_transport_error() {
    let url = raw_server(|mut stream| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"id\":";
        let _ = stream.write_all(head.as_bytes()).await;
        drop(stream);
    })
    .await;

    let error = Client::new(config(&url), API)
        .execute(get())
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
}

#[tokio::test]
async fn a_redirect_loop_is_not_followed() {
    let server = MockServer::start().await;
    let looping = ResponseTemplate::new(302)
        .insert_header("location", format!("{}/things/1", server.uri()).as_str());
    Mock::given(any())
        .respond_with(looping)
        .mount(&server)
        .await;

    let error = Client::new(config(&server.uri()), API)
        .execute(get())
        .await
        .unwrap_err();

    assert_eq!(error.status(), Some(StatusCode::FOUND));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    // An operation documented as a redirect gets the address.
    let redirect = Client::new(config(&server.uri()), API)
        .execute(get().expect_redirect())
        .await
        .unwrap()
        .redirect()
        .unwrap();
    assert_eq!(
        redirect.body.location,
        Some(format!("{}/things/1", server.uri()))
    );
}

#[tokio::test]
async fn the_token_never_follows_a_redirect_to_another_host() {
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&elsewhere)
        .await;
    let api = MockServer::start().await;
    let away = ResponseTemplate::new(307)
        .insert_header("location", format!("{}/steal", elsewhere.uri()).as_str());
    Mock::given(any()).respond_with(away).mount(&api).await;

    // The default client does not follow.
    let error = Client::new(config(&api.uri()), API)
        .execute(get())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::TEMPORARY_REDIRECT));
    assert!(elsewhere.received_requests().await.unwrap().is_empty());

    // A custom client that follows redirects still drops the token at the other host.
    let following = intercom_runtime::reqwest::Client::new();
    let client = Client::new(config(&api.uri()).http_client(following), API);
    client.execute(get()).await.unwrap();
    let stolen = elsewhere.received_requests().await.unwrap();
    assert_eq!(stolen.len(), 1);
    assert!(stolen[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn plain_http_needs_an_explicit_opt_in() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = Client::new(Config::new(TOKEN).base_url(server.uri()), API);

    let error = client.execute(get()).await.unwrap_err();

    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    assert!(error.to_string().contains("allow_plain_http"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_token_is_not_in_traces_errors_or_debug_output_and_spans_describe_requests() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    let body = format!(
        r#"{{"type":"error.list","errors":[{{"code":"unauthorized","message":"{TOKEN}? no"}}]}}"#
    );
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let client = Client::new(config(&server.uri()), API);
    let error = client.execute(get()).await.unwrap_err();

    let logs = captured.text();
    assert!(logs.contains("intercom.request"), "{logs}");
    for field in [
        "operation=\"showThing\"",
        "method=GET",
        "path=\"/things/{id}\"",
        "attempt=1",
        "status=401",
    ] {
        assert!(logs.contains(field), "missing {field} in {logs}");
    }
    assert!(!logs.contains(TOKEN), "{logs}");
    assert!(!format!("{client:?}").contains(TOKEN));
    // The server echoed the token in its message: the error shows what the server said, but the
    // request's own headers are nowhere in it.
    assert!(!format!("{error:?}").contains("Bearer"));
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert!(api.headers.get("authorization").is_none());
}
