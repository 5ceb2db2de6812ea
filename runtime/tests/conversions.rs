//! Values converted inside containers (`Vec`, maps, `Option`, boxed fields) are sent back as they were
//! received while unchanged: `Decode::CONVERTS` of each container follows its element's.

use std::collections::BTreeMap;

use intercom_runtime::{Extra, Nullable};
use serde_json::json;

#[derive(Clone)]
struct Stats {
    counts: Option<Vec<i64>>,
    scores: Option<BTreeMap<String, f64>>,
    flag: Option<Box<bool>>,
    gaps: Option<Vec<Option<i64>>>,
    limit: Nullable<Box<i64>>,
    extra: Extra,
}

intercom_runtime::object! {
    Stats {
        0: "counts" => counts: optional,
        1: "scores" => scores: optional,
        2: "flag" => flag: optional_boxed,
        3: "gaps" => gaps: optional,
        4: "limit" => limit: nullable_boxed,
    }
}

#[test]
fn converted_elements_of_containers_are_sent_as_received() {
    let sent = json!({
        "counts": [1, "2"],
        "scores": {"a": 1, "b": 2.5},
        "flag": "true",
        "gaps": [null, "3"],
        "limit": "10",
    });
    let stats: Stats = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!(stats.counts, Some(vec![1, 2]));
    assert_eq!(stats.flag.as_deref(), Some(&true));
    assert_eq!(stats.gaps, Some(vec![None, Some(3)]));
    assert_eq!(stats.limit, Nullable::Value(Box::new(10)));
    // In the order the keys came, which is the map's: sorted or, with serde_json's
    // `preserve_order` (on in the workspace's build), as written.
    let mut coerced = stats.extra.coerced().to_vec();
    coerced.sort_unstable();
    assert_eq!(coerced, ["counts", "flag", "gaps", "limit", "scores"]);
    assert_eq!(serde_json::to_value(&stats).unwrap(), sent);

    let mut changed = stats;
    changed.counts = Some(vec![1, 3]);
    changed.flag = Some(Box::new(false));
    changed.limit = Nullable::Null;
    let encoded = serde_json::to_value(&changed).unwrap();
    assert_eq!(encoded["counts"], json!([1, 3]));
    assert_eq!(encoded["flag"], json!(false));
    assert_eq!(encoded["limit"], json!(null));
    assert_eq!(encoded["scores"], sent["scores"]);
}
