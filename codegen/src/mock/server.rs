//! The mock's state and its one request handler.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, HOST, SET_COOKIE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;
use serde_json::Value;

use super::routes::{Lookup, Routes};
use super::values::{self, conforms, model_examples, param_fits, problems};
use super::{credentials, paging};
use super::{CommandOutcome, CommandRecord, Fault, FaultAction, MockOptions, MockStats};
use crate::conventions::{self, PROCESS_UID_FIELD};
use crate::ir::{Api, Endpoint, ExampleKind, ModelKind, ParamLocation, TypeRef};

/// The largest request body read.
const BODY_LIMIT: usize = 8 << 20;

pub(crate) fn router(state: Arc<MockState>) -> Router {
    Router::new().fallback(handle).with_state(state)
}

#[derive(Debug)]
struct LoginSpec {
    login_field: String,
    password_field: String,
}

/// Which session an endpoint needs.
#[derive(Debug, Clone, Copy)]
enum Guard {
    Open,
    /// Any live session.
    AnySession,
    /// A live session of this login.
    Session(usize),
}

#[derive(Debug)]
struct SessionRecord {
    login: usize,
    opened: Instant,
    last_used: Instant,
}

#[derive(Debug)]
struct FaultState {
    fault: Fault,
    seen: u64,
}

#[derive(Debug, Default)]
struct Commands {
    applied: HashSet<String>,
    log: Vec<CommandRecord>,
}

#[derive(Debug, Default)]
struct Counters {
    requests: AtomicU64,
    logins: AtomicU64,
    unauthorized: AtomicU64,
    faults: AtomicU64,
}

