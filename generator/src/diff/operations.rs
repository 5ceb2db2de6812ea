//! Operations: matched by route (method and path with parameter names erased, so
//! `/admins/{id}` and `/admins/{admin_id}` are one route), then compared input by input and
//! response by response.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Method, Operation, Parameter, ParameterLocation, RequestBody, Response, Status};

use super::classify::finding;
use super::report::{Change, Direction, Finding, FindingKind, OperationCounts, Reach, Subject};
use super::rust_api;
use super::side::{erase_parameters, Side};

/// The changed operations, by route, and their counts.
pub fn diff(old: &Side, new: &Side) -> (Vec<Change>, OperationCounts) {
    let mut counts = OperationCounts::default();
    let mut renamed_paths = BTreeSet::new();
    let mut changes = Vec::new();
    for pair in match_operations(old, new, &mut counts) {
        let (old_op, new_op) = (
            pair.old.map(|i| &old.api.operations[i]),
            pair.new.map(|i| &new.api.operations[i]),
        );
        let mut findings = pair.ambiguous;
        match (old_op, new_op) {
            (Some(old_op), Some(new_op)) => {
                let changed = compare(old, old_op, new, new_op);
                if old_op.id != new_op.id {
                    counts.renamed += 1;
                }
                if old_op.path != new_op.path {
                    counts.renamed_path_parameters += 1;
                    renamed_paths.insert(new_op.path.clone());
                }
                if changed.iter().any(|finding| !is_renaming(&finding.change)) {
                    counts.changed += 1;
                }
                findings.extend(changed);
            }
            (None, Some(_)) => {
                counts.added += 1;
                findings.push(finding(FindingKind::OperationAdded, Direction::Request));
            }
            (Some(_), None) => {
                counts.removed += 1;
                findings.push(finding(FindingKind::OperationRemoved, Direction::Request));
            }
            (None, None) => unreachable!("a pair holds at least one operation"),
        }
        let rust = rust_api::operation_changes(old, old_op, new, new_op);
        if findings.is_empty() && rust.is_empty() {
            continue;
        }
        let subject = new_op
            .or(old_op)
            .expect("a pair holds at least one operation");
        changes.push(Change {
            subject: Subject::Operation {
                method: subject.method.as_str().to_owned(),
                path: subject.path.clone(),
                operation_id: subject.id.clone(),
            },
            tag: subject.tag.clone(),
            findings,
            rust,
            reaches: Reach::default(),
        });
    }
    counts.paths_with_renamed_parameters = renamed_paths.len();
    (changes, counts)
}

/// Findings that say an operation is the same one under another name.
fn is_renaming(change: &FindingKind) -> bool {
    matches!(
        change,
        FindingKind::OperationIdRenamed { .. } | FindingKind::PathParametersRenamed { .. }
    )
}

/// One operation of the old description, the new one, or both (indices into `operations`).
struct Pair {
    old: Option<usize>,
    new: Option<usize>,
    /// The finding that its route is ambiguous, if it is.
    ambiguous: Vec<Finding>,
}

/// Pairs the operations of both sides by route; a route that two paths of one description erase
/// to is reported and its operations are matched by exact path instead.
fn match_operations(old: &Side, new: &Side, counts: &mut OperationCounts) -> Vec<Pair> {
    let (old_routes, new_routes) = (routes(old), routes(new));
    let keys: BTreeSet<&(Method, String)> = old_routes.keys().chain(new_routes.keys()).collect();
    let mut pairs = Vec::new();
    for key in keys {
        let at = |routes: &BTreeMap<(Method, String), Vec<usize>>| {
            routes.get(key).cloned().unwrap_or_default()
        };
        let (old_ops, new_ops) = (at(&old_routes), at(&new_routes));
        if old_ops.len() <= 1 && new_ops.len() <= 1 {
            pairs.push(Pair {
                old: old_ops.first().copied(),
                new: new_ops.first().copied(),
                ambiguous: Vec::new(),
            });
            continue;
        }
        counts.ambiguous_routes += 1;
        let path_of = |side: &Side, index: usize| side.api.operations[index].path.clone();
        let paths: BTreeSet<String> = old_ops
            .iter()
            .map(|&i| path_of(old, i))
            .chain(new_ops.iter().map(|&i| path_of(new, i)))
            .collect();
        let ambiguous = finding(
            FindingKind::AmbiguousRoute {
                paths: paths.iter().cloned().collect(),
            },
            Direction::Request,
        );
        for path in &paths {
            let find = |side: &Side, ops: &[usize]| {
                ops.iter().copied().find(|&i| &path_of(side, i) == path)
            };
            pairs.push(Pair {
                old: find(old, &old_ops),
                new: find(new, &new_ops),
                ambiguous: vec![ambiguous.clone()],
            });
        }
    }
    pairs
}

