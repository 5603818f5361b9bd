//! The runtime against servers that misbehave on purpose: small HTTP/1.1
//! servers written here on a tokio `TcpListener` of 127.0.0.1, answering
//! with bytes chosen by each test (endless bodies, lying headers, endless
//! collections, refusals after a lost answer...).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use codegen::mock::{MockOptions, MockServer};
use codegen_runtime::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the hostile server does with one request.
enum Reply {
    /// These bytes, then the connection is closed.
    Bytes(Vec<u8>),
    /// This head, then `total` bytes of body in chunks (or until the client
    /// hangs up), then the connection is closed.
    Flood { head: String, total: usize },
    /// The connection is closed without an answer: the answer is lost.
    Hang,
}

/// One request as the server read it.
#[derive(Debug, Clone)]
struct Seen {
    head: String,
    body: String,
}

impl Seen {
    fn path(&self) -> &str {
        self.head.split_whitespace().nth(1).unwrap_or_default()
    }
}

struct Hostile {
    base_url: String,
    /// Connections accepted so far.
    connections: Arc<AtomicUsize>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// A server answering request number `n` (from 0) with `reply(n, request)`.
async fn hostile(reply: impl Fn(usize, &Seen) -> Reply + Send + Sync + 'static) -> Hostile {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let reply = Arc::new(reply);
    let (counter, log) = (connections.clone(), seen.clone());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let number = counter.fetch_add(1, Ordering::SeqCst);
            let (reply, log) = (reply.clone(), log.clone());
            tokio::spawn(async move {
                let mut stream = stream;
                let Some(request) = read_request(&mut stream).await else { return };
                log.lock().unwrap().push(request.clone());
                send(&mut stream, reply(number, &request)).await;
            });
        }
    });
    Hostile { base_url, connections, seen }
}

async fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = bytes.windows(4).position(|window| window == b"\r\n\r\n") {
            break end + 4;
        }
        let read = stream.read(&mut buffer).await.ok().filter(|read| *read > 0)?;
        bytes.extend_from_slice(&buffer[..read]);
    };
    let head = String::from_utf8_lossy(&bytes[..head_end]).into_owned();
    let length = head
        .lines()
        .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_string()))
        .and_then(|value| value.parse::<usize>().ok())
        .unwrap_or(0);
    while bytes.len() < head_end + length {
        let read = stream.read(&mut buffer).await.ok().filter(|read| *read > 0)?;
        bytes.extend_from_slice(&buffer[..read]);
    }
    let body = String::from_utf8_lossy(&bytes[head_end..]).into_owned();
    Some(Seen { head, body })
}

async fn send(stream: &mut TcpStream, reply: Reply) {
    match reply {
        Reply::Bytes(bytes) => {
            let _ = stream.write_all(&bytes).await;
        }
        Reply::Flood { head, total } => {
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
            let block = vec![b'x'; 64 << 10];
            let mut sent = 0;
            while sent < total {
                let written = if chunked {
                    let mut chunk = format!("{:x}\r\n", block.len()).into_bytes();
                    chunk.extend_from_slice(&block);
                    chunk.extend_from_slice(b"\r\n");
                    stream.write_all(&chunk).await
                } else {
                    stream.write_all(&block).await
                };
                if written.is_err() {
                    return;
                }
                sent += block.len();
            }
            if chunked {
                let _ = stream.write_all(b"0\r\n\r\n").await;
            }
        }
        Reply::Hang => {}
    }
    let _ = stream.shutdown().await;
}

/// A whole HTTP/1.1 answer with a JSON body and extra header lines.
fn answer(status: &str, headers: &[&str], body: &str) -> Reply {
    let mut text = format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\nConnection: close\r\n");
    for header in headers {
        text.push_str(header);
        text.push_str("\r\n");
    }
    text.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    Reply::Bytes(text.into_bytes())
}

/// Retries without waiting, so that a test never depends on the backoff.
fn quick() -> RetryPolicy {
    RetryPolicy { initial_backoff: Duration::ZERO, max_backoff: Duration::ZERO, ..RetryPolicy::default() }
}

