//! Paths -> operations: one client method per (path, method).

use std::borrow::Cow;

use openapiv3::{
    MediaType, Operation as SpecOperation, PathItem, ReferenceOr, RequestBody as SpecRequestBody,
};

use serde_json::{Map, Value};

use super::examples;
use super::naming;
use super::read_ahead::read_ahead;
use super::references::{self, Component};
use super::responses::{error_body, error_types};
use super::schema::{SchemaRef, Site};
use super::Lowering;
use crate::ir::{
    BodyEncoding, Example, FixedHeader, Method, Operation, RequestBody, ResponseBody, TypeRef,
    BUILDER_CLIENT_FIELD, BUILDER_METHODS, CLIENT_METHODS, OPERATION_MODULE_IMPORTS,
};
use crate::load::is_path;
use crate::rules::Rule;
use crate::Diagnostic;

/// The module of operations that have no tag.
const UNTAGGED_MODULE: &str = "untagged";

impl<'a> Lowering<'a> {
    /// Every operation of every path of the document, ordered by module, then method name.
    pub(super) fn operations(&mut self) -> Result<Vec<Operation>, Diagnostic> {
        let items = self.document.path_items();
        self.operations_of(items.map(|read| read.map(|(path, item)| (Cow::Borrowed(path), item))))
    }

    /// Every operation of every path of `paths` (`#/paths`, taken out of the document), ordered
    /// by module, then method name; and `paths`, each item cut down to what the examples stage
    /// reads of it as soon as it is read (see `examples::trim_path_item`), one with nothing
    /// read left out. Trimmed then, the items no longer add up while the IR grows: of a 50 MB
    /// description, they are 300 of the tree's 460 MB.
    pub(super) fn operations_trimming(
        &mut self,
        paths: Map<String, Value>,
    ) -> Result<(Vec<Operation>, Map<String, Value>), Diagnostic> {
        let document = self.document;
        let mut trimmed = Map::new();
        let items = paths
            .into_iter()
            .filter(|(path, _)| is_path(path))
            .map(|(path, mut item)| {
                let read = document.path_item(&path, &item);
                if examples::trim_path_item(&mut item) {
                    trimmed.insert(path.clone(), item);
                }
                read.map(|read| (Cow::Owned(path), read))
            });
        let operations = self.operations_of(items)?;
        Ok((operations, trimmed))
    }

    /// The operations of the path items `items`, which a thread of their own reads a few
    /// ahead (reading them was a third of the time here).
    fn operations_of<'i>(
        &mut self,
        items: impl Iterator<Item = Result<(Cow<'i, str>, ReferenceOr<PathItem>), Diagnostic>> + Send,
    ) -> Result<Vec<Operation>, Diagnostic> {
        let mut names = OperationNames::default();
        // Nor may a builder shadow the prelude (`Self` is no type name at all): an operation
        // `self` gets `Self2`, one called `String` `String2`.
        for taken in OPERATION_MODULE_IMPORTS.iter().chain(naming::PRELUDE_NAMES) {
            names.builders.reserve(taken);
        }
        for taken in CLIENT_METHODS {
            names.methods.reserve(taken);
        }
        read_ahead(items, |items| self.path_operations(items, &mut names))
    }

