//! The `tracing` event of the drift report. One test alone in its binary: `tracing` caches
//! whether a callsite is enabled across threads, which tests running in parallel with other
//! subscribers (or none) would race on.

#[path = "support/captured.rs"]
mod captured;
#[path = "support/models.rs"]
mod models;
#[path = "support/respond.rs"]
mod support;
use captured::Captured;
use models::Tag;

/// Two tags: one with a key the type does not describe, one without its required name.
const DRIFTED: &str = r#"[{"name": "vip", "colour": "red"}, {}]"#;

/// What a subscriber at `level` logs while a drifted response is decoded.
async fn logs_at(level: tracing::Level) -> String {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let _ = support::respond::<Vec<Tag>>(DRIFTED).await;
    captured.text()
}

#[tokio::test]
async fn a_debug_event_names_the_operation_and_the_paths_and_nothing_above_debug() {
    let logs = logs_at(tracing::Level::DEBUG).await;
    let event = logs
        .lines()
        .find(|line| line.contains("intercom_runtime::drift"))
        .unwrap_or_else(|| panic!("no drift event in {logs}"));
    assert!(event.contains("DEBUG"), "{event}");
    let operation = format!("operation=\"{}\"", support::OPERATION);
    assert!(event.contains(&operation), "{event}");
    assert!(event.contains("count=2"), "{event}");
    for drift in [
        "/0/colour: key the description does not declare",
        "/1/name: required key missing",
    ] {
        assert!(event.contains(drift), "{drift} missing from {event}");
    }

    let logs = logs_at(tracing::Level::INFO).await;
    assert!(!logs.contains("intercom_runtime::drift"), "{logs}");
}
