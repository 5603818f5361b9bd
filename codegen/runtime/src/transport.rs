//! The HTTP side: building the `reqwest` client (rustls, HTTPS only unless
//! told otherwise, timeouts), sending requests with their session cookie,
//! retrying what is safe to retry, and decoding answers.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, COOKIE, SET_COOKIE};
use reqwest::{Method, StatusCode, Url};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::auth::{self, ApiKey, Basic, Bearer, Credential, Keyring, Security};
use super::codec::{self, param_text, DecodeFailure, EncodeError, Items, PageBody};
use super::error::{Error, ErrorBody, UntypedBody};
use super::hooks::{AfterAnswer, AnswerInfo, Hook, RequestInfo, MAX_HOOK_RESENDS};
use super::pagination::{
    link_next, ContentRange, Page, Paging, StreamLimits, DEFAULT_MAX_STREAM_ITEMS, DEFAULT_MAX_STREAM_PAGES,
};
use super::retry::{is_retryable_error, is_retryable_status, retry_after, RetryPolicy};
use super::secret::{redact_userinfo, Credentials};
use super::session::{session_cookie, LoginId, LoginRoute, Session, SessionPolicy};

/// The timeout of a whole request (connect, send, receive) unless configured.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The timeout of opening a connection unless configured.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Items asked per page when walking a collection, unless configured; the
/// server's `Accept-Range` lowers it.
pub const DEFAULT_PAGE_SIZE: u64 = 100;
/// The largest answer body read unless configured, in bytes (32 MiB): a
/// server cannot make the client hold more, whatever its `Content-Length`.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 32 << 20;

/// A client made from a [`Transport`]: what [`ClientBuilder::build`] gives.
/// Generated crates implement it for their `Client`; a bare `Transport` is
/// one too.
pub trait ApiClient: Sized {
    /// The error bodies of the API (see [`ErrorBody`]).
    type ErrorBody;

    fn from_transport(transport: Transport<Self::ErrorBody>) -> Self;
}

impl<B> ApiClient for Transport<B> {
    type ErrorBody = B;

    fn from_transport(transport: Transport<B>) -> Self {
        transport
    }
}

/// Configures a client `C`. HTTPS only, a 30 s timeout, three attempts for
/// safe requests and answers of at most 32 MiB unless told otherwise.
pub struct ClientBuilder<C = Transport<UntypedBody>> {
    base_url: String,
    credentials: Option<Credentials>,
    allow_http: bool,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    root_certificates: Vec<CertificateDer<'static>>,
    built_in_roots: bool,
    retry: RetryPolicy,
    session: SessionPolicy,
    page_size: u64,
    max_body_size: u64,
    max_stream_pages: u64,
    max_stream_items: u64,
    user_agent: String,
    logins: Vec<LoginRoute>,
    keyring: Keyring,
    hooks: Vec<Arc<dyn Hook>>,
    http: Option<reqwest::Client>,
    problems: Vec<String>,
    client: PhantomData<fn() -> C>,
}

// By hand: derived impls would require `C: Debug` and `C: Clone`.
impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &redact_userinfo(&self.base_url))
            .field("credentials", &self.credentials)
            .field("allow_http", &self.allow_http)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("root_certificates", &self.root_certificates.len())
            .field("built_in_roots", &self.built_in_roots)
            .field("retry", &self.retry)
            .field("session", &self.session)
            .field("page_size", &self.page_size)
            .field("max_body_size", &self.max_body_size)
            .field("max_stream_pages", &self.max_stream_pages)
            .field("max_stream_items", &self.max_stream_items)
            .field("logins", &self.logins)
            .field("keyring", &self.keyring)
            .field("hooks", &self.hooks.len())
            .field("own_reqwest_client", &self.http.is_some())
            .finish_non_exhaustive()
    }
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            base_url: self.base_url.clone(),
            credentials: self.credentials.clone(),
            allow_http: self.allow_http,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            root_certificates: self.root_certificates.clone(),
            built_in_roots: self.built_in_roots,
            retry: self.retry.clone(),
            session: self.session.clone(),
            page_size: self.page_size,
            max_body_size: self.max_body_size,
            max_stream_pages: self.max_stream_pages,
            max_stream_items: self.max_stream_items,
            user_agent: self.user_agent.clone(),
            logins: self.logins.clone(),
            keyring: self.keyring.clone(),
            hooks: self.hooks.clone(),
            http: self.http.clone(),
            problems: self.problems.clone(),
            client: PhantomData,
        }
    }
}

