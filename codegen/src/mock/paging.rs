//! Serving a collection in the paging style its documentation describes:
//! `range` with `Content-Range`, a page number, an offset or a cursor, with
//! the signals the documentation says the answer carries (a `Link` header, a
//! next cursor or URL, `has_more`, totals).

use serde_json::Value;

use super::values::collection_item;
use crate::ir::{Pagination, PagingStyle};

/// Where the collection is served and how large it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Collection<'a> {
    /// Items the collection holds.
    pub size: u64,
    /// The largest page served.
    pub max_page: u64,
    /// The documented items it repeats.
    pub examples: &'a [Value],
    /// The documented answer, whose items are replaced (it can hold more than
    /// its items: aggregations, links).
    pub answer: Option<&'a Value>,
    /// `https://host:port` as the client reached it.
    pub origin: &'a str,
    /// The request's path.
    pub path: &'a str,
}

/// One page, ready to send.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Served {
    /// 206 for part of a `range` collection, else 200.
    pub partial: bool,
    pub body: Value,
    pub headers: Vec<(&'static str, String)>,
}

/// The page `query` asks for; `Err` says what is wrong with the request.
pub(crate) fn serve(
    plan: &Pagination,
    query: &[(String, String)],
    collection: Collection<'_>,
) -> Result<Served, String> {
    if plan.style == PagingStyle::Range {
        return range(plan, query, collection);
    }
    let asked = |name: &str| query.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
    let size = match plan.size_param.as_deref().and_then(asked) {
        None => collection.max_page,
        Some(text) => match text.trim().parse::<u64>() {
            Ok(0) | Err(_) => {
                return Err(format!("`{}` must be a positive number", plan.size_param.as_deref().unwrap_or("")))
            }
            Ok(size) => size.min(collection.max_page),
        },
    };
    let start = start(plan, asked(&plan.param), size, collection)?;
    let end = start.saturating_add(size).min(collection.size);
    let items: Vec<Value> = (start..end).map(|index| collection_item(collection.examples, index)).collect();
    let more = end < collection.size;
    let next_cursor = more.then(|| next_cursor(plan, &items, end, size));
    let next_url = next_cursor.as_ref().map(|cursor| url_with(collection, query, &plan.param, cursor));

    let mut body = page_body(plan, collection.answer, items);
    if let Some(path) = &plan.next_field {
        set_path(&mut body, path, next_cursor.clone().map_or(Value::Null, Value::from));
    }
    if let Some(path) = &plan.next_url_field {
        set_path(&mut body, path, next_url.clone().map_or(Value::Null, Value::from));
    }
    if let Some(path) = &plan.has_more_field {
        set_path(&mut body, path, Value::from(more));
    }
    if let Some(path) = &plan.total_field {
        set_path(&mut body, path, Value::from(collection.size));
    }
    if let Some(path) = &plan.total_pages_field {
        set_path(&mut body, path, Value::from(collection.size.div_ceil(size)));
    }
    let mut headers = Vec::new();
    if plan.link_header {
        let mut links = Vec::new();
        if let Some(url) = &next_url {
            links.push(format!("<{url}>; rel=\"next\""));
        }
        if plan.style == PagingStyle::Page {
            let first = plan.first_page.unwrap_or(1);
            let last = first + collection.size.div_ceil(size).saturating_sub(1);
            links.push(format!("<{}>; rel=\"last\"", url_with(collection, query, &plan.param, &last.to_string())));
        }
        if !links.is_empty() {
            headers.push(("link", links.join(", ")));
        }
    }
    Ok(Served { partial: false, body, headers })
}

/// The index of the first item the request asks for.
fn start(plan: &Pagination, asked: Option<&str>, size: u64, collection: Collection<'_>) -> Result<u64, String> {
    let param = &plan.param;
    let number =
        |text: &str| text.trim().parse::<u64>().map_err(|_| format!("`{param}` must be a number, not `{text}`"));
    let start = match (plan.style, asked) {
        (_, None) => 0,
        (PagingStyle::Page, Some(text)) => {
            let first = plan.first_page.unwrap_or(1);
            let page = number(text)?;
            if page < first {
                return Err(format!("`{param}` counts from {first}"));
            }
            (page - first).saturating_mul(size)
        }
        (PagingStyle::Offset, Some(text)) => number(text)?,
        (PagingStyle::Cursor, Some(cursor)) => match &plan.cursor_item_field {
            Some(field) => after_item(collection, field, cursor)?,
            None => cursor
                .strip_prefix(CURSOR_PREFIX)
                .and_then(|index| index.parse::<u64>().ok())
                .ok_or_else(|| format!("`{param}`: `{cursor}` is no cursor this server gave"))?,
        },
        (PagingStyle::Range, Some(_)) => 0,
    };
    if start > collection.size {
        return Err(format!("the collection holds {} items; {start} is past its end", collection.size));
    }
    Ok(start)
}

