//! A mock of the documented API: a real HTTP(S) server built from the IR
//! alone. Logins issue session cookies and other endpoints refuse requests
//! without a live one; endpoints under an API key, bearer or basic scheme
//! refuse requests without the credential (401); collections are served
//! from the documentation's examples, repeated to any size and paged in the
//! documented style (`range` with `Content-Range`, `Accept-Range`, 200 and
//! 206; page numbers, offsets or cursors with the documented `Link` header,
//! next cursor, `has_more` and totals); command bodies are checked
//! against their model, and a repeated `processUid` is recognised. Faults
//! (an error status, a delay, a malformed `Content-Range`) can be injected.
//!
//! Start it in-process with [`MockServer::start`] (inside a tokio runtime), or
//! from the command line with `codegen mock`.

mod credentials;
mod paging;
mod routes;
mod server;
mod tls;
mod values;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::ir::Api;

pub use values::index_uuid;

/// How the mock behaves.
#[derive(Debug, Clone)]
pub struct MockOptions {
    /// Where to listen; port 0 picks a free one.
    pub addr: SocketAddr,
    /// The login/password pairs logins accept; empty accepts any.
    pub accounts: Vec<Account>,
    /// The API keys endpoints under an API-key scheme accept; empty accepts
    /// any non-empty key.
    pub api_keys: Vec<String>,
    /// The bearer tokens endpoints under a bearer or OAuth 2 scheme accept;
    /// empty accepts any.
    pub bearer_tokens: Vec<String>,
    /// The user/password pairs endpoints under HTTP basic accept; empty
    /// accepts any.
    pub basic_accounts: Vec<Account>,
    /// The longest a session lives (the API's is 12 h).
    pub session_lifetime: Duration,
    /// A session unused this long expires (the API's is 1 h).
    pub session_idle_timeout: Duration,
    /// How many items each collection holds.
    pub collection_size: u64,
    /// The largest page served (`Accept-Range`; for the other paging styles,
    /// the most items a page holds whatever size is asked).
    pub accept_range: u64,
    /// Serve HTTPS with a certificate made on start.
    pub tls: bool,
    /// Where to write the PEM of the authority that signed the certificate.
    pub certificate_out: Option<PathBuf>,
    /// Faults to inject from the start; more can be added while running.
    pub faults: Vec<Fault>,
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            accounts: Vec::new(),
            api_keys: Vec::new(),
            bearer_tokens: Vec::new(),
            basic_accounts: Vec::new(),
            session_lifetime: Duration::from_secs(12 * 60 * 60),
            session_idle_timeout: Duration::from_secs(60 * 60),
            collection_size: 250,
            accept_range: 100,
            tls: false,
            certificate_out: None,
            faults: Vec::new(),
        }
    }
}

/// A login and password a login endpoint accepts.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    pub login: String,
    pub password: String,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account").field("login", &self.login).field("password", &"***").finish()
    }
}

/// Something going wrong on purpose, for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The endpoint id it applies to; `None` for every request.
    pub endpoint: Option<String>,
    /// The first request (counting from 1, among those it applies to) hit.
    pub nth: u64,
    /// How many requests in a row are hit from the `nth` on.
    pub times: u64,
    pub action: FaultAction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultAction {
    /// Answer this status without handling the request.
    Status(u16),
    /// Handle the request, then answer this status instead: the answer is
    /// lost, the effect is not.
    StatusAfterHandling(u16),
    /// Wait this long before handling the request.
    Delay(Duration),
    /// Handle the request and send this text as its `Content-Range`; an
    /// empty text removes the header.
    ContentRange(String),
}

impl Fault {
    /// `action` on the `nth` request to `endpoint` (every endpoint if `None`).
    pub fn new(endpoint: Option<&str>, nth: u64, action: FaultAction) -> Self {
        Fault { endpoint: endpoint.map(str::to_string), nth: nth.max(1), times: 1, action }
    }

    /// Hits `times` requests in a row instead of one.
    pub fn times(mut self, times: u64) -> Self {
        self.times = times;
        self
    }
}

/// What the mock saw, for tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MockStats {
    pub requests: u64,
    pub logins: u64,
    /// Requests refused for want of a live session.
    pub unauthorized: u64,
    pub faults_injected: u64,
    pub commands: Vec<CommandRecord>,
}

