//! What a request builder sends: `request()`, which builds the HTTP request from the builder's
//! fields, `send` and `send_with_response`, and for list operations `pages` and `items`; built
//! as syntax (see [`super::syntax`]).
//!
//! Every function that reaches the runtime's generic sending is `#[inline]`: a library compiles
//! its non-generic public functions (and the private ones they reach) to machine code, and these
//! instantiate the response's decoder and the body's encoder. Inline, they are compiled in the
//! crate that calls them, for the operations it calls.

use syn::{Expr, ImplItem, Stmt};

use super::rust::{
    doc_attribute, generic_type, lifetime_argument, rust_type, word_attribute, Scope,
};
use super::syntax::{self, Receiver, Signature};
use crate::ir::{
    Api, BodyEncoding, Operation, PagingStyle, ParameterLocation, RequestBody, ResponseBody, Slot,
    TypeKind, TypeRef, BUILDER_CLIENT_FIELD,
};

/// `send`, `send_with_response` and `request` of the operation's builder.
pub fn send_fns(api: &Api, operation: &Operation) -> [ImplItem; 3] {
    let (output, decode) = match &operation.success {
        ResponseBody::Empty => (syntax::unit_type(), "empty"),
        ResponseBody::Text => (syntax::string_type(), "text"),
        ResponseBody::Json(ty) => (rust_type(ty, Scope::Outside), "json"),
        ResponseBody::Binary => (generic_type(&["intercom_runtime", "Bytes"], []), "bytes"),
        ResponseBody::Redirect => (
            generic_type(&["intercom_runtime", "Redirect"], []),
            "redirect",
        ),
    };
    // Named futures (`Sending`), not `async fn`s: see `intercom_runtime::Sending`.
    let sending = |name: &str, docs: String, future: &str, runtime_fn: &str| {
        let future = generic_type(
            &[future],
            [
                lifetime_argument("'a"),
                syn::GenericArgument::Type(output.clone()),
            ],
        );
        let request = syntax::method(syntax::path(&["self"]), "request", []);
        let send = syntax::method(
            syntax::field(syntax::path(&["client"]), "inner"),
            runtime_fn,
            [request, syntax::path(&["RawResponse", decode])],
        );
        syntax::method_item(
            Signature {
                attrs: doc_attribute(&docs)
                    .into_iter()
                    .chain([word_attribute("inline")])
                    .collect(),
                public: true,
                name: name.to_owned(),
                generics: syn::Generics::default(),
                receiver: Receiver::Owned,
                inputs: Vec::new(),
                output: future,
            },
            vec![
                syntax::bind("client", syntax::self_field(BUILDER_CLIENT_FIELD)),
                syntax::tail(send),
            ],
        )
    };
    let errors = super::send_docs::errors_section(operation);
    let send = sending(
        "send",
        format!("Sends the request and returns the response body.\n\n{errors}"),
        "Sending",
        "send_body",
    );
    let with_response = sending(
        "send_with_response",
        super::send_docs::with_response_docs(operation),
        "SendingWithResponse",
        "send",
    );
    let request = syntax::method_item(
        Signature {
            attrs: vec![word_attribute("inline")],
            public: false,
            name: "request".to_owned(),
            generics: syn::Generics::default(),
            receiver: Receiver::Owned,
            inputs: Vec::new(),
            output: generic_type(&["Request"], []),
        },
        request_body(api, operation),
    );
    [send, with_response, request]
}

