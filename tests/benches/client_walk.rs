//! Streaming a collection paged by cursor (`page[cursor]`, the next cursor
//! in `meta.next_cursor`, a bearer token) from a small keep-alive HTTP server
//! in the same process: the generated client's `_stream` (codegen/tests/
//! auth-paging-api) against a hand-written reqwest + serde_json loop over
//! the same server and the same item type.
//!
//! `cargo bench -p e2e --bench client_walk` prints divan's timings (items per
//! second for each, at 10,000 and 100,000 items, 100 a page).

use std::sync::Arc;

use auth_paging_api::client::{Bearer, Client, ClientBuilderExt};
use auth_paging_api::models::Thing;
use auth_paging_api::runtime::StreamExt;
use divan::counter::ItemsCount;
use divan::Bencher;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const SIZES: [u64; 2] = [10_000, 100_000];
const PAGE: u64 = 100;

fn main() {
    divan::main();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime")
}

/// Every page's answer, made once: page `n` holds items `n*PAGE..`.
fn pages(size: u64) -> Arc<Vec<Vec<u8>>> {
    let count = size.div_ceil(PAGE);
    let bodies = (0..count)
        .map(|page| {
            let start = page * PAGE;
            let items: Vec<serde_json::Value> = (start..(start + PAGE).min(size))
                .map(|i| serde_json::json!({"id": format!("t{i}"), "name": format!("thing number {i}")}))
                .collect();
            let next =
                if page + 1 < count { serde_json::json!((page + 1).to_string()) } else { serde_json::Value::Null };
            let body = serde_json::json!({"data": items, "meta": {"next_cursor": next}}).to_string();
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len())
                .into_bytes()
        })
        .collect();
    Arc::new(bodies)
}

/// A keep-alive server answering `GET /cursor?page[cursor]=N` with page N.
async fn serve(size: u64) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let pages = pages(size);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let pages = pages.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read);
                let mut line = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let page = line
                        .split_whitespace()
                        .nth(1)
                        .and_then(|target| {
                            target.split("cursor%5D=").nth(1).or_else(|| target.split("cursor]=").nth(1))
                        })
                        .and_then(|rest| rest.split('&').next()?.parse::<usize>().ok())
                        .unwrap_or(0);
                    // The rest of the head.
                    loop {
                        line.clear();
                        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                    }
                    if write.write_all(&pages[page.min(pages.len() - 1)]).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    base
}

async fn stream_generated(client: &Client) -> u64 {
    let mut things = client.list_cursor_stream(None);
    let mut count = 0;
    while let Some(thing) = things.next().await {
        divan::black_box(thing.expect("an item"));
        count += 1;
    }
    count
}

#[derive(serde::Deserialize)]
struct HandPage {
    data: Vec<Thing>,
    meta: HandMeta,
}

#[derive(serde::Deserialize)]
struct HandMeta {
    next_cursor: Option<String>,
}

/// What a partner would write by hand: ask page after page with the cursor
/// the previous one gave, until it is null.
async fn stream_by_hand(http: &reqwest::Client, base: &str) -> u64 {
    let mut cursor: Option<String> = None;
    let mut count = 0;
    loop {
        let mut url = reqwest::Url::parse(&format!("{base}/cursor")).expect("a URL");
        url.query_pairs_mut().append_pair("page[size]", &PAGE.to_string());
        if let Some(cursor) = &cursor {
            url.query_pairs_mut().append_pair("page[cursor]", cursor);
        }
        let body = http.get(url).bearer_auth("token").send().await.expect("a page").bytes().await.expect("a body");
        let page: HandPage = serde_json::from_slice(&body).expect("a page");
        count += page.data.len() as u64;
        for thing in page.data {
            divan::black_box(thing);
        }
        match page.meta.next_cursor {
            Some(next) => cursor = Some(next),
            None => return count,
        }
    }
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn generated(bencher: Bencher, size: u64) {
    let runtime = runtime();
    let base = runtime.block_on(serve(size));
    let client = Client::builder(base).danger_allow_http(true).page_size(PAGE).with_oauth(Bearer::new("token")).build();
    let client = client.expect("the client builds");
    assert_eq!(runtime.block_on(stream_generated(&client)), size);
    bencher.counter(ItemsCount::new(size)).bench_local(|| runtime.block_on(stream_generated(&client)));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn hand_written(bencher: Bencher, size: u64) {
    let runtime = runtime();
    let base = runtime.block_on(serve(size));
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    assert_eq!(runtime.block_on(stream_by_hand(&http, &base)), size);
    bencher.counter(ItemsCount::new(size)).bench_local(|| runtime.block_on(stream_by_hand(&http, &base)));
}