impl MockStats {
    /// How many times the command with `process_uid` took effect.
    pub fn applied(&self, process_uid: &str) -> usize {
        self.commands
            .iter()
            .filter(|record| {
                record.process_uid.as_deref() == Some(process_uid) && record.outcome == CommandOutcome::Applied
            })
            .count()
    }

    /// How many requests carried the command with `process_uid`.
    pub fn received(&self, process_uid: &str) -> usize {
        self.commands.iter().filter(|record| record.process_uid.as_deref() == Some(process_uid)).count()
    }
}

/// One command request and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandRecord {
    pub endpoint: String,
    pub process_uid: Option<String>,
    pub outcome: CommandOutcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandOutcome {
    Applied,
    /// Its `processUid` had been applied before.
    Duplicate,
    /// The body does not match its model.
    Invalid,
    /// An injected fault answered before it was handled.
    Fault(u16),
}

#[derive(Debug, thiserror::Error)]
pub enum MockError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("cannot make the TLS certificate: {0}")]
    Tls(String),
    #[error("cannot write the certificate to {path}: {source}")]
    WriteCertificate { path: PathBuf, source: std::io::Error },
}

/// A running mock server. Dropping it stops it.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    tls: bool,
    authority_pem: Option<String>,
    state: Arc<server::MockState>,
    handle: axum_server::Handle<SocketAddr>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl MockServer {
    /// Starts serving `api`. Call it inside a tokio runtime; it returns once
    /// the socket is bound.
    pub async fn start(api: Api, options: MockOptions) -> Result<MockServer, MockError> {
        let addr = options.addr;
        let listener = std::net::TcpListener::bind(addr).map_err(|source| MockError::Bind { addr, source })?;
        listener.set_nonblocking(true).map_err(|source| MockError::Bind { addr, source })?;
        let addr = listener.local_addr().map_err(|source| MockError::Bind { addr, source })?;
        let certificates = if options.tls { Some(tls::generate().map_err(MockError::Tls)?) } else { None };
        if let (Some(certificates), Some(path)) = (&certificates, &options.certificate_out) {
            std::fs::write(path, &certificates.authority_pem)
                .map_err(|source| MockError::WriteCertificate { path: path.clone(), source })?;
        }
        let tls = certificates.is_some();
        let state = Arc::new(server::MockState::new(api, options));
        let router = server::router(state.clone());
        let handle = axum_server::Handle::new();
        let task = match &certificates {
            Some(certificates) => {
                let config = axum_server::tls_rustls::RustlsConfig::from_config(certificates.server_config.clone());
                let server = axum_server::from_tcp_rustls(listener, config)
                    .map_err(|source| MockError::Bind { addr, source })?
                    .handle(handle.clone());
                tokio::spawn(server.serve(router.into_make_service()))
            }
            None => {
                let server = axum_server::from_tcp(listener)
                    .map_err(|source| MockError::Bind { addr, source })?
                    .handle(handle.clone());
                tokio::spawn(server.serve(router.into_make_service()))
            }
        };
        Ok(MockServer {
            addr,
            tls,
            authority_pem: certificates.map(|certificates| certificates.authority_pem),
            state,
            handle,
            task: Some(task),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// The PEM certificate of the authority behind the HTTPS certificate.
    pub fn authority_pem(&self) -> Option<&str> {
        self.authority_pem.as_deref()
    }

    pub fn inject(&self, fault: Fault) {
        self.state.inject(fault);
    }

    pub fn clear_faults(&self) {
        self.state.clear_faults();
    }

    /// Ends every open session, as if they had all expired.
    pub fn expire_sessions(&self) {
        self.state.expire_sessions();
    }

    pub fn stats(&self) -> MockStats {
        self.state.stats()
    }

    /// Every session cookie value the logins handed out so far.
    pub fn session_tokens(&self) -> Vec<String> {
        self.state.session_tokens()
    }

    /// Stops accepting requests and waits for the server to end.
    pub async fn shutdown(mut self) {
        self.handle.shutdown();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Runs until the server ends (or fails).
    pub async fn wait(mut self) -> std::io::Result<()> {
        match self.task.take() {
            Some(task) => task.await.unwrap_or_else(|err| Err(std::io::Error::other(err))),
            None => Ok(()),
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.handle.shutdown();
    }
}

#[cfg(test)]
mod tests;
