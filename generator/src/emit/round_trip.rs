//! `tests/examples/round_trip.rs`: the code of the examples test (see [`super::examples`]),
//! which reads the entries of `examples.json` and `payloads.json`, decodes each into the type
//! it names, encodes it again, and audits the typed coverage.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::rust::{doc_attribute, generic_type, path_type, rust_type, Scope};
use super::syntax;
use super::{Chunk, Code};
use crate::ir::TypeRef;

/// The test's chunks: the code, then the table of `types` by the name the entries give them
/// ([`check_as`]). `allow_deprecated` heads the code, and `import` is the crate whose `models`
/// the table names, if it names any.
pub fn chunks(
    allow_deprecated: TokenStream,
    import: Option<Ident>,
    types: BTreeMap<String, TypeRef>,
) -> Vec<Chunk<'static>> {
    let import = import.map(|lib| quote! { use #lib::models; });
    let code = quote! {
        #allow_deprecated
        use intercom_runtime::model::audit::{Expectations, Report};
        #import

        fn load(data: &str) -> Vec<serde_json::Value> {
            serde_json::from_str(data).expect("test data is JSON")
        }

        #[test]
        fn every_example_decodes_and_round_trips() {
            round_trips(&load(include_str!("examples.json")));
        }

        #[test]
        fn every_generated_payload_decodes_and_round_trips() {
            round_trips(&load(include_str!("payloads.json")));
        }

        /// Every key the schema declares, in every example and generated payload, is held by a
        /// typed field (recursively), and every union chose a variant the value is valid
        /// against. Keys the schema does not declare are not audited (they are kept in `extra`).
        /// `cargo test --test examples -- --nocapture` prints the tally.
        #[test]
        fn every_declared_key_is_typed() {
            let mut entries = load(include_str!("examples.json"));
            entries.extend(load(include_str!("payloads.json")));
            let mut tally = std::collections::BTreeMap::<&str, Coverage>::new();
            let mut failures = Vec::new();
            for entry in &entries {
                let position = entry["position"].as_str().unwrap_or_default();
                let counts = tally.entry(position).or_default();
                let Some(report) = check_entry(entry).report else {
                    counts.not_audited += 1;
                    continue;
                };
                counts.payloads += 1;
                counts.declared += report.declared;
                counts.typed += report.typed;
                counts.contradicted += entry["expect"]["contradicted"].as_u64().unwrap_or_default();
                let pointer = &entry["pointer"];
                let seed = entry.get("seed").map(|seed| format!(" (seed {seed})")).unwrap_or_default();
                failures.extend(report.findings.iter().map(|finding| {
                    format!("{position} {pointer}{seed}: {finding}")
                }));
            }
            let (mut declared, mut typed) = (0, 0);
            for (position, counts) in &tally {
                let Coverage { payloads, declared: d, typed: t, contradicted, not_audited } = counts;
                println!(
                    "{position}: declared keys typed: {t} / {d} ({}), in {payloads} payloads; \
                     {contradicted} keys contradict their schema and {not_audited} payloads are \
                     invalid or could not be decoded (not audited)",
                    percent(*t, *d),
                );
                declared += d;
                typed += t;
            }
            println!("declared keys typed: {typed} / {declared} ({})", percent(typed, declared));
            assert!(
                failures.is_empty(),
                "declared keys typed: {typed} / {declared}; {} findings:\n{}",
                failures.len(),
                failures.join("\n")
            );
        }

        fn percent(part: usize, whole: usize) -> String {
            match whole {
                0 => "-".to_owned(),
                _ => format!("{:.2}%", part as f64 * 100.0 / whole as f64),
            }
        }

        #[derive(Default)]
        struct Coverage {
            payloads: usize,
            declared: usize,
            typed: usize,
            contradicted: u64,
            not_audited: usize,
        }

        /// Decodes every entry and checks that it encodes back to the same JSON value.
        fn round_trips(entries: &[serde_json::Value]) {
            let mut tally = std::collections::BTreeMap::<&str, Tally>::new();
            let mut failures = Vec::new();
            for entry in entries {
                let position = entry["position"].as_str().unwrap_or_default();
                let counts = tally.entry(position).or_default();
                if position == "request" && entry["invalid"].is_string() {
                    counts.invalid += 1;
                    continue;
                }
                counts.total += 1;
                let pointer = &entry["pointer"];
                let seed = entry.get("seed").map(|seed| format!(" (seed {seed})")).unwrap_or_default();
                match check_entry(entry).outcome {
                    Outcome::Exact => {
                        counts.decoded += 1;
                        counts.exact += 1;
                    }
                    Outcome::Changed(encoded) => {
                        counts.decoded += 1;
                        failures.push(format!("{position} {pointer}{seed}: re-encoded differently: {encoded}"));
                    }
                    // A schema's own example that contradicts the schema (a string for an
                    // object, say) cannot be that type; it is kept as it is, which is the
                    // guarantee for values inside objects too.
                    Outcome::KeptRaw if position == "schema" => counts.kept_raw += 1,
                    Outcome::KeptRaw => failures.push(format!("{position} {pointer}{seed}: does not fit the type")),
                    Outcome::Failed(reason) => failures.push(format!("{position} {pointer}{seed}: {reason}")),
                }
            }
            for (position, counts) in &tally {
                let Tally { total, decoded, exact, kept_raw, invalid } = counts;
                println!(
                    "{position}: {decoded}/{total} decoded, {exact}/{total} round-trip exact, \
                     {kept_raw} contradict their schema (kept raw), {invalid} invalid against their schema (counted only)"
                );
            }
            assert!(failures.is_empty(), "{} payloads failed:\n{}", failures.len(), failures.join("\n"));
        }

        #[derive(Default)]
        struct Tally {
            total: usize,
            decoded: usize,
            exact: usize,
            kept_raw: usize,
            invalid: usize,
        }

        enum Outcome {
            Exact,
            Changed(serde_json::Value),
            KeptRaw,
            Failed(String),
        }

        struct Checked {
            outcome: Outcome,
            /// The typed-coverage audit, when the entry has expectations (it is valid enough)
            /// and decoded to a value.
            report: Option<Report>,
        }

        /// Checks one entry as the type its `type` names.
        fn check_entry(entry: &serde_json::Value) -> Checked {
            let value = &entry["value"];
            let expect: Option<Expectations> = serde_json::from_value(entry["expect"].clone())
                .expect("expectations are well-formed");
            check_as(entry["type"].as_str().unwrap_or_default(), value, expect.as_ref())
        }

        /// Decodes `value` as `T`, encodes the result and compares it with `value`, and audits
        /// the decoded value against `expect`. A value converted to the declared type counts as
        /// exact when the original it keeps is `value`: inside an object, that original is what
        /// is sent back.
        fn check<T>(value: &serde_json::Value, expect: Option<&Expectations>) -> Checked
        where
            T: intercom_runtime::model::Decode + serde::Serialize,
        {
            use intercom_runtime::model::Decoded;
            let failed = |outcome| Checked { outcome, report: None };
            let decoded = match T::decode(value) {
                Ok(Decoded::Value(decoded)) => decoded,
                Ok(Decoded::Coerced(_, original)) if original == *value => {
                    return failed(Outcome::Exact);
                }
                Ok(Decoded::Coerced(decoded, _)) => decoded,
                Ok(Decoded::Null) => {
                    return failed(Outcome::Failed("null where the type has no null".to_owned()));
                }
                Ok(Decoded::Raw(_)) => return failed(Outcome::KeptRaw),
                Err(error) => return failed(Outcome::Failed(error.to_string())),
            };
            let report = expect.map(|expect| {
                intercom_runtime::model::audit::audit(&decoded, value, expect).expect("projects")
            });
            let outcome = match serde_json::to_value(&decoded) {
                Ok(encoded) if encoded == *value => Outcome::Exact,
                Ok(encoded) => Outcome::Changed(encoded),
                Err(error) => Outcome::Failed(format!("cannot encode: {error}")),
            };
            Checked { outcome, report }
        }
    };
    let mut chunks = vec![Chunk::Code(code.into())];
    chunks.extend(check_as_chunks(types));
    chunks
}

/// Arms of one `check_as` function at most. A description with tens of thousands of types
/// would otherwise make one function with an arm each: as syntax for prettyplease, 110 MB
/// (of a 50 MB description), and one item no other core can share.
const CHECK_AS_ARMS: usize = 1_000;

/// `check_as` ([`check_as`]) for `types`; beyond [`CHECK_AS_ARMS`] types, split into functions
/// of that many (`check_as_0`, `check_as_1`, ...), which `check_as` chooses between by name.
fn check_as_chunks(types: BTreeMap<String, TypeRef>) -> Vec<Chunk<'static>> {
    let types: Vec<(String, TypeRef)> = types.into_iter().collect();
    if types.len() <= CHECK_AS_ARMS {
        let table = move || Code::Items(vec![check_as("check_as", &types)]);
        return vec![Chunk::Deferred(Box::new(table))];
    }
    let parts: Vec<Vec<(String, TypeRef)>> =
        types.chunks(CHECK_AS_ARMS).map(<[_]>::to_vec).collect();
    let calls: Vec<TokenStream> = (0..parts.len())
        .map(|index| {
            let part = format_ident!("check_as_{index}");
            quote! { #part(ty, value, expect) }
        })
        .collect();
    // `if ty < first name of part 1 { part 0 } else if ... else { last part }`.
    let mut choice = TokenStream::new();
    for (part, call) in parts.iter().skip(1).zip(&calls) {
        let first = part[0].0.as_str();
        choice.extend(quote! { if ty < #first { #call } else });
    }
    let last = &calls[calls.len() - 1];
    choice.extend(quote! { { #last } });
    let dispatch = quote! {
        /// Checks `value` as the type the entries name `ty`, with the part of the table that
        /// has `ty`.
        fn check_as(ty: &str, value: &serde_json::Value, expect: Option<&Expectations>) -> Checked {
            #choice
        }
    };
    let mut chunks = vec![Chunk::Code(dispatch.into())];
    for (index, part) in parts.into_iter().enumerate() {
        let name = format!("check_as_{index}");
        let table = move || Code::Items(vec![check_as(&name, &part)]);
        chunks.push(Chunk::Deferred(Box::new(table)));
    }
    chunks
}

/// The test when there are neither examples nor payloads: the round-trip machinery would be
/// dead code (and fail clippy).
pub fn without_entries() -> Vec<Chunk<'static>> {
    vec![Chunk::Code(
        quote! {
            #[test]
            fn the_spec_has_no_examples_or_payloads() {
                assert_eq!(include_str!("examples.json").trim(), "[]");
                assert_eq!(include_str!("payloads.json").trim(), "[]");
            }
        }
        .into(),
    )]
}

/// The function `name`, the table from a type's name in the JSON files to the type:
/// `check::<T>` for each. Built as syntax: it has an arm per type (hundreds), which syn would
/// parse back.
fn check_as(name: &str, table: &[(String, TypeRef)]) -> syn::Item {
    let arguments = || [syntax::path(&["value"]), syntax::path(&["expect"])];
    let arms = table.iter().map(|(key, ty)| {
        let ty = rust_type(ty, Scope::Outside);
        let check = syntax::call_generic("check", ty, arguments());
        (syntax::string_pattern(key), check)
    });
    let unknown = syntax::macro_call("panic", quote! { "no type {other} in the table" });
    let body = syntax::matching(
        syntax::path(&["ty"]),
        arms.chain([(syntax::binding("other"), unknown)]),
    );
    let value = generic_type(&["serde_json", "Value"], []);
    let expect = path_type(
        &["Option"],
        [syntax::reference_type(
            None,
            generic_type(&["Expectations"], []),
        )],
    );
    syntax::function_item(
        doc_attribute("Checks `value` as the type the entries name `ty`.")
            .into_iter()
            .collect(),
        (name, false),
        vec![
            (
                "ty".to_owned(),
                syntax::reference_type(None, generic_type(&["str"], [])),
            ),
            ("value".to_owned(), syntax::reference_type(None, value)),
            ("expect".to_owned(), expect),
        ],
        generic_type(&["Checked"], []),
        vec![syntax::tail(body)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The formatted text of the `check_as` chunks for `count` types named `t00000`, `t00001`...
    fn check_as_text(count: usize) -> String {
        let types = (0..count)
            .map(|index| {
                let name = format!("t{index:05}");
                (name.clone(), TypeRef::Named(name))
            })
            .collect();
        let chunks = check_as_chunks(types);
        let files = super::super::format(vec![super::super::EmittedFile::Rust(
            "tests/examples/round_trip.rs".into(),
            chunks,
        )])
        .expect("formats");
        files.into_values().next().expect("one file")
    }

    #[test]
    fn a_table_of_up_to_a_thousand_types_is_one_function() {
        let text = check_as_text(CHECK_AS_ARMS);
        assert_eq!(text.matches("fn check_as").count(), 1);
        assert_eq!(text.matches("=> check::<").count(), CHECK_AS_ARMS);
    }

    #[test]
    fn a_larger_table_is_split_and_chosen_between_by_name() {
        let text = check_as_text(2 * CHECK_AS_ARMS + 1);
        let functions: Vec<&str> = text
            .lines()
            .filter_map(|line| line.strip_prefix("fn "))
            .map(|signature| signature.split('(').next().unwrap_or_default())
            .collect();
        assert_eq!(
            functions,
            ["check_as", "check_as_0", "check_as_1", "check_as_2"]
        );
        // Each name in the part that starts at or before it, once.
        assert!(text.contains(
            "if ty < \"t01000\" {\n        check_as_0(ty, value, expect)\n    } else if ty < \"t02000\" {\n        check_as_1(ty, value, expect)\n    } else {\n        check_as_2(ty, value, expect)\n    }"
        ), "{}", &text[..1200]);
        let part = |name: &str| {
            let start = text.find(&format!("fn {name}(")).expect("the part");
            let end = text[start..]
                .find("\n}\n")
                .map_or(text.len(), |end| start + end);
            &text[start..end]
        };
        assert!(part("check_as_0").contains("\"t00999\" =>"));
        assert!(part("check_as_1").contains("\"t01000\" =>"));
        assert!(part("check_as_1").contains("\"t01999\" =>"));
        assert!(part("check_as_2").contains("\"t02000\" =>"));
        assert_eq!(text.matches("=> check::<").count(), 2 * CHECK_AS_ARMS + 1);
    }
}
