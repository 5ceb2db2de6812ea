//! Responses -> the IR: each documented status with its body, the success body an operation
//! returns (rule `documented-redirect`) and the error type it decodes (rule `error-bodies`).

use std::collections::BTreeSet;

use openapiv3::{Operation as SpecOperation, ReferenceOr, Response as SpecResponse, StatusCode};

use super::naming;
use super::operation::{choose_media, Media};
use super::schema::Site;
use super::Lowering;
use crate::ir::{Response, ResponseBody, ResponseHeader, Status, TypeRef};
use crate::rules::Rule;
use crate::Diagnostic;

impl Lowering<'_> {
    /// Every documented response, and the media type of the success response when it is not
    /// JSON (what the `Accept` header asks for).
    pub(super) fn responses<'s>(
        &mut self,
        operation: &'s SpecOperation,
        site: &Site,
    ) -> Result<(Vec<Response>, Option<String>), Diagnostic> {
        let declared = operation
            .responses
            .responses
            .iter()
            .map(|(status, response)| (status_of(status), response))
            .chain(
                operation
                    .responses
                    .default
                    .iter()
                    .map(|response| (Status::Default, response)),
            );
        let mut statuses: Vec<(Status, &'s ReferenceOr<SpecResponse>)> = declared.collect();
        statuses.sort_by_key(|(status, _)| *status);
        let first_success = statuses
            .iter()
            .map(|(status, _)| *status)
            .find(|s| s.is_success());

        let mut responses = Vec::new();
        let mut success_media = None;
        for (status, response) in statuses {
            let segment = status.to_string();
            let pointer = format!("{}/responses/{segment}", site.pointer);
            let response = self.resolve(response, &pointer)?;
            // The success body is `{Operation}Response`; others are named after their status's
            // reason phrase (`SubmitFinCsatUnprocessableEntity`), or its number when it has none.
            let reason = match status {
                Status::Code(code) => http::StatusCode::from_u16(code)
                    .ok()
                    .and_then(|code| code.canonical_reason()),
                Status::Range(_) | Status::Default => None,
            };
            let suffix = match reason {
                _ if Some(status) == first_success => "Response".to_owned(),
                Some(reason) => reason.to_owned(),
                None => format!("Response{segment}"),
            };
            let chosen = choose_media(response.content.iter());
            let media_name = chosen.map_or("", |(_, name, _)| name);
            if Some(status) == first_success
                && chosen.is_some_and(|(kind, _, _)| kind != Media::Json)
            {
                success_media = Some(media_name.to_owned());
            }
            let media_pointer = format!("{pointer}/content/{}", crate::pointer::escape(media_name));
            let body_site = Site {
                name: format!("{}{}", site.name, naming::name_part(&suffix)),
                pointer: format!("{media_pointer}/schema"),
            };
            let mut examples = Vec::new();
            let mut schema_pointer = None;
            let body = match chosen.map(|(kind, _, media)| (kind, media)) {
                None if status == Status::Code(204) => ResponseBody::Empty,
                // Rule `undocumented-success-body`: "no content documented" is not "no content"
                // (the report downloads answer 200 with a file), so the bytes are kept.
                None => {
                    self.findings.apply(
                        Rule::UndocumentedSuccessBody,
                        &pointer,
                        "no content documented; the body is returned as bytes",
                    );
                    ResponseBody::Binary
                }
                Some((Media::Text, _)) => {
                    self.findings.apply(
                        Rule::MediaTypes,
                        &media_pointer,
                        "text response: returned as a `String`",
                    );
                    ResponseBody::Text
                }
                Some((Media::Other, _)) => ResponseBody::Binary,
                Some((Media::Json | Media::Multipart | Media::Form, media)) => {
                    if media.schema.is_none() {
                        self.findings.apply(
                            Rule::ExampleWithoutSchema,
                            &media_pointer,
                            "response has no schema; typed as any JSON value",
                        );
                    }
                    examples = self.media_examples(Some(media), &media_pointer);
                    schema_pointer = media.schema.as_ref().map(|_| body_site.pointer.clone());
                    ResponseBody::Json(self.media_type(Some(media), &body_site))
                }
            };
            responses.push(Response {
                status,
                docs: self.docs(Some(&response.description)),
                body,
                schema_pointer,
                examples,
                headers: self.response_headers(response, &pointer)?,
            });
        }
        Ok((responses, success_media))
    }

    /// The headers `response` documents, but `Content-Type`, which OpenAPI says to ignore there.
    fn response_headers(
        &self,
        response: &SpecResponse,
        pointer: &str,
    ) -> Result<Vec<ResponseHeader>, Diagnostic> {
        response
            .headers
            .iter()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
            .map(|(name, header)| {
                let pointer = format!("{pointer}/headers/{}", crate::pointer::escape(name));
                let header = self.resolve(header, &pointer)?;
                Ok(ResponseHeader {
                    name: name.clone(),
                    docs: self.docs(header.description.as_deref()),
                })
            })
            .collect()
    }

    /// Rule `documented-redirect`: an operation whose only success is a `3xx` (Unstable
    /// `show_call_recording` answers 302 with the recording's address) returns the address.
    pub(super) fn documented_redirect(
        &mut self,
        responses: &[Response],
        pointer: &str,
    ) -> Option<ResponseBody> {
        let redirect = responses
            .iter()
            .find(|response| response.status.is_redirect())?;
        let status = match redirect.status {
            Status::Code(code) => code.to_string(),
            _ => "3XX".to_owned(),
        };
        self.findings.apply(
            Rule::DocumentedRedirect,
            &format!("{pointer}/responses"),
            format!("answers {status} and no success status; the caller gets the address"),
        );
        Some(ResponseBody::Redirect)
    }
}

/// Rule `error-bodies`: when every documented error status has the same JSON body type, errors
/// decode to it; when they differ (or none is documented) errors keep the raw JSON value.
pub(super) fn error_body(responses: &[Response]) -> TypeRef {
    match error_types(responses)
        .into_iter()
        .collect::<Vec<_>>()
        .as_slice()
    {
        [only] => (*only).clone(),
        _ => TypeRef::Any,
    }
}

/// The distinct JSON body types of the documented error responses.
pub(super) fn error_types(responses: &[Response]) -> BTreeSet<&TypeRef> {
    responses
        .iter()
        .filter(|response| !response.status.is_success())
        .filter_map(|response| response.body.json())
        .collect()
}

fn status_of(status: &StatusCode) -> Status {
    match status {
        StatusCode::Code(code) => Status::Code(*code),
        StatusCode::Range(hundreds) => Status::Range(*hundreds),
    }
}