impl<C> ClientBuilder<C> {
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientBuilder {
            base_url: base_url.into(),
            credentials: None,
            allow_http: false,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            root_certificates: Vec::new(),
            built_in_roots: true,
            retry: RetryPolicy::default(),
            session: SessionPolicy::default(),
            page_size: DEFAULT_PAGE_SIZE,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            max_stream_pages: DEFAULT_MAX_STREAM_PAGES,
            max_stream_items: DEFAULT_MAX_STREAM_ITEMS,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string(),
            logins: Vec::new(),
            keyring: Keyring::default(),
            hooks: Vec::new(),
            http: None,
            problems: Vec::new(),
            client: PhantomData,
        }
    }

    /// The login and password every login route sends.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// An API key for every API key scheme without one of its own (see
    /// [`ClientBuilder::credential_for`]).
    pub fn api_key(mut self, key: ApiKey) -> Self {
        self.keyring.insert_any(key.into());
        self
    }

    /// A bearer token for every bearer or OAuth 2 scheme without one of its
    /// own.
    pub fn bearer(mut self, token: Bearer) -> Self {
        self.keyring.insert_any(token.into());
        self
    }

    /// HTTP basic credentials for every basic scheme without its own.
    pub fn basic(mut self, basic: Basic) -> Self {
        self.keyring.insert_any(basic.into());
        self
    }

    /// The credential of the scheme named `scheme` (the name the
    /// documentation gives it), sent where that scheme says.
    pub fn credential_for(mut self, scheme: &str, credential: impl Into<Credential>) -> Self {
        self.keyring.insert_named(scheme, credential.into());
        self
    }

    /// Sends every request through `client`, built by the caller (proxies,
    /// custom TLS, connection pools...). The builder's own TLS settings (root
    /// certificates, built-in roots), timeouts, user agent and its refusal of
    /// redirects then do not apply: they are `client`'s to set. The base URL
    /// must still be HTTPS unless [`ClientBuilder::danger_allow_http`] says
    /// otherwise. The crate's reqwest has no process-wide TLS provider: build
    /// `client` with `use_preconfigured_tls` (a rustls `ClientConfig`) or
    /// install a rustls provider first.
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Runs `hook` before every attempt and after every answer, after the
    /// hooks added before it.
    pub fn hook(mut self, hook: impl Hook + 'static) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Accepts a plain `http://` base URL. The API is served over HTTPS only:
    /// this exists for tests against a local server, never for production.
    pub fn danger_allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// The longest a whole request may take; `None` waits forever.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest opening a connection may take; `None` waits forever.
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Trusts the certificates of a PEM file (one or more) as roots, besides
    /// the built-in ones.
    pub fn add_root_certificate_pem(mut self, pem: &[u8]) -> Self {
        let mut found = 0;
        for certificate in CertificateDer::pem_slice_iter(pem) {
            match certificate {
                Ok(certificate) => {
                    self.root_certificates.push(certificate);
                    found += 1;
                }
                Err(err) => self.problems.push(format!("a root certificate does not parse: {err}")),
            }
        }
        if found == 0 {
            self.problems.push("the PEM root certificate text holds no certificate".to_string());
        }
        self
    }

    /// Trusts a DER certificate as a root.
    pub fn add_root_certificate_der(mut self, der: Vec<u8>) -> Self {
        self.root_certificates.push(CertificateDer::from(der));
        self
    }

    /// Whether the Mozilla root certificates are trusted (they are by default).
    pub fn tls_built_in_root_certs(mut self, enabled: bool) -> Self {
        self.built_in_roots = enabled;
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn session_policy(mut self, policy: SessionPolicy) -> Self {
        self.session = policy;
        self
    }

    /// Items asked per page when walking a collection.
    pub fn page_size(mut self, size: u64) -> Self {
        self.page_size = size.max(1);
        self
    }

    /// The largest answer body read, in bytes; a larger one fails with
    /// [`Error::BodyTooLarge`] as soon as it is known to be larger (from its
    /// `Content-Length`, or once that many bytes arrived).
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// The most pages one `_stream` fetches; then it ends with
    /// [`Error::StreamLimit`].
    pub fn max_stream_pages(mut self, pages: u64) -> Self {
        self.max_stream_pages = pages;
        self
    }

    /// The most items one `_stream` yields; then it ends with
    /// [`Error::StreamLimit`].
    pub fn max_stream_items(mut self, items: u64) -> Self {
        self.max_stream_items = items;
        self
    }

    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// A login route; requests name routes by the order they were added.
    pub fn login_route(mut self, route: LoginRoute) -> Self {
        self.logins.push(route);
        self
    }

    /// The configured client.
    pub fn build(self) -> Result<C, Error<C::ErrorBody>>
    where
        C: ApiClient,
    {
        self.build_transport().map(C::from_transport)
    }

    /// The configured transport, for a client of one's own.
    pub fn build_transport<B>(self) -> Result<Transport<B>, Error<B>> {
        let config = |message: String| Error::Config { message };
        if let Some(problem) = self.problems.first() {
            return Err(config(problem.clone()));
        }
        // Userinfo (`user:password@`) never reaches a message.
        let shown = redact_userinfo(&self.base_url);
        let base = Url::parse(&self.base_url).map_err(|err| config(format!("base URL `{shown}`: {err}")))?;
        match base.scheme() {
            "https" => {}
            "http" if self.allow_http => {}
            "http" => {
                return Err(config(format!(
                    "base URL `{shown}` is plain HTTP; the API is served over HTTPS only \
                     (danger_allow_http(true) allows HTTP for local tests)"
                )))
            }
            other => return Err(config(format!("base URL `{shown}`: unsupported scheme `{other}`"))),
        }
        if base.cannot_be_a_base() {
            return Err(config(format!("base URL `{shown}` cannot take a path")));
        }
        let http = match self.http.clone() {
            Some(http) => http,
            None => self.http_client().map_err(config)?,
        };
        Ok(Transport {
            http,
            shown_base: without_userinfo(&base),
            base,
            credentials: self.credentials,
            keyring: self.keyring,
            hooks: self.hooks,
            sessions: self.logins.into_iter().map(Session::new).collect(),
            retry: self.retry,
            session_policy: self.session,
            page_size: self.page_size,
            max_body_size: self.max_body_size,
            stream_limits: StreamLimits {
                page_size: self.page_size,
                max_pages: self.max_stream_pages,
                max_items: self.max_stream_items,
            },
            body: PhantomData,
        })
    }

    fn http_client(&self) -> Result<reqwest::Client, String> {
        let tls = self.tls_config()?;
        let mut http = reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .https_only(!self.allow_http)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(self.user_agent.clone());
        if let Some(timeout) = self.timeout {
            http = http.timeout(timeout);
        }
        if let Some(timeout) = self.connect_timeout {
            http = http.connect_timeout(timeout);
        }
        http.build().map_err(|err| format!("cannot build the HTTP client: {err}"))
    }

    // rustls with the ring provider, chosen here rather than installed as a
    // process-wide default, so this crate never fights another for it.
    fn tls_config(&self) -> Result<rustls::ClientConfig, String> {
        let mut roots = rustls::RootCertStore::empty();
        if self.built_in_roots {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
        for certificate in &self.root_certificates {
            roots.add(certificate.clone()).map_err(|err| format!("a root certificate is unusable: {err}"))?;
        }
        // ring builds with a C compiler alone (aws-lc-rs, the provider with
        // post-quantum key exchange, also needs cmake); rustls 0.23.48 marks
        // ring's provider deprecated for that reason only.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|err| format!("TLS setup: {err}"))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(config)
    }
}

/// A `processUid` that asks the client to choose one: a command sent with it
/// (the nil UUID) gets a fresh random UUID instead, kept across retries.
pub const NEW_PROCESS_UID: uuid::Uuid = uuid::Uuid::nil();

/// A request about to be sent: built by generated methods.
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    template: &'static str,
    path_params: Vec<(&'static str, String)>,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<Bytes>,
    session: Option<LoginId>,
    retry: bool,
    process_uid: Option<String>,
    duplicates: Vec<DuplicateRefusal>,
    security: Security,
    /// A next-page URL the server gave, sent instead of the template.
    follow: Option<String>,
}

/// How the API refuses a command whose `processUid` it has applied already:
/// an error status whose body has `field` set to one of `codes`.
#[derive(Debug, Clone)]
struct DuplicateRefusal {
    status: u16,
    field: &'static str,
    codes: &'static [&'static str],
}

impl DuplicateRefusal {
    fn matches(&self, status: StatusCode, body: &[u8]) -> bool {
        if status.as_u16() != self.status {
            return false;
        }
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else { return false };
        value.get(self.field).and_then(serde_json::Value::as_str).is_some_and(|code| self.codes.contains(&code))
    }
}

impl Request {
    /// A request to `template`, a path with `{name}` placeholders.
    pub fn new(method: Method, template: &'static str) -> Self {
        // Reads are safe to send twice.
        let retry = method == Method::GET || method == Method::HEAD;
        Request {
            method,
            template,
            path_params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            session: None,
            retry,
            process_uid: None,
            duplicates: Vec::new(),
            security: &[],
            follow: None,
        }
    }

    /// Who may send it: any one of the alternatives, each naming the schemes
    /// sent together. The client attaches the credentials of the first
    /// alternative it holds all of; `&[]` (the default) sends none.
    pub fn security(mut self, security: Security) -> Self {
        self.security = security;
        self
    }

    /// Sets query parameter `name` to `value`, replacing any value it had.
    pub fn set_query(mut self, name: &'static str, value: String) -> Self {
        self.query.retain(|(existing, _)| *existing != name);
        self.query.push((name, value));
        self
    }

    /// Sends the request to `url` (a next-page link the server gave) instead
    /// of its path and query. The URL must be of the base URL's origin
    /// (scheme, host and port), else the call fails before anything is sent:
    /// credentials never leave for another server.
    pub fn follow(mut self, url: String) -> Self {
        self.follow = Some(url);
        self
    }

    pub fn path_param(mut self, name: &'static str, value: &(impl Serialize + ?Sized)) -> Result<Self, EncodeError> {
        let text = param_text(value)?.ok_or_else(|| EncodeError::new(format!("path parameter `{name}` is empty")))?;
        self.path_params.push((name, text));
        Ok(self)
    }

    /// Adds a query parameter; `None` adds nothing.
    pub fn query(mut self, name: &'static str, value: &(impl Serialize + ?Sized)) -> Result<Self, EncodeError> {
        if let Some(text) = param_text(value)? {
            self.query.push((name, text));
        }
        Ok(self)
    }

    /// Adds a header parameter; `None` adds nothing.
    pub fn header(mut self, name: &'static str, value: &(impl Serialize + ?Sized)) -> Result<Self, EncodeError> {
        if let Some(text) = param_text(value)? {
            self.headers.push((name, text));
        }
        Ok(self)
    }

    pub fn json_body(mut self, body: &(impl Serialize + ?Sized)) -> Result<Self, EncodeError> {
        let bytes = serde_json::to_vec(body).map_err(|err| EncodeError::new(format!("request body: {err}")))?;
        self.body = Some(Bytes::from(bytes));
        Ok(self)
    }

    /// A command body: field `process_uid_field` gets a fresh UUID unless the
    /// caller set one (a missing, null, empty or nil value counts as unset).
    /// The request is then safe to retry: the API recognises the repeated
    /// `processUid` as a duplicate.
    pub fn command_body(
        mut self,
        body: &(impl Serialize + ?Sized),
        process_uid_field: &str,
    ) -> Result<Self, EncodeError> {
        let mut value = serde_json::to_value(body).map_err(|err| EncodeError::new(format!("command body: {err}")))?;
        let object = value.as_object_mut().ok_or_else(|| EncodeError::new("a command body must be a JSON object"))?;
        let given = object
            .get(process_uid_field)
            .and_then(serde_json::Value::as_str)
            .filter(|uid| !uid.is_empty() && *uid != uuid::Uuid::nil().to_string())
            .map(str::to_string);
        let process_uid = match given {
            Some(uid) => uid,
            None => {
                let fresh = uuid::Uuid::new_v4().to_string();
                object.insert(process_uid_field.to_string(), serde_json::Value::String(fresh.clone()));
                fresh
            }
        };
        let bytes = serde_json::to_vec(&value).map_err(|err| EncodeError::new(format!("command body: {err}")))?;
        self.body = Some(Bytes::from(bytes));
        self.process_uid = Some(process_uid);
        self.retry = true;
        Ok(self)
    }

    /// Says how the API refuses this command when its `processUid` was
    /// applied before: `status`, with body field `field` holding one of
    /// `codes`. When a retry of this call gets that refusal after an earlier
    /// attempt's answer was lost, the earlier attempt was applied:
    /// [`RawResponse::is_replay`] is then true.
    pub fn duplicate_refusal(mut self, status: u16, field: &'static str, codes: &'static [&'static str]) -> Self {
        self.duplicates.push(DuplicateRefusal { status, field, codes });
        self
    }

    /// Sends the session cookie of `login`.
    pub fn session(mut self, login: impl Into<LoginId>) -> Self {
        self.session = Some(login.into());
        self
    }

    /// Whether the request may be sent again after a network error or an
    /// answer saying the server is busy or unreachable.
    pub fn retry(mut self, retry: bool) -> Self {
        self.retry = retry;
        self
    }
}

/// A decoded answer with its status and headers.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
    process_uid: Option<String>,
}

impl<T> Response<T> {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub fn body(&self) -> &T {
        &self.body
    }

    pub fn into_body(self) -> T {
        self.body
    }

    /// The `processUid` a command was sent with.
    pub fn process_uid(&self) -> Option<&str> {
        self.process_uid.as_deref()
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response { status: self.status, headers: self.headers, body: f(self.body), process_uid: self.process_uid }
    }
}

/// What a command call gives back: the answer to it, or the news that an
/// earlier attempt of the same call was applied and its answer lost.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Applied<T> {
    /// The server's answer to this call.
    Answer(T),
    /// An attempt of this call reached the server and was applied, but its
    /// answer was lost (a network failure, a timeout, a 502...). The retry,
    /// carrying the same `processUid`, was refused as a duplicate, and that
    /// refusal is this success: the command took effect once. What the
    /// applied attempt answered is unknown; `refusal` is the refusal's body.
    Replayed { refusal: UntypedBody },
}