fn client(server: &Hostile) -> ClientBuilder<Transport<UntypedBody>> {
    ClientBuilder::new(server.base_url.clone()).danger_allow_http(true).retry(quick())
}

async fn get(client: &Transport<UntypedBody>, path: &'static str) -> Result<Response<serde_json::Value>, Error> {
    let raw = client.execute(Request::new(Method::GET, path)).await?;
    if raw.status().is_success() {
        raw.json()
    } else {
        Err(raw.error())
    }
}

// Bodies.

const MIB: usize = 1 << 20;

#[tokio::test]
async fn a_body_without_a_length_is_cut_at_the_limit() {
    for head in [
        "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
    ] {
        // 64 MiB at most, so that a client without a limit ends too.
        let server = hostile(move |_, _| Reply::Flood { head: head.to_string(), total: 64 * MIB }).await;
        let transport = client(&server).max_body_size(MIB as u64).build().unwrap();
        let error = get(&transport, "/huge").await.unwrap_err();
        assert!(matches!(error, Error::BodyTooLarge { limit, .. } if limit == MIB as u64), "{error:?}");
        assert!(error.to_string().contains("1048576 bytes"), "the message states the limit: {error}");
        assert_eq!(server.connections.load(Ordering::SeqCst), 1, "a body too large is not retried");
    }
}

#[tokio::test]
async fn the_default_limit_holds_without_configuration() {
    let head = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_string();
    let server = hostile(move |_, _| Reply::Flood { head: head.clone(), total: 64 * MIB }).await;
    let transport = client(&server).build().unwrap();
    assert_eq!(transport.max_body_size(), DEFAULT_MAX_BODY_SIZE);
    assert_eq!(DEFAULT_MAX_BODY_SIZE, 32 << 20);
    let error = get(&transport, "/huge").await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { limit, .. } if limit == DEFAULT_MAX_BODY_SIZE), "{error:?}");
}

#[tokio::test]
async fn an_announced_length_over_the_limit_is_refused_unread() {
    // Announces 2 GiB and sends a little: the client must not wait for it.
    let server = hostile(|_, _| Reply::Flood {
        head: "HTTP/1.1 200 OK\r\nContent-Length: 2147483648\r\n\r\n".to_string(),
        total: 1,
    })
    .await;
    let transport = client(&server).max_body_size(MIB as u64).build().unwrap();
    let error = get(&transport, "/announced").await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { .. }), "{error:?}");
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn error_bodies_are_limited_too() {
    let head = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n".to_string();
    let server = hostile(move |_, _| Reply::Flood { head: head.clone(), total: 8 * MIB }).await;
    let transport = client(&server).max_body_size(MIB as u64).build().unwrap();
    let error = get(&transport, "/refused").await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { status: StatusCode::BAD_REQUEST, .. }), "{error:?}");
}

// Pages.

/// A collection of `count` items served `page` at a time, as `[{"n": i}]`.
/// The server serves `page` items whatever the client asks for.
fn pages(count: u64, page: u64) -> impl Fn(usize, &Seen) -> Reply + Send + Sync + 'static {
    move |_, request| {
        let range = request.path().split("range=").nth(1).unwrap_or("0-0").to_string();
        let start: u64 = range.split_once('-').unwrap().0.parse().unwrap();
        let end = (start + page - 1).min(count - 1);
        let items: Vec<String> = (start..=end).map(|n| format!("{{\"n\":{n}}}")).collect();
        let content_range = format!("Content-Range: {start}-{end}/{count}");
        let accept_range = format!("Accept-Range: {page}");
        answer("206 Partial Content", &[&content_range, &accept_range], &format!("[{}]", items.join(",")))
    }
}

#[derive(Debug, serde::Deserialize)]
struct Item {
    n: u64,
}

fn stream(transport: Arc<Transport<UntypedBody>>) -> PageStream<Item, UntypedBody> {
    paginate_within(transport.stream_limits(), move |range| {
        let transport = transport.clone();
        async move {
            let request = Request::new(Method::GET, "/items").query("range", &range)?;
            let raw = transport.execute(request).await?;
            if raw.status().is_success() {
                raw.page(None)
            } else {
                Err(raw.error())
            }
        }
    })
}

