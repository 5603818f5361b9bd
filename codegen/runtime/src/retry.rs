//! Bounded retries with exponential backoff and jitter.
//!
//! Only requests that are safe to send twice are retried: reads, and commands,
//! which carry a `processUid` the API uses to recognise a duplicate.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;

/// How often and how patiently a safe request is retried after a network
/// error, a timeout, or an answer saying the server is busy or down (408,
/// 429, 502, 503, 504).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// The wait before the first retry; it doubles for each further one.
    pub initial_backoff: Duration,
    /// The longest wait between two attempts chosen by the backoff.
    pub max_backoff: Duration,
    /// The longest wait a server's `Retry-After` can ask for; a longer one
    /// is cut to this.
    pub max_retry_after: Duration,
}

/// The longest wait a `Retry-After` obtains unless configured.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retry.
    pub fn never() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// The wait before retry number `retry` (1 for the first retry).
    ///
    /// "Equal jitter": half of the exponential step is kept and the other half
    /// is random, so clients that failed together spread out without ever
    /// retrying at once. The random half comes from `fastrand`, which is
    /// seeded per thread and needs no locking.
    pub fn backoff(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(20);
        let step = self.initial_backoff.saturating_mul(1u32 << doublings).min(self.max_backoff);
        let half = step / 2;
        let jitter_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(fastrand::u64(0..=jitter_nanos))
    }

    pub(crate) fn allows_another(&self, attempts_made: u32) -> bool {
        attempts_made < self.max_attempts.max(1)
    }

    /// The wait before retry number `retry`: what the server asked for in
    /// `Retry-After` (at most `max_retry_after`), else the backoff.
    pub(crate) fn wait(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(asked) => asked.min(self.max_retry_after),
            None => self.backoff(retry),
        }
    }
}

/// Answers worth another try: the server timed out, is overloaded, or a
/// gateway in front of it failed. A 500 is not among them: the server
/// failed on this very request, and would most likely fail again.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504)
}

/// The wait a `Retry-After` header asks for: delay-seconds or an HTTP date
/// (a date in the past asks for none). Anything else is ignored.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) {
        // More digits than a u64 holds is a very long wait.
        return Some(Duration::from_secs(text.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Failures worth another try: the request may not have arrived, or its
/// answer was lost. A TLS failure (an untrusted or invalid certificate, a
/// handshake refused) is never one: it would fail the same way again, and
/// retrying it only hammers a server that may be an impostor.
pub(crate) fn is_retryable_error(error: &reqwest::Error) -> bool {
    if is_tls_error(error) {
        return false;
    }
    error.is_timeout() || error.is_connect() || error.is_request() || error.is_body() || error.is_decode()
}

/// True when a `rustls` error is somewhere in `error`'s chain of causes.
pub(crate) fn is_tls_error(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<rustls::Error>() {
            return true;
        }
        // `io::Error::source` skips the error it wraps (which may be another
        // `io::Error`): look inside.
        if let Some(inner) = error.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref) {
            if is_tls_error(inner) {
                return true;
            }
        }
        cause = error.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_within_its_bounds() {
        let policy = RetryPolicy {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
            ..RetryPolicy::default()
        };
        for _ in 0..200 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100), "{first:?}");
            let second = policy.backoff(2);
            assert!(second >= Duration::from_millis(100) && second <= Duration::from_millis(200), "{second:?}");
            let capped = policy.backoff(10);
            assert!(capped >= Duration::from_millis(175) && capped <= Duration::from_millis(350), "{capped:?}");
        }
    }

    #[test]
    fn attempts_are_bounded() {
        let policy = RetryPolicy::default();
        assert!(policy.allows_another(1));
        assert!(policy.allows_another(2));
        assert!(!policy.allows_another(3));
        assert!(!RetryPolicy::never().allows_another(1));
    }

    #[test]
    fn busy_or_unreachable_servers_are_retried() {
        for status in [408, 429, 502, 503, 504] {
            assert!(is_retryable_status(StatusCode::from_u16(status).unwrap()), "{status}");
        }
        for status in [400, 401, 403, 404, 409, 500, 501] {
            assert!(!is_retryable_status(StatusCode::from_u16(status).unwrap()), "{status}");
        }
    }

    fn retry_after_header(text: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, text.parse().unwrap());
        headers
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(retry_after(&retry_after_header("7"), now), Some(Duration::from_secs(7)));
        assert_eq!(retry_after(&retry_after_header(" 0 "), now), Some(Duration::ZERO));
        // 2015-10-21 07:28:00 GMT plus 90 s.
        let later = retry_after(&retry_after_header("Wed, 21 Oct 2015 07:29:30 GMT"), now);
        assert_eq!(later, Some(Duration::from_secs(90)));
        let past = retry_after(&retry_after_header("Wed, 21 Oct 2015 07:00:00 GMT"), now);
        assert_eq!(past, Some(Duration::ZERO));
        assert_eq!(
            retry_after(&retry_after_header("99999999999999999999999"), now),
            Some(Duration::from_secs(u64::MAX))
        );
        for junk in ["", "-3", "1.5", "soon", "Wed, 99 Oct 2015"] {
            assert_eq!(retry_after(&retry_after_header(junk), now), None, "{junk:?}");
        }
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn retry_after_is_capped_and_replaces_the_backoff() {
        let policy = RetryPolicy { max_retry_after: Duration::from_secs(10), ..RetryPolicy::default() };
        assert_eq!(policy.wait(1, Some(Duration::from_secs(3))), Duration::from_secs(3));
        assert_eq!(policy.wait(1, Some(Duration::from_secs(3600))), Duration::from_secs(10));
        assert!(policy.wait(1, None) <= policy.initial_backoff);
    }

    #[test]
    fn tls_failures_are_found_in_the_chain_of_causes() {
        let wrapped = std::io::Error::new(std::io::ErrorKind::InvalidData, rustls::Error::DecryptError);
        assert!(is_tls_error(&wrapped));
        // As hyper-util reports a failed handshake: an io::Error in an io::Error.
        assert!(is_tls_error(&std::io::Error::other(wrapped)));
        assert!(is_tls_error(&rustls::Error::DecryptError));
        assert!(!is_tls_error(&std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset")));
    }
}
