//! Collections served page by page. The `range` style: `range=START-END`
//! asks for a part, `Content-Range: START-END/COUNT` says which part came,
//! `Accept-Range: N` is the largest page the server serves, `200` means the
//! whole collection and `206` a part of it ([`paginate`]). The other styles
//! (page number, offset, cursor, next links) are walked by [`walk_pages`]
//! as a [`Paging`] describes them.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;

use futures_util::stream::{self, Stream, StreamExt};
use reqwest::StatusCode;

use super::error::Error;
use super::transport::Response;

/// The `range` query parameter: items `start..=end`, counted from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Range {
    pub start: u64,
    pub end: u64,
}

impl Range {
    /// `len` items from `start` on (at least one).
    pub fn from_start(start: u64, len: u64) -> Self {
        Range { start, end: start.saturating_add(len.max(1) - 1) }
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

impl serde::Serialize for Range {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A parsed `Content-Range` header: `START-END/COUNT`, or `*/COUNT` for an
/// answer holding no item (an empty collection). A unit before the range
/// (`items 0-9/10`) is accepted and ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentRange {
    /// The first and last index of the items in this answer.
    pub items: Option<(u64, u64)>,
    /// The size of the whole collection.
    pub count: u64,
}

impl ContentRange {
    pub fn start(&self) -> Option<u64> {
        self.items.map(|(start, _)| start)
    }

    pub fn end(&self) -> Option<u64> {
        self.items.map(|(_, end)| end)
    }

    /// How many items this answer holds.
    pub fn len(&self) -> u64 {
        self.items.map_or(0, |(start, end)| end - start + 1)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_none()
    }

    /// True when this part ends the collection.
    pub fn is_last(&self) -> bool {
        match self.items {
            Some((_, end)) => end + 1 >= self.count,
            None => true,
        }
    }
}

/// Why a `Content-Range` header does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed Content-Range `{text}`: {reason}")]
pub struct ContentRangeError {
    pub text: String,
    pub reason: &'static str,
}

impl FromStr for ContentRange {
    type Err = ContentRangeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let fail = |reason| ContentRangeError { text: text.to_string(), reason };
        let trimmed = text.trim();
        // An optional unit: `items 0-9/10`.
        let spec = match trimmed.split_once(' ') {
            Some((unit, rest)) if unit.chars().all(|c| c.is_ascii_alphabetic()) => rest.trim(),
            _ => trimmed,
        };
        let (span, count) = spec.split_once('/').ok_or_else(|| fail("expected START-END/COUNT"))?;
        let count = parse_number(count).ok_or_else(|| fail("COUNT is not a number"))?;
        if span.trim() == "*" {
            return Ok(ContentRange { items: None, count });
        }
        let (start, end) = span.split_once('-').ok_or_else(|| fail("expected START-END before `/`"))?;
        let start = parse_number(start).ok_or_else(|| fail("START is not a number"))?;
        let end = parse_number(end).ok_or_else(|| fail("END is not a number"))?;
        if end < start {
            return Err(fail("END is before START"));
        }
        if end >= count {
            return Err(fail("END is past the end of the collection"));
        }
        Ok(ContentRange { items: Some((start, end)), count })
    }
}

fn parse_number(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl fmt::Display for ContentRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.items {
            Some((start, end)) => write!(f, "{start}-{end}/{}", self.count),
            None => write!(f, "*/{}", self.count),
        }
    }
}

/// One page of a collection.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The parsed `Content-Range`, when the server sent one.
    pub content_range: Option<ContentRange>,
    /// The largest page the server serves (`Accept-Range`), when it said.
    pub accept_range: Option<u64>,
    /// The next page's URL, from a `Link: <…>; rel="next"` header or the
    /// documented body field (made absolute against the request's URL).
    pub next_url: Option<String>,
    /// The next cursor: the documented body field, or the documented field
    /// of the last item.
    pub next_cursor: Option<String>,
    /// The documented "more items follow" flag.
    pub has_more: Option<bool>,
    /// The documented count of items in the whole collection.
    pub total: Option<u64>,
    /// The documented count of pages in the whole collection.
    pub total_pages: Option<u64>,
}

impl<T> Page<T> {
    /// A page holding `items` and nothing else.
    pub fn of(items: Vec<T>) -> Self {
        Page {
            items,
            content_range: None,
            accept_range: None,
            next_url: None,
            next_cursor: None,
            has_more: None,
            total: None,
            total_pages: None,
        }
    }
}