/// The statements of `request()`: the request, with its body when there is one.
fn request_body(api: &Api, operation: &Operation) -> Vec<Stmt> {
    let new_request = syntax::call(
        &["Request", "new"],
        [
            syntax::string(&operation.id),
            syntax::path(&["Method", operation.method.as_str()]),
            syntax::string(&operation.path),
            path_expression(operation),
        ],
    );
    let mut request = new_request;
    for parameter in &operation.parameters {
        if parameter.location == ParameterLocation::Path {
            continue;
        }
        let field = syntax::self_field(&parameter.ident);
        let value = if parameter.required {
            syntax::call(&["Some"], [syntax::reference(field)])
        } else {
            syntax::method(field, "as_ref", [])
        };
        let setter = match parameter.location {
            ParameterLocation::Header => "header",
            _ if !parameter.explode => "query_joined",
            _ => "query",
        };
        request = syntax::method(request, setter, [syntax::string(&parameter.name), value]);
    }
    for header in &operation.fixed_headers {
        let value = syntax::call(&["Some"], [syntax::string(&header.value)]);
        request = syntax::method(request, "header", [syntax::string(&header.name), value]);
    }
    if operation.success == ResponseBody::Redirect {
        request = syntax::method(request, "expect_redirect", []);
    }
    let request = syntax::method(request, "options", [syntax::self_field("options")]);
    let Some(body) = operation.body.as_ref() else {
        return vec![syntax::tail(request)];
    };
    let field = syntax::self_field(&body.ident);
    let encoded = encode_body(api, body);
    let finish = if body.required {
        vec![
            syntax::bind("body", syntax::reference(field)),
            syntax::tail(encoded),
        ]
    } else {
        let arms = [
            (syntax::variant_pattern("Some", "body"), encoded),
            (syntax::binding("None"), syntax::path(&["request"])),
        ];
        vec![syntax::tail(syntax::matching(
            syntax::reference(field),
            arms,
        ))]
    };
    [syntax::bind("request", request)]
        .into_iter()
        .chain(finish)
        .collect()
}

/// `request` with the body held in `body` encoded as the operation sends it.
fn encode_body(api: &Api, body: &RequestBody) -> Expr {
    let (request, value) = (syntax::path(&["request"]), syntax::path(&["body"]));
    let encoded = match (body.encoding, &body.ty) {
        (BodyEncoding::Json, _) => syntax::method(request, "json", [value]),
        (BodyEncoding::Multipart, _) => syntax::method(request, "multipart", [value]),
        (BodyEncoding::Form, _) => syntax::method(request, "form", [value]),
        (BodyEncoding::Raw, TypeRef::Bytes) => {
            syntax::method(request, "raw", [syntax::string(&body.media_type), value])
        }
        (BodyEncoding::Raw, _) => syntax::method(
            request,
            "raw_text",
            [syntax::string(&body.media_type), value],
        ),
    };
    with_file_parts(api, body, encoded)
}

/// `encoded` with `.file(..)` and `.files(..)` calls for the file fields of a multipart body,
/// which serde skips.
fn with_file_parts(api: &Api, body: &RequestBody, mut encoded: Expr) -> Expr {
    let TypeRef::Named(name) = &body.ty else {
        return encoded;
    };
    let Some(TypeKind::Struct(object)) = api.types.get(name).map(|definition| &definition.kind)
    else {
        return encoded;
    };
    for field in &object.fields {
        let Slot::File { required } = field.slot() else {
            continue;
        };
        let member = syntax::field(syntax::path(&["body"]), &field.ident);
        let list = matches!(field.ty, TypeRef::Array(_));
        let (method, value) = match (list, required) {
            (false, true) => ("file", syntax::call(&["Some"], [syntax::reference(member)])),
            (false, false) => ("file", syntax::method(member, "as_ref", [])),
            (true, true) => ("files", syntax::reference(member)),
            (true, false) => (
                "files",
                syntax::method(
                    syntax::method(member, "as_deref", []),
                    "unwrap_or_default",
                    [],
                ),
            ),
        };
        encoded = syntax::method(encoded, method, [syntax::string(&field.name), value]);
    }
    encoded
}

