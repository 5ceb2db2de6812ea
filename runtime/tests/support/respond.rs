//! A response decoded from a local mock server's answer.

use intercom_runtime::model::Decode;
use intercom_runtime::{ApiInfo, Client, Config, Method, Request, Response};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API: ApiInfo = ApiInfo {
    default_base_url: "https://api.example.com",
    version_header: None,
    user_agent: "intercom-test/1.0",
};

/// The operation of the request [`respond`] sends.
pub const OPERATION: &str = "listContacts";

/// Sends a `GET` to a mock server answering `body`, and decodes the answer as `T`.
pub async fn respond<T: Decode + serde::Serialize>(body: &str) -> Response<T> {
    let server = MockServer::start().await;
    let answer = ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json");
    Mock::given(wiremock::matchers::any())
        .respond_with(answer)
        .mount(&server)
        .await;
    let config = Config::new("token")
        .base_url(server.uri())
        .allow_plain_http();
    let request = Request::new(OPERATION, Method::GET, "/contacts", "/contacts".into());
    let raw = Client::new(config, API).execute(request).await.unwrap();
    raw.json().unwrap()
}
