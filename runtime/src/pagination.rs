//! Streams of pages and of items across pages.

use std::collections::HashSet;
use std::pin::Pin;

use futures_core::Stream;
use futures_util::{stream, StreamExt, TryStreamExt};
use serde::Serialize;
use serde_json::Value;

use crate::client::Client;
use crate::error::Error;
use crate::model::Decode;
use crate::request::{Body, Request};
use crate::response::Response;

/// How an operation pages: where a request says which page it wants, and where a response says
/// what comes next. Generated code picks the style from the operation's description.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Paging {
    /// A cursor in the query parameter `parameter` (`starting_after`), read from the response at
    /// the JSON pointer `next` (`/pages/next/starting_after`).
    QueryCursor {
        /// The query parameter.
        parameter: &'static str,
        /// Where the response holds the next cursor.
        next: &'static str,
    },
    /// A cursor in the JSON body at `pointer` (`/pagination/starting_after`, the search POSTs).
    BodyCursor {
        /// Where the request body takes the cursor.
        pointer: &'static str,
        /// Where the response holds the next cursor.
        next: &'static str,
    },
    /// Page numbers in the query parameter `parameter` (`page`), from the response's
    /// `/pages/page` plus one, until `/pages/total_pages`.
    PageNumber {
        /// The query parameter.
        parameter: &'static str,
    },
    /// A scroll: the query parameter `parameter` (`scroll_param`) repeats what the response
    /// gave at `next`.
    Scroll {
        /// The query parameter.
        parameter: &'static str,
        /// Where the response holds the scroll parameter.
        next: &'static str,
    },
}

/// The pages of a list operation, each with its status and headers.
pub type Pages<'a, T> = Pin<Box<dyn Stream<Item = Result<Response<T>, Error>> + Send + 'a>>;

/// The items of a list operation, across its pages.
pub type Items<'a, I> = Pin<Box<dyn Stream<Item = Result<I, Error>> + Send + 'a>>;

/// Where the next request starts.
enum Position {
    First,
    Cursor(String),
    Page(u64),
    Done,
}

struct State<'a> {
    client: &'a Client,
    request: Request,
    paging: Paging,
    items: &'static str,
    position: Position,
    seen: HashSet<String>,
}

impl Client {
    /// The pages of `request`, fetched one at a time as the stream is polled, from the position
    /// the request asks for. Stops after a page without items (the array at the JSON pointer
    /// `items`), when the response gives no next position, or when it repeats a cursor it gave
    /// before (a server that would loop forever).
    pub fn pages<'a, T: Decode + Serialize + Send + 'a>(
        &'a self,
        mut request: Request,
        paging: Paging,
        items: &'static str,
    ) -> Pages<'a, T> {
        if let Some(source) = request.encode_error.take() {
            let operation = request.operation;
            return Box::pin(stream::once(async move {
                Err(Error::Encode { operation, source })
            }));
        }
        let state = State {
            client: self,
            request,
            paging,
            items,
            position: Position::First,
            seen: HashSet::new(),
        };
        Box::pin(stream::try_unfold(state, State::next_page))
    }
}

impl State<'_> {
    async fn next_page<T: Decode + Serialize>(
        mut self,
    ) -> Result<Option<(Response<T>, Self)>, Error> {
        let request = match std::mem::replace(&mut self.position, Position::Done) {
            Position::Done => return Ok(None),
            Position::First => self.request.duplicate(),
            Position::Cursor(cursor) => self.at(&cursor),
            Position::Page(page) => self.at(&page.to_string()),
        };
        let raw = self.client.execute(request).await?;
        // Paging information is read from the JSON; the page itself is decoded as `T`.
        let json: Value = serde_json::from_slice(&raw.body).unwrap_or(Value::Null);
        let page = raw.json::<T>()?;
        let empty = json
            .pointer(self.items)
            .and_then(Value::as_array)
            .is_none_or(Vec::is_empty);
        self.position = if empty {
            Position::Done
        } else {
            self.after(&json)
        };
        Ok(Some((page, self)))
    }

    /// The request for the page at `position`.
    fn at(&self, position: &str) -> Request {
        let mut request = self.request.duplicate();
        match self.paging {
            Paging::QueryCursor { parameter, .. }
            | Paging::PageNumber { parameter }
            | Paging::Scroll { parameter, .. } => {
                request.query.retain(|(name, _)| name != parameter);
                request
                    .query
                    .push((parameter.to_owned(), position.to_owned()));
            }
            Paging::BodyCursor { pointer, .. } => {
                let mut body = match &request.body {
                    Body::Json(json) => serde_json::from_str(json).unwrap_or(Value::Null),
                    _ => Value::Null,
                };
                set_pointer(&mut body, pointer, Value::from(position));
                request.body = Body::Json(body.to_string());
            }
        }
        request
    }

    /// The position after the page `json`.
    fn after(&mut self, json: &Value) -> Position {
        let next = match self.paging {
            Paging::PageNumber { .. } => {
                let number = |key: &str| json.pointer(&format!("/pages/{key}"))?.as_u64();
                let page = number("page").unwrap_or(1);
                return match number("total_pages") {
                    Some(total) if page >= total => Position::Done,
                    _ => Position::Page(page + 1),
                };
            }
            Paging::QueryCursor { next, .. }
            | Paging::BodyCursor { next, .. }
            | Paging::Scroll { next, .. } => next,
        };
        let cursor = match json.pointer(next) {
            Some(Value::String(cursor)) if !cursor.is_empty() => cursor.clone(),
            Some(Value::Number(cursor)) => cursor.to_string(),
            _ => return Position::Done,
        };
        // A scroll keeps its parameter from page to page; a cursor must move.
        let is_scroll = matches!(self.paging, Paging::Scroll { .. });
        if !is_scroll && !self.seen.insert(cursor.clone()) {
            tracing::warn!(
                operation = self.request.operation,
                cursor,
                "the server repeated a cursor; stopping"
            );
            return Position::Done;
        }
        Position::Cursor(cursor)
    }
}

/// The items of `pages`, taken out of each page by `extract`.
pub fn items<'a, T: Send + 'a, I: Send + 'a>(
    pages: Pages<'a, T>,
    extract: fn(T) -> Vec<I>,
) -> Items<'a, I> {
    Box::pin(
        pages
            .map_ok(move |page| stream::iter(extract(page.body).into_iter().map(Ok)))
            .try_flatten()
            .boxed(),
    )
}

/// Sets the member at the JSON `pointer` of `value`, creating the objects on the way.
fn set_pointer(value: &mut Value, pointer: &str, new: Value) {
    let mut target = value;
    for key in pointer.split('/').skip(1) {
        if !target.is_object() {
            *target = Value::Object(serde_json::Map::new());
        }
        let Value::Object(members) = target else {
            unreachable!("made an object above");
        };
        target = members.entry(key.to_owned()).or_insert(Value::Null);
    }
    *target = new;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_pointer_creates_the_path() {
        let mut body = json!({"query": {"field": "x"}});
        set_pointer(&mut body, "/pagination/starting_after", json!("c1"));
        assert_eq!(
            body,
            json!({"query": {"field": "x"}, "pagination": {"starting_after": "c1"}})
        );
        let mut body = json!({"pagination": {"per_page": 5}});
        set_pointer(&mut body, "/pagination/starting_after", json!("c2"));
        assert_eq!(
            body,
            json!({"pagination": {"per_page": 5, "starting_after": "c2"}})
        );
    }
}
