//! Replies to a conversation as an admin: `reply_as_admin <conversation id> <admin id> <text>`.

mod common;

use intercom_v2_11::Error;
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let conversation = args.next().unwrap_or_else(|| "123".to_owned());
    let admin = args.next().unwrap_or_else(|| "991267".to_owned());
    let text = args
        .next()
        .unwrap_or_else(|| "Thanks, we are on it.".to_owned());
    let reply = serde_json::from_value(json!({
        "message_type": "comment",
        "type": "admin",
        "admin_id": admin,
        "body": text,
    }))?;
    match common::client()
        .reply_conversation(conversation, reply)
        .send()
        .await
    {
        Ok(conversation) => println!("replied: {:?}", conversation.id),
        // One error type: match on what happened.
        Err(Error::Api(error)) if error.status == 404 => println!("no such conversation"),
        Err(error) => return Err(error.into()),
    }
    Ok(())
}