impl<T> Applied<T> {
    /// The answer, unless the call was a replay.
    pub fn answer(&self) -> Option<&T> {
        match self {
            Applied::Answer(answer) => Some(answer),
            Applied::Replayed { .. } => None,
        }
    }

    pub fn into_answer(self) -> Option<T> {
        match self {
            Applied::Answer(answer) => Some(answer),
            Applied::Replayed { .. } => None,
        }
    }

    /// True when the command was applied by an earlier attempt whose answer
    /// was lost.
    pub fn is_replay(&self) -> bool {
        matches!(self, Applied::Replayed { .. })
    }
}

/// An answer not decoded yet.
pub struct RawResponse<B> {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    process_uid: Option<String>,
    replayed: bool,
    /// Where the request went (relative next links are read against it);
    /// never shown, it may hold a key.
    url: Url,
    /// Which attempt answered, from 1.
    attempt: u32,
    error_body: PhantomData<fn() -> B>,
}

impl<B> fmt::Debug for RawResponse<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .field("replayed", &self.replayed)
            .finish()
    }
}

impl<B> RawResponse<B> {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub fn bytes(&self) -> &Bytes {
        &self.body
    }

    /// Which attempt of the call this answer is, from 1 (retries and resends
    /// asked by hooks count).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// True when this is the API's refusal of a command as a duplicate
    /// (see [`Request::duplicate_refusal`]) received by a retry after an
    /// earlier attempt's answer was lost: the command was applied once.
    pub fn is_replay(&self) -> bool {
        self.replayed
    }

