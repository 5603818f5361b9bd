//! Session cookies: one per login route, opened on first use, renewed before
//! it expires and opened again when the server says it has.

use std::fmt;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue, COOKIE, SET_COOKIE};

/// How long the server keeps a session, so the client can renew it in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionPolicy {
    /// The longest a session lives, however busy.
    pub lifetime: Duration,
    /// A session not used for this long expires.
    pub idle_timeout: Duration,
    /// Log in again this long before either limit, rather than risk a request
    /// landing on an expired session.
    pub renew_margin: Duration,
}

impl Default for SessionPolicy {
    /// The documented limits: 12 h at most, 1 h idle.
    fn default() -> Self {
        SessionPolicy {
            lifetime: Duration::from_secs(12 * 60 * 60),
            idle_timeout: Duration::from_secs(60 * 60),
            renew_margin: Duration::from_secs(60),
        }
    }
}

/// One login route of a client: the session a request needs. Generated
/// clients name their logins (`Login::ReadLogin`) and turn them into this, so
/// no call site writes a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LoginId(usize);

impl LoginId {
    /// The route added `position`-th (from 0) to the client's builder.
    pub const fn nth(position: usize) -> Self {
        LoginId(position)
    }

    /// Its position among the builder's login routes.
    pub const fn position(self) -> usize {
        self.0
    }
}

/// A login endpoint and what it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginRoute {
    /// The login path (`/api/v1/login`).
    pub path: String,
    /// Body field carrying the login.
    pub login_field: String,
    /// Body field carrying the password.
    pub password_field: String,
    /// The session cookie's name (`PI_SESSION`).
    pub cookie: String,
}

impl LoginRoute {
    pub fn new(path: &str, login_field: &str, password_field: &str, cookie: &str) -> Self {
        LoginRoute {
            path: path.to_string(),
            login_field: login_field.to_string(),
            password_field: password_field.to_string(),
            cookie: cookie.to_string(),
        }
    }
}

/// The cookie to send, and which login produced it.
#[derive(Clone)]
pub(crate) struct Ticket {
    pub header: HeaderValue,
    pub generation: u64,
}

struct Active {
    ticket: Ticket,
    opened: Instant,
    last_used: Instant,
}

/// The state of one login route.
pub(crate) struct Session {
    pub route: LoginRoute,
    // An async mutex, held across the login request, so concurrent callers
    // wait for one login instead of each opening a session.
    state: tokio::sync::Mutex<SessionState>,
}

#[derive(Default)]
struct SessionState {
    active: Option<Active>,
    logins: u64,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session").field("route", &self.route).finish_non_exhaustive()
    }
}

impl Session {
    pub fn new(route: LoginRoute) -> Self {
        Session { route, state: tokio::sync::Mutex::new(SessionState::default()) }
    }

    /// A cookie fresh enough to use now, logging in through `login` when
    /// there is none or it is about to expire. Marks the session as used.
    pub async fn ticket<E, F, Fut>(&self, policy: &SessionPolicy, login: F) -> Result<Ticket, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<HeaderValue, E>>,
    {
        let mut state = self.state.lock().await;
        let now = Instant::now();
        if let Some(active) = state.active.as_mut() {
            if is_fresh(active, policy, now) {
                active.last_used = now;
                return Ok(active.ticket.clone());
            }
            log::debug!("renewing the session of {} before it expires", self.route.path);
        }
        state.active = None;
        let header = login().await?;
        state.logins += 1;
        let ticket = Ticket { header, generation: state.logins };
        let now = Instant::now();
        state.active = Some(Active { ticket: ticket.clone(), opened: now, last_used: now });
        Ok(ticket)
    }

    /// Forgets the session the server refused, unless a newer one already
    /// replaced it.
    pub async fn expire(&self, generation: u64) {
        let mut state = self.state.lock().await;
        if state.active.as_ref().is_some_and(|active| active.ticket.generation == generation) {
            log::debug!("the server ended the session of {}; logging in again", self.route.path);
            state.active = None;
        }
    }