#[tokio::test]
async fn an_endless_collection_ends_at_the_page_limit() {
    // Well-formed pages of a collection that never ends.
    let server = hostile(pages(u64::MAX, 10)).await;
    let transport = Arc::new(client(&server).max_stream_pages(5).build().unwrap());
    let mut items = stream(transport);
    let mut received = 0;
    let error = loop {
        match items.next().await {
            Some(Ok(item)) => {
                assert_eq!(item.n, received);
                received += 1;
            }
            Some(Err(error)) => break error,
            None => panic!("an endless collection cannot end"),
        }
    };
    assert_eq!(received, 50, "five pages came through");
    assert!(matches!(&error, Error::StreamLimit { message } if message.contains("5 pages")), "{error}");
    assert!(items.next().await.is_none(), "nothing after the error");
    assert_eq!(server.connections.load(Ordering::SeqCst), 5, "no sixth page asked");
}

#[tokio::test]
async fn an_endless_collection_ends_at_the_item_limit() {
    let server = hostile(pages(u64::MAX, 10)).await;
    let transport = Arc::new(client(&server).max_stream_items(25).build().unwrap());
    let outcome: Vec<Result<Item, Error>> = stream(transport).collect().await;
    assert_eq!(outcome.iter().filter(|item| item.is_ok()).count(), 25);
    let last = outcome.last().unwrap().as_ref().unwrap_err();
    assert!(matches!(last, Error::StreamLimit { message } if message.contains("25 items")), "{last}");
}

#[tokio::test]
async fn a_collection_within_the_limits_ends_normally() {
    let server = hostile(pages(30, 10)).await;
    let transport = Arc::new(client(&server).max_stream_pages(3).max_stream_items(30).build().unwrap());
    let items: Vec<Item> = stream(transport).try_collect().await.unwrap();
    assert_eq!(items.len(), 30);
}