    /// A replayed command as the success it is (see [`Applied::Replayed`]).
    pub fn replayed<T>(self) -> Response<Applied<T>> {
        let refusal = UntypedBody { text: String::from_utf8_lossy(&self.body).into_owned() };
        self.respond(Applied::Replayed { refusal })
    }

    fn respond<T>(self, body: T) -> Response<T> {
        Response { status: self.status, headers: self.headers, body, process_uid: self.process_uid }
    }

    fn decode_error(&self, failure: DecodeFailure) -> Error<B> {
        Error::Decode { status: self.status, path: failure.path, message: failure.message }
    }

    /// The body as JSON of type `T`.
    pub fn json<T: DeserializeOwned>(self) -> Result<Response<T>, Error<B>> {
        match codec::decode::<T>(&self.body) {
            Ok(body) => Ok(self.respond(body)),
            Err(failure) => Err(self.decode_error(failure)),
        }
    }

    /// The body as text: a JSON string is unquoted, anything else is kept as
    /// it came (the documentation types some plain-text answers `String`).
    pub fn text(self) -> Result<Response<String>, Error<B>> {
        let text = match serde_json::from_slice::<String>(&self.body) {
            Ok(text) => text,
            Err(_) => String::from_utf8_lossy(&self.body).into_owned(),
        };
        Ok(self.respond(text))
    }

