//! Searches open conversations, printing each page with its request id.

mod common;

use futures_util::TryStreamExt;
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client();
    // Request bodies deserialize from the JSON the API documents.
    let search = serde_json::from_value(json!({
        "query": {"field": "open", "operator": "=", "value": true},
        "pagination": {"per_page": 20}
    }))?;
    let mut pages = client.search_conversations(search).pages();
    while let Some(page) = pages.try_next().await? {
        println!(
            "request {}: {} conversations",
            page.request_id().unwrap_or("-"),
            page.body.conversations.len()
        );
    }
    Ok(())
}
