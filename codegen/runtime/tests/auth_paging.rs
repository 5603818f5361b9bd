//! Credentials by scheme, the paging styles, hooks and a caller-built reqwest
//! client, against the small servers of `common`.

mod common;

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use codegen_runtime::*;
use common::*;

#[tokio::test]
async fn each_scheme_reaches_the_server_in_its_place() {
    let server = serve(|_| ok(serde_json::json!({}))).await;
    let transport = builder(&server)
        .credential_for("header_key", ApiKey::new("h-key"))
        .credential_for("query_key", ApiKey::new("q-key"))
        .credential_for("cookie_key", ApiKey::new("c-key"))
        .bearer(Bearer::new("b-token"))
        .basic(Basic::new("jane", "hunter2"))
        .build_transport::<UntypedBody>()
        .unwrap();
    for (template, security) in [
        ("/header", &[&[HEADER_KEY][..]][..]),
        ("/query", &[&[QUERY_KEY][..]][..]),
        ("/cookie", &[&[COOKIE_KEY][..]][..]),
        ("/bearer", &[&[BEARER][..]][..]),
        ("/basic", &[&[BASIC][..]][..]),
        // The signed alternative cannot be met by the client: the next one is.
        ("/either", &[&[SIGNED][..], &[HEADER_KEY, QUERY_KEY][..]][..]),
        ("/none", &[][..]),
    ] {
        let security: Security = Box::leak(Box::new(security.to_vec()));
        assert!(get(&transport, template, security).await.unwrap().status().is_success());
    }
    let seen = server.seen();
    let by_path = |path: &str| seen.iter().find(|request| request.path() == path).unwrap().clone();
    assert_eq!(by_path("/header").header("x-api-token"), Some("Token token=h-key"));
    assert_eq!(by_path("/query").query().get("api_key").map(String::as_str), Some("q-key"));
    assert_eq!(by_path("/cookie").header("cookie"), Some("sid=c-key"));
    assert_eq!(by_path("/bearer").header("authorization"), Some("Bearer b-token"));
    assert_eq!(by_path("/basic").header("authorization"), Some("Basic amFuZTpodW50ZXIy"));
    let either = by_path("/either");
    assert_eq!(either.header("x-api-token"), Some("Token token=h-key"));
    assert_eq!(either.query().get("api_key").map(String::as_str), Some("q-key"));
    let none = by_path("/none");
    assert!(none.header("authorization").is_none() && none.header("x-api-token").is_none() && none.query().is_empty());
}

#[tokio::test]
async fn a_query_key_never_shows_in_debug_errors_or_logs() {
    if log::set_logger(&Logged).is_ok() {
        log::set_max_level(log::LevelFilter::Trace);
    }
    // A port nobody listens on: the error names the URL the client tried.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let retry_now = RetryPolicy {
        max_attempts: 2,
        initial_backoff: std::time::Duration::ZERO,
        max_backoff: std::time::Duration::ZERO,
        ..RetryPolicy::default()
    };
    let builder = ClientBuilder::<Transport<UntypedBody>>::new(closed)
        .danger_allow_http(true)
        .retry(retry_now)
        .api_key(ApiKey::new("s3cr3t-key"))
        .basic(Basic::new("jane", "hunter2"));
    let transport = builder.clone().build_transport::<UntypedBody>().unwrap();
    let error = get(&transport, "/things", &[&[QUERY_KEY]]).await.unwrap_err();
    let logged = Logged::lines().join("\n");
    assert!(logged.contains("trying again") && logged.contains("api_key=***"), "{logged}");
    let shown = format!("{error} {error:?} {builder:?} {transport:?} {logged}");
    assert!(shown.contains("api_key=***"), "{shown}");
    for secret in ["s3cr3t-key", "hunter2"] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

/// A `log` logger keeping every line, installed once for the process.
struct Logged;

static LOG_LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

impl Logged {
    fn lines() -> Vec<String> {
        LOG_LINES.lock().unwrap().clone()
    }
}

impl log::Log for Logged {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        LOG_LINES.lock().unwrap().push(record.args().to_string());
    }

    fn flush(&self) {}
}