/// Operation indices by route.
fn routes(side: &Side) -> BTreeMap<(Method, String), Vec<usize>> {
    let mut routes: BTreeMap<_, Vec<usize>> = BTreeMap::new();
    for (index, operation) in side.api.operations.iter().enumerate() {
        routes
            .entry((operation.method, erase_parameters(&operation.path)))
            .or_default()
            .push(index);
    }
    routes
}

/// The wire changes of one matched operation.
fn compare(old: &Side, old_op: &Operation, new: &Side, new_op: &Operation) -> Vec<Finding> {
    let request = |change| finding(change, Direction::Request);
    let response = |change| finding(change, Direction::Response);
    let mut findings = Vec::new();
    let (old_id, new_id) = (&old_op.id, &new_op.id);
    let (old_path, new_path) = (&old_op.path, &new_op.path);
    let (old_tag, new_tag) = (&old_op.tag, &new_op.tag);
    let renamings = [
        (old_id != new_id).then(|| FindingKind::OperationIdRenamed {
            old: old_id.clone(),
            new: new_id.clone(),
        }),
        (old_path != new_path).then(|| FindingKind::PathParametersRenamed {
            old_path: old_path.clone(),
            new_path: new_path.clone(),
        }),
        (old_tag != new_tag).then(|| FindingKind::TagChanged {
            old: old_tag.clone(),
            new: new_tag.clone(),
        }),
        (old_op.deprecated != new_op.deprecated).then_some(FindingKind::DeprecationChanged {
            deprecated: new_op.deprecated,
        }),
    ];
    findings.extend(renamings.into_iter().flatten().map(request));
    findings.extend(
        parameters(old, old_op, new, new_op)
            .into_iter()
            .map(request),
    );
    findings.extend(
        body(old, old_op.body.as_ref(), new, new_op.body.as_ref())
            .into_iter()
            .map(request),
    );

    let statuses = |operation: &Operation| -> BTreeSet<Status> {
        operation.responses.iter().map(|r| r.status).collect()
    };
    let (old_statuses, new_statuses) = (statuses(old_op), statuses(new_op));
    for status in new_statuses.difference(&old_statuses) {
        findings.push(response(FindingKind::StatusAdded {
            status: status.to_string(),
        }));
    }
    for status in old_statuses.difference(&new_statuses) {
        findings.push(response(FindingKind::StatusRemoved {
            status: status.to_string(),
        }));
    }
    findings.extend(response_headers(old_op, new_op).into_iter().map(response));
    if old.body_key(&old_op.success) != new.body_key(&new_op.success) {
        let (old_ty, new_ty) = (
            old.body_rust(&old_op.success),
            new.body_rust(&new_op.success),
        );
        findings.push(response(FindingKind::SuccessBodyRetyped {
            old: old_ty,
            new: new_ty,
        }));
    }
    if old.key(&old_op.error) != new.key(&new_op.error) {
        let (old_ty, new_ty) = (old.rust(&old_op.error), new.rust(&new_op.error));
        findings.push(response(FindingKind::ErrorBodyRetyped {
            old: old_ty,
            new: new_ty,
        }));
    }
    findings
}