/// Everything the handler needs: what the IR says, prepared once, and what
/// happened so far.
#[derive(Debug)]
pub(crate) struct MockState {
    api: Api,
    options: MockOptions,
    cookie: String,
    routes: Routes,
    logins: HashMap<usize, (usize, LoginSpec)>,
    guards: Vec<Guard>,
    /// Per endpoint: the documented items a collection repeats.
    collections: Vec<Vec<Value>>,
    /// Per endpoint: the success status and body.
    answers: Vec<(StatusCode, Option<Value>)>,
    secure: bool,
    sessions: Mutex<HashMap<String, SessionRecord>>,
    /// Every session cookie value handed out, for tests that look for leaks.
    issued: Mutex<Vec<String>>,
    commands: Mutex<Commands>,
    faults: Mutex<Vec<FaultState>>,
    counters: Counters,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere leaves the data as usable as it was.
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl MockState {
    pub fn new(api: Api, options: MockOptions) -> Self {
        let logins: HashMap<usize, (usize, LoginSpec)> = conventions::logins(&api)
            .into_iter()
            .filter_map(|login| {
                let position = api.endpoints.iter().position(|e| e.id == login.endpoint.id)?;
                let spec = LoginSpec { login_field: login.login_field.clone(), password_field: login.password_field };
                Some((position, (login.index, spec)))
            })
            .collect();
        let scopes: Vec<String> = conventions::logins(&api).iter().map(|login| login.scope().to_string()).collect();
        let guards = api
            .endpoints
            .iter()
            .map(|endpoint| match conventions::session_for(&api, endpoint) {
                None => Guard::Open,
                Some(login) if scopes.iter().any(|scope| endpoint.path.starts_with(scope)) => {
                    Guard::Session(login.index)
                }
                Some(_) => Guard::AnySession,
            })
            .collect();
        let collections = api.endpoints.iter().map(|endpoint| collection_examples(&api, endpoint)).collect();
        let answers = api.endpoints.iter().map(|endpoint| success_answer(&api, endpoint)).collect();
        let faults = options.faults.iter().cloned().map(|fault| FaultState { fault, seen: 0 }).collect();
        MockState {
            cookie: api.auth.as_ref().map_or_else(|| "PI_SESSION".to_string(), |auth| auth.cookie.clone()),
            routes: Routes::new(&api),
            logins,
            guards,
            collections,
            answers,
            secure: options.tls,
            sessions: Mutex::new(HashMap::new()),
            issued: Mutex::new(Vec::new()),
            commands: Mutex::new(Commands::default()),
            faults: Mutex::new(faults),
            counters: Counters::default(),
            api,
            options,
        }
    }

    pub fn inject(&self, fault: Fault) {
        lock(&self.faults).push(FaultState { fault, seen: 0 });
    }

    pub fn clear_faults(&self) {
        lock(&self.faults).clear();
    }

    pub fn expire_sessions(&self) {
        lock(&self.sessions).clear();
    }

    pub fn session_tokens(&self) -> Vec<String> {
        lock(&self.issued).clone()
    }

    pub fn stats(&self) -> MockStats {
        MockStats {
            requests: self.counters.requests.load(Ordering::Relaxed),
            logins: self.counters.logins.load(Ordering::Relaxed),
            unauthorized: self.counters.unauthorized.load(Ordering::Relaxed),
            faults_injected: self.counters.faults.load(Ordering::Relaxed),
            commands: lock(&self.commands).log.clone(),
        }
    }

    /// The faults hitting this request to `endpoint`.
    fn faults_for(&self, endpoint: &str) -> Vec<FaultAction> {
        let mut faults = lock(&self.faults);
        let mut actions = Vec::new();
        for state in faults.iter_mut() {
            if state.fault.endpoint.as_deref().is_some_and(|id| id != endpoint) {
                continue;
            }
            state.seen += 1;
            if state.seen >= state.fault.nth && state.seen - state.fault.nth < state.fault.times {
                actions.push(state.fault.action.clone());
            }
        }
        if !actions.is_empty() {
            self.counters.faults.fetch_add(1, Ordering::Relaxed);
        }
        actions
    }

    fn record(&self, endpoint: &Endpoint, process_uid: Option<String>, outcome: CommandOutcome) {
        lock(&self.commands).log.push(CommandRecord { endpoint: endpoint.id.clone(), process_uid, outcome });
    }
}

async fn handle(State(state): State<Arc<MockState>>, request: Request) -> Response {
    state.counters.requests.fetch_add(1, Ordering::Relaxed);
    let (parts, body) = request.into_parts();
    let (index, path_params) = match state.routes.find(parts.method.as_str(), parts.uri.path()) {
        Lookup::Endpoint(index, params) => (index, params),
        Lookup::WrongMethod => return message(StatusCode::METHOD_NOT_ALLOWED, "method not allowed on this path"),
        Lookup::Missing => return message(StatusCode::NOT_FOUND, "no such endpoint"),
    };
    let Some(endpoint) = state.api.endpoints.get(index) else {
        return message(StatusCode::NOT_FOUND, "no such endpoint");
    };
    let body = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(body) => body,
        Err(err) => return message(StatusCode::BAD_REQUEST, &format!("cannot read the body: {err}")),
    };
    let faults = state.faults_for(&endpoint.id);
    for fault in &faults {
        if let FaultAction::Delay(delay) = fault {
            tokio::time::sleep(*delay).await;
        }
    }
    if let Some(status) = faults.iter().find_map(|fault| match fault {
        FaultAction::Status(status) => Some(*status),
        _ => None,
    }) {
        if conventions::body_type(endpoint).is_some_and(|ty| conventions::is_command(&state.api, ty)) {
            state.record(endpoint, process_uid_of(&body), CommandOutcome::Fault(status));
        }
        return injected(status);
    }
    let request = Incoming {
        endpoint,
        index,
        headers: &parts.headers,
        path: parts.uri.path(),
        query: parts.uri.query(),
        path_params,
        body: &body,
    };
    let mut response = answer(&state, &request);
    for fault in &faults {
        match fault {
            FaultAction::StatusAfterHandling(status) => response = injected(*status),
            FaultAction::ContentRange(text) if text.is_empty() => {
                response.headers_mut().remove("content-range");
            }
            FaultAction::ContentRange(text) => {
                if let Ok(value) = HeaderValue::from_str(text) {
                    response.headers_mut().insert("content-range", value);
                }
            }
            FaultAction::Status(_) | FaultAction::Delay(_) => {}
        }
    }
    response
}

struct Incoming<'a> {
    endpoint: &'a Endpoint,
    index: usize,
    headers: &'a HeaderMap,
    path: &'a str,
    query: Option<&'a str>,
    path_params: Vec<(String, String)>,
    body: &'a [u8],
}

