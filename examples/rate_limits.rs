//! Handles rate limits: the client retries a 429 on its own, waiting until Intercom's reset;
//! when the reset is further away than the policy allows, the error says when to come back.

mod common;

use std::time::Duration;

use intercom_v2_11::{Error, RequestOptions, RetryPolicy};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client();
    let patient = RetryPolicy::default()
        .max_retries(5)
        .max_wait(Duration::from_secs(120));
    let request = client.identify_admin().options(
        RequestOptions::new()
            .retry(patient)
            .timeout(Duration::from_secs(10)),
    );
    match request.send_with_response().await {
        Ok(response) => println!(
            "{} remaining this window",
            response
                .headers
                .get("x-ratelimit-remaining")
                .and_then(|value| value.to_str().ok())
                .unwrap_or("?")
        ),
        Err(Error::RateLimited(limited)) => {
            println!("still rate limited; try again in {:?}", limited.wait());
        }
        Err(error) => return Err(error.into()),
    }
    Ok(())
}
