//! The real specs, against a count made from their YAML alone: the operation-level figures of a
//! diff report checked against routes read straight from both descriptions with serde_yaml.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use generator::diff::report::{FindingKind, Report, Subject};

use crate::common::real_spec;
use crate::lower;

/// What the operations of two descriptions say at route level, read with serde_yaml only.
#[derive(Debug, Default, PartialEq)]
struct RouteTruth {
    added: BTreeSet<(String, String)>,
    removed: BTreeSet<(String, String)>,
    /// `(old operationId, new operationId)`.
    renamed: BTreeSet<(String, String)>,
    /// `(old path, new path)` per operation.
    renamed_parameters: BTreeSet<(String, String, String)>,
}

/// `(METHOD, path with parameter names erased)` -> `(path, operationId)`.
fn yaml_routes(path: &Path) -> BTreeMap<(String, String), (String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let document: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let mut routes = BTreeMap::new();
    for (template, item) in document["paths"].as_mapping().unwrap() {
        let template = template.as_str().unwrap();
        let erased = erase(template);
        for method in [
            "get", "put", "post", "delete", "patch", "head", "options", "trace",
        ] {
            let Some(operation) = item.get(method) else {
                continue;
            };
            // Operations without an id are named by the generator; the count keys them by route.
            let id = operation["operationId"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_default();
            let previous = routes.insert(
                (method.to_uppercase(), erased.clone()),
                (template.to_owned(), id),
            );
            assert!(
                previous.is_none(),
                "{template}: two paths erase to one route"
            );
        }
    }
    routes
}

fn erase(template: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for character in template.chars() {
        match character {
            '{' => (skipping, out) = (true, out + "{"),
            '}' => (skipping, out) = (false, out + "}"),
            _ if skipping => {}
            other => out.push(other),
        }
    }
    out
}

fn yaml_truth(old: &Path, new: &Path) -> RouteTruth {
    let (old, new) = (yaml_routes(old), yaml_routes(new));
    let mut truth = RouteTruth::default();
    for (route, (new_path, new_id)) in &new {
        match old.get(route) {
            None => {
                truth.added.insert(route.clone());
            }
            Some((old_path, old_id)) => {
                if old_id != new_id && !old_id.is_empty() && !new_id.is_empty() {
                    truth.renamed.insert((old_id.clone(), new_id.clone()));
                }
                if old_path != new_path {
                    truth.renamed_parameters.insert((
                        route.0.clone(),
                        old_path.clone(),
                        new_path.clone(),
                    ));
                }
            }
        }
    }
    truth.removed = old
        .keys()
        .filter(|route| !new.contains_key(*route))
        .cloned()
        .collect();
    truth
}

/// The same figures, from the report.
fn report_truth(report: &Report) -> RouteTruth {
    let mut truth = RouteTruth::default();
    for change in &report.changes {
        let Subject::Operation { method, path, .. } = &change.subject else {
            continue;
        };
        for finding in &change.findings {
            let route = (method.clone(), erase(path));
            match &finding.change {
                FindingKind::OperationAdded => _ = truth.added.insert(route),
                FindingKind::OperationRemoved => _ = truth.removed.insert(route),
                FindingKind::OperationIdRenamed { old, new } => {
                    _ = truth.renamed.insert((old.clone(), new.clone()))
                }
                FindingKind::PathParametersRenamed { old_path, new_path } => {
                    _ = truth.renamed_parameters.insert((
                        method.clone(),
                        old_path.clone(),
                        new_path.clone(),
                    ))
                }
                FindingKind::AmbiguousRoute { paths } => {
                    panic!("no route of the specs is ambiguous: {paths:?}")
                }
                _ => {}
            }
        }
    }
    truth
}

pub fn check_real_pair(old: &str, new: &str) {
    let (Some(old_spec), Some(new_spec)) = (real_spec(old), real_spec(new)) else {
        return;
    };
    let truth = yaml_truth(&old_spec, &new_spec);
    let report = generator::diff::diff(&lower(&old_spec), &lower(&new_spec));
    // The diff reads nothing of the example audit that `lower_model` leaves out.
    let full = |path: &Path| {
        let document = generator::load::load(path).unwrap_or_else(|e| panic!("{e}"));
        generator::lower::lower(document)
            .unwrap_or_else(|e| panic!("{e}"))
            .api
    };
    assert_eq!(
        report,
        generator::diff::diff(&full(&old_spec), &full(&new_spec)),
        "{old} -> {new}: the model alone and the full IR differ"
    );
    assert_eq!(report_truth(&report), truth, "{old} -> {new}");
    let counts = &report.summary.operations;
    let renamed_paths: BTreeSet<&String> = truth
        .renamed_parameters
        .iter()
        .map(|(_, _, path)| path)
        .collect();
    assert_eq!(
        (
            counts.added,
            counts.removed,
            counts.renamed,
            counts.renamed_path_parameters,
            counts.paths_with_renamed_parameters
        ),
        (
            truth.added.len(),
            truth.removed.len(),
            truth.renamed.len(),
            truth.renamed_parameters.len(),
            renamed_paths.len()
        ),
        "{old} -> {new}"
    );
    println!(
        "{old} -> {new}: {} added, {} removed, {} renamed, {} operations with renamed path parameters on {} paths",
        counts.added, counts.removed, counts.renamed, counts.renamed_path_parameters, counts.paths_with_renamed_parameters
    );
}
