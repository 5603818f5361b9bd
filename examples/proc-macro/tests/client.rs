//! The client the macro expanded to, against the mock server built from the
//! same documentation, in-process on 127.0.0.1.

use codegen::mock::{MockOptions, MockServer};
use proc_macro_example::api::client::{Client, Credentials};
use proc_macro_example::api::runtime;

async fn mock() -> MockServer {
    let analysis = codegen::analyze(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec"))
        .expect("the documentation loads");
    MockServer::start(analysis.api, MockOptions::default()).await.expect("the mock starts")
}

#[test]
fn a_client_builds_for_an_https_base_url_and_refuses_plain_http() {
    let client = Client::new("https://api.example.com", Credentials::new("someone", "secret")).expect("builds");
    assert_eq!(client.transport().base_url().as_str(), "https://api.example.com/");
    let refused = Client::new("http://api.example.com", Credentials::new("someone", "secret"));
    assert!(matches!(refused, Err(runtime::Error::Config { .. })), "{refused:?}");
}

#[tokio::test]
async fn the_client_logs_in_to_the_mock_once() {
    let server = mock().await;
    let client = Client::builder(server.base_url())
        .credentials(Credentials::new("someone", "secret"))
        .danger_allow_http(true)
        .build()
        .expect("builds");
    client.login().await.expect("the mock accepts any login");
    assert_eq!(server.stats().logins, 1);
    assert_eq!(server.stats().unauthorized, 0);
}
