//! Clients of four small APIs that authenticate and page in four different
//! ways (`tests/fixtures/auth-paging/`), against the mock over HTTPS.
//!
//! For each document: the crate `codegen generate` makes of it is written to a
//! temporary folder with a caller program (`tests/auth_paging/<folder>.rs`),
//! the mock built from the same document is started with TLS, one accepted
//! credential and a collection of several pages, and the caller's tests run
//! there with cargo: every item of the collection read exactly once through
//! the generated `_stream` method, and a 401 when the credential is missing or
//! wrong. The crates share one target folder, `target/generated-crates`.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::mock::{Account, MockOptions, MockServer};

/// Items each collection holds; pages hold at most `PAGE` of them, so that a
/// walk takes several pages and ends on a short one.
const ITEMS: u64 = 57;
const PAGE: u64 = 10;

const API_KEY: &str = "key-4bd1c0";
const BEARER: &str = "token-77e2a9";
const BASIC_USER: &str = "fleet-account";
const BASIC_PASSWORD: &str = "secret-51aa";

fn fixture(name: &str) -> PathBuf {
    e2e::repo_root().join("tests/fixtures/auth-paging").join(name)
}

/// Generates the crate of `folder` with its caller program, ready for cargo.
fn write_crate(folder: &str, out: &Path) {
    let api = codegen::analyze(&fixture(folder)).expect("the document loads").api;
    let name = format!("auth-paging-{folder}");
    let mut options = codegen::rust::Options::new(&name);
    // The four crates share the workspace's runtime and its build.
    let runtime = e2e::repo_root().join("codegen/runtime");
    options.runtime = codegen::rust::runtime::Runtime::Path(runtime.display().to_string());
    let krate = codegen::rust::generate(&api, &options, &mut codegen::diagnostics::Diagnostics::new());
    codegen::rust::output::write_crate(out, &krate).expect("the crate is written");
    std::fs::copy(e2e::repo_root().join("Cargo.lock"), out.join("Cargo.lock")).expect("the lock file");
    let caller = e2e::repo_root().join("tests/auth_paging").join(format!("{folder}.rs"));
    std::fs::create_dir_all(out.join("tests")).expect("a tests folder");
    std::fs::copy(caller, out.join("tests/calls.rs")).expect("the caller program");
    std::fs::create_dir_all(out.join("tests/common")).expect("a tests/common folder");
    let common = e2e::repo_root().join("tests/auth_paging/common.rs");
    std::fs::copy(common, out.join("tests/common/mod.rs")).expect("the callers' common module");
    let manifest = out.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).expect("Cargo.toml");
    let tokio = "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }";
    text = text.replacen("[dev-dependencies]\n", &format!("[dev-dependencies]\n{tokio}\n"), 1);
    std::fs::write(&manifest, text).expect("Cargo.toml written");
}

/// Runs the caller's tests against a mock of `folder` over HTTPS.
async fn run(folder: &str) {
    let api = codegen::analyze(&fixture(folder)).expect("the document loads").api;
    let options = MockOptions {
        tls: true,
        api_keys: vec![API_KEY.to_string()],
        bearer_tokens: vec![BEARER.to_string()],
        basic_accounts: vec![Account { login: BASIC_USER.to_string(), password: BASIC_PASSWORD.to_string() }],
        collection_size: ITEMS,
        accept_range: PAGE,
        ..MockOptions::default()
    };
    let server = MockServer::start(api, options).await.expect("the mock starts");
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let krate = scratch.path().join("crate");
    write_crate(folder, &krate);
    let authority = scratch.path().join("authority.pem");
    std::fs::write(&authority, server.authority_pem().expect("a TLS mock")).expect("the authority is written");

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    command
        .args(["test", "--offline", "--quiet", "--test", "calls", "--", "--test-threads", "1"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", e2e::repo_root().join("target/generated-crates"))
        .env("MOCK_URL", server.base_url())
        .env("MOCK_AUTHORITY", &authority)
        .env("MOCK_ITEMS", ITEMS.to_string())
        .env("MOCK_API_KEY", API_KEY)
        .env("MOCK_BEARER", BEARER)
        .env("MOCK_BASIC_USER", BASIC_USER)
        .env("MOCK_BASIC_PASSWORD", BASIC_PASSWORD);
    let output = tokio::task::spawn_blocking(move || command.output()).await.expect("cargo ran").expect("cargo runs");
    assert!(
        output.status.success(),
        "the caller of {folder} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let stats = server.stats();
    // The walk took several pages: the mock serves at most `PAGE` items a page.
    assert!(stats.requests > ITEMS / PAGE, "{folder}: {} request(s) for {ITEMS} items", stats.requests);
    assert!(
        stats.unauthorized >= 2,
        "{folder}: the mock refused {} request(s), expected a missing and a wrong credential",
        stats.unauthorized
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn header_key_and_page_numbers() {
    run("header-key-pages").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn query_key_and_link_headers() {
    run("query-key-link").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bearer_token_and_cursors() {
    run("bearer-cursor").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn basic_credentials_and_offsets() {
    run("basic-offset").await;
}