/// A collection of `count` items `{"id": "i0", "name": "n0"}`...
fn items(range: std::ops::Range<usize>) -> Vec<serde_json::Value> {
    range.map(|i| serde_json::json!({"id": format!("i{i}"), "name": format!("n{i}")})).collect()
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Thing {
    id: String,
    name: String,
}

/// Walks `paging` over `template` and checks that every item of `0..count`
/// came exactly once, in order.
async fn walk(server: &Server, template: &'static str, paging: Paging, count: usize) -> Vec<Seen> {
    let transport = Arc::new(builder(server).build_transport::<UntypedBody>().unwrap());
    let item_cursor = paging.cursor_item_field;
    let stream = walk_pages(transport.stream_limits(), paging, move |at: PageAt| {
        let transport = transport.clone();
        async move {
            let raw = transport.execute(at.apply(Request::new(Method::GET, template))).await?;
            let page = raw.paged::<Thing>(&paging)?;
            Ok(match item_cursor {
                Some(field) => page.map(|page| with_item_cursor(page, field)),
                None => page,
            })
        }
    });
    let got: Vec<Thing> = stream.try_collect().await.unwrap();
    let ids: Vec<String> = got.iter().map(|thing| thing.id.clone()).collect();
    let expected: Vec<String> = (0..count).map(|i| format!("i{i}")).collect();
    assert_eq!(ids, expected);
    server.seen()
}

fn number(seen: &Seen, name: &str) -> usize {
    seen.query().get(name).and_then(|text| text.parse().ok()).unwrap_or(0)
}

#[tokio::test]
async fn page_numbers_stop_at_the_total() {
    // 8 items, 3 a page: pages 1, 2, 3; the total says the third is the last.
    let server = serve(|seen| {
        let page = number(seen, "page");
        let size = number(seen, "per_page");
        let start = (page - 1) * size;
        ok(serde_json::json!({"data": items(start..(start + size).min(8)), "meta": {"total": 8}}))
    })
    .await;
    let paging = Paging {
        size_param: Some("per_page"),
        items_field: Some("data"),
        total_field: Some("meta.total"),
        ..Paging::new(PageStyle::Number { first: 1 }, "page")
    };
    let seen = walk(&server, "/pages", paging, 8).await;
    assert_eq!(seen.len(), 3, "{seen:?}");
}

#[tokio::test]
async fn offsets_stop_when_has_more_is_false() {
    // The server caps pages at 2 items whatever the limit: a short page is
    // not the end.
    let server = serve(|seen| {
        let offset = number(seen, "offset");
        let end = (offset + 2).min(7);
        ok(serde_json::json!({"data": items(offset..end), "has_more": end < 7}))
    })
    .await;
    let paging = Paging {
        size_param: Some("limit"),
        items_field: Some("data"),
        has_more_field: Some("has_more"),
        ..Paging::new(PageStyle::Offset, "offset")
    };
    let seen = walk(&server, "/offset", paging, 7).await;
    assert_eq!(seen.len(), 4);
    assert!(seen.iter().all(|request| request.query().get("limit").map(String::as_str) == Some("3")));
}

#[tokio::test]
async fn cursors_from_a_body_field_stop_at_null() {
    let server = serve(|seen| {
        let start: usize = seen.query().get("page[cursor]").map_or(0, |cursor| cursor[1..].parse().unwrap());
        let end = (start + 3).min(10);
        let next = if end < 10 { serde_json::json!(format!("c{end}")) } else { serde_json::Value::Null };
        ok(serde_json::json!({"data": items(start..end), "meta": {"next_cursor": next}}))
    })
    .await;
    let paging = Paging {
        size_param: Some("page[size]"),
        items_field: Some("data"),
        next_field: Some("meta.next_cursor"),
        ..Paging::new(PageStyle::Cursor, "page[cursor]")
    };
    let seen = walk(&server, "/cursor", paging, 10).await;
    assert_eq!(seen.len(), 4);
    assert!(!seen[0].query().contains_key("page[cursor]"), "the first page has no cursor");
}

#[tokio::test]
async fn cursors_from_the_last_item_stop_on_an_empty_page() {
    let server = serve(|seen| {
        let start = seen.query().get("starting_after").map_or(0, |id| id[1..].parse::<usize>().unwrap() + 1);
        ok(serde_json::json!({"data": items(start..(start + 3).min(5))}))
    })
    .await;
    let paging = Paging {
        size_param: Some("limit"),
        items_field: Some("data"),
        cursor_item_field: Some("id"),
        ..Paging::new(PageStyle::Cursor, "starting_after")
    };
    let seen = walk(&server, "/after", paging, 5).await;
    // 0-2, 3-4, then an empty page.
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[1].query().get("starting_after").map(String::as_str), Some("i2"));
}