    /// The operations of the path items `items`, ordered by module, then method name.
    fn path_operations<'i>(
        &mut self,
        items: impl Iterator<Item = Result<(Cow<'i, str>, ReferenceOr<PathItem>), Diagnostic>>,
        names: &mut OperationNames,
    ) -> Result<Vec<Operation>, Diagnostic> {
        let mut operations = Vec::new();
        for read in items {
            let (path, item) = read?;
            let path: &str = &path;
            let pointer = format!("#/paths/{}", crate::pointer::escape(path));
            let ReferenceOr::Item(item) = item else {
                return Err(self.error(&pointer, "path item references are not supported"));
            };
            // Rule `malformed-path-template`: a path whose `{variable}`s do not pair up cannot
            // be filled in, so its operations are left out, with a warning.
            if let Some(problem) = template_problem(path) {
                let detail = format!("{problem}; its operations are left out");
                self.findings
                    .apply(Rule::MalformedPathTemplate, &pointer, detail);
                continue;
            }
            for (method, operation) in item.iter() {
                let pointer = format!("{pointer}/{method}");
                let method = parse_method(method).ok_or_else(|| {
                    self.error(&pointer, format!("unknown HTTP method `{method}`"))
                })?;
                operations.push(self.operation(path, &item, method, operation, &pointer, names)?);
            }
            // The item is freed now, and its memory reused: its objects' addresses name no
            // inline type any more.
            self.forget_inline_types(&item);
        }
        operations.sort_by(|a, b| (&a.module, &a.ident).cmp(&(&b.module, &b.ident)));
        // No room to spare here either (4 of the 47 MB `operation` speaks of).
        operations.shrink_to_fit();
        Ok(operations)
    }

