//! The runtime of the crates codegen generates from API documentation.
//!
//! Without features, what the models of a generated crate need: the
//! [`NonEmptyList`] type and the readers of unions ([`tagged`], [`shape`]).
//! With the `client` feature (the default), what every generated client
//! shares: the HTTP transport (rustls, HTTPS only unless told otherwise,
//! timeouts), credentials by scheme, session cookies, hooks, pagination,
//! retries and the error type. The `tracing` feature adds one span per
//! request; `testing` gives the example tests of generated crates their
//! round trip.
#![forbid(unsafe_code)]

#[doc(hidden)]
pub mod json_path;
#[doc(hidden)]
pub mod shape;
#[doc(hidden)]
pub mod tagged;
#[cfg(test)]
mod tagged_tests;
#[cfg(feature = "testing")]
pub mod testing;
pub mod types;

pub use types::{EmptyList, NonEmptyList};

#[cfg(feature = "client")]
mod auth;
#[cfg(feature = "client")]
mod codec;
#[cfg(feature = "client")]
mod error;
#[cfg(feature = "client")]
mod hooks;
#[cfg(feature = "client")]
mod pagination;
#[cfg(feature = "client")]
mod retry;
#[cfg(feature = "client")]
mod secret;
#[cfg(feature = "client")]
mod session;
#[cfg(feature = "client")]
mod transport;

#[cfg(feature = "client")]
pub use auth::{ApiKey, Basic, Bearer, Credential, Scheme, SchemeKind, Security};
#[cfg(feature = "client")]
pub use codec::{param_text, EncodeError};
#[cfg(feature = "client")]
pub use error::{Error, ErrorBody, UntypedBody};
#[cfg(feature = "client")]
pub use hooks::{AfterAnswer, AnswerInfo, BoxFuture, Hook, RequestInfo, MAX_HOOK_RESENDS};
#[cfg(feature = "client")]
pub use pagination::{
    paginate, paginate_within, walk_pages, with_item_cursor, ContentRange, ContentRangeError, Page, PageAt, PageStream,
    PageStyle, Paging, Range, StreamLimits, DEFAULT_MAX_STREAM_ITEMS, DEFAULT_MAX_STREAM_PAGES,
};
#[cfg(feature = "client")]
pub use retry::{RetryPolicy, DEFAULT_MAX_RETRY_AFTER};
#[cfg(feature = "client")]
pub use secret::{Credentials, Secret};
#[cfg(feature = "client")]
pub use session::{LoginId, LoginRoute, SessionPolicy};
#[cfg(feature = "client")]
pub use transport::{
    ApiClient, Applied, ClientBuilder, RawResponse, Request, Response, Transport, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_BODY_SIZE, DEFAULT_PAGE_SIZE, DEFAULT_TIMEOUT, NEW_PROCESS_UID,
};

// What callers need to name the types in signatures, without adding the
// crates themselves.
#[cfg(feature = "client")]
pub use futures_util::stream::{Stream, StreamExt, TryStreamExt};
#[cfg(feature = "client")]
pub use reqwest::header::HeaderMap;
#[cfg(feature = "client")]
pub use reqwest::{Method, StatusCode, Url};
