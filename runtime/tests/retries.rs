//! Retries, backoff, rate limits and timeouts against a local mock server. Delays are recorded
//! by an injected sleeper that returns at once, so the tests assert them without waiting.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use intercom_runtime::{
    ApiInfo, Client, Config, Error, Method, Request, RequestOptions, RetryPolicy, Sleep,
};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

const API: ApiInfo = ApiInfo {
    default_base_url: "https://api.example.com",
    version_header: None,
    user_agent: "retry-test",
};

/// Records every requested delay and returns at once.
#[derive(Clone, Debug, Default)]
struct Recorder(Arc<Mutex<Vec<Duration>>>);

impl Recorder {
    fn delays(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl Sleep for Recorder {
    fn sleep(
        &self,
        duration: Duration,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
        self.0.lock().unwrap().push(duration);
        Box::pin(std::future::ready(()))
    }
}

/// Answers with `responses` in order, then repeats the last one.
struct Sequence(Vec<ResponseTemplate>, std::sync::atomic::AtomicUsize);

impl Respond for Sequence {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let index = self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.0[index.min(self.0.len() - 1)].clone()
    }
}

async fn server(responses: Vec<ResponseTemplate>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Sequence(responses, Default::default()))
        .mount(&server)
        .await;
    server
}

fn client(
    server: &MockServer,
    recorder: &Recorder,
    config: impl FnOnce(Config) -> Config,
) -> Client {
    let base = Config::new("token")
        .base_url(server.uri())
        .allow_plain_http()
        .sleeper(recorder.clone());
    Client::new(config(base), API)
}

fn request(method: Method) -> Request {
    Request::new("listThings", method, "/things", "/things".to_owned())
}

async fn attempts(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"ok": true}))
}

fn status(code: u16) -> ResponseTemplate {
    ResponseTemplate::new(code)
        .set_body_json(json!({"type": "error.list", "errors": [{"code": "server_error"}]}))
}

#[tokio::test]
async fn server_errors_are_retried_with_growing_jittered_backoff() {
    let server = server(vec![status(500), status(503), ok()]).await;
    let recorder = Recorder::default();

    let response = client(&server, &recorder, |c| c)
        .execute(request(Method::GET))
        .await
        .unwrap();

    assert_eq!(response.json::<Value>().unwrap().body, json!({"ok": true}));
    assert_eq!(attempts(&server).await, 3);
    let delays = recorder.delays();
    assert_eq!(delays.len(), 2);
    // Equal jitter: the upper half of 500 ms, then of 1 s.
    assert!((250..=500).contains(&delays[0].as_millis()), "{delays:?}");
    assert!((500..=1000).contains(&delays[1].as_millis()), "{delays:?}");
}

#[tokio::test]
async fn the_default_gives_up_after_two_retries() {
    let server = server(vec![status(502)]).await;
    let recorder = Recorder::default();

    let error = client(&server, &recorder, |c| c)
        .execute(request(Method::GET))
        .await
        .unwrap_err();

    assert!(
        matches!(&error, Error::Api(api) if api.status == 502),
        "{error:?}"
    );
    assert_eq!(attempts(&server).await, 3);
    assert_eq!(recorder.delays().len(), 2);
}

