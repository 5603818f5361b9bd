//! Hooks: code of the caller's run before every attempt of a request (add a
//! header, sign it) and after every answer (look at the status and headers,
//! ask for the request to be sent again, say after renewing a token).

use std::future::Future;
use std::pin::Pin;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// A boxed future, so that [`Hook`] stays object-safe without a macro crate.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a request is, for a hook: never its filled URL or its credentials.
#[derive(Debug, Clone)]
pub struct RequestInfo {
    pub method: Method,
    /// The documented path, with its `{name}` placeholders.
    pub path_template: &'static str,
    /// The attempt about to be made or just answered, from 1.
    pub attempt: u32,
}

/// An answer, for a hook.
#[derive(Debug)]
pub struct AnswerInfo<'a> {
    pub request: &'a RequestInfo,
    pub status: StatusCode,
    pub headers: &'a HeaderMap,
}

/// What to do once a hook saw an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterAnswer {
    /// Hand the answer to the caller (or to the retry policy).
    Proceed,
    /// Send the request again: the `before` point runs again first, so a
    /// renewed token is used. At most [`MAX_HOOK_RESENDS`] times per call.
    Resend,
}

/// Times one call may be sent again at a hook's request.
pub const MAX_HOOK_RESENDS: u32 = 2;

/// A hook on every request of a client ([`ClientBuilder::hook`](super::ClientBuilder::hook)).
/// Both points do nothing by default.
pub trait Hook: Send + Sync {
    /// Runs before every attempt, on the request as it will be sent (its
    /// credentials attached already). An error stops the call with
    /// [`Error::Hook`](super::Error::Hook).
    fn before<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
        info: &'a RequestInfo,
    ) -> BoxFuture<'a, Result<(), String>> {
        let _ = (request, info);
        Box::pin(std::future::ready(Ok(())))
    }

    /// Runs after every answer, before its body is read.
    fn after<'a>(&'a self, answer: &'a AnswerInfo<'a>) -> BoxFuture<'a, AfterAnswer> {
        let _ = answer;
        Box::pin(std::future::ready(AfterAnswer::Proceed))
    }
}