    /// An answer documented without a body: whatever came is ignored.
    pub fn empty(self) -> Result<Response<()>, Error<B>> {
        Ok(self.respond(()))
    }

    /// One page of a collection: the items (the array itself, or the array in
    /// field `items_field`), `Content-Range` and `Accept-Range`.
    pub fn page<T: DeserializeOwned>(self, items_field: Option<&str>) -> Result<Response<Page<T>>, Error<B>> {
        let content_range = match header_text(&self.headers, "content-range") {
            None => None,
            Some(text) => {
                Some(text.parse::<ContentRange>().map_err(|err| Error::Pagination { message: err.to_string() })?)
            }
        };
        let accept_range =
            match header_text(&self.headers, "accept-range").or_else(|| header_text(&self.headers, "accept-ranges")) {
                None => None,
                Some(text) => Some(text.trim().parse::<u64>().map_err(|_| Error::Pagination {
                    message: format!("malformed Accept-Range `{text}`: expected a number of items"),
                })?),
            };
        match codec::decode_seed(Items::<T> { field: items_field, marker: PhantomData }, &self.body) {
            Ok(items) => Ok(self.respond(Page { content_range, accept_range, ..Page::of(items) })),
            Err(failure) => Err(self.decode_error(failure)),
        }
    }
}

impl<B> RawResponse<B> {
    /// One page of a collection walked as `paging` says: the items and the
    /// documented signals (next link or cursor, more flag, totals), read from
    /// the body in one pass.
    pub fn paged<T: DeserializeOwned>(self, paging: &Paging) -> Result<Response<Page<T>>, Error<B>> {
        let split = |path: Option<&'static str>| path.map(|path| path.split('.').collect::<Vec<&str>>());
        let items_path = split(paging.items_field);
        let signal_paths: Vec<Vec<&str>> = [
            paging.next_field,
            paging.next_url_field,
            paging.has_more_field,
            paging.total_field,
            paging.total_pages_field,
        ]
        .into_iter()
        .map(|path| split(path).unwrap_or_default())
        .collect();
        let signals: Vec<&[&str]> = signal_paths.iter().map(Vec::as_slice).collect();
        let seed =
            PageBody::<T> { items: items_path.as_deref(), signals: &signals, prefix: Vec::new(), marker: PhantomData };
        let parts = codec::decode_seed(seed, &self.body).map_err(|failure| self.decode_error(failure))?;
        let Some(items) = parts.items else {
            return Err(self.decode_error(DecodeFailure {
                path: paging.items_field.unwrap_or(".").to_string(),
                message: "missing field: the page holds no array of items there".to_string(),
            }));
        };
        let [next_cursor, next_url, has_more, total, total_pages] =
            <[Option<serde_json::Value>; 5]>::try_from(parts.signals).unwrap_or_default();
        let next_url = if paging.link_header {
            header_text(&self.headers, "link").and_then(link_next).map(str::to_string)
        } else {
            next_url.as_ref().and_then(signal_text)
        };
        let page = Page {
            items,
            content_range: header_text(&self.headers, "content-range").and_then(|text| text.parse().ok()),
            accept_range: None,
            next_url: next_url.and_then(|link| self.url.join(&link).ok()).map(String::from),
            next_cursor: next_cursor.as_ref().and_then(signal_text).filter(|cursor| !cursor.is_empty()),
            has_more: has_more.as_ref().and_then(|value| value.as_bool().or_else(|| signal_text(value)?.parse().ok())),
            total: total.as_ref().and_then(signal_number),
            total_pages: total_pages.as_ref().and_then(signal_number),
        };
        Ok(self.respond(page))
    }
}

/// A signal's text: a string as it is, a number as JSON writes it.
fn signal_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn signal_number(value: &serde_json::Value) -> Option<u64> {
    value.as_u64().or_else(|| signal_text(value)?.trim().parse().ok())
}

impl<B: ErrorBody> RawResponse<B> {
    /// An error answer whose status has no documented body type.
    pub fn error(self) -> Error<B> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        let body = Box::new(B::untyped(UntypedBody { text }));
        Error::Status { status: self.status, headers: Box::new(self.headers), body }
    }

    /// An error answer whose status is documented with body type `E`; a body
    /// that does not match it is kept as text.
    pub fn error_as<E: DeserializeOwned>(self, wrap: impl FnOnce(E) -> B) -> Error<B> {
        match serde_json::from_slice::<E>(&self.body) {
            Ok(body) => {
                Error::Status { status: self.status, headers: Box::new(self.headers), body: Box::new(wrap(body)) }
            }
            Err(_) => self.error(),
        }
    }
}

fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    // A header that is not visible ASCII is as good as malformed.
    headers.get(name).map(|value| value.to_str().unwrap_or("\u{fffd}"))
}

/// A configured connection to one API: shared by all clones of a generated
/// client.
pub struct Transport<B> {
    http: reqwest::Client,
    /// The base URL as configured, userinfo included: reqwest turns that
    /// into an `Authorization` header (marked sensitive) and takes it out of
    /// the URL it sends and reports.
    base: Url,
    /// The base URL without userinfo: the only one ever shown.
    shown_base: Url,
    credentials: Option<Credentials>,
    keyring: Keyring,
    hooks: Vec<Arc<dyn Hook>>,
    sessions: Vec<Session>,
    retry: RetryPolicy,
    session_policy: SessionPolicy,
    page_size: u64,
    max_body_size: u64,
    stream_limits: StreamLimits,
    body: PhantomData<fn() -> B>,
}

impl<B> fmt::Debug for Transport<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base", &self.shown_base.as_str())
            .field("credentials", &self.credentials)
            .field("keyring", &self.keyring)
            .field("hooks", &self.hooks.len())
            .field("sessions", &self.sessions)
            .field("retry", &self.retry)
            .field("session_policy", &self.session_policy)
            .field("page_size", &self.page_size)
            .field("max_body_size", &self.max_body_size)
            .field("stream_limits", &self.stream_limits)
            .finish_non_exhaustive()
    }
}

/// `url` without its userinfo.
fn without_userinfo(url: &Url) -> Url {
    let mut shown = url.clone();
    // Both fail only for URLs that cannot have userinfo in the first place.
    let _ = shown.set_password(None);
    let _ = shown.set_username("");
    shown
}

struct Exchange {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// An earlier attempt of this exchange may have been applied, its answer
    /// lost: it was retried after a network failure or a busy answer.
    retried: bool,
    /// A hook asked for the request to be sent again (the body was not read).
    resend: bool,
    /// Which attempt this answer is, from 1.
    attempt: u32,
}

/// Why one attempt failed.
enum Failure {
    Http(reqwest::Error),
    /// A hook refused to let the request go.
    Hook(String),
    /// The answer's body is larger than the configured maximum.
    TooLarge(StatusCode),
}

impl<B> Transport<B> {
    /// The base URL, without any userinfo it was configured with.
    pub fn base_url(&self) -> &Url {
        &self.shown_base
    }

    pub fn page_size(&self) -> u64 {
        self.page_size
    }

    /// The page size and the limits of every stream (see [`paginate_within`](super::paginate_within)).
    pub fn stream_limits(&self) -> StreamLimits {
        self.stream_limits
    }

    /// The largest answer body read, in bytes.
    pub fn max_body_size(&self) -> u64 {
        self.max_body_size
    }

    /// Sends `request` with its credentials and session cookie (logging in
    /// first when needed), retries it when that is safe, and logs in again
    /// once when the server says the session has expired. With the `tracing`
    /// feature, one span per call: method, path template, status, attempt
    /// and duration (never the filled URL, which may hold a key).
    pub async fn execute(&self, request: Request) -> Result<RawResponse<B>, Error<B>> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            let span = tracing::info_span!(
                "request",
                method = %request.method,
                path = request.template,
                status = tracing::field::Empty,
                attempt = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let started = std::time::Instant::now();
            let outcome = self.execute_traced(request).instrument(span.clone()).await;
            let status = match &outcome {
                Ok(raw) => {
                    span.record("attempt", raw.attempt);
                    Some(raw.status)
                }
                Err(error) => error.status(),
            };
            if let Some(status) = status {
                span.record("status", status.as_u16());
            }
            span.record("duration_ms", u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
            outcome
        }
        #[cfg(not(feature = "tracing"))]
        self.execute_traced(request).await
    }

    async fn execute_traced(&self, request: Request) -> Result<RawResponse<B>, Error<B>> {
        let url = self.url(&request)?;
        let session = match request.session {
            None => None,
            Some(login) => Some(self.session_of(login)?),
        };
        let mut logged_in_again = false;
        // Whether an attempt may have been applied with its answer lost.
        let mut retried = false;
        loop {
            let ticket = match session {
                Some(session) => Some(session.ticket(&self.session_policy, || self.login(&session.route)).await?),
                None => None,
            };
            let cookie = ticket.as_ref().map(|ticket| &ticket.header);
            let exchange = self.send(&request, &url, cookie).await?;
            retried |= exchange.retried;
            if let (StatusCode::UNAUTHORIZED, false, Some(session), Some(ticket)) =
                (exchange.status, logged_in_again, session, &ticket)
            {
                session.expire(ticket.generation).await;
                logged_in_again = true;
                continue;
            }
            let replayed =
                retried && request.duplicates.iter().any(|refusal| refusal.matches(exchange.status, &exchange.body));
            if replayed {
                log::info!(
                    "{} {}: the retry was refused as a duplicate, so an earlier attempt was applied",
                    request.method,
                    url.path()
                );
            }
            return Ok(RawResponse {
                status: exchange.status,
                headers: exchange.headers,
                body: exchange.body,
                process_uid: request.process_uid,
                replayed,
                url,
                attempt: exchange.attempt,
                error_body: PhantomData,
            });
        }
    }

