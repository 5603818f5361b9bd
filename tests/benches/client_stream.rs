//! Streaming a whole collection from the in-process mock server: the
//! generated client's `_stream` method against a hand-written reqwest +
//! serde_json loop over the same server and the same model type.
//!
//! `cargo bench -p e2e --bench client_stream` prints divan's timings (items
//! per second for each, at 10,000 and 100,000 items), then the peak memory of
//! each variant, measured in a child process of its own: the peak resident
//! set (`VmHWM` of `/proc/self/status`) over the run, less the resident set
//! before it. Reading `/proc` needs no allocator hooks.

use std::process::Command;
use std::time::Duration;

use codegen::mock::{MockOptions, MockServer};
use divan::counter::ItemsCount;
use divan::Bencher;
use performance_immo::client::{Client, Credentials};
use performance_immo::models::CompanyQueryView;
use performance_immo::runtime::StreamExt;
use reqwest::header::{CONTENT_RANGE, COOKIE, SET_COOKIE};

const SIZES: [u64; 2] = [10_000, 100_000];
const ACCEPT_RANGE: u64 = 100;
const PROBE: &str = "CLIENT_STREAM_MEMORY_PROBE";

fn main() {
    if let Ok(probe) = std::env::var(PROBE) {
        memory_probe(&probe);
        return;
    }
    divan::main();
    print_memory_table();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime")
}

async fn start_mock(size: u64) -> MockServer {
    let api = codegen::analyze(&e2e::spec_dir()).expect("spec/ loads").api;
    let options = MockOptions { collection_size: size, accept_range: ACCEPT_RANGE, ..MockOptions::default() };
    MockServer::start(api, options).await.expect("the mock starts")
}

fn generated_client(server: &MockServer) -> Client {
    Client::builder(server.base_url())
        .credentials(Credentials::new("bench", "bench"))
        .danger_allow_http(true)
        .build()
        .expect("the client builds")
}

async fn stream_generated(client: &Client) -> u64 {
    let mut companies = client.list_client_companies_stream(None);
    let mut count = 0;
    while let Some(company) = companies.next().await {
        divan::black_box(company.expect("an item"));
        count += 1;
    }
    count
}

/// What a partner would write by hand: log in, then ask range after range
/// and read `Content-Range` until the count is reached.
struct HandWritten {
    http: reqwest::Client,
    base: String,
    cookie: String,
}

impl HandWritten {
    async fn login(base: String) -> Self {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::new();
        let answer = http
            .post(format!("{base}/api/v1/login"))
            .json(&serde_json::json!({ "login": "bench", "password": "bench" }))
            .send()
            .await
            .expect("login");
        let set_cookie = answer.headers()[SET_COOKIE].to_str().expect("ASCII").to_string();
        let cookie = set_cookie.split(';').next().expect("a cookie").to_string();
        HandWritten { http, base, cookie }
    }

    async fn stream(&self) -> u64 {
        let mut start = 0;
        let mut count = 0;
        loop {
            let end = start + ACCEPT_RANGE - 1;
            let answer = self
                .http
                .get(format!("{}/api/v1/clientcompanies?range={start}-{end}", self.base))
                .header(COOKIE, &self.cookie)
                .send()
                .await
                .expect("a page");
            let range = answer.headers()[CONTENT_RANGE].to_str().expect("ASCII").to_string();
            let body = answer.bytes().await.expect("a body");
            let items: Vec<CompanyQueryView> = serde_json::from_slice(&body).expect("companies");
            count += items.len() as u64;
            for item in items {
                divan::black_box(item);
            }
            let (span, total) = range.split_once('/').expect("START-END/COUNT");
            let last: u64 = span.split_once('-').expect("START-END").1.parse().expect("END");
            if last + 1 >= total.parse::<u64>().expect("COUNT") {
                return count;
            }
            start = last + 1;
        }
    }
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn generated(bencher: Bencher, size: u64) {
    let runtime = runtime();
    let server = runtime.block_on(start_mock(size));
    let client = generated_client(&server);
    assert_eq!(runtime.block_on(stream_generated(&client)), size);
    bencher.counter(ItemsCount::new(size)).bench_local(|| runtime.block_on(stream_generated(&client)));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn hand_written(bencher: Bencher, size: u64) {
    let runtime = runtime();
    let server = runtime.block_on(start_mock(size));
    let by_hand = runtime.block_on(HandWritten::login(server.base_url()));
    assert_eq!(runtime.block_on(by_hand.stream()), size);
    bencher.counter(ItemsCount::new(size)).bench_local(|| runtime.block_on(by_hand.stream()));
}

/// Kilobytes of a `/proc/self/status` line (`VmRSS`, `VmHWM`).
fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// One streaming run in this (child) process: prints
/// `before_kb peak_kb` for the run alone.
fn memory_probe(probe: &str) {
    let (variant, size) = probe.split_once(':').expect("VARIANT:SIZE");
    let size: u64 = size.parse().expect("a size");
    let runtime = runtime();
    let server = runtime.block_on(start_mock(size));
    let client = generated_client(&server);
    let by_hand = runtime.block_on(HandWritten::login(server.base_url()));
    // Warm up both (connection, session, first allocations), then measure.
    runtime.block_on(stream_generated(&client));
    runtime.block_on(by_hand.stream());
    std::thread::sleep(Duration::from_millis(50));
    // Writing 5 to clear_refs resets the peak resident set to the current one.
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = status_kb("VmRSS");
    let count = match variant {
        "generated" => runtime.block_on(stream_generated(&client)),
        _ => runtime.block_on(by_hand.stream()),
    };
    assert_eq!(count, size);
    let peak = status_kb("VmHWM");
    println!("{before} {peak} {reset}");
}

fn print_memory_table() {
    let Ok(exe) = std::env::current_exe() else { return };
    println!("\npeak resident memory of one streaming run (the mock server runs in the same process)");
    println!("{:<14} {:>8} {:>14} {:>14}", "variant", "items", "before (KiB)", "growth (KiB)");
    for variant in ["generated", "hand_written"] {
        for size in SIZES {
            let output = Command::new(&exe).env(PROBE, format!("{variant}:{size}")).output();
            let text = output.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default();
            let fields: Vec<&str> = text.split_whitespace().collect();
            match fields.as_slice() {
                [before, peak, "true"] => {
                    let (before, peak): (u64, u64) = (before.parse().unwrap_or(0), peak.parse().unwrap_or(0));
                    println!("{variant:<14} {size:>8} {before:>14} {:>14}", peak.saturating_sub(before));
                }
                _ => println!("{variant:<14} {size:>8} (not measured: {})", text.trim()),
            }
        }
    }
}