    fn operation<'s>(
        &mut self,
        path: &str,
        item: &'s PathItem,
        method: Method,
        operation: &'s SpecOperation,
        pointer: &str,
        names: &mut OperationNames,
    ) -> Result<Operation, Diagnostic> {
        let id = match &operation.operation_id {
            Some(id) => id.clone(),
            None => {
                let id = derived_operation_id(method, path);
                self.findings.apply(
                    Rule::MissingOperationId,
                    pointer,
                    format!("named `{id}` after its method and path"),
                );
                id
            }
        };
        let site = Site {
            name: naming::type_name(&id),
            pointer: pointer.to_owned(),
        };
        let tag = operation.tags.first().cloned();
        // Builder members are claimed first, then the body (`body`), then the parameters.
        let mut inputs = naming::Namespace::default();
        inputs.reserve(BUILDER_CLIENT_FIELD);
        for method in BUILDER_METHODS {
            inputs.reserve(method);
        }
        let body = match &operation.request_body {
            Some(body) => Some(self.request_body(body, &site, inputs.claim("body"))?),
            None => None,
        };
        let (mut parameters, mut fixed_headers) =
            self.parameters(path, item, operation, &site, &mut inputs)?;
        let (mut responses, success_media) = self.responses(operation, &site)?;
        // Grown by pushing, the lists keep room to spare for as long as the IR lives (7 of the
        // 47 MB of a 5 MB synthetic description's IR and findings).
        parameters.shrink_to_fit();
        responses.shrink_to_fit();
        let success = responses
            .iter()
            .find(|response| response.status.is_success())
            .map(|response| response.body.clone())
            .or_else(|| self.documented_redirect(&responses, pointer))
            .unwrap_or(ResponseBody::Empty);
        // The `Accept` header follows the response's media type; JSON is the client's default,
        // and a single-value `Accept` parameter says it already.
        let declares_accept = fixed_headers
            .iter()
            .any(|header| header.name.eq_ignore_ascii_case("accept"));
        if let (Some(media), false) = (success_media, declares_accept) {
            fixed_headers.push(FixedHeader {
                name: "Accept".to_owned(),
                value: media,
            });
        }
        // Rule `duplicate-operation-id`: ids that repeat, or become equal as snake_case
        // (`getUser`, `GetUser`), get numbered method names in document order.
        let method_ident = names.methods.claim_noting(
            &naming::snake_name(&id),
            Rule::DuplicateOperationId,
            pointer,
            &mut self.findings,
        );
        let error = error_body(&responses);
        if error == TypeRef::Any && error_types(&responses).len() > 1 {
            self.findings.apply(
                Rule::ErrorBodies,
                &format!("{pointer}/responses"),
                "error statuses have different body types; errors keep the raw JSON value",
            );
        }
        let docs = [
            operation.summary.as_deref(),
            operation.description.as_deref(),
        ]
        .into_iter()
        .flatten()
        .map(|text| self.docs(Some(text)))
        .filter(|text| !text.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
        let pagination = self.pagination(pointer, &parameters, body.as_ref(), &success);
        Ok(Operation {
            ident: method_ident.clone(),
            // Not a name part: `_2fa_enable` must not become `2faEnable`.
            builder: names.builders.claim_at(
                &naming::pascal(&method_ident),
                pointer,
                &mut self.findings,
            ),
            id,
            module: module_name(tag.as_deref()),
            tag,
            method,
            path: path.to_owned(),
            docs,
            summary: self.docs(operation.summary.as_deref()),
            deprecated: operation.deprecated,
            parameters,
            body,
            responses,
            success,
            error,
            fixed_headers,
            pagination,
        })
    }

    fn request_body(
        &mut self,
        body: &ReferenceOr<SpecRequestBody>,
        site: &Site,
        ident: String,
    ) -> Result<RequestBody, Diagnostic> {
        let pointer = format!("{}/requestBody", site.pointer);
        let body = self.resolve(body, &pointer)?;
        let chosen = choose_media(body.content.iter());
        let media_pointer = format!(
            "{pointer}/content/{}",
            crate::pointer::escape(chosen.map_or("", |(_, name, _)| name))
        );
        let (encoding, media) = match chosen {
            Some((Media::Json, _, media)) => (BodyEncoding::Json, Some(media)),
            Some((Media::Multipart, _, media)) => {
                self.findings.apply(
                    Rule::MediaTypes,
                    &pointer,
                    "multipart body: sent as a form, binary fields as file parts",
                );
                (BodyEncoding::Multipart, Some(media))
            }
            Some((Media::Form, _, media)) => {
                self.findings.apply(
                    Rule::MediaTypes,
                    &pointer,
                    "form body: sent as `application/x-www-form-urlencoded` pairs",
                );
                (BodyEncoding::Form, Some(media))
            }
            Some((Media::Text | Media::Other, _, media)) => (BodyEncoding::Raw, Some(media)),
            None => (BodyEncoding::Json, None),
        };
        let mut media_type = chosen.map_or(JSON, |(_, name, _)| name);
        let body_site = Site {
            name: format!("{}Request", site.name),
            pointer: format!("{media_pointer}/schema"),
        };
        let ty = self.media_type(media, &body_site);
        let (encoding, ty) = match (encoding, ty) {
            (BodyEncoding::Raw, ty @ (TypeRef::String | TypeRef::Bytes | TypeRef::Any)) => {
                self.findings.apply(
                    Rule::MediaTypes,
                    &pointer,
                    format!("`{media_type}` body: sent as it is"),
                );
                let ty = if ty == TypeRef::String {
                    ty
                } else {
                    TypeRef::Bytes
                };
                (BodyEncoding::Raw, ty)
            }
            (BodyEncoding::Raw, ty) => {
                self.findings.apply_warning(
                    Rule::MediaTypes,
                    &pointer,
                    format!(
                        "request body media type `{media_type}` is not JSON, multipart or a form, and its schema is not a string; sent as JSON"
                    ),
                );
                media_type = JSON;
                (BodyEncoding::Json, ty)
            }
            other => other,
        };
        let schema_pointer = media
            .and_then(|media| media.schema.as_ref())
            .map(|_| body_site.pointer.clone());
        let required = self.body_required(body.required, &ty, &pointer);
        Ok(RequestBody {
            ident,
            ty,
            schema_pointer,
            encoding,
            media_type: media_type.to_owned(),
            required,
            docs: self.docs(body.description.as_deref()),
            examples: self.media_examples(media, &media_pointer),
        })
    }

    /// The `example` and named `examples` of a media type; `#/components/examples` references
    /// are followed, and examples without an inline value (`externalValue`) are left out.
    pub(super) fn media_examples(&self, media: Option<&MediaType>, pointer: &str) -> Vec<Example> {
        let Some(media) = media else {
            return Vec::new();
        };
        let lone = media.example.iter().map(|value| Example {
            name: "example".to_owned(),
            pointer: format!("{pointer}/example"),
            value: value.clone(),
            invalid: None,
        });
        let named = media.examples.iter().filter_map(|(name, example)| {
            let example = references::resolve(self.openapi, example).ok()?;
            Some(Example {
                name: name.clone(),
                pointer: format!("{pointer}/examples/{}/value", crate::pointer::escape(name)),
                value: example.value.clone()?,
                invalid: None,
            })
        });
        lone.chain(named).collect()
    }

    /// The type of a media type's schema; rule `example-without-schema`: none means any JSON.
    pub(super) fn media_type(&mut self, media: Option<&MediaType>, site: &Site) -> TypeRef {
        match media.and_then(|media| media.schema.as_ref()) {
            Some(schema) => self.lower(SchemaRef::from(schema), site).ty,
            None => TypeRef::Any,
        }
    }

    /// The component `item` is or refers to; a reference that leads nowhere is an error at
    /// `pointer`.
    pub(super) fn resolve<'s, T: Component>(
        &self,
        item: &'s ReferenceOr<T>,
        pointer: &str,
    ) -> Result<&'s T, Diagnostic>
    where
        'a: 's,
    {
        references::resolve(self.openapi, item)
            .map_err(|error| self.error(pointer, error.to_string()))
    }

    fn error(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.document.path, Some(pointer.to_owned()), message)
    }
}