    fn session_of(&self, login: LoginId) -> Result<&Session, Error<B>> {
        self.sessions.get(login.position()).ok_or_else(|| Error::Config {
            message: format!("no login route number {} in this client", login.position()),
        })
    }

    /// Logs in with `login` now, replacing any open session of it.
    pub async fn login_now(&self, login: impl Into<LoginId>) -> Result<(), Error<B>> {
        let session = self.session_of(login.into())?;
        session.expire_all().await;
        session.ticket(&self.session_policy, || self.login(&session.route)).await.map(|_| ())
    }

    /// How many times `login` logged in so far.
    pub async fn login_count(&self, login: impl Into<LoginId>) -> u64 {
        match self.sessions.get(login.into().position()) {
            Some(session) => session.login_count().await,
            None => 0,
        }
    }

    async fn login(&self, route: &LoginRoute) -> Result<HeaderValue, Error<B>> {
        let credentials = self.credentials.as_ref().ok_or_else(|| Error::Session {
            message: format!("{} needs credentials and none were configured", route.path),
            status: None,
        })?;
        let mut fields = serde_json::Map::new();
        fields.insert(route.login_field.clone(), credentials.login().into());
        fields.insert(route.password_field.clone(), credentials.password().expose().as_str().into());
        let body = Bytes::from(serde_json::Value::Object(fields).to_string());
        let url = self.path_url(&route.path, &[])?;
        let login = Request { body: Some(body), ..Request::new(Method::POST, "") }.retry(true);
        let exchange = self.send(&login, &url, None).await?;
        if !exchange.status.is_success() {
            return Err(Error::Session {
                message: format!("login at {} refused with {}", route.path, exchange.status),
                status: Some(exchange.status),
            });
        }
        log::debug!("logged in at {}", route.path);
        session_cookie(&exchange.headers, &route.cookie).ok_or_else(|| Error::Session {
            message: format!("login at {} answered {} without a {} cookie", route.path, exchange.status, route.cookie),
            status: Some(exchange.status),
        })
    }

    /// One exchange, attempted again after a network error, a timeout or an
    /// answer saying the server is busy or unreachable (408, 429, 502, 503,
    /// 504) when `retry` allows. Between attempts it waits what the server's
    /// `Retry-After` asks (capped by the policy), else the backoff. TLS
    /// failures and bodies over the size limit are never retried.
    async fn send(&self, request: &Request, url: &Url, cookie: Option<&HeaderValue>) -> Result<Exchange, Error<B>> {
        let method = &request.method;
        let mut attempts = 0;
        let mut resends = 0;
        loop {
            attempts += 1;
            let outcome = self.send_once(request, url, cookie, attempts + resends).await;
            let may_retry = request.retry && self.retry.allows_another(attempts);
            let asked_wait = match outcome {
                // Sent again at a hook's request: not a retry, no backoff.
                Ok(exchange) if exchange.resend && resends < MAX_HOOK_RESENDS => {
                    resends += 1;
                    attempts -= 1;
                    continue;
                }
                Ok(exchange) if exchange.resend => {
                    return Err(Error::Hook {
                        message: format!(
                            "{method} {}: hooks asked to send it again more than {MAX_HOOK_RESENDS} times",
                            request.template
                        ),
                    });
                }
                Ok(exchange) if may_retry && is_retryable_status(exchange.status) => {
                    log::warn!("{method} {} answered {}; trying again", url.path(), exchange.status);
                    retry_after(&exchange.headers, SystemTime::now())
                }
                Ok(exchange) => return Ok(Exchange { retried: attempts > 1, attempt: attempts + resends, ..exchange }),
                Err(Failure::Http(error)) if may_retry && is_retryable_error(&error) => {
                    let error = self.redacted(error, request);
                    log::warn!("{method} {} failed ({error}); trying again", url.path());
                    None
                }
                Err(Failure::Http(error)) => return Err(Error::from_reqwest(self.redacted(error, request))),
                Err(Failure::Hook(message)) => return Err(Error::Hook { message }),
                Err(Failure::TooLarge(status)) => {
                    return Err(Error::BodyTooLarge { status, limit: self.max_body_size });
                }
            };
            tokio::time::sleep(self.retry.wait(attempts, asked_wait)).await;
        }
    }

    /// `error` with its URL shown as it may be: no userinfo, no key.
    fn redacted(&self, mut error: reqwest::Error, request: &Request) -> reqwest::Error {
        if let Some(url) = error.url_mut() {
            let _ = url.set_password(None);
            let _ = url.set_username("");
            let keys: Vec<&str> = auth::query_key_names(request.security).collect();
            auth::redact_query(url, &keys);
        }
        error
    }

