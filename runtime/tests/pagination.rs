//! Pagination in each of Intercom's styles, across several pages of a mock server.

use futures_util::TryStreamExt;
use intercom_runtime::{items, ApiInfo, Client, Config, Method, Paging, Request, Value};
use serde_json::json;
use wiremock::matchers::{body_partial_json, method, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API: ApiInfo = ApiInfo {
    default_base_url: "https://api.example.com",
    version_header: None,
    user_agent: "pagination-test",
};

const CURSOR: Paging = Paging::QueryCursor {
    parameter: "starting_after",
    next: "/pages/next/starting_after",
};

fn client(server: &MockServer) -> Client {
    Client::new(
        Config::new("token")
            .base_url(server.uri())
            .allow_plain_http(),
        API,
    )
}

fn list(method: Method) -> Request {
    Request::new("listThings", method, "/things", "/things".to_owned())
}

/// A page of `ids` whose `pages.next.starting_after` is `next`.
fn cursor_page(ids: &[u32], next: Option<&str>) -> ResponseTemplate {
    let pages = match next {
        Some(next) => json!({"type": "pages", "next": {"starting_after": next}}),
        None => json!({"type": "pages"}),
    };
    ResponseTemplate::new(200).set_body_json(json!({"type": "list", "data": ids, "pages": pages}))
}

/// A server answering the first request (no cursor) and each `starting_after` cursor.
async fn cursor_server(pages: Vec<(Option<&str>, ResponseTemplate)>) -> MockServer {
    let server = MockServer::start().await;
    for (cursor, response) in pages {
        let mock = match cursor {
            None => Mock::given(query_param_is_missing("starting_after")),
            Some(cursor) => Mock::given(query_param("starting_after", cursor)),
        };
        mock.respond_with(response).mount(&server).await;
    }
    server
}

fn data(page: Value) -> Vec<Value> {
    page["data"].as_array().cloned().unwrap_or_default()
}

async fn all_items(client: &Client, request: Request, paging: Paging) -> Vec<Value> {
    items(client.pages::<Value>(request, paging, "/data"), data)
        .try_collect()
        .await
        .unwrap()
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn a_query_cursor_is_followed_to_the_last_page() {
    let server = cursor_server(vec![
        (None, cursor_page(&[1, 2], Some("c1"))),
        (Some("c1"), cursor_page(&[3, 4], Some("c2"))),
        (Some("c2"), cursor_page(&[5], None)),
    ])
    .await;

    let client = client(&server);
    let ids = all_items(
        &client,
        list(Method::GET).query("per_page", Some(&2)),
        CURSOR,
    )
    .await;

    assert_eq!(ids, [1, 2, 3, 4, 5].map(Value::from));
    assert_eq!(requests(&server).await, 3);
    // Other parameters are kept on every page.
    for request in server.received_requests().await.unwrap() {
        assert!(
            request.url.query().unwrap().contains("per_page=2"),
            "{}",
            request.url
        );
    }
}

#[tokio::test]
async fn pages_come_with_status_and_headers() {
    let server = cursor_server(vec![
        (
            None,
            cursor_page(&[1], Some("c1")).insert_header("x-request-id", "p1"),
        ),
        (
            Some("c1"),
            cursor_page(&[2], None).insert_header("x-request-id", "p2"),
        ),
    ])
    .await;

    let client = client(&server);
    let pages: Vec<_> = client
        .pages::<Value>(list(Method::GET), CURSOR, "/data")
        .try_collect()
        .await
        .unwrap();

    let ids: Vec<_> = pages
        .iter()
        .map(|page| page.request_id().unwrap())
        .collect();
    assert_eq!(ids, ["p1", "p2"]);
}

#[tokio::test]
async fn a_repeated_cursor_stops_the_stream() {
    let server = cursor_server(vec![
        (None, cursor_page(&[1], Some("same"))),
        (Some("same"), cursor_page(&[2], Some("same"))),
    ])
    .await;

    let client = client(&server);
    let ids = all_items(&client, list(Method::GET), CURSOR).await;

    assert_eq!(ids, [1, 2].map(Value::from));
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn an_empty_page_stops_the_stream() {
    let server = cursor_server(vec![
        (None, cursor_page(&[1], Some("c1"))),
        (Some("c1"), cursor_page(&[], Some("c2"))),
    ])
    .await;

    let client = client(&server);
    let ids = all_items(&client, list(Method::GET), CURSOR).await;

    assert_eq!(ids, [Value::from(1)]);
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_body_cursor_is_sent_in_the_search_body() {
    let server = MockServer::start().await;
    let query = json!({"query": {"field": "name", "operator": "=", "value": "x"}, "pagination": {"per_page": 1}});
    Mock::given(method("POST"))
        .and(body_partial_json(
            json!({"pagination": {"starting_after": "c1"}}),
        ))
        .respond_with(cursor_page(&[2], None))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_partial_json(&query))
        .respond_with(cursor_page(&[1], Some("c1")))
        .mount(&server)
        .await;

    let client = client(&server);
    let paging = Paging::BodyCursor {
        pointer: "/pagination/starting_after",
        next: "/pages/next/starting_after",
    };
    let ids = all_items(&client, list(Method::POST).json(&query), paging).await;

    assert_eq!(ids, [1, 2].map(Value::from));
    let sent = server.received_requests().await.unwrap();
    let second: Value = serde_json::from_slice(&sent[1].body).unwrap();
    assert_eq!(second["query"], query["query"], "the search is kept");
    assert_eq!(
        second["pagination"],
        json!({"per_page": 1, "starting_after": "c1"})
    );
}

#[tokio::test]
async fn page_numbers_count_up_to_the_total() {
    let server = MockServer::start().await;
    for page in 1..=3u64 {
        let body = json!({"data": [page * 10], "pages": {"page": page, "total_pages": 3}});
        let matcher = if page == 1 {
            Mock::given(query_param_is_missing("page"))
        } else {
            Mock::given(query_param("page", page.to_string()))
        };
        matcher
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }

    let client = client(&server);
    let paging = Paging::PageNumber { parameter: "page" };
    let ids = all_items(&client, list(Method::GET), paging).await;

    assert_eq!(ids, [10, 20, 30].map(Value::from));
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_scroll_repeats_its_parameter_until_an_empty_page() {
    let server = MockServer::start().await;
    let page = |ids: &[u32]| {
        ResponseTemplate::new(200).set_body_json(json!({"data": ids, "scroll_param": "s1"}))
    };
    Mock::given(query_param_is_missing("scroll_param"))
        .respond_with(page(&[1, 2]))
        .mount(&server)
        .await;
    Mock::given(query_param("scroll_param", "s1"))
        .respond_with(page(&[3]))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(query_param("scroll_param", "s1"))
        .respond_with(page(&[]))
        .mount(&server)
        .await;

    let client = client(&server);
    let paging = Paging::Scroll {
        parameter: "scroll_param",
        next: "/scroll_param",
    };
    let ids = all_items(&client, list(Method::GET), paging).await;

    assert_eq!(ids, [1, 2, 3].map(Value::from));
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn an_error_ends_the_stream_with_the_error() {
    let server = cursor_server(vec![
        (None, cursor_page(&[1], Some("c1"))),
        (Some("c1"), ResponseTemplate::new(404)),
    ])
    .await;

    let client = client(&server);
    let mut stream = items(
        client.pages::<Value>(list(Method::GET), CURSOR, "/data"),
        data,
    );

    assert_eq!(stream.try_next().await.unwrap(), Some(Value::from(1)));
    let error = stream.try_next().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}
