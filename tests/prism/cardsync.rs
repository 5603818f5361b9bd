//! The client generated from the cardsync document against Prism serving the
//! OpenAPI export of the same document (scripts/prism.sh): every GET
//! operation, with the API key its security scheme names, decoded without
//! an error, and refused without the key.

use prism_client::client::{ApiKey, Client, ClientBuilder, ClientBuilderExt};

fn base_url() -> String {
    std::env::var("PRISM_URL").expect("PRISM_URL is set by scripts/prism.sh")
}

fn builder() -> ClientBuilder {
    Client::builder(base_url()).danger_allow_http(true)
}

fn client() -> Client {
    builder().with_authorization(ApiKey::new("prism-checks-presence-only")).build().expect("a client")
}

#[tokio::test]
async fn enrollment_status_decodes() {
    let answer = client().retrieve_enrollmentstatus(None).await.expect("the enrollment status");
    assert!(answer.status().is_success());
}

#[tokio::test]
async fn batch_status_decodes() {
    let answer = client().get_batch("c0lbt59erttvtfnb7k0g", None).await.expect("a batch status");
    assert!(answer.status().is_success());
}

#[tokio::test]
async fn batch_results_decode() {
    let answer = client().list_results("c0lbt59erttvtfnb7k0g", None).await.expect("batch results");
    assert!(answer.status().is_success());
}

#[tokio::test]
async fn a_call_without_the_key_is_refused() {
    let client = builder().build().expect("a client");
    let error = client.retrieve_enrollmentstatus(None).await.expect_err("Prism's security check");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401), "{error}");
}
