//! The runtime every generated client shares: the HTTP transport (rustls,
//! HTTPS only unless told otherwise, timeouts), session cookies, pagination,
//! retries and the error type.
//!
//! These files are copied as they are into each generated crate's
//! `src/runtime/`, so they name each other through `super::` and depend only
//! on the crates the generated `Cargo.toml` lists.
#![forbid(unsafe_code)]

pub mod codec;
pub mod error;
pub mod pagination;
pub mod retry;
pub mod secret;
pub mod session;
pub mod transport;

pub use codec::EncodeError;
pub use error::{Error, ErrorBody, UntypedBody};
pub use pagination::{paginate, ContentRange, ContentRangeError, Page, PageStream, Range};
pub use retry::RetryPolicy;
pub use secret::{Credentials, Secret};
pub use session::{LoginRoute, SessionPolicy};
pub use transport::{ApiClient, ClientBuilder, RawResponse, Request, Response, Transport, NEW_PROCESS_UID};

// What callers need to name the types in signatures, without adding the
// crates themselves.
pub use futures_util::stream::{Stream, StreamExt, TryStreamExt};
pub use reqwest::header::HeaderMap;
pub use reqwest::{Method, StatusCode, Url};