fn answer(state: &MockState, request: &Incoming<'_>) -> Response {
    let endpoint = request.endpoint;
    if let Some((login, spec)) = state.logins.get(&request.index) {
        return log_in(state, request, *login, spec);
    }
    if let Err(refusal) = authorize(state, request) {
        state.counters.unauthorized.fetch_add(1, Ordering::Relaxed);
        return message(StatusCode::UNAUTHORIZED, refusal);
    }
    if let Err(refusal) = check_credentials(state, request) {
        state.counters.unauthorized.fetch_add(1, Ordering::Relaxed);
        let mut response = message(StatusCode::UNAUTHORIZED, &refusal.message);
        if let Some(challenge) = refusal.challenge {
            response.headers_mut().insert(WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        }
        return response;
    }
    if let Some(problem) = parameter_problem(state, request) {
        return error_answer(&state.api, endpoint, StatusCode::BAD_REQUEST, &problem, ErrorKind::Invalid);
    }
    if endpoint.pagination.is_some() {
        return collection(state, request);
    }
    match conventions::body_type(endpoint) {
        Some(ty) => body_answer(state, request, ty),
        None => fixed_answer(state, request.index),
    }
}

fn log_in(state: &MockState, request: &Incoming<'_>, login: usize, spec: &LoginSpec) -> Response {
    let endpoint = request.endpoint;
    let body: Value = serde_json::from_slice(request.body).unwrap_or(Value::Null);
    let field = |name: &str| body.get(name).and_then(Value::as_str).map(str::to_string);
    let (Some(user), Some(password)) = (field(&spec.login_field), field(&spec.password_field)) else {
        let text = format!("expected a JSON body with `{}` and `{}`", spec.login_field, spec.password_field);
        return error_answer(&state.api, endpoint, StatusCode::BAD_REQUEST, &text, ErrorKind::Invalid);
    };
    let accounts = &state.options.accounts;
    if !accounts.is_empty() && !accounts.iter().any(|account| account.login == user && account.password == password) {
        return error_answer(
            &state.api,
            endpoint,
            StatusCode::BAD_REQUEST,
            "unknown login or password",
            ErrorKind::Invalid,
        );
    }
    let token = uuid::Uuid::new_v4().simple().to_string();
    let now = Instant::now();
    lock(&state.sessions).insert(token.clone(), SessionRecord { login, opened: now, last_used: now });
    lock(&state.issued).push(token.clone());
    state.counters.logins.fetch_add(1, Ordering::Relaxed);
    let mut response = fixed_answer(state, request.index);
    let secure = if state.secure { "; Secure" } else { "" };
    if let Ok(value) = HeaderValue::from_str(&format!("{}={token}; Path=/; HttpOnly{secure}", state.cookie)) {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    response
}

/// Checks the request's session; the error says why it is refused.
fn authorize(state: &MockState, request: &Incoming<'_>) -> Result<(), &'static str> {
    let guard = state.guards.get(request.index).copied().unwrap_or(Guard::AnySession);
    if matches!(guard, Guard::Open) {
        return Ok(());
    }
    let token = credentials::cookie(request.headers, &state.cookie).ok_or("no session: log in first")?;
    let mut sessions = lock(&state.sessions);
    let session = sessions.get_mut(&token).ok_or("unknown or expired session")?;
    let now = Instant::now();
    if now.duration_since(session.opened) >= state.options.session_lifetime
        || now.duration_since(session.last_used) >= state.options.session_idle_timeout
    {
        sessions.remove(&token);
        return Err("the session expired");
    }
    if let Guard::Session(login) = guard {
        if session.login != login {
            return Err("this session was opened by the login of another API");
        }
    }
    session.last_used = now;
    Ok(())
}

/// Checks the credential the endpoint's security requirement asks for.
fn check_credentials(state: &MockState, request: &Incoming<'_>) -> Result<(), credentials::Refusal> {
    let requirements = credentials::requirements(&state.api, request.endpoint);
    if requirements.is_empty() {
        return Ok(());
    }
    let query = query_pairs(request.query);
    let presented = credentials::Presented { headers: request.headers, query: &query };
    let accepted = credentials::Accepted {
        api_keys: &state.options.api_keys,
        bearer_tokens: &state.options.bearer_tokens,
        basic: &state.options.basic_accounts,
    };
    credentials::check(&state.api, requirements, &presented, accepted)
}

fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes()).into_owned().collect()
}

/// The first path or query parameter whose value does not fit its type.
fn parameter_problem(state: &MockState, request: &Incoming<'_>) -> Option<String> {
    let endpoint = request.endpoint;
    // Paging parameters are checked where the page is served.
    let paging: Vec<&str> = endpoint
        .pagination
        .iter()
        .flat_map(|plan| std::iter::once(plan.param.as_str()).chain(plan.size_param.as_deref()))
        .collect();
    let documented = |name: &str, locations: &[ParamLocation]| {
        endpoint.params.iter().find(|param| param.name == name && locations.contains(&param.location))
    };
    for (name, value) in &request.path_params {
        // A path parameter is sometimes documented `in query`.
        if let Some(param) = documented(name, &[ParamLocation::Path, ParamLocation::Query]) {
            if !param_fits(&state.api, &param.ty, value) {
                return Some(format!("path parameter `{name}`: `{value}` is not a {}", param.ty));
            }
        }
    }
    let given = query_pairs(request.query);
    for (name, value) in &given {
        if paging.contains(&name.as_str()) {
            continue;
        }
        if let Some(param) = documented(name, &[ParamLocation::Query]) {
            if !param_fits(&state.api, &param.ty, value) {
                return Some(format!("query parameter `{name}`: `{value}` is not a {}", param.ty));
            }
        }
    }
    // A required query parameter must be there (one documented `in query`
    // but written in the path is a path parameter, checked above).
    let missing = endpoint.params.iter().find(|param| {
        param.location == ParamLocation::Query
            && param.required
            && !request.path_params.iter().any(|(name, _)| *name == param.name)
            && !given.iter().any(|(name, _)| *name == param.name)
    });
    missing.map(|param| format!("query parameter `{}` is required", param.name))
}

fn collection(state: &MockState, request: &Incoming<'_>) -> Response {
    let endpoint = request.endpoint;
    let Some(plan) = &endpoint.pagination else { return fixed_answer(state, request.index) };
    let examples = state.collections.get(request.index).map(Vec::as_slice).unwrap_or_default();
    let scheme = if state.secure { "https" } else { "http" };
    let host = request.headers.get(HOST).and_then(|value| value.to_str().ok()).unwrap_or("127.0.0.1");
    let origin = format!("{scheme}://{host}");
    let collection = paging::Collection {
        size: if examples.is_empty() { 0 } else { state.options.collection_size },
        max_page: state.options.accept_range.max(1),
        examples,
        answer: state.answers.get(request.index).and_then(|(_, body)| body.as_ref()),
        origin: &origin,
        path: request.path,
    };
    let served = match paging::serve(plan, &query_pairs(request.query), collection) {
        Ok(served) => served,
        Err(text) => return error_answer(&state.api, endpoint, StatusCode::BAD_REQUEST, &text, ErrorKind::Invalid),
    };
    let status = if served.partial { StatusCode::PARTIAL_CONTENT } else { StatusCode::OK };
    let mut response = json(status, &served.body);
    for (name, value) in served.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

fn body_answer(state: &MockState, request: &Incoming<'_>, ty: &TypeRef) -> Response {
    let endpoint = request.endpoint;
    let command = conventions::is_command(&state.api, ty);
    let process_uid = if command { process_uid_of(request.body) } else { None };
    let invalid = |text: String| {
        if command {
            state.record(endpoint, process_uid.clone(), CommandOutcome::Invalid);
        }
        error_answer(&state.api, endpoint, StatusCode::BAD_REQUEST, &text, ErrorKind::Invalid)
    };
    let value: Value = match serde_json::from_slice(request.body) {
        Ok(value) => value,
        Err(err) => return invalid(format!("the body is not JSON: {err}")),
    };
    let found = problems(&state.api, ty, &value);
    if !found.is_empty() {
        return invalid(found.join("; "));
    }
    if !command {
        return fixed_answer(state, request.index);
    }
    let Some(uid) = process_uid else {
        return invalid(format!("{PROCESS_UID_FIELD}: missing"));
    };
    let first_time = lock(&state.commands).applied.insert(uid.clone());
    if !first_time {
        state.record(endpoint, Some(uid.clone()), CommandOutcome::Duplicate);
        let text = format!("a command with {PROCESS_UID_FIELD} {uid} was already sent");
        return error_answer(&state.api, endpoint, StatusCode::BAD_REQUEST, &text, ErrorKind::Duplicate);
    }
    state.record(endpoint, Some(uid.clone()), CommandOutcome::Applied);
    let (status, body) = state.answers.get(request.index).cloned().unwrap_or((StatusCode::OK, None));
    match body {
        Some(mut body) => {
            stamp_process_uid(&mut body, &uid);
            json(status, &body)
        }
        None => empty(status),
    }
}

fn process_uid_of(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    value.get(PROCESS_UID_FIELD)?.as_str().map(str::to_string)
}

/// Events answering a command carry its `processUid`, wherever they sit in
/// the answer.
fn stamp_process_uid(value: &mut Value, uid: &str) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(|item| stamp_process_uid(item, uid)),
        Value::Object(fields) => {
            for (key, field) in fields.iter_mut() {
                if key == PROCESS_UID_FIELD && field.is_string() {
                    *field = Value::from(uid);
                } else {
                    stamp_process_uid(field, uid);
                }
            }
        }
        _ => {}
    }
}