/// Opaque cursors name the index of the next item.
const CURSOR_PREFIX: &str = "mock-cursor-";

/// What the next request sets the paging parameter to; `end` is the index
/// after the last item served.
fn next_cursor(plan: &Pagination, items: &[Value], end: u64, size: u64) -> String {
    match (plan.style, &plan.cursor_item_field) {
        (PagingStyle::Page, _) => (plan.first_page.unwrap_or(1) + end.div_ceil(size.max(1))).to_string(),
        (PagingStyle::Offset, _) => end.to_string(),
        (PagingStyle::Cursor, Some(field)) => {
            items.last().and_then(|item| item.get(field)).map(value_text).unwrap_or_default()
        }
        _ => format!("{CURSOR_PREFIX}{end}"),
    }
}

/// The index after the item whose `field` is `cursor`.
fn after_item(collection: Collection<'_>, field: &str, cursor: &str) -> Result<u64, String> {
    (0..collection.size)
        .find(|index| {
            collection_item(collection.examples, *index).get(field).map(value_text).as_deref() == Some(cursor)
        })
        .map(|index| index + 1)
        .ok_or_else(|| format!("no item has `{field}` `{cursor}`"))
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The request's URL with `param` set to `value`, other parameters kept.
fn url_with(collection: Collection<'_>, query: &[(String, String)], param: &str, value: &str) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (key, kept) in query.iter().filter(|(key, _)| key != param) {
        serializer.append_pair(key, kept);
    }
    serializer.append_pair(param, value);
    format!("{}{}?{}", collection.origin, collection.path, serializer.finish())
}

/// The documented answer with `items` at the items' place.
fn page_body(plan: &Pagination, answer: Option<&Value>, items: Vec<Value>) -> Value {
    match &plan.items_field {
        None => Value::Array(items),
        Some(path) => {
            let mut body = match answer {
                Some(object @ Value::Object(_)) => object.clone(),
                _ => Value::Object(serde_json::Map::new()),
            };
            set_path(&mut body, path, Value::Array(items));
            body
        }
    }
}

/// Sets the field at a dotted `path`, making the objects on the way.
pub(crate) fn set_path(value: &mut Value, path: &str, new: Value) {
    let mut current = value;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        if !current.is_object() {
            *current = Value::Object(serde_json::Map::new());
        }
        let Value::Object(object) = current else { return };
        if parts.peek().is_none() {
            object.insert(part.to_string(), new);
            return;
        }
        current = object.entry(part.to_string()).or_insert_with(|| Value::Object(serde_json::Map::new()));
    }
}

/// The value at a dotted `path`, taken out.
pub(crate) fn take_path(value: &mut Value, path: &str) -> Option<Value> {
    let mut current = value;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let object = current.as_object_mut()?;
        if parts.peek().is_none() {
            return object.remove(part);
        }
        current = object.get_mut(part)?;
    }
    None
}

/// `range`: `param=START-END`, answered with `Content-Range` and
/// `Accept-Range`, 206 for part of the collection.
fn range(plan: &Pagination, query: &[(String, String)], collection: Collection<'_>) -> Result<Served, String> {
    let accept = collection.max_page.max(1);
    let asked = query.iter().find(|(name, _)| *name == plan.param).map(|(_, value)| value.as_str());
    let (start, end) = match asked.map(parse_range) {
        None => (0, accept - 1),
        Some(Some(range)) => range,
        Some(None) => return Err(format!("`{}` must be START-END with START <= END", plan.param)),
    };
    let size = collection.size;
    if size > 0 && start >= size {
        return Err(format!("the collection holds {size} items; {start} is past its end"));
    }
    let (partial, content_range, items) = if size == 0 || collection.examples.is_empty() {
        (false, "*/0".to_string(), Vec::new())
    } else {
        let end = end.min(start.saturating_add(accept - 1)).min(size - 1);
        let whole = start == 0 && end == size - 1;
        let items = (start..=end).map(|index| collection_item(collection.examples, index)).collect();
        (!whole, format!("{start}-{end}/{size}"), items)
    };
    let body = page_body(plan, collection.answer, items);
    let headers = vec![("content-range", content_range), ("accept-range", accept.to_string())];
    Ok(Served { partial, body, headers })
}