#[tokio::test]
async fn max_retries_is_configurable_per_client_and_per_request() {
    let server = server(vec![status(500)]).await;
    let recorder = Recorder::default();
    let client = client(&server, &recorder, |c| {
        c.retry(RetryPolicy::default().max_retries(4))
    });

    client.execute(request(Method::GET)).await.unwrap_err();
    assert_eq!(attempts(&server).await, 5);

    server.reset().await;
    Mock::given(any())
        .respond_with(status(500))
        .mount(&server)
        .await;
    let once = RequestOptions::new().retry(RetryPolicy::none());
    client
        .execute(request(Method::GET).options(once))
        .await
        .unwrap_err();
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_server_error() {
    let server = server(vec![status(500), ok()]).await;
    let recorder = Recorder::default();

    let error = client(&server, &recorder, |c| c)
        .execute(request(Method::POST))
        .await
        .unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(
        attempts(&server).await,
        1,
        "the first POST may have taken effect"
    );
    assert!(recorder.delays().is_empty());
}

#[tokio::test]
async fn a_rate_limited_post_waits_until_the_reset_and_is_retried() {
    let reset = SystemTime::now() + Duration::from_secs(10);
    let reset_secs = reset.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let limited = ResponseTemplate::new(429)
        .insert_header("x-ratelimit-reset", reset_secs.to_string().as_str())
        .set_body_json(json!({"type": "error.list", "errors": [{"code": "rate_limit_exceeded"}]}));
    let server = server(vec![limited, ok()]).await;
    let recorder = Recorder::default();

    client(&server, &recorder, |c| c)
        .execute(request(Method::POST))
        .await
        .unwrap();

    assert_eq!(attempts(&server).await, 2);
    let delays = recorder.delays();
    assert_eq!(delays.len(), 1);
    // The reset is in whole seconds: between 9 and 10 s from when the answer arrived.
    assert!((8..=10).contains(&delays[0].as_secs()), "{delays:?}");
}

#[tokio::test]
async fn retry_after_seconds_are_honoured() {
    let limited = ResponseTemplate::new(503).insert_header("retry-after", "3");
    let server = server(vec![limited, ok()]).await;
    let recorder = Recorder::default();

    client(&server, &recorder, |c| c)
        .execute(request(Method::GET))
        .await
        .unwrap();

    let delays = recorder.delays();
    assert_eq!(delays.len(), 1);
    assert!((2..=3).contains(&delays[0].as_secs()), "{delays:?}");
}

#[tokio::test]
async fn a_reset_too_far_away_is_returned_as_rate_limited() {
    let reset = SystemTime::now() + Duration::from_secs(3600);
    let reset_secs = reset.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let limited = ResponseTemplate::new(429)
        .insert_header("x-ratelimit-reset", reset_secs.to_string().as_str())
        .insert_header("x-request-id", "req-9");
    let server = server(vec![limited]).await;
    let recorder = Recorder::default();

    let error = client(&server, &recorder, |c| c)
        .execute(request(Method::GET))
        .await
        .unwrap_err();

    assert_eq!(attempts(&server).await, 1);
    assert!(recorder.delays().is_empty());
    let Error::RateLimited(limited) = &error else {
        panic!("expected RateLimited, got {error:?}");
    };
    assert_eq!(
        limited.reset,
        Some(UNIX_EPOCH + Duration::from_secs(reset_secs))
    );
    assert!(limited.wait().unwrap() > Duration::from_secs(3500));
    assert_eq!(error.request_id(), Some("req-9"));
    let line = error.to_string();
    assert!(
        line.starts_with(
            "listThings: rate limited: Intercom API error 429 Too Many Requests (request id req-9)"
        ),
        "{line}"
    );
    assert!(line.contains("; resets at "), "{line}");
}

#[tokio::test]
async fn connection_failures_are_retried_even_for_posts() {
    // A port nothing listens on: bind, read the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let recorder = Recorder::default();
    let client = Client::new(
        Config::new("token")
            .base_url(format!("http://127.0.0.1:{port}"))
            .allow_plain_http()
            .sleeper(recorder.clone()),
        API,
    );

    let error = client.execute(request(Method::POST)).await.unwrap_err();

    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(recorder.delays().len(), 2);
}

#[tokio::test]
async fn a_slow_answer_times_out_and_a_get_is_retried() {
    let slow = ok().set_delay(Duration::from_secs(5));
    let server = server(vec![slow, ok()]).await;
    let recorder = Recorder::default();
    let client = client(&server, &recorder, |c| {
        c.timeout(Duration::from_millis(200))
    });

    let response = client.execute(request(Method::GET)).await.unwrap();
    assert_eq!(response.json::<Value>().unwrap().body, json!({"ok": true}));
    assert_eq!(recorder.delays().len(), 1);

    server.reset().await;
    Mock::given(any())
        .respond_with(ok().set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let error = client
        .execute(
            request(Method::POST)
                .options(RequestOptions::new().timeout(Duration::from_millis(100))),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout { after, .. } if after == Duration::from_millis(100)),
        "{error:?}"
    );
    assert_eq!(attempts(&server).await, 1);
    assert_eq!(
        error.to_string(),
        "listThings: no complete response within 100ms"
    );
}