    async fn send_once(
        &self,
        request: &Request,
        url: &Url,
        cookie: Option<&HeaderValue>,
        attempt: u32,
    ) -> Result<Exchange, Failure> {
        let mut builder = self.http.request(request.method.clone(), url.clone()).header(ACCEPT, "application/json");
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.as_str());
        }
        if let Some(body) = &request.body {
            builder = builder.header(CONTENT_TYPE, "application/json").body(body.clone());
        }
        if let Some(cookie) = cookie {
            builder = builder.header(COOKIE, cookie.clone());
        }
        let mut outgoing = builder.build().map_err(Failure::Http)?;
        auth::attach(&mut outgoing, self.keyring.attachments(request.security));
        let info = RequestInfo { method: request.method.clone(), path_template: request.template, attempt };
        for hook in &self.hooks {
            hook.before(&mut outgoing, &info).await.map_err(Failure::Hook)?;
        }
        let mut response = self.http.execute(outgoing).await.map_err(Failure::Http)?;
        let status = response.status();
        let mut headers = std::mem::take(response.headers_mut());
        if let reqwest::header::Entry::Occupied(mut cookies) = headers.entry(SET_COOKIE) {
            for value in cookies.iter_mut() {
                value.set_sensitive(true);
            }
        }
        let mut resend = false;
        for hook in &self.hooks {
            let answer = AnswerInfo { request: &info, status, headers: &headers };
            resend |= hook.after(&answer).await == AfterAnswer::Resend;
        }
        if resend {
            return Ok(Exchange { status, headers, body: Bytes::new(), retried: false, resend, attempt });
        }
        let body = self.read_body(response, status).await?;
        Ok(Exchange { status, headers, body, retried: false, resend, attempt })
    }

    /// The body, read chunk by chunk and given up on as soon as it is known
    /// to exceed the limit: a `Content-Length` can lie or be absent, the
    /// count of bytes received cannot.
    async fn read_body(&self, mut response: reqwest::Response, status: StatusCode) -> Result<Bytes, Failure> {
        let limit = self.max_body_size;
        let announced = response.content_length();
        if announced.is_some_and(|length| length > limit) {
            return Err(Failure::TooLarge(status));
        }
        let capacity = usize::try_from(announced.unwrap_or(0).min(limit)).unwrap_or(0);
        let mut body = Vec::with_capacity(capacity);
        while let Some(chunk) = response.chunk().await.map_err(Failure::Http)? {
            let received = u64::try_from(body.len() + chunk.len()).unwrap_or(u64::MAX);
            if received > limit {
                return Err(Failure::TooLarge(status));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(body))
    }

    fn url(&self, request: &Request) -> Result<Url, Error<B>> {
        if let Some(link) = &request.follow {
            return self.followed_url(link, request);
        }
        let mut url = self.path_url(request.template, &request.path_params)?;
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }

    /// A next-page URL the server gave, when it is of the base URL's origin
    /// (with the base URL's userinfo, which reqwest sends as basic auth).
    fn followed_url(&self, link: &str, request: &Request) -> Result<Url, Error<B>> {
        let mut url = self.base.join(link).map_err(|err| Error::Pagination {
            message: format!("the next page's URL `{}` does not parse: {err}", redact_userinfo(link)),
        })?;
        if url.origin() != self.base.origin() {
            let mut shown = without_userinfo(&url);
            let keys: Vec<&str> = auth::query_key_names(request.security).collect();
            auth::redact_query(&mut shown, &keys);
            return Err(Error::Pagination {
                message: format!(
                    "the next page's URL `{shown}` is not on the API's server ({}): not followed, so that no \
                     credential is sent elsewhere",
                    self.shown_base.origin().ascii_serialization()
                ),
            });
        }
        if url.username().is_empty() {
            let _ = url.set_username(self.base.username());
            let _ = url.set_password(self.base.password());
        }
        Ok(url)
    }

    /// The base URL followed by `template`, its `{name}` placeholders (a whole
    /// segment, or part of one: `{id}.json`) replaced by the percent-encoded
    /// values of `params`.
    fn path_url(&self, template: &str, params: &[(&str, String)]) -> Result<Url, Error<B>> {
        let mut url = self.base.clone();
        url.set_query(None);
        url.set_fragment(None);
        let mut segments = url
            .path_segments_mut()
            .map_err(|()| Error::Config { message: format!("base URL `{}` cannot take a path", self.shown_base) })?;
        segments.pop_if_empty();
        for piece in template.split('/').filter(|piece| !piece.is_empty()) {
            match placeholder_in(piece) {
                Some((before, name, after)) => {
                    let (_, value) = params
                        .iter()
                        .find(|(param, _)| *param == name)
                        .ok_or_else(|| EncodeError::new(format!("path parameter `{name}` is missing")))?;
                    segments.push(&format!("{before}{value}{after}"));
                }
                None => {
                    segments.push(piece);
                }
            }
        }
        drop(segments);
        Ok(url)
    }
}

/// `{id}.json` as (``, `id`, `.json`): the placeholder of a path segment
/// with the literal text around it.
fn placeholder_in(piece: &str) -> Option<(&str, &str, &str)> {
    let open = piece.find('{')?;
    let close = open + piece[open..].find('}')?;
    Some((&piece[..open], &piece[open + 1..close], &piece[close + 1..]))
}

impl<B> From<EncodeError> for Error<B> {
    fn from(error: EncodeError) -> Self {
        Error::Encode { message: error.message }
    }
}

#[cfg(test)]
mod tests {
    use super::placeholder_in;

    #[test]
    fn a_placeholder_may_share_its_segment_with_literal_text() {
        assert_eq!(placeholder_in("{id}"), Some(("", "id", "")));
        assert_eq!(placeholder_in("{id}.json"), Some(("", "id", ".json")));
        assert_eq!(placeholder_in("v{n}"), Some(("v", "n", "")));
        assert_eq!(placeholder_in("things"), None);
    }
}