/// The media type of a body sent as JSON.
const JSON: &str = "application/json";

/// The module of operations with `tag`, which is also the crate's Cargo feature for them: a
/// tag named like one of the crate's other features gets a suffix (`full_operations`).
fn module_name(tag: Option<&str>) -> String {
    let module = naming::snake_name(tag.unwrap_or(UNTAGGED_MODULE));
    if crate::ir::CRATE_FEATURES.contains(&module.as_str()) {
        format!("{module}_operations")
    } else {
        module
    }
}

/// The namespaces of one API's operations: client methods, and request builder types (which
/// share their modules with the names those modules import).
#[derive(Default)]
struct OperationNames {
    methods: naming::Namespace,
    builders: naming::Namespace,
}

/// How a media type is sent or read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Media {
    Json,
    Multipart,
    Form,
    Text,
    Other,
}

/// Rule `media-types`: JSON is preferred when several media types are offered, then
/// multipart, then form, then text.
pub(super) fn choose_media<'m>(
    content: impl Iterator<Item = (&'m String, &'m MediaType)>,
) -> Option<(Media, &'m str, &'m MediaType)> {
    content
        .map(|(name, media)| {
            let essence = name
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            let kind = if essence == JSON || essence.ends_with("+json") {
                Media::Json
            } else if essence == "multipart/form-data" {
                Media::Multipart
            } else if essence == "application/x-www-form-urlencoded" {
                Media::Form
            } else if essence.starts_with("text/") {
                Media::Text
            } else {
                Media::Other
            };
            (kind, name.as_str(), media)
        })
        .min_by_key(|(kind, _, _)| *kind)
}

/// Rule `missing-operation-id`: `GET /export/reporting_data/{job_identifier}` becomes
/// `get_export_reporting_data_by_job_identifier`.
fn derived_operation_id(method: Method, path: &str) -> String {
    let mut id = method.as_str().to_ascii_lowercase();
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        id.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(variable) => {
                id.push_str("by_");
                id.push_str(variable);
            }
            None => id.push_str(segment),
        }
    }
    naming::snake_name(&id)
}

/// What is wrong with a path template, if anything: every `{` must be closed by a `}` before
/// the next `{` or `/`, around a non-empty name, and no `}` may stand alone.
fn template_problem(path: &str) -> Option<String> {
    let mut open = false;
    let mut name_len = 0;
    for c in path.chars() {
        match (c, open) {
            ('{', true) | ('/', true) => {
                return Some(format!("`{path}` has a `{{` without its `}}`"))
            }
            ('{', false) => (open, name_len) = (true, 0),
            ('}', true) if name_len == 0 => return Some(format!("`{path}` has an empty `{{}}`")),
            ('}', true) => open = false,
            ('}', false) => return Some(format!("`{path}` has a `}}` without its `{{`")),
            _ => name_len += 1,
        }
    }
    open.then(|| format!("`{path}` has a `{{` without its `}}`"))
}