/// Headers added to or removed from the responses of the statuses both sides document. Header
/// names are case-insensitive.
fn response_headers(old_op: &Operation, new_op: &Operation) -> Vec<FindingKind> {
    // By status, the headers' names by their lowercase form.
    let headers = |operation: &Operation| -> BTreeMap<Status, BTreeMap<String, String>> {
        let names = |response: &Response| {
            let headers = response.headers.iter();
            headers
                .map(|h| (h.name.to_ascii_lowercase(), h.name.clone()))
                .collect()
        };
        let responses = operation.responses.iter();
        responses.map(|r| (r.status, names(r))).collect()
    };
    let (old_headers, new_headers) = (headers(old_op), headers(new_op));
    let mut changes = Vec::new();
    for (status, new_names) in &new_headers {
        let Some(old_names) = old_headers.get(status) else {
            continue;
        };
        let status = status.to_string();
        let only_in = |names: &BTreeMap<String, String>, other: &BTreeMap<String, String>| {
            let only = names.iter().filter(|(key, _)| !other.contains_key(*key));
            only.map(|(_, name)| name.clone()).collect::<Vec<_>>()
        };
        for name in only_in(new_names, old_names) {
            let status = status.clone();
            changes.push(FindingKind::ResponseHeaderAdded { status, name });
        }
        for name in only_in(old_names, new_names) {
            let status = status.clone();
            changes.push(FindingKind::ResponseHeaderRemoved { status, name });
        }
    }
    changes
}

/// Parameter changes. Path parameters are matched by position (their names may be renamed with
/// the path), the others by location and name.
fn parameters(old: &Side, old_op: &Operation, new: &Side, new_op: &Operation) -> Vec<FindingKind> {
    let (old_params, new_params) = (keyed_parameters(old_op), keyed_parameters(new_op));
    let mut changes = Vec::new();
    for (key, parameter) in &new_params {
        let (name, location) = (
            parameter.name.clone(),
            parameter.location.as_str().to_owned(),
        );
        let Some(before) = old_params.get(key) else {
            changes.push(FindingKind::ParameterAdded {
                name,
                location,
                required: parameter.required,
            });
            continue;
        };
        if before.required != parameter.required {
            changes.push(FindingKind::ParameterRequiredChanged {
                name: name.clone(),
                location: location.clone(),
                required: parameter.required,
            });
        }
        if old.key(&before.ty) != new.key(&parameter.ty) {
            changes.push(FindingKind::ParameterRetyped {
                name,
                location,
                old: old.rust(&before.ty),
                new: new.rust(&parameter.ty),
            });
        }
    }
    for (key, parameter) in &old_params {
        if !new_params.contains_key(key) {
            changes.push(FindingKind::ParameterRemoved {
                name: parameter.name.clone(),
                location: parameter.location.as_str().to_owned(),
            });
        }
    }
    changes
}

/// Parameters by what identifies them across versions: position for path parameters, name for
/// the others.
fn keyed_parameters(operation: &Operation) -> BTreeMap<(ParameterLocation, String), &Parameter> {
    let mut position = 0;
    operation
        .parameters
        .iter()
        .map(|parameter| {
            let key = if parameter.location == ParameterLocation::Path {
                position += 1;
                format!("#{position}")
            } else {
                parameter.name.clone()
            };
            ((parameter.location, key), parameter)
        })
        .collect()
}

fn body(
    old: &Side,
    old_body: Option<&RequestBody>,
    new: &Side,
    new_body: Option<&RequestBody>,
) -> Vec<FindingKind> {
    match (old_body, new_body) {
        (None, None) => Vec::new(),
        (None, Some(body)) => vec![FindingKind::RequestBodyAdded {
            required: body.required,
        }],
        (Some(_), None) => vec![FindingKind::RequestBodyRemoved],
        (Some(before), Some(after)) => {
            let mut changes = Vec::new();
            if before.required != after.required {
                changes.push(FindingKind::RequestBodyRequiredChanged {
                    required: after.required,
                });
            }
            let key = |side: &Side, body: &RequestBody| (body.encoding, side.key(&body.ty));
            if key(old, before) != key(new, after) {
                changes.push(FindingKind::RequestBodyRetyped {
                    old: body_name(old, before),
                    new: body_name(new, after),
                });
            }
            changes
        }
    }
}

/// A body's Rust type, with its encoding when it is not JSON.
fn body_name(side: &Side, body: &RequestBody) -> String {
    match body.encoding {
        crate::ir::BodyEncoding::Json => side.rust(&body.ty),
        crate::ir::BodyEncoding::Multipart => format!("{} (multipart)", side.rust(&body.ty)),
        crate::ir::BodyEncoding::Form => format!("{} (form)", side.rust(&body.ty)),
        crate::ir::BodyEncoding::Raw => format!("{} ({})", side.rust(&body.ty), body.media_type),
    }
}
