//! The runtime every generated client shares: the HTTP transport (rustls,
//! HTTPS only unless told otherwise, timeouts), credentials by scheme,
//! session cookies, hooks, pagination, retries and the error type.
//!
//! These files are copied as they are into each generated crate's
//! `src/runtime/`, so they name each other through `super::` and depend only
//! on the crates the generated `Cargo.toml` lists.
#![forbid(unsafe_code)]

mod auth;
mod codec;
mod error;
mod hooks;
mod pagination;
mod retry;
mod secret;
mod session;
mod transport;

pub use auth::{ApiKey, Basic, Bearer, Credential, Scheme, SchemeKind, Security};
pub use codec::{param_text, EncodeError};
pub use error::{Error, ErrorBody, UntypedBody};
pub use hooks::{AfterAnswer, AnswerInfo, BoxFuture, Hook, RequestInfo, MAX_HOOK_RESENDS};
pub use pagination::{
    paginate, paginate_within, walk_pages, with_item_cursor, ContentRange, ContentRangeError, Page, PageAt, PageStream,
    PageStyle, Paging, Range, StreamLimits, DEFAULT_MAX_STREAM_ITEMS, DEFAULT_MAX_STREAM_PAGES,
};
pub use retry::{RetryPolicy, DEFAULT_MAX_RETRY_AFTER};
pub use secret::{Credentials, Secret};
pub use session::{LoginId, LoginRoute, SessionPolicy};
pub use transport::{
    ApiClient, Applied, ClientBuilder, RawResponse, Request, Response, Transport, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_BODY_SIZE, DEFAULT_PAGE_SIZE, DEFAULT_TIMEOUT, NEW_PROCESS_UID,
};

// What callers need to name the types in signatures, without adding the
// crates themselves.
pub use futures_util::stream::{Stream, StreamExt, TryStreamExt};
pub use reqwest::header::HeaderMap;
pub use reqwest::{Method, StatusCode, Url};