/// `pages()` and `items()` of a list operation's builder.
pub fn pagination_fns(operation: &Operation) -> Option<[ImplItem; 2]> {
    let (Some(pagination), ResponseBody::Json(page)) = (&operation.pagination, &operation.success)
    else {
        return None;
    };
    let strings = |fields: &[(&str, &String)]| {
        fields
            .iter()
            .map(|(name, value)| ((*name).to_owned(), Some(syntax::string(value))))
            .collect::<Vec<_>>()
    };
    let (style, fields, how) = match &pagination.style {
        PagingStyle::QueryCursor { parameter, next } => (
            "QueryCursor",
            strings(&[("parameter", parameter), ("next", next)]),
            format!("the cursor in the `{parameter}` query parameter"),
        ),
        PagingStyle::BodyCursor { pointer, next } => (
            "BodyCursor",
            strings(&[("pointer", pointer), ("next", next)]),
            format!("the cursor in the body at `{pointer}`"),
        ),
        PagingStyle::PageNumber { parameter } => (
            "PageNumber",
            strings(&[("parameter", parameter)]),
            format!("page numbers in the `{parameter}` query parameter"),
        ),
        PagingStyle::Scroll { parameter, next } => (
            "Scroll",
            strings(&[("parameter", parameter), ("next", next)]),
            format!("the `{parameter}` query parameter"),
        ),
    };
    let paging = syntax::structure(&["intercom_runtime", "Paging", style], fields);
    let items_pointer = format!("/{}", crate::pointer::escape(&pagination.items.name));
    let list = syntax::field(syntax::path(&["page"]), &pagination.items.ident);
    let list = match (pagination.items.required, pagination.items.nullable) {
        (true, false) => list,
        (false, true) => syntax::method(
            syntax::method(list, "into_value", []),
            "unwrap_or_default",
            [],
        ),
        _ => syntax::method(list, "unwrap_or_default", []),
    };
    let list = if pagination.items.null_items {
        let flattened = syntax::method(syntax::method(list, "into_iter", []), "flatten", []);
        syntax::method(flattened, "collect", [])
    } else {
        list
    };
    let pages_docs = format!(
        "Every page from this request's position on, fetched as the stream is polled \
         ({how}). Stops after an empty page, the last page, or a repeated cursor."
    );
    let items_docs = format!(
        "Every item of `{}` across [`pages`](Self::pages){}.",
        pagination.items.name,
        if pagination.items.null_items {
            ", without the `null`s the list may hold"
        } else {
            ""
        }
    );
    // `pages` returns `intercom_runtime::Pages`, `items` `intercom_runtime::Items`.
    let stream = |method: &str, stream: &str, docs: &str, ty: &syn::Type, body: Vec<Stmt>| {
        let output = generic_type(
            &["intercom_runtime", stream],
            [
                lifetime_argument("'a"),
                syn::GenericArgument::Type(ty.clone()),
            ],
        );
        syntax::method_item(
            Signature {
                attrs: doc_attribute(docs)
                    .into_iter()
                    .chain([word_attribute("inline")])
                    .collect(),
                public: true,
                name: method.to_owned(),
                generics: syn::Generics::default(),
                receiver: Receiver::Owned,
                inputs: Vec::new(),
                output,
            },
            body,
        )
    };
    let request = syntax::method(syntax::path(&["self"]), "request", []);
    let fetch = syntax::method(
        syntax::field(syntax::path(&["client"]), "inner"),
        "pages",
        [
            request,
            syntax::path(&["paging"]),
            syntax::string(&items_pointer),
        ],
    );
    let pages = stream(
        "pages",
        "Pages",
        &pages_docs,
        &rust_type(page, Scope::Outside),
        vec![
            syntax::bind("client", syntax::self_field(BUILDER_CLIENT_FIELD)),
            syntax::bind("paging", paging),
            syntax::tail(fetch),
        ],
    );
    let items = syntax::call(
        &["intercom_runtime", "items"],
        [
            syntax::method(syntax::path(&["self"]), "pages", []),
            syntax::closure("page", list),
        ],
    );
    let items = stream(
        "items",
        "Items",
        &items_docs,
        &rust_type(&pagination.items.item, Scope::Outside),
        vec![syntax::tail(items)],
    );
    Some([pages, items])
}

/// `["/contacts/", &path_segment(&self.contact_id)].concat()` for `/contacts/{contact_id}`:
/// plain expressions rather than `format!`, whose arguments prettyplease cannot lay out.
fn path_expression(operation: &Operation) -> Expr {
    let mut pieces = Vec::new();
    let mut rest = operation.path.as_str();
    while let Some((literal, after)) = rest.split_once('{') {
        let Some((name, after)) = after.split_once('}') else {
            break;
        };
        if !literal.is_empty() {
            pieces.push(syntax::string(literal));
        }
        let parameter = operation
            .parameters
            .iter()
            .find(|p| p.location == ParameterLocation::Path && p.name == name)
            .expect("the IR declares every path template variable");
        let field = syntax::reference(syntax::self_field(&parameter.ident));
        let segment = syntax::call(&["intercom_runtime", "path_segment"], [field]);
        pieces.push(syntax::reference(segment));
        rest = after;
    }
    if !rest.is_empty() || pieces.is_empty() {
        pieces.push(syntax::string(rest));
    }
    if pieces.len() == 1 {
        let only = pieces.pop().expect("one piece");
        syntax::method(only, "to_owned", [])
    } else {
        syntax::method(syntax::array(pieces), "concat", [])
    }
}
