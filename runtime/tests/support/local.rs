//! A client talking to a local mock server, and a model to decode its answers into, shared by
//! the test binaries that exercise the client.

use intercom_runtime::{ApiInfo, Client, Config, Request};
use reqwest::Method;
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const TOKEN: &str = "dG9rOnNlY3JldA==";

pub const API: ApiInfo = ApiInfo {
    default_base_url: "https://api.example.com",
    version_header: Some(("Intercom-Version", "2.11")),
    user_agent: "intercom-test/1.2.3",
};

pub fn client(server: &MockServer) -> Client {
    Client::new(local(Config::new(TOKEN), server), API)
}

/// `config` sending to the mock server, over plain HTTP.
pub fn local(config: Config, server: &MockServer) -> Config {
    config.base_url(server.uri()).allow_plain_http()
}

pub fn get(path: &str) -> Request {
    request(Method::GET, path)
}

pub fn request(method: Method, path: &str) -> Request {
    Request::new("testOperation", method, "/template", path.to_owned())
}

/// Mounts a mock answering every request with `response`.
pub async fn server_responding(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A model as the generator writes them: decoded tolerantly through `model::Object`.
pub struct Contact {
    pub id: String,
    pub name: String,
    pub extra: intercom_runtime::Extra,
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