#[tokio::test]
async fn link_headers_are_followed_until_there_is_none() {
    let base = Arc::new(Mutex::new(String::new()));
    let shown = base.clone();
    let server = serve(move |seen| {
        let page = number(seen, "page").max(1);
        let start = (page - 1) * 3;
        let mut answer = ok(serde_json::json!(items(start..(start + 3).min(9))));
        if start + 3 < 9 {
            // Absolute, then relative: both are of the same origin.
            let link = if page == 1 {
                format!("<{}/linked?page={}&api_key=echoed>; rel=\"next\"", shown.lock().unwrap(), page + 1)
            } else {
                format!("</linked?page={}>; rel=\"next\"", page + 1)
            };
            answer.headers.push(("link".to_string(), link));
        }
        answer
    })
    .await;
    *base.lock().unwrap() = server.base_url.clone();
    let paging = Paging { link_header: true, ..Paging::new(PageStyle::Number { first: 1 }, "page") };
    let seen = walk(&server, "/linked", paging, 9).await;
    assert_eq!(seen.len(), 3);
}

#[tokio::test]
async fn next_urls_in_the_body_stop_at_the_page_total() {
    let server = serve(|seen| {
        let page = number(seen, "page").max(1);
        let start = (page - 1) * 2;
        // The server keeps offering a next page: the total of pages ends it.
        ok(serde_json::json!({
            "items": items(start..start + 2),
            "links": {"next": format!("/next?page={}", page + 1)},
            "meta": {"pages": 3}
        }))
    })
    .await;
    let paging = Paging {
        items_field: Some("items"),
        next_url_field: Some("links.next"),
        total_pages_field: Some("meta.pages"),
        ..Paging::new(PageStyle::Number { first: 1 }, "page")
    };
    let seen = walk(&server, "/next", paging, 6).await;
    assert_eq!(seen.len(), 3);
}

async fn walk_error(server: &Server, paging: Paging) -> (Vec<Result<Thing, Error>>, usize) {
    let transport = Arc::new(builder(server).api_key(ApiKey::new("k3y")).build_transport::<UntypedBody>().unwrap());
    let stream = walk_pages(transport.stream_limits(), paging, move |at: PageAt| {
        let transport = transport.clone();
        async move {
            let request = at.apply(Request::new(Method::GET, "/x").security(&[&[QUERY_KEY]]));
            transport.execute(request).await?.paged::<Thing>(&paging)
        }
    });
    let outcomes: Vec<Result<Thing, Error>> = stream.collect().await;
    (outcomes, server.seen().len())
}

#[tokio::test]
async fn a_next_link_to_another_server_is_refused() {
    let server = serve(|_| {
        let mut answer = ok(serde_json::json!(items(0..3)));
        answer.headers.push(("link".to_string(), "<https://elsewhere.example/x?page=2>; rel=\"next\"".to_string()));
        answer
    })
    .await;
    let paging = Paging { link_header: true, ..Paging::new(PageStyle::Number { first: 1 }, "page") };
    let (outcomes, requests) = walk_error(&server, paging).await;
    assert_eq!(outcomes.len(), 4);
    let error = outcomes[3].as_ref().unwrap_err();
    assert!(matches!(error, Error::Pagination { .. }), "{error}");
    assert!(error.to_string().contains("elsewhere.example"), "{error}");
    assert_eq!(requests, 1, "nothing is sent to the other server");
}

#[tokio::test]
async fn a_cursor_that_comes_back_ends_the_stream() {
    let server = serve(|_| ok(serde_json::json!({"data": items(0..2), "next": "same"}))).await;
    let paging = Paging { items_field: Some("data"), next_field: Some("next"), ..Paging::new(PageStyle::Cursor, "c") };
    let (outcomes, requests) = walk_error(&server, paging).await;
    assert!(matches!(outcomes.last(), Some(Err(Error::Pagination { .. }))), "{outcomes:?}");
    assert_eq!(requests, 2);
}

/// Adds a header before every attempt.
struct Stamp;

impl Hook for Stamp {
    fn before<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
        info: &'a RequestInfo,
    ) -> BoxFuture<'a, Result<(), String>> {
        let value = format!("{} {} #{}", info.method, info.path_template, info.attempt);
        request.headers_mut().insert("x-signature", value.parse().unwrap());
        Box::pin(std::future::ready(Ok(())))
    }
}

