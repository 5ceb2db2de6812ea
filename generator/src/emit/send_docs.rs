//! The docs of a request builder's sends: what `send` meets as errors, and the headers the spec
//! documents for each response.

use crate::ir::{Operation, Response, ResponseHeader, Status};

/// The `# Errors` section of `send`: the documented error statuses, what any call can meet,
/// then the headers the error responses document.
pub(super) fn errors_section(operation: &Operation) -> String {
    let mut docs = "# Errors\n\n".to_owned();
    for response in operation.error_responses() {
        let status = status_text(response.status);
        let description = response.docs.lines().next().unwrap_or_default();
        docs.push_str(&format!(
            "- `{status}`: [`Error::Api`](crate::Error::Api) {description}\n"
        ));
    }
    docs.push_str(
        "- `429`: [`Error::RateLimited`](crate::Error::RateLimited), once retries are exhausted\n\
         - [`Error::Timeout`](crate::Error::Timeout), [`Error::Transport`](crate::Error::Transport) \
         for network failures; [`Error::Decode`](crate::Error::Decode) if the body is not what the \
         spec describes",
    );
    let headers: Vec<&Response> = operation.error_responses().collect();
    if headers.iter().any(|response| !response.headers.is_empty()) {
        docs.push_str(
            "\n\nThe headers of error responses, in \
             [`ApiError::headers`](crate::ApiError::headers):\n\n",
        );
        docs.push_str(&header_list(&headers, true));
    }
    docs
}

/// The docs of `send_with_response`, with the headers the success response documents.
pub(super) fn with_response_docs(operation: &Operation) -> String {
    let mut docs =
        "Sends the request and returns the response with its status and headers.\n".to_owned();
    let success = operation.success_response();
    if let Some(success) = success.filter(|success| !success.headers.is_empty()) {
        docs.push_str(
            "\nThe headers of the response, in [`Response::headers`](crate::Response::headers):\n\n",
        );
        docs.push_str(&header_list(&[success], false));
    }
    docs.push_str("\n# Errors\n\nAs [`send`](Self::send).");
    docs
}

/// One Markdown list item per header of `responses` (by name, whatever its case): its name,
/// the statuses that send it (with `statuses`), and the first line of its docs. Once per name:
/// DigitalOcean documents the same three rate-limit headers on every error status.
fn header_list(responses: &[&Response], statuses: bool) -> String {
    let mut headers: Vec<(String, &ResponseHeader, Vec<String>)> = Vec::new();
    for response in responses {
        for header in &response.headers {
            let key = header.name.to_ascii_lowercase();
            let status = status_text(response.status);
            match headers.iter_mut().find(|(seen, _, _)| *seen == key) {
                Some((_, _, statuses)) => statuses.push(status),
                None => headers.push((key, header, vec![status])),
            }
        }
    }
    let mut list = String::new();
    for (_, header, sent_with) in headers {
        let sent_with = if statuses {
            format!(" (`{}`)", sent_with.join("`, `"))
        } else {
            String::new()
        };
        let description = header.docs.lines().next().unwrap_or_default();
        let separator = if description.is_empty() { "" } else { ": " };
        list.push_str(&format!(
            "- `{}`{sent_with}{separator}{description}\n",
            header.name
        ));
    }
    list
}

/// A documented status as the docs name it: `404`, `4XX`, `other statuses`.
fn status_text(status: Status) -> String {
    match status {
        Status::Default => "other statuses".to_owned(),
        status => status.to_string(),
    }
}