#[tokio::test]
async fn pages_are_fetched_one_at_a_time() {
    let server = hostile(pages(1000, 100)).await;
    let transport = Arc::new(client(&server).build().unwrap());
    let mut items = stream(transport);
    for _ in 0..100 {
        items.next().await.unwrap().unwrap();
    }
    assert_eq!(server.connections.load(Ordering::SeqCst), 1, "the second page waits for the first to be taken");
    items.next().await.unwrap().unwrap();
    assert_eq!(server.connections.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_page_over_the_body_limit_ends_the_stream() {
    let server = hostile(pages(100_000, 50_000)).await;
    let transport = Arc::new(client(&server).max_body_size(64 << 10).build().unwrap());
    let outcome: Vec<Result<Item, Error>> = stream(transport).collect().await;
    assert_eq!(outcome.len(), 1);
    assert!(matches!(outcome[0], Err(Error::BodyTooLarge { .. })), "{:?}", outcome[0].as_ref().err());
}

// Retries.

/// Guards a call that would sleep for an hour if `Retry-After` were ignored.
async fn without_the_hour<T>(call: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(120), call).await.expect("the client waited for its own backoff")
}

#[tokio::test]
async fn retry_after_replaces_the_backoff_and_is_capped() {
    let patient = RetryPolicy {
        initial_backoff: Duration::from_secs(3600),
        max_backoff: Duration::from_secs(3600),
        max_retry_after: Duration::ZERO,
        ..RetryPolicy::default()
    };
    for retry_after in ["Retry-After: 0", "Retry-After: Wed, 21 Oct 2015 07:28:00 GMT", "Retry-After: 86400"] {
        let server = hostile(move |n, _| match n {
            0 => answer("503 Service Unavailable", &[retry_after], "{}"),
            _ => answer("200 OK", &[], "{\"ok\":true}"),
        })
        .await;
        // The cap of zero cuts the day of the last case.
        let transport = client(&server).retry(patient.clone()).build().unwrap();
        let response = without_the_hour(get(&transport, "/busy")).await.unwrap();
        assert_eq!(response.body()["ok"], true, "{retry_after}");
        assert_eq!(server.connections.load(Ordering::SeqCst), 2, "{retry_after}");
    }
}

#[tokio::test]
async fn busy_and_gateway_answers_are_retried() {
    for status in [
        "408 Request Timeout",
        "429 Too Many Requests",
        "502 Bad Gateway",
        "503 Service Unavailable",
        "504 Gateway Timeout",
    ] {
        let server = hostile(move |n, _| match n {
            0 => answer(status, &[], "{}"),
            _ => answer("200 OK", &[], "{}"),
        })
        .await;
        let transport = client(&server).build().unwrap();
        get(&transport, "/flaky").await.unwrap_or_else(|error| panic!("{status}: {error}"));
        assert_eq!(server.connections.load(Ordering::SeqCst), 2, "{status}");
    }
}

#[tokio::test]
async fn refusals_and_server_failures_are_not_retried() {
    for status in ["400 Bad Request", "404 Not Found", "500 Internal Server Error"] {
        let server = hostile(move |_, _| answer(status, &[], "{}")).await;
        let transport = client(&server).build().unwrap();
        get(&transport, "/no").await.unwrap_err();
        assert_eq!(server.connections.load(Ordering::SeqCst), 1, "{status}");
    }
}

#[tokio::test]
async fn a_lost_connection_is_retried_within_the_budget() {
    let server = hostile(|_, _| Reply::Hang).await;
    let transport = client(&server).build().unwrap();
    let error = get(&transport, "/gone").await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(server.connections.load(Ordering::SeqCst), 3, "three attempts, no more");
}

/// A TCP relay to `target` on 127.0.0.1 that counts the connections it
/// relays: it sees TLS handshakes without taking part in them.
async fn counting_relay(target: std::net::SocketAddr) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                if let Ok(mut outbound) = TcpStream::connect(target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    (format!("https://{addr}"), connections)
}

#[tokio::test]
async fn an_untrusted_certificate_is_tried_once() {
    let api = serde_json::from_str(include_str!("../../tests/fixtures/mini-api.json")).unwrap();
    let mock = MockServer::start(api, MockOptions { tls: true, ..MockOptions::default() }).await.unwrap();
    let (base_url, connections) = counting_relay(mock.addr()).await;
    // The mock's authority is not added: its certificate is untrusted.
    let transport: Transport<UntypedBody> = ClientBuilder::new(base_url).retry(quick()).build().unwrap();
    let error = get(&transport, "/api/v1/companies").await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 1, "a certificate failure is never retried");
    assert_eq!(mock.stats().requests, 0);
}

// Commands whose answer was lost.

const REFUSAL: &str = r#"{"errorType":"CommandAlreadySent","message":"seen before"}"#;

async fn command(transport: &Transport<UntypedBody>) -> Result<Response<Applied<serde_json::Value>>, Error> {
    let request = Request::new(Method::POST, "/commands")
        .command_body(&serde_json::json!({ "commandType": "Open" }), "processUid")?
        .duplicate_refusal(400, "errorType", &["CommandAlreadySent"]);
    let raw = transport.execute(request).await?;
    if raw.is_replay() {
        return Ok(raw.replayed());
    }
    match raw.status().as_u16() {
        201 => raw.json().map(|response| response.map(Applied::Answer)),
        _ => Err(raw.error()),
    }
}

