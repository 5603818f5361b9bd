//! The one error type of a generated client.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// The body of an error answer. A generated crate implements it for its own
/// enum of the error types its documentation lists; answers whose status has
/// no documented type (or whose body does not match it) become
/// [`ErrorBody::untyped`].
pub trait ErrorBody: fmt::Debug + Send + Sync + 'static {
    fn untyped(body: UntypedBody) -> Self;
}

/// An error body kept as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UntypedBody {
    pub text: String,
}

impl UntypedBody {
    /// The body as JSON, when it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.text).ok()
    }
}

impl ErrorBody for UntypedBody {
    fn untyped(body: UntypedBody) -> Self {
        body
    }
}

/// Everything a call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<B = UntypedBody> {
    /// The client was configured with something unusable (a base URL that is
    /// not HTTPS, a certificate that does not parse...).
    #[error("invalid client configuration: {message}")]
    Config { message: String },
    /// The request could not be encoded (a parameter that does not serialise).
    #[error("cannot encode the request: {message}")]
    Encode { message: String },
    /// Connecting, sending or receiving failed.
    #[error("transport error: {source}")]
    Transport {
        #[source]
        source: reqwest::Error,
    },
    /// The request took longer than the configured timeout.
    #[error("the request timed out")]
    Timeout {
        #[source]
        source: reqwest::Error,
    },
    /// The server answered with an error status; `body` is decoded to the type
    /// the documentation gives for that status. (Boxed, so that results stay
    /// small whatever the API's error bodies.)
    #[error("the server answered {status}: {body:?}")]
    Status { status: StatusCode, headers: Box<HeaderMap>, body: Box<B> },
    /// A successful answer whose body does not match the documented type;
    /// `path` is the JSON path of the failing value (`result[3].uid`).
    #[error("cannot decode the {status} answer at `{path}`: {message}")]
    Decode { status: StatusCode, path: String, message: String },
    /// A collection answered pages that do not fit together (missing,
    /// malformed or inconsistent `Content-Range`).
    #[error("pagination: {message}")]
    Pagination { message: String },
    /// An answer's body is larger than the configured maximum
    /// ([`ClientBuilder::max_body_size`](super::ClientBuilder::max_body_size));
    /// reading stopped there.
    #[error("the {status} answer's body is larger than the limit of {limit} bytes (see ClientBuilder::max_body_size)")]
    BodyTooLarge { status: StatusCode, limit: u64 },
    /// A stream reached the configured maximum of pages or items
    /// ([`ClientBuilder::max_stream_pages`](super::ClientBuilder::max_stream_pages),
    /// [`ClientBuilder::max_stream_items`](super::ClientBuilder::max_stream_items))
    /// before the collection ended.
    #[error("stream limit: {message}")]
    StreamLimit { message: String },
    /// A hook refused to let a request go, or asked for it to be sent again
    /// too many times.
    #[error("hook: {message}")]
    Hook { message: String },
    /// Logging in failed or gave no session cookie.
    #[error("session: {message}")]
    Session { message: String, status: Option<StatusCode> },
}

impl<B> Error<B> {
    pub(crate) fn from_reqwest(mut source: reqwest::Error) -> Self {
        // reqwest takes userinfo out of the URLs it sends; this keeps any
        // that would remain out of the message all the same.
        if let Some(url) = source.url_mut() {
            let _ = url.set_password(None);
            let _ = url.set_username("");
        }
        if source.is_timeout() {
            Error::Timeout { source }
        } else {
            Error::Transport { source }
        }
    }

    /// The headers of an error answer.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Status { headers, .. } => Some(headers.as_ref()),
            _ => None,
        }
    }

    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// The HTTP status, for errors that carry one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status { status, .. } | Error::Decode { status, .. } | Error::BodyTooLarge { status, .. } => {
                Some(*status)
            }
            Error::Session { status, .. } => *status,
            _ => None,
        }
    }

    /// The decoded error body of an error answer.
    pub fn body(&self) -> Option<&B> {
        match self {
            Error::Status { body, .. } => Some(body.as_ref()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_errors_show_their_body() {
        let error: Error = Error::Status {
            status: StatusCode::BAD_REQUEST,
            headers: Box::default(),
            body: Box::new(UntypedBody { text: "{\"message\":\"nope\"}".to_string() }),
        };
        assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
        assert!(error.to_string().contains("400 Bad Request"));
        assert_eq!(
            error.body().and_then(UntypedBody::json).and_then(|v| v["message"].as_str().map(String::from)),
            Some("nope".to_string())
        );
    }
}
