//! The client every example uses: the token from `INTERCOM_TOKEN`, and the server from
//! `INTERCOM_BASE_URL` when set (a mock server such as Prism on `http://127.0.0.1:4010`).

use intercom_v2_11::{Client, Config};

pub fn client() -> Client {
    let token = std::env::var("INTERCOM_TOKEN").unwrap_or_default();
    let mut config = Config::new(token.trim());
    if let Ok(base_url) = std::env::var("INTERCOM_BASE_URL") {
        // Plain HTTP is refused unless asked for: only local mock servers use it.
        config = config.base_url(base_url).allow_plain_http();
    }
    Client::with_config(config)
}
