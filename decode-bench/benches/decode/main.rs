//! Decode throughput of large, realistic responses into the generated 2.11 models, compared with
//! decoding the same JSON into `serde_json::Value` and into plain `#[derive(Deserialize)]`
//! mirror structs with no tolerance. `cargo xtask bench-decode` runs this and checks the targets
//! (faster than `Value`, no slower than 1.2x the plain derive).
//!
//! The payloads are built deterministically (a fixed-seed LCG) from the spec's own examples:
//! - `contacts`: a `ContactList` (the response of `list_contacts`) of 10,000 contacts, each
//!   shaped like the `GET /contacts/{contact_id}` 200 example, with tags, notes, companies,
//!   location, social profiles and custom attributes. The keys the example has that the 2.11
//!   schema does not describe (`opted_*_subscription_types`, `utm_*`, `referrer`, the
//!   location's `country_code`/`continent_code`, the lists' `type`) are kept, as the API sends
//!   them: the generated models keep them in the nested objects' `extra`.
//! - `conversation`: a `Conversation` with 500 parts, shaped like the
//!   `PUT /conversations/{conversation_id}` 200 example, with the top-level values the example
//!   leaves `null` where the schema does not allow it (`teammates`, `statistics`,
//!   `conversation_rating`, `first_contact_reply`) filled in, and without `topics` and `ticket`,
//!   which the 2.11 schema does not describe: the top-level object decodes with an empty `extra`.
//!
//! Each iteration decodes with `serde_json::from_str` and drops the result (both timed, for
//! every decoder alike).

#![recursion_limit = "256"]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use intercom_v2_11::models;
use serde::de::DeserializeOwned;
use serde_json::Value;

use payloads::{contact_list, conversation, CONTACTS, PARTS};

mod payloads;
#[allow(dead_code)]
mod plain;

/// Checks, outside timing, that the generated type decodes `payload` without anomalies (it
/// encodes back to the same JSON and its top-level `extra` is empty) and that the plain mirror
/// decodes it too. Returns the generated value for further checks.
fn check<G, P>(name: &str, payload: &Value, json: &str, top_extra_empty: impl Fn(&G) -> bool) -> G
where
    G: DeserializeOwned + serde::Serialize,
    P: DeserializeOwned,
{
    let decoded: G = serde_json::from_str(json).unwrap_or_else(|err| panic!("{name}: {err}"));
    let encoded = serde_json::to_value(&decoded).expect("the generated type encodes");
    assert!(
        encoded == *payload,
        "{name}: re-encoding the generated type changed the JSON"
    );
    assert!(
        top_extra_empty(&decoded),
        "{name}: the top-level `extra` is not empty"
    );
    serde_json::from_str::<P>(json).unwrap_or_else(|err| panic!("{name} (plain derive): {err}"));
    println!(
        "{name}: {} bytes, decodes and re-encodes exactly",
        json.len()
    );
    decoded
}

/// Benchmarks one payload with the three decoders, in a criterion group named `group`, for
/// `measurement` each (20 samples of equal iteration counts).
fn bench_payload<G: DeserializeOwned, P: DeserializeOwned>(
    c: &mut Criterion,
    group: &str,
    json: &str,
    measurement: Duration,
) {
    let mut group = c.benchmark_group(group);
    group
        .throughput(Throughput::Bytes(json.len() as u64))
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(measurement);
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_str::<G>(black_box(json)).unwrap())
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(json)).unwrap())
    });
    group.bench_function("plain_derive", |b| {
        b.iter(|| serde_json::from_str::<P>(black_box(json)).unwrap())
    });
    group.finish();
}

/// The slowdown of the generated models relative to the plain derive, measured in pairs: each
/// round decodes `json` with both (in alternating order), and the result is the median of the
/// rounds' ratios. Criterion measures the decoders one after the other, seconds apart, so on a
/// shared machine its two medians can see different loads; a pair sees the same one. Written to
/// `<results>/<group>/paired.json` for `cargo xtask bench-decode`.
fn paired_slowdown<G: DeserializeOwned, P: DeserializeOwned>(
    group: &str,
    json: &str,
    rounds: usize,
) {
    let time = |decode: &dyn Fn()| {
        let start = Instant::now();
        decode();
        start.elapsed().as_secs_f64()
    };
    let generated = || {
        drop(black_box(
            serde_json::from_str::<G>(black_box(json)).unwrap(),
        ))
    };
    let plain = || {
        drop(black_box(
            serde_json::from_str::<P>(black_box(json)).unwrap(),
        ))
    };
    // Warm up both, so that neither pays for the first touch of the heap.
    generated();
    plain();
    let mut ratios: Vec<f64> = (0..rounds)
        .map(|round| {
            let (g, p) = if round % 2 == 0 {
                (time(&generated), time(&plain))
            } else {
                let p = time(&plain);
                (time(&generated), p)
            };
            g / p
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    let report = serde_json::json!({"paired": {"slowdown": median, "rounds": rounds}});
    // Where criterion writes its own results for the group.
    let dir = std::env::var_os("CRITERION_HOME")
        .map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion"),
            PathBuf::from,
        )
        .join(group);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("paired.json"), report.to_string()).unwrap();
    println!("{group}: generated/plain derive, median of {rounds} paired rounds: {median:.3}x");
}

fn decode(c: &mut Criterion) {
    let contacts = contact_list();
    let contacts_json = serde_json::to_string(&contacts).unwrap();
    let list = check::<models::ContactList, plain::ContactList>(
        "contacts",
        &contacts,
        &contacts_json,
        |list| list.extra.is_empty(),
    );
    assert_eq!(list.data.len(), CONTACTS);
    // Informational: the undescribed keys the example carries, kept in the nested objects.
    let nested: usize = list
        .data
        .iter()
        .map(|c| {
            let lists = [
                c.tags.as_ref().map(|t| &t.extra),
                c.notes.as_ref().map(|n| &n.extra),
            ];
            let lists = lists.into_iter().flatten().map(|extra| extra.raw().count());
            let companies = c.companies.as_ref().map_or(0, |co| co.extra.raw().count());
            c.extra.raw().count()
                + c.location.extra.raw().count()
                + c.social_profiles.extra.raw().count()
                + lists.sum::<usize>()
                + companies
        })
        .sum();
    println!("contacts: {nested} undescribed keys kept in the nested objects' `extra`");

    let conversation_value = conversation();
    let conversation_json = serde_json::to_string(&conversation_value).unwrap();
    let conv = check::<models::Conversation, plain::Conversation>(
        "conversation",
        &conversation_value,
        &conversation_json,
        |conv| conv.extra.is_empty(),
    );
    let parts = conv
        .conversation_parts
        .as_ref()
        .expect("the conversation has parts");
    assert_eq!(parts.conversation_parts.len(), PARTS);
    assert!(parts.conversation_parts.iter().all(|p| p.extra.is_empty()));

    // One decode of the contact list takes 0.1-0.35 s: 20 samples need more than 5 s.
    let (contacts_time, conversation_time) = (Duration::from_secs(8), Duration::from_secs(5));
    bench_payload::<models::ContactList, plain::ContactList>(
        c,
        "contacts",
        &contacts_json,
        contacts_time,
    );
    bench_payload::<models::Conversation, plain::Conversation>(
        c,
        "conversation",
        &conversation_json,
        conversation_time,
    );
    paired_slowdown::<models::ContactList, plain::ContactList>("contacts", &contacts_json, 31);
    paired_slowdown::<models::Conversation, plain::Conversation>(
        "conversation",
        &conversation_json,
        1001,
    );
}

criterion_group!(benches, decode);
criterion_main!(benches);