/// Every item of a collection, fetched page by page.
pub type PageStream<T, B> = Pin<Box<dyn Stream<Item = Result<T, Error<B>>> + Send>>;

/// How far one stream may go: the page size it asks for, and the most pages
/// and items it takes before it ends with [`Error::StreamLimit`], so that a
/// server answering well-formed pages forever cannot keep a caller busy
/// forever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamLimits {
    /// Items asked per page (at least 1).
    pub page_size: u64,
    /// Pages fetched at most.
    pub max_pages: u64,
    /// Items yielded at most.
    pub max_items: u64,
}

/// Pages one stream fetches at most unless configured.
pub const DEFAULT_MAX_STREAM_PAGES: u64 = 100_000;
/// Items one stream yields at most unless configured.
pub const DEFAULT_MAX_STREAM_ITEMS: u64 = 10_000_000;

impl StreamLimits {
    /// Pages of `page_size` items, with the default maximums.
    pub fn new(page_size: u64) -> Self {
        StreamLimits { page_size, max_pages: DEFAULT_MAX_STREAM_PAGES, max_items: DEFAULT_MAX_STREAM_ITEMS }
    }
}

/// Walks a whole collection: asks `fetch` for one range after the other,
/// checks each answer against the previous ones and yields the items in
/// order. Pages are at most `page_size` items, and at most what the server's
/// `Accept-Range` allows once it said. Stops after exactly `COUNT` items;
/// a missing, malformed or inconsistent `Content-Range` ends the stream with
/// an error. The default [`StreamLimits`] apply; see [`paginate_within`].
pub fn paginate<T, B, F, Fut>(page_size: u64, fetch: F) -> PageStream<T, B>
where
    T: Send + 'static,
    B: Send + 'static,
    F: FnMut(Range) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Response<Page<T>>, Error<B>>> + Send + 'static,
{
    paginate_within(StreamLimits::new(page_size), fetch)
}

/// [`paginate`] within `limits`: the stream ends with
/// [`Error::StreamLimit`] once it fetched `max_pages` pages or yielded
/// `max_items` items and the collection goes on. One page is held at a time:
/// the next is fetched only once the items of the previous one were taken.
pub fn paginate_within<T, B, F, Fut>(limits: StreamLimits, fetch: F) -> PageStream<T, B>
where
    T: Send + 'static,
    B: Send + 'static,
    F: FnMut(Range) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Response<Page<T>>, Error<B>>> + Send + 'static,
{
    let walk = Walk {
        fetch,
        page_size: limits.page_size.max(1),
        limits,
        next: 0,
        count: None,
        pages: 0,
        items: 0,
        done: false,
    };
    let pages = stream::unfold(walk, |mut walk| async move {
        if walk.done {
            return None;
        }
        let outcome = walk.next_page().await;
        if outcome.is_err() {
            walk.done = true;
        }
        Some((outcome, walk))
    });
    items_of(pages)
}

struct Walk<F> {
    fetch: F,
    page_size: u64,
    limits: StreamLimits,
    /// Index of the next item to ask for.
    next: u64,
    /// The collection's size, once the first page told it.
    count: Option<u64>,
    /// Pages fetched and items yielded so far.
    pages: u64,
    items: u64,
    done: bool,
}

impl<F> Walk<F> {
    async fn next_page<T, B, Fut>(&mut self) -> Result<Vec<T>, Error<B>>
    where
        F: FnMut(Range) -> Fut,
        Fut: Future<Output = Result<Response<Page<T>>, Error<B>>>,
    {
        self.check_limits()?;
        let asked = Range::from_start(self.next, self.page_size);
        let response = (self.fetch)(asked).await?;
        self.pages += 1;
        let status = response.status();
        let page = response.into_body();
        let fail = |message: String| Error::Pagination { message: format!("asked {asked}, got {status}: {message}") };
        let content_range = page.content_range.ok_or_else(|| fail("no Content-Range header".to_string()))?;
        if let Some(accept) = page.accept_range.filter(|accept| *accept > 0) {
            self.page_size = self.page_size.min(accept);
        }
        if let Some(count) = self.count.filter(|count| *count != content_range.count) {
            return Err(fail(format!("the collection size changed from {count} to {}", content_range.count)));
        }
        let received = u64::try_from(page.items.len()).unwrap_or(u64::MAX);
        if received != content_range.len() {
            return Err(fail(format!(
                "Content-Range {content_range} announces {} items, the body has {received}",
                content_range.len()
            )));
        }
        match content_range.items {
            None if content_range.count == 0 && self.next == 0 => {}
            None => return Err(fail(format!("no item, yet the collection holds {}", content_range.count))),
            Some((start, _)) if start != self.next => {
                return Err(fail(format!("Content-Range {content_range} does not start at {}", self.next)));
            }
            Some(_) => {}
        }
        if status == StatusCode::OK && !(content_range.start().unwrap_or(0) == 0 && content_range.is_last()) {
            return Err(fail(format!("200 means the whole collection, but Content-Range is {content_range}")));
        }
        if status != StatusCode::OK && status != StatusCode::PARTIAL_CONTENT {
            return Err(fail("expected 200 or 206".to_string()));
        }
        self.count = Some(content_range.count);
        self.next = content_range.end().map_or(self.next, |end| end + 1);
        self.done = content_range.is_last();
        let mut items = page.items;
        // Past the item limit, the rest of the page is dropped and the next
        // call reports the limit, even when this page was the last one.
        let room = usize::try_from(self.limits.max_items.saturating_sub(self.items)).unwrap_or(usize::MAX);
        if items.len() > room {
            items.truncate(room);
            self.done = false;
        }
        self.items += u64::try_from(items.len()).unwrap_or(u64::MAX);
        Ok(items)
    }