#[tokio::test]
async fn a_header_added_by_a_hook_reaches_the_server() {
    let server = serve(|_| ok(serde_json::json!({}))).await;
    let transport = builder(&server).hook(Stamp).build_transport::<UntypedBody>().unwrap();
    get(&transport, "/things", &[]).await.unwrap();
    assert_eq!(server.seen()[0].header("x-signature"), Some("GET /things #1"));
}

/// A bearer token renewed after a 401: `before` sends the current token,
/// `after` renews it and asks for the request again.
struct Renew {
    generation: AtomicU64,
    renewals: AtomicUsize,
}

impl Hook for Renew {
    fn before<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
        _: &'a RequestInfo,
    ) -> BoxFuture<'a, Result<(), String>> {
        let token = format!("Bearer token-{}", self.generation.load(Ordering::SeqCst));
        request.headers_mut().insert("authorization", token.parse().unwrap());
        Box::pin(std::future::ready(Ok(())))
    }

    fn after<'a>(&'a self, answer: &'a AnswerInfo<'a>) -> BoxFuture<'a, AfterAnswer> {
        Box::pin(async move {
            if answer.status != StatusCode::UNAUTHORIZED {
                return AfterAnswer::Proceed;
            }
            self.generation.fetch_add(1, Ordering::SeqCst);
            self.renewals.fetch_add(1, Ordering::SeqCst);
            AfterAnswer::Resend
        })
    }
}

#[tokio::test]
async fn a_token_renewed_by_a_hook_after_a_401_is_used_by_the_retry() {
    let server = serve(|seen| match seen.header("authorization") {
        Some("Bearer token-1") => ok(serde_json::json!({"ok": true})),
        _ => Answer { status: 401, headers: Vec::new(), body: "{}".to_string() },
    })
    .await;
    let hook = Arc::new(Renew { generation: AtomicU64::new(0), renewals: AtomicUsize::new(0) });
    struct Shared(Arc<Renew>);
    impl Hook for Shared {
        fn before<'a>(
            &'a self,
            request: &'a mut reqwest::Request,
            info: &'a RequestInfo,
        ) -> BoxFuture<'a, Result<(), String>> {
            self.0.before(request, info)
        }
        fn after<'a>(&'a self, answer: &'a AnswerInfo<'a>) -> BoxFuture<'a, AfterAnswer> {
            self.0.after(answer)
        }
    }
    let transport = builder(&server).hook(Shared(hook.clone())).build_transport::<UntypedBody>().unwrap();
    let raw = get(&transport, "/me", &[]).await.unwrap();
    assert_eq!(raw.status(), StatusCode::OK);
    assert_eq!(hook.renewals.load(Ordering::SeqCst), 1);
    let tokens: Vec<Option<String>> =
        server.seen().iter().map(|seen| seen.header("authorization").map(str::to_string)).collect();
    assert_eq!(tokens, [Some("Bearer token-0".to_string()), Some("Bearer token-1".to_string())]);

    // A server that refuses every token: the resends are bounded.
    let refusing = serve(|_| Answer { status: 401, headers: Vec::new(), body: "{}".to_string() }).await;
    let transport = builder(&refusing)
        .hook(Renew { generation: AtomicU64::new(0), renewals: AtomicUsize::new(0) })
        .build_transport::<UntypedBody>()
        .unwrap();
    let error = get(&transport, "/me", &[]).await.unwrap_err();
    assert!(matches!(error, Error::Hook { .. }), "{error}");
    assert_eq!(refusing.seen().len(), 1 + MAX_HOOK_RESENDS as usize);
}

#[tokio::test]
async fn a_caller_built_reqwest_client_sends_the_requests() {
    let server = serve(|_| ok(serde_json::json!({}))).await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-from-own-client", "yes".parse().unwrap());
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    let own = reqwest::Client::builder().use_preconfigured_tls(tls).default_headers(defaults).build().unwrap();
    let transport =
        builder(&server).reqwest_client(own).bearer(Bearer::new("t0k3n")).build_transport::<UntypedBody>().unwrap();
    get(&transport, "/x", &[&[BEARER]]).await.unwrap();
    let seen = &server.seen()[0];
    assert_eq!(seen.header("x-from-own-client"), Some("yes"));
    assert_eq!(seen.header("authorization"), Some("Bearer t0k3n"), "credentials are still the client's to attach");
}
