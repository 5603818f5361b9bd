//! The client generated from `codegen/tests/fixtures/auth-paging.ir.json`
//! (`codegen/tests/auth-paging-api`) against servers written here on
//! 127.0.0.1: each documented scheme reaches the server through the typed
//! builder methods, and each paging style's `_stream` reads every item once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use auth_paging_api::client::{ApiKey, Basic, Bearer, Client, ClientBuilder, ClientBuilderExt};
use auth_paging_api::runtime::{TryStreamExt, Url};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A request as the server read it: its target and lower-cased headers.
#[derive(Debug, Clone)]
struct Seen {
    target: String,
    headers: HashMap<String, String>,
}

impl Seen {
    fn query(&self, name: &str) -> Option<String> {
        let url = Url::parse(&format!("http://x{}", self.target)).unwrap();
        url.query_pairs().find(|(key, _)| key == name).map(|(_, value)| value.into_owned())
    }

    fn number(&self, name: &str) -> usize {
        self.query(name).and_then(|text| text.parse().ok()).unwrap_or(0)
    }
}

/// A server answering `answer(request)` as JSON with status 200, or 401
/// when `authorized` says the request lacks its credential.
async fn serve(
    authorized: impl Fn(&Seen) -> bool + Send + Sync + 'static,
    answer: impl Fn(&Seen) -> serde_json::Value + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let handlers = Arc::new((authorized, answer));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (handlers, log) = (handlers.clone(), log.clone());
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match stream.read(&mut byte).await {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let mut lines = head.lines();
                let target = lines.next().unwrap_or_default().split_whitespace().nth(1).unwrap_or_default().to_string();
                let headers = lines
                    .filter_map(|line| line.split_once(':'))
                    .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
                    .collect();
                let request = Seen { target, headers };
                log.lock().unwrap().push(request.clone());
                let (status, body) = if (handlers.0)(&request) {
                    ("200 OK", (handlers.1)(&request).to_string())
                } else {
                    ("401 No", "{}".to_string())
                };
                let reply = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(reply.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    (base_url, seen)
}

fn things(range: std::ops::Range<usize>) -> Vec<serde_json::Value> {
    range.map(|i| json!({"id": format!("t{i}"), "name": format!("thing {i}")})).collect()
}

fn builder(base_url: &str) -> ClientBuilder {
    Client::builder(base_url).danger_allow_http(true).page_size(4)
}

fn ids(things: &[auth_paging_api::models::Thing]) -> Vec<String> {
    things.iter().map(|thing| thing.id.clone()).collect()
}

fn expected(count: usize) -> Vec<String> {
    (0..count).map(|i| format!("t{i}")).collect()
}

#[tokio::test]
async fn page_numbers_with_a_header_key() {
    let (base, seen) = serve(
        |seen| seen.headers.get("x-api-token").map(String::as_str) == Some("Token token=k-1"),
        |seen| {
            let start = (seen.number("page") - 1) * seen.number("per_page");
            json!({"data": things(start..(start + 4).min(10)), "meta": {"total": 10}})
        },
    )
    .await;
    let client = builder(&base).with_header_key(ApiKey::new("k-1")).build().unwrap();
    let got: Vec<_> = client.list_pages_stream(None).try_collect().await.unwrap();
    assert_eq!(ids(&got), expected(10));
    assert_eq!(seen.lock().unwrap().len(), 3, "the total ends the walk");

    let without = builder(&base).build().unwrap();
    let error = without.list_pages(None).await.unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
}

#[tokio::test]
async fn cursors_with_a_bearer_token() {
    let (base, _) = serve(
        |seen| seen.headers.get("authorization").map(String::as_str) == Some("Bearer tok"),
        |seen| {
            let start = seen.query("page[cursor]").map_or(0, |cursor| cursor.parse().unwrap());
            let end = (start + 4).min(9);
            json!({"data": things(start..end), "meta": {"next_cursor": if end < 9 { json!(end.to_string()) } else { json!(null) }}})
        },
    )
    .await;
    let client = builder(&base).with_oauth(Bearer::new("tok")).build().unwrap();
    let got: Vec<_> = client.list_cursor_stream(None).try_collect().await.unwrap();
    assert_eq!(ids(&got), expected(9));
}

#[tokio::test]
async fn offsets_with_basic_credentials() {
    let (base, seen) = serve(
        |seen| seen.headers.get("authorization").map(String::as_str) == Some("Basic amFuZTpodW50ZXIy"),
        |seen| {
            let offset = seen.number("offset");
            // Pages are capped at 3 items, below the limit asked.
            let end = (offset + 3).min(7);
            json!({"data": things(offset..end), "has_more": end < 7})
        },
    )
    .await;
    let client = builder(&base).with_basic(Basic::new("jane", "hunter2")).build().unwrap();
    let got: Vec<_> = client.list_offset_stream(None).try_collect().await.unwrap();
    assert_eq!(ids(&got), expected(7));
    assert!(seen.lock().unwrap().iter().all(|request| request.number("limit") == 4));
}

#[tokio::test]
async fn the_last_items_id_as_cursor_with_keys_used_together() {
    let (base, seen) = serve(
        |seen| seen.headers.contains_key("x-api-token") && seen.query("api_key").as_deref() == Some("q"),
        |seen| {
            assert!(seen.target.starts_with("/after/owner%201?"), "{}", seen.target);
            let start = seen.query("starting_after").map_or(0, |id| id[1..].parse::<usize>().unwrap() + 1);
            let end = (start + 4).min(6);
            json!({"data": things(start..end), "has_more": end < 6})
        },
    )
    .await;
    let client = builder(&base).api_key(ApiKey::new("q")).build().unwrap();
    let got: Vec<_> = client.list_after_stream("owner 1", None).try_collect().await.unwrap();
    assert_eq!(ids(&got), expected(6));
    assert_eq!(seen.lock().unwrap()[1].query("starting_after").as_deref(), Some("t3"));
}

#[tokio::test]
async fn an_endpoint_documented_without_security_sends_nothing() {
    let (base, seen) = serve(|_| true, |_| json!({"id": "t1", "name": "one"})).await;
    let client = builder(&base).api_key(ApiKey::new("k")).bearer(Bearer::new("b")).build().unwrap();
    client.get_thing("t1", None).await.unwrap();
    let request = &seen.lock().unwrap()[0];
    assert!(!request.headers.contains_key("authorization") && !request.headers.contains_key("x-api-token"));
    assert_eq!(Client::DEFAULT_BASE_URL, "https://eu.api.example.com/v2");
}