    fn check_limits<B>(&self) -> Result<(), Error<B>> {
        check_limits(&self.limits, self.pages, self.items, self.count)
    }
}

/// The error that ends a stream which reached its limits.
fn check_limits<B>(limits: &StreamLimits, pages: u64, items: u64, count: Option<u64>) -> Result<(), Error<B>> {
    let count = count.map_or_else(|| "an unknown number of".to_string(), |count| count.to_string());
    if items >= limits.max_items {
        return Err(Error::StreamLimit {
            message: format!(
                "stopped after {items} items (the configured maximum) of a collection announcing {count} items"
            ),
        });
    }
    if pages >= limits.max_pages {
        return Err(Error::StreamLimit {
            message: format!(
                "stopped after {pages} pages (the configured maximum) of a collection announcing {count} items"
            ),
        });
    }
    Ok(())
}

/// How a collection that is not in the `range` style moves on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageStyle {
    /// A page number, the first being `first`.
    Number { first: u64 },
    /// An offset into the collection, from 0.
    Offset,
    /// A cursor the previous answer gave; none on the first page.
    Cursor,
}

/// What the documentation says of one paged collection: the parameters the
/// client sets and the signals its answers carry (dotted paths into the
/// body). Written as a `const` by generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub style: PageStyle,
    /// The query parameter carrying the page number, offset or cursor.
    pub param: &'static str,
    /// The query parameter carrying the page size, when documented.
    pub size_param: Option<&'static str>,
    /// Where the items are; `None`: the body is the array.
    pub items_field: Option<&'static str>,
    /// The `Link` header names the next page; none on the last.
    pub link_header: bool,
    pub next_url_field: Option<&'static str>,
    pub next_field: Option<&'static str>,
    /// The field of the last item that is the next cursor.
    pub cursor_item_field: Option<&'static str>,
    pub has_more_field: Option<&'static str>,
    pub total_field: Option<&'static str>,
    pub total_pages_field: Option<&'static str>,
}

impl Paging {
    /// A collection of `style` moved by `param`, with no signal documented.
    pub const fn new(style: PageStyle, param: &'static str) -> Self {
        Paging {
            style,
            param,
            size_param: None,
            items_field: None,
            link_header: false,
            next_url_field: None,
            next_field: None,
            cursor_item_field: None,
            has_more_field: None,
            total_field: None,
            total_pages_field: None,
        }
    }

    /// Whether the next page comes as a URL to follow.
    fn follows_urls(&self) -> bool {
        self.link_header || self.next_url_field.is_some()
    }
}

/// Which page to fetch: the query parameters to set on the request, or the
/// URL the previous answer named (which the transport follows only within
/// the base URL's origin).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageAt {
    pub query: Vec<(&'static str, String)>,
    pub follow: Option<String>,
}

impl PageAt {
    /// `request` asking for this page.
    pub fn apply(self, mut request: super::transport::Request) -> super::transport::Request {
        for (name, value) in self.query {
            request = request.set_query(name, value);
        }
        match self.follow {
            Some(url) => request.follow(url),
            None => request,
        }
    }
}

/// Where the walk goes next.
#[derive(Debug, Clone)]
enum Next {
    Number(u64),
    Offset(u64),
    Cursor(Option<String>),
    Url(String),
}