fn parse_range(text: &str) -> Option<(u64, u64)> {
    let (start, end) = text.split_once('-')?;
    let (start, end) = (start.trim().parse::<u64>().ok()?, end.trim().parse::<u64>().ok()?);
    (start <= end).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ir::TypeRef;

    fn plan(style: PagingStyle, param: &str, items_field: Option<&str>) -> Pagination {
        Pagination::new(style, param, TypeRef::named("Item"), items_field.map(str::to_string))
    }

    fn collection(examples: &[Value]) -> Collection<'_> {
        Collection { size: 5, max_page: 2, examples, answer: None, origin: "https://h:1", path: "/items" }
    }

    fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn ids(body: &Value, path: &str) -> Vec<i64> {
        let mut body = body.clone();
        let items = take_path(&mut body, path).unwrap();
        items.as_array().unwrap().iter().map(|item| item["id"].as_i64().unwrap()).collect()
    }

    #[test]
    fn pages_count_from_the_first_page_and_link_to_the_next() {
        let examples = [json!({ "id": 1, "name": "a" })];
        let mut plan = plan(PagingStyle::Page, "page", Some("data"));
        plan.size_param = Some("per_page".into());
        plan.link_header = true;
        plan.total_field = Some("meta.total".into());
        let served =
            serve(&plan, &query(&[("page", "2"), ("per_page", "2"), ("k", "v")]), collection(&examples)).unwrap();
        assert_eq!(ids(&served.body, "data"), [2, 3]);
        assert_eq!(served.body["meta"]["total"], 5);
        let link = &served.headers.iter().find(|(name, _)| *name == "link").unwrap().1;
        assert!(link.contains("<https://h:1/items?per_page=2&k=v&page=3>; rel=\"next\""), "{link}");
        let last = serve(&plan, &query(&[("page", "3"), ("per_page", "2")]), collection(&examples)).unwrap();
        assert_eq!(ids(&last.body, "data"), [4]);
        let link = &last.headers.iter().find(|(name, _)| *name == "link").unwrap().1;
        assert!(!link.contains("rel=\"next\""), "{link}");
        assert!(serve(&plan, &query(&[("page", "0")]), collection(&examples)).is_err());
    }

    #[test]
    fn offsets_say_whether_more_follow() {
        let examples = [json!({ "id": 1 })];
        let mut plan = plan(PagingStyle::Offset, "offset", Some("items"));
        plan.size_param = Some("limit".into());
        plan.has_more_field = Some("has_more".into());
        let served = serve(&plan, &query(&[("offset", "3"), ("limit", "50")]), collection(&examples)).unwrap();
        assert_eq!(ids(&served.body, "items"), [3, 4]);
        assert_eq!(served.body["has_more"], false);
        let served = serve(&plan, &query(&[("offset", "0"), ("limit", "1")]), collection(&examples)).unwrap();
        assert_eq!(served.body["has_more"], true);
    }

    #[test]
    fn opaque_cursors_walk_the_collection_once() {
        let examples = [json!({ "id": 1 })];
        let mut plan = plan(PagingStyle::Cursor, "page[cursor]", Some("data"));
        plan.next_field = Some("meta.next_cursor".into());
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..10 {
            let pairs: Vec<(String, String)> = cursor.iter().map(|c| ("page[cursor]".to_string(), c.clone())).collect();
            let served = serve(&plan, &pairs, collection(&examples)).unwrap();
            seen.extend(ids(&served.body, "data"));
            match served.body["meta"]["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_string()),
                None => break,
            }
        }
        assert_eq!(seen, [0, 1, 2, 3, 4]);
        assert!(serve(&plan, &query(&[("page[cursor]", "forged")]), collection(&examples)).is_err());
    }

    #[test]
    fn item_cursors_start_after_the_named_item() {
        let examples = [json!({ "id": 1 })];
        let mut plan = plan(PagingStyle::Cursor, "starting_after", None);
        plan.cursor_item_field = Some("id".into());
        let served = serve(&plan, &query(&[("starting_after", "1")]), collection(&examples)).unwrap();
        assert_eq!(
            served.body.as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect::<Vec<_>>(),
            [2, 3]
        );
    }

    #[test]
    fn ranges_answer_content_range() {
        let examples = [json!({ "id": 1 })];
        let plan = plan(PagingStyle::Range, "range", None);
        let served = serve(&plan, &query(&[("range", "0-1")]), collection(&examples)).unwrap();
        assert!(served.partial);
        assert!(served.headers.contains(&("content-range", "0-1/5".to_string())));
    }
}