fn process_uid(seen: &Seen) -> String {
    let body: serde_json::Value = serde_json::from_str(&seen.body).unwrap();
    body["processUid"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_duplicate_refusal_after_a_lost_answer_is_the_success_of_the_first_attempt() {
    let lost_answers: [fn() -> Reply; 2] = [|| Reply::Hang, || answer("502 Bad Gateway", &[], "{}")];
    for lost in lost_answers {
        let server = hostile(move |n, _| match n {
            // Applied, but the answer never arrives.
            0 => lost(),
            _ => answer("400 Bad Request", &[], REFUSAL),
        })
        .await;
        let transport = client(&server).build().unwrap();
        let response = command(&transport).await.expect("a replay is a success");
        assert!(response.body().is_replay(), "{response:?}");
        assert!(response.body().answer().is_none());
        let Applied::Replayed { refusal } = response.body() else { panic!("{response:?}") };
        assert_eq!(refusal.text, REFUSAL);
        let seen = server.seen.lock().unwrap().clone();
        assert_eq!(seen.len(), 2);
        assert_eq!(process_uid(&seen[0]), process_uid(&seen[1]), "the retry carries the same processUid");
        assert_eq!(response.process_uid(), Some(process_uid(&seen[0]).as_str()));
    }
}

#[tokio::test]
async fn a_duplicate_refusal_on_the_first_attempt_stays_an_error() {
    // Nothing was lost: the caller itself sent a processUid used before.
    let server = hostile(|_, _| answer("400 Bad Request", &[], REFUSAL)).await;
    let transport = client(&server).build().unwrap();
    let error = command(&transport).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
}

#[tokio::test]
async fn another_refusal_after_a_lost_answer_stays_an_error() {
    let server = hostile(|n, _| match n {
        0 => Reply::Hang,
        _ => answer("400 Bad Request", &[], r#"{"errorType":"SomethingElse","message":"no"}"#),
    })
    .await;
    let transport = client(&server).build().unwrap();
    let error = command(&transport).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
}

// Userinfo in the base URL.

/// Every log line, from every test of this binary.
fn captured_logs() -> &'static Mutex<String> {
    static LOGS: OnceLock<Mutex<String>> = OnceLock::new();
    LOGS.get_or_init(|| Mutex::new(String::new()))
}

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{} {}: {}\n", record.level(), record.target(), record.args());
        captured_logs().lock().unwrap().push_str(&line);
    }

    fn flush(&self) {}
}

#[tokio::test]
async fn userinfo_in_the_base_url_never_shows() {
    static LOGGER: Capture = Capture;
    let _ = log::set_logger(&LOGGER);
    log::set_max_level(log::LevelFilter::Trace);
    let server = hostile(|_, request| match request.path() {
        "/ok" => answer("200 OK", &[], "{}"),
        "/refused" => answer("403 Forbidden", &[], "{}"),
        "/huge" => Reply::Flood { head: "HTTP/1.1 200 OK\r\n\r\n".to_string(), total: 4 * MIB },
        _ => Reply::Hang,
    })
    .await;
    let with_userinfo = server.base_url.replace("http://", "http://jane:hunter2@");
    let builder =
        ClientBuilder::<Transport<UntypedBody>>::new(with_userinfo.clone()).danger_allow_http(true).retry(quick());
    let transport = builder.clone().max_body_size(MIB as u64).build().unwrap();
    let ok = get(&transport, "/ok").await.unwrap();
    let refused = get(&transport, "/refused").await.unwrap_err();
    let huge = get(&transport, "/huge").await.unwrap_err();
    let lost = get(&transport, "/lost").await.unwrap_err();
    let not_https = ClientBuilder::<Transport<UntypedBody>>::new(with_userinfo.clone()).build().unwrap_err();
    let unparsable = ClientBuilder::<Transport<UntypedBody>>::new("http://jane:hunter2@[::1")
        .danger_allow_http(true)
        .build()
        .unwrap_err();
    let mut shown = format!(
        "{builder:?} {transport:?} {ok:?} {} {refused} {refused:?} {huge} {huge:?} {lost} {lost:?} {not_https} {unparsable}",
        transport.base_url()
    );
    let mut cause: Option<&dyn std::error::Error> = Some(&lost);
    while let Some(error) = cause {
        shown.push_str(&format!(" {error} {error:?}"));
        cause = error.source();
    }
    shown.push_str(&captured_logs().lock().unwrap());
    assert!(!shown.contains("hunter2"), "the password shows in: {shown}");
    assert!(!shown.contains("jane:"), "the userinfo shows in: {shown}");
    assert!(shown.contains("trying again"), "the retries were logged: {shown}");
    // The userinfo still serves as credentials, in a header.
    let seen = server.seen.lock().unwrap().clone();
    let authorization = seen[0].head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("authorization").then(|| value.trim().to_string())
    });
    assert_eq!(authorization.as_deref(), Some("Basic amFuZTpodW50ZXIy"));
}