struct PageWalk<F> {
    fetch: F,
    paging: Paging,
    limits: StreamLimits,
    next: Next,
    /// Cursors and URLs followed so far: one coming back is a loop.
    seen: HashSet<String>,
    pages: u64,
    items: u64,
    done: bool,
}

/// Walks a whole collection described by `paging`: asks `fetch` for one page
/// after the other (setting the page, offset or cursor parameter and the page
/// size, or following the next link), yields the items in order, and stops by
/// the documented signal: no next link, a null or empty next cursor, a false
/// "more" flag, the announced total of items or pages reached; in any case on
/// an empty page (never on a short one: servers cap page sizes). A cursor or
/// link that comes back ends the stream with [`Error::Pagination`], and the
/// [`StreamLimits`] apply as in [`paginate_within`].
pub fn walk_pages<T, B, F, Fut>(limits: StreamLimits, paging: Paging, fetch: F) -> PageStream<T, B>
where
    T: Send + 'static,
    B: Send + 'static,
    F: FnMut(PageAt) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Response<Page<T>>, Error<B>>> + Send + 'static,
{
    let next = match paging.style {
        PageStyle::Number { first } => Next::Number(first),
        PageStyle::Offset => Next::Offset(0),
        PageStyle::Cursor => Next::Cursor(None),
    };
    let walk = PageWalk {
        fetch,
        paging,
        limits: StreamLimits { page_size: limits.page_size.max(1), ..limits },
        next,
        seen: HashSet::new(),
        pages: 0,
        items: 0,
        done: false,
    };
    let pages = stream::unfold(walk, |mut walk| async move {
        if walk.done {
            return None;
        }
        let outcome = walk.next_page().await;
        if outcome.is_err() {
            walk.done = true;
        }
        Some((outcome, walk))
    });
    items_of(pages)
}

impl<F> PageWalk<F> {
    fn page_at(&self) -> PageAt {
        let mut at = PageAt::default();
        let value = match &self.next {
            Next::Url(url) => {
                at.follow = Some(url.clone());
                return at;
            }
            Next::Number(number) | Next::Offset(number) => Some(number.to_string()),
            Next::Cursor(cursor) => cursor.clone(),
        };
        if let Some(value) = value {
            at.query.push((self.paging.param, value));
        }
        if let Some(size) = self.paging.size_param {
            at.query.push((size, self.limits.page_size.to_string()));
        }
        at
    }

    async fn next_page<T, B, Fut>(&mut self) -> Result<Vec<T>, Error<B>>
    where
        F: FnMut(PageAt) -> Fut,
        Fut: Future<Output = Result<Response<Page<T>>, Error<B>>>,
    {
        check_limits(&self.limits, self.pages, self.items, None)?;
        let at = self.page_at();
        let page = (self.fetch)(at).await?.into_body();
        self.pages += 1;
        let received = u64::try_from(page.items.len()).unwrap_or(u64::MAX);
        self.done = self.ends(&page, received);
        if !self.done {
            self.next = self.next_after(&page, received)?;
        }
        let mut items = page.items;
        // Past the item limit, the rest of the page is dropped and the next
        // call reports the limit, even when this page was the last one.
        let room = usize::try_from(self.limits.max_items.saturating_sub(self.items)).unwrap_or(usize::MAX);
        if items.len() > room {
            items.truncate(room);
            self.done = false;
        }
        self.items += u64::try_from(items.len()).unwrap_or(u64::MAX);
        Ok(items)
    }

    /// Whether `page` is the last one, by the documented signals.
    fn ends<T>(&self, page: &Page<T>, received: u64) -> bool {
        let paging = &self.paging;
        let seen = self.items.saturating_add(received);
        received == 0
            || (paging.follows_urls() && page.next_url.as_deref().is_none_or(str::is_empty))
            || (!paging.follows_urls()
                && matches!(paging.style, PageStyle::Cursor)
                && page.next_cursor.as_deref().is_none_or(str::is_empty))
            || page.has_more == Some(false)
            || page.total.is_some_and(|total| seen >= total)
            || page.total_pages.is_some_and(|total| self.pages >= total)
    }

