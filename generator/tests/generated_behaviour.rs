//! What only running generated code shows: each fixture crate below gets a `tests/behaviour.rs`
//! that uses it as a user would, run with `cargo test` against the real `intercom-runtime`.
//! The snapshots show the code; `compile_fixtures` shows that it compiles.

mod common;
mod hostile_support;

use std::path::PathBuf;

use hostile_support::{assert_builds_cleanly, Check};

/// A struct whose required fields each allow one value defaults to those values, and encodes
/// them.
const UNIONS: &str = r#"
use fixture_unions::models::ConversationActionClose;

#[test]
fn a_default_holds_the_one_value_each_required_field_allows() {
    let close = ConversationActionClose::default();
    assert_eq!(close.type_.as_str(), "admin");
    assert_eq!(close.message_type.as_str(), "close");
    let json = serde_json::to_value(&close).unwrap();
    assert_eq!(json, serde_json::json!({"type": "admin", "message_type": "close"}));
    assert!(close == serde_json::from_value(json).unwrap());
}
"#;

/// A request builder's `Debug` shows the request it would send, and never the token.
const OPERATIONS: &str = r#"
use fixture_operations::Client;

#[test]
fn a_builder_shows_the_request_it_would_send() {
    let client = Client::new("secret-token");
    let shown = format!("{:?}", client.tag_contact("c1", "t1"));
    assert!(shown.contains("PUT"), "{shown}");
    assert!(shown.contains("/contacts/c1/tags/t1"), "{shown}");
    assert!(!shown.contains("secret-token"), "{shown}");
}
"#;

#[test]
fn generated_crates_behave_as_their_users_expect() {
    let runtime = hostile_support::runtime();
    let runtime = runtime.to_str().expect("UTF-8 runtime path");
    let crates: Vec<_> = [("unions", UNIONS), ("operations", OPERATIONS)]
        .into_iter()
        .map(|(name, test)| {
            let mut files = common::generate_with(name, runtime).files;
            files.insert(PathBuf::from("tests/behaviour.rs"), test.to_owned());
            (name.to_owned(), files)
        })
        .collect();
    assert_builds_cleanly("behaviour-crates", &crates, Check::Behaviour);
}