fn parse_method(method: &str) -> Option<Method> {
    Some(match method {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "patch" => Method::Patch,
        "head" => Method::Head,
        "options" => Method::Options,
        "trace" => Method::Trace,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_are_derived_from_method_and_path() {
        assert_eq!(
            derived_operation_id(Method::Get, "/export/reporting_data/{job_identifier}"),
            "get_export_reporting_data_by_job_identifier"
        );
        assert_eq!(
            derived_operation_id(Method::Post, "/export/reporting_data/enqueue"),
            "post_export_reporting_data_enqueue"
        );
    }

    #[test]
    fn form_bodies_are_recognised_and_json_preferred() {
        let media = MediaType::default();
        let form = "application/x-www-form-urlencoded; charset=utf-8".to_owned();
        let json = JSON.to_owned();
        let chosen = choose_media([(&form, &media)].into_iter()).map(|(kind, _, _)| kind);
        assert_eq!(chosen, Some(Media::Form));
        let chosen =
            choose_media([(&form, &media), (&json, &media)].into_iter()).map(|(kind, _, _)| kind);
        assert_eq!(chosen, Some(Media::Json));
    }

    /// Path items are read and dropped one at a time, and the next one's objects are often
    /// allocated where the last one's were: an inline schema must not be taken for the type of
    /// the object that was at its address before. The inline schema of a component the items
    /// refer to is one type for all of them.
    #[test]
    fn inline_types_of_a_dropped_path_item_are_forgotten_and_components_kept() {
        const PATHS: usize = 40;
        let paths: serde_json::Map<String, serde_json::Value> = (0..PATHS)
            .map(|index| {
                let body = serde_json::json!({"type": "object", "properties": {
                    "owner": {"type": "object", "properties": {"id": {"type": "string"}}},
                }});
                let operation = serde_json::json!({"post": {
                    "operationId": format!("create_{index}"),
                    "requestBody": {"content": {"application/json": {"schema": body}}},
                    "responses": {
                        "204": {"description": "done"},
                        "403": {"$ref": "#/components/responses/Refused"},
                    },
                }});
                (format!("/items_{index}"), operation)
            })
            .collect();
        let refused = serde_json::json!({"description": "refused", "content": {
            "application/json": {"schema": {"type": "object", "properties": {"why": {"type": "string"}}}},
        }});
        let text = serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths,
            "components": {"responses": {"Refused": refused}},
        });
        let path = std::path::Path::new("spec.json");
        let document = crate::load::parse(path, &text.to_string()).unwrap();
        let api = crate::lower::lower_model(&document, Default::default())
            .unwrap()
            .api;
        let named = |ty: &TypeRef| ty.named().map(str::to_owned);
        let bodies: std::collections::BTreeSet<String> = api
            .operations
            .iter()
            .filter_map(|operation| named(&operation.body.as_ref()?.ty))
            .collect();
        assert_eq!(bodies.len(), PATHS, "{bodies:?}");
        let refusals: std::collections::BTreeSet<String> = api
            .operations
            .iter()
            .flat_map(|operation| &operation.responses)
            .filter_map(|response| match &response.body {
                ResponseBody::Json(ty) if response.status == crate::ir::Status::Code(403) => {
                    named(ty)
                }
                _ => None,
            })
            .collect();
        assert_eq!(refusals.len(), 1, "{refusals:?}");
    }

    #[test]
    fn malformed_path_templates_are_recognised() {
        for good in ["/a/{x}/b/{y_id}", "/a", "/a/{x}.json", "/{a}{b}"] {
            assert_eq!(template_problem(good), None, "{good}");
        }
        for bad in ["/a/{x/{y}", "/b/{z", "/c/}{", "/d/{}", "/e/{x/y}"] {
            assert!(template_problem(bad).is_some(), "{bad}");
        }
    }
}