    /// The next page after `page`; a cursor or link seen before is a loop.
    fn next_after<T, B>(&mut self, page: &Page<T>, received: u64) -> Result<Next, Error<B>> {
        let repeated = |what: &str| Error::Pagination {
            message: format!("the server gave the same next {what} twice; the collection would never end"),
        };
        if self.paging.follows_urls() {
            let url = page.next_url.clone().unwrap_or_default();
            if !self.seen.insert(url.clone()) {
                return Err(repeated("link"));
            }
            return Ok(Next::Url(url));
        }
        Ok(match &self.next {
            Next::Number(number) => Next::Number(number.saturating_add(1)),
            Next::Offset(offset) => Next::Offset(offset.saturating_add(received)),
            Next::Cursor(_) | Next::Url(_) => {
                let cursor = page.next_cursor.clone().unwrap_or_default();
                if !self.seen.insert(cursor.clone()) {
                    return Err(repeated("cursor"));
                }
                Next::Cursor(Some(cursor))
            }
        })
    }
}

/// `page` with its next cursor taken from field `field` (a dotted path) of
/// its last item, as the documentation of a collection says
/// (`starting_after=<id of the last item>`).
pub fn with_item_cursor<T: serde::Serialize>(mut page: Page<T>, field: &str) -> Page<T> {
    let last = page.items.last().and_then(|item| serde_json::to_value(item).ok());
    let value = last.as_ref().and_then(|last| field.split('.').try_fold(last, |value, key| value.get(key)));
    page.next_cursor = match value {
        Some(serde_json::Value::String(text)) if !text.is_empty() => Some(text.clone()),
        Some(serde_json::Value::Number(number)) => Some(number.to_string()),
        _ => None,
    };
    page
}

/// The target of the `Link` header's `rel="next"` entry, when there is one.
pub(crate) fn link_next(header: &str) -> Option<&str> {
    let mut rest = header;
    while let Some(open) = rest.find('<') {
        let close = open + rest[open..].find('>')?;
        let target = &rest[open + 1..close];
        let after = &rest[close + 1..];
        let params_end = after.find('<').unwrap_or(after.len());
        let params = &after[..params_end];
        let is_next = params.split(';').any(|param| {
            let Some((key, value)) = param.split_once('=') else { return false };
            key.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_end_matches(',')
                    .trim_end()
                    .trim_matches('"')
                    .split_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.trim());
        }
        rest = after;
    }
    None
}

/// The items of a stream of pages, in order; an error ends it.
fn items_of<T, B>(pages: impl Stream<Item = Result<Vec<T>, Error<B>>> + Send + 'static) -> PageStream<T, B>
where
    T: Send + 'static,
    B: Send + 'static,
{
    Box::pin(pages.flat_map(|outcome| {
        let items: Box<dyn Iterator<Item = Result<T, Error<B>>> + Send> = match outcome {
            Ok(items) => Box::new(items.into_iter().map(Ok)),
            Err(error) => Box::new(std::iter::once(Err(error))),
        };
        stream::iter(items)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_ranges_parse() {
        assert_eq!("0-9/10".parse(), Ok(ContentRange { items: Some((0, 9)), count: 10 }));
        assert_eq!(" 100-199/10000 ".parse(), Ok(ContentRange { items: Some((100, 199)), count: 10000 }));
        assert_eq!("items 0-0/1".parse(), Ok(ContentRange { items: Some((0, 0)), count: 1 }));
        assert_eq!("*/0".parse(), Ok(ContentRange { items: None, count: 0 }));
        assert_eq!("5-9/10".parse::<ContentRange>().map(|range| range.to_string()), Ok("5-9/10".to_string()));
    }

    #[test]
    fn malformed_content_ranges_are_errors() {
        for text in ["", "0-9", "0-9/", "a-9/10", "9-0/10", "0-10/10", "-1-2/3", "0-9/ten", "0-9/10/11", "0--9/10"] {
            assert!(text.parse::<ContentRange>().is_err(), "{text:?} parsed");
        }
    }

    #[test]
    fn link_headers_name_the_next_page() {
        let header =
            r#"<https://h/x?page=1>; rel="prev", <https://h/x?page=3>; rel="next", <https://h/x?page=9>; rel=last"#;
        assert_eq!(link_next(header), Some("https://h/x?page=3"));
        assert_eq!(link_next(r#"</x?p=2>; title="a, b"; rel="next last""#), Some("/x?p=2"));
        assert_eq!(link_next(r#"<https://h/x?page=1>; rel="prev""#), None);
        assert_eq!(link_next("garbage <unclosed"), None);
    }

    #[test]
    fn ranges_print_as_the_query_parameter() {
        assert_eq!(Range::from_start(100, 100).to_string(), "100-199");
        assert_eq!(Range::from_start(0, 0).to_string(), "0-0");
    }
}
