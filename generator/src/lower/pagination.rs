//! Rule `pages-without-parameter` and the paging style of list operations.

use super::Lowering;
use crate::ir::{
    ItemsField, Pagination, PagingStyle, Parameter, ParameterLocation, RequestBody, ResponseBody,
    Struct, TypeKind, TypeRef,
};
use crate::rules::Rule;

impl Lowering<'_> {
    /// How a list operation pages, from Intercom's conventions: a response with an array of
    /// items and `pages` (or `scroll_param`), and a request that says where to start
    /// (`starting_after` in the query or in the body's `pagination`, `page`, `scroll_param`).
    ///
    /// Rule `pages-without-parameter`: many list responses carry `pages` while the operation
    /// declares no way to ask for the next page (6 in 2.11, 18 in Unstable); they are not
    /// paginated, since every request would return the first page again.
    pub(super) fn pagination(
        &mut self,
        pointer: &str,
        parameters: &[Parameter],
        body: Option<&RequestBody>,
        success: &ResponseBody,
    ) -> Option<Pagination> {
        let ResponseBody::Json(TypeRef::Named(page)) = success else {
            return None;
        };
        let page = self.struct_named(page)?;
        let items = page
            .fields
            .iter()
            .filter(|field| matches!(field.ty, TypeRef::Array(_)))
            .min_by_key(|field| field.name != "data")?;
        let TypeRef::Array(item) = &items.ty else {
            return None;
        };
        let has_field = |name: &str| page.fields.iter().any(|field| field.name == name);
        let (has_pages, has_scroll) = (has_field("pages"), has_field("scroll_param"));
        let query = |name: &str| {
            parameters
                .iter()
                .any(|p| p.location == ParameterLocation::Query && p.name == name)
                .then(|| name.to_owned())
        };
        let body_pages = body
            .and_then(|body| match &body.ty {
                TypeRef::Named(name) => self.struct_named(name),
                _ => None,
            })
            .is_some_and(|body| body.fields.iter().any(|field| field.name == "pagination"));
        let next_cursor = "/pages/next/starting_after".to_owned();
        let style = if let (Some(parameter), true) = (query("starting_after"), has_pages) {
            PagingStyle::QueryCursor {
                parameter,
                next: next_cursor,
            }
        } else if body_pages && has_pages {
            PagingStyle::BodyCursor {
                pointer: "/pagination/starting_after".to_owned(),
                next: next_cursor,
            }
        } else if let (Some(parameter), true) = (query("scroll_param"), has_scroll) {
            PagingStyle::Scroll {
                parameter,
                next: "/scroll_param".to_owned(),
            }
        } else if let (Some(parameter), true) = (query("page"), has_pages) {
            PagingStyle::PageNumber { parameter }
        } else {
            if has_pages {
                self.findings.apply(
                    Rule::PagesWithoutParameter,
                    pointer,
                    "the response has `pages` but the operation takes no paging parameter; not paginated",
                );
            }
            return None;
        };
        // A `null` in the list (a nullable component as the item) is no item to stream.
        let (item, null_items) = match &**item {
            TypeRef::Nullable(item) => ((**item).clone(), true),
            item => (item.clone(), false),
        };
        Some(Pagination {
            style,
            items: ItemsField {
                name: items.name.clone(),
                ident: items.ident.clone(),
                item,
                null_items,
                required: items.required,
                nullable: items.nullable,
            },
        })
    }

    fn struct_named(&self, name: &str) -> Option<&Struct> {
        match &self.types.get(name)?.kind {
            TypeKind::Struct(object) => Some(object),
            _ => None,
        }
    }
}
