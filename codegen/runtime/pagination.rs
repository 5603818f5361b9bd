//! Collections served page by page: `range=START-END` asks for a part,
//! `Content-Range: START-END/COUNT` says which part came, `Accept-Range: N`
//! is the largest page the server serves, `200` means the whole collection and
//! `206` a part of it.

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
    Box::pin(pages.flat_map(|outcome| {
        let items: Box<dyn Iterator<Item = Result<T, Error<B>>> + Send> = match outcome {
            Ok(items) => Box::new(items.into_iter().map(Ok)),
            Err(error) => Box::new(std::iter::once(Err(error))),
        };
        stream::iter(items)
    }))
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

    /// The error that ends a stream which reached its limits.
    fn check_limits<B>(&self) -> Result<(), Error<B>> {
        let count = self.count.map_or_else(|| "an unknown number of".to_string(), |count| count.to_string());
        if self.items >= self.limits.max_items {
            return Err(Error::StreamLimit {
                message: format!(
                    "stopped after {} items (the configured maximum) of a collection announcing {count} items",
                    self.items
                ),
            });
        }
        if self.pages >= self.limits.max_pages {
            return Err(Error::StreamLimit {
                message: format!(
                    "stopped after {} pages (the configured maximum) of a collection announcing {count} items",
                    self.pages
                ),
            });
        }
        Ok(())
    }
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
    fn ranges_print_as_the_query_parameter() {
        assert_eq!(Range::from_start(100, 100).to_string(), "100-199");
        assert_eq!(Range::from_start(0, 0).to_string(), "0-0");
    }
}