fn fixed_answer(state: &MockState, index: usize) -> Response {
    match state.answers.get(index) {
        Some((status, Some(body))) => json(*status, body),
        Some((status, None)) => empty(*status),
        None => empty(StatusCode::OK),
    }
}

/// The documented success status of `endpoint` and a body of its type: the
/// endpoint's own example when it fits, else one made from the type.
fn success_answer(api: &Api, endpoint: &Endpoint) -> (StatusCode, Option<Value>) {
    let Some(response) = endpoint.responses.iter().find(|response| (200..300).contains(&response.status)) else {
        return (StatusCode::OK, None);
    };
    let status = StatusCode::from_u16(response.status).unwrap_or(StatusCode::OK);
    if response.ty == TypeRef::Empty {
        return (status, None);
    }
    let documented = endpoint
        .examples
        .iter()
        .filter(|example| example.kind == ExampleKind::Response && example.invalid.is_none())
        .filter(|example| example.status.is_none_or(|code| code == response.status))
        .filter_map(|example| serde_json::from_str::<Value>(&example.text).ok())
        .find(|value| conforms(api, &response.ty, value));
    (status, Some(documented.unwrap_or_else(|| values::example(api, &response.ty))))
}

/// The items a collection repeats: those of the endpoint's response examples
/// that fit the item type, else the item model's examples, else one made
/// from the type.
fn collection_examples(api: &Api, endpoint: &Endpoint) -> Vec<Value> {
    let Some(pagination) = &endpoint.pagination else { return Vec::new() };
    let from_responses: Vec<Value> = endpoint
        .examples
        .iter()
        .filter(|example| example.kind == ExampleKind::Response && example.invalid.is_none())
        .filter_map(|example| serde_json::from_str::<Value>(&example.text).ok())
        .flat_map(|value| {
            let items = match (&pagination.items_field, value) {
                (Some(field), mut object @ Value::Object(_)) => paging::take_path(&mut object, field),
                (_, array @ Value::Array(_)) => Some(array),
                _ => None,
            };
            match items {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            }
        })
        .filter(|item| conforms(api, &pagination.item, item))
        .collect();
    if !from_responses.is_empty() {
        return from_responses;
    }
    let from_model = model_examples(api, &pagination.item);
    if !from_model.is_empty() {
        return from_model;
    }
    vec![values::example(api, &pagination.item)]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ErrorKind {
    Invalid,
    Duplicate,
}

/// An error answer with the body the endpoint documents for `status`, and
/// `text` as its message. A body with a code gets the code that fits `kind`
/// as `conventions` finds it (the one about a command sent twice, or the one
/// for an invalid request); when the documentation names no such code, the
/// answer is a plain `{"message": ...}` of that status, so that a client
/// can never mistake it for another documented refusal.
fn error_answer(api: &Api, endpoint: &Endpoint, status: StatusCode, text: &str, kind: ErrorKind) -> Response {
    let documented = endpoint.responses.iter().find(|response| response.status == status.as_u16());
    let model = match documented.map(|response| response.ty.unwrap_option()) {
        Some(TypeRef::Named(name)) => api.model(name),
        _ => None,
    };
    let Some((model, fields)) = model.and_then(|model| Some((model, model.struct_fields()?))) else {
        return message(status, text);
    };
    let refusals = match kind {
        ErrorKind::Duplicate => conventions::duplicate_refusals(api, endpoint),
        ErrorKind::Invalid => conventions::validation_refusals(api, endpoint),
    };
    let refusal = refusals.into_iter().find(|refusal| refusal.status == status.as_u16() && refusal.model == model.name);
    let coded = fields.iter().any(|field| is_enum(api, &field.ty));
    if coded && refusal.is_none() {
        return message(status, text);
    }
    let mut object = serde_json::Map::new();
    for field in fields {
        let value = match &refusal {
            Some(refusal) if refusal.field == field.name => {
                refusal.codes.first().map_or(Value::Null, |code| Value::from(code.as_str()))
            }
            _ if field.ty.unwrap_option() == &TypeRef::String => Value::from(text),
            _ => values::example(api, &field.ty),
        };
        object.insert(field.name.clone(), value);
    }
    json(status, &Value::Object(object))
}

fn is_enum(api: &Api, ty: &TypeRef) -> bool {
    match ty.unwrap_option() {
        TypeRef::Named(name) => api.model(name).is_some_and(|model| model.kind() == ModelKind::Enum),
        _ => false,
    }
}

fn json(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    response
}

fn empty(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

fn message(status: StatusCode, text: &str) -> Response {
    json(status, &serde_json::json!({ "message": text }))
}

fn injected(status: u16) -> Response {
    message(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), "injected fault")
}