    /// Forgets the current session, whichever it is.
    pub async fn expire_all(&self) {
        self.state.lock().await.active = None;
    }

    /// How many logins this route made: for tests and metrics.
    pub async fn login_count(&self) -> u64 {
        self.state.lock().await.logins
    }
}

fn is_fresh(active: &Active, policy: &SessionPolicy, now: Instant) -> bool {
    let age = now.saturating_duration_since(active.opened);
    let idle = now.saturating_duration_since(active.last_used);
    age + policy.renew_margin < policy.lifetime && idle + policy.renew_margin < policy.idle_timeout
}

/// The `Cookie` header value carrying session cookie `name` found in a login
/// answer. A standard server sends `Set-Cookie: NAME=VALUE; attributes`; the
/// documentation's example shows `Cookie: NAME=VALUE`: both are accepted.
pub(crate) fn session_cookie(headers: &HeaderMap, name: &str) -> Option<HeaderValue> {
    let from_set_cookie = headers.get_all(SET_COOKIE).iter().find_map(|value| {
        let text = value.to_str().ok()?;
        let pair = text.split(';').next()?;
        cookie_value(pair, name)
    });
    let value = from_set_cookie.or_else(|| {
        headers.get_all(COOKIE).iter().find_map(|value| {
            let text = value.to_str().ok()?;
            text.split(';').find_map(|pair| cookie_value(pair, name))
        })
    })?;
    let mut header = HeaderValue::from_str(&format!("{name}={value}")).ok()?;
    header.set_sensitive(true);
    Some(header)
}

fn cookie_value<'a>(pair: &'a str, name: &str) -> Option<&'a str> {
    let (key, value) = pair.split_once('=')?;
    let value = value.trim().trim_matches('"');
    (key.trim() == name && !value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(name: reqwest::header::HeaderName, values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn finds_the_cookie_in_set_cookie() {
        let answer = headers(SET_COOKIE, &["other=1; Path=/", "PI_SESSION=abc123; Path=/; HttpOnly"]);
        let cookie = session_cookie(&answer, "PI_SESSION").unwrap();
        assert_eq!(cookie.to_str().unwrap(), "PI_SESSION=abc123");
        assert!(cookie.is_sensitive());
        assert_eq!(format!("{cookie:?}"), "Sensitive");
    }

    #[test]
    fn finds_the_cookie_in_a_cookie_header_as_documented() {
        let answer = headers(COOKIE, &["a=b; PI_SESSION=xyz"]);
        assert_eq!(session_cookie(&answer, "PI_SESSION").unwrap().to_str().unwrap(), "PI_SESSION=xyz");
    }

    #[test]
    fn no_cookie_or_an_empty_one_is_none() {
        assert!(session_cookie(&headers(SET_COOKIE, &["other=1"]), "PI_SESSION").is_none());
        assert!(session_cookie(&headers(SET_COOKIE, &["PI_SESSION=; Max-Age=0"]), "PI_SESSION").is_none());
        assert!(session_cookie(&HeaderMap::new(), "PI_SESSION").is_none());
    }

    #[test]
    fn sessions_are_renewed_before_either_limit() {
        let policy = SessionPolicy {
            lifetime: Duration::from_secs(100),
            idle_timeout: Duration::from_secs(10),
            renew_margin: Duration::from_secs(2),
        };
        let start = Instant::now();
        let active = Active {
            ticket: Ticket { header: HeaderValue::from_static("PI_SESSION=x"), generation: 1 },
            opened: start,
            last_used: start,
        };
        assert!(is_fresh(&active, &policy, start + Duration::from_secs(7)));
        assert!(!is_fresh(&active, &policy, start + Duration::from_secs(8)));
        let busy = Active { last_used: start + Duration::from_secs(97), ..active };
        assert!(is_fresh(&busy, &policy, start + Duration::from_secs(97)));
        assert!(!is_fresh(&busy, &policy, start + Duration::from_secs(98)));
    }
}
