//! The generated client against the mock server over HTTPS, trusting the certificate
//! authority the mock made on start.

#[path = "client/scenarios.rs"]
mod scenarios;

use scenarios::Scheme::Https;

#[tokio::test]
async fn one_login_serves_both_apis() {
    scenarios::one_login_serves_both_apis(Https).await;
}

#[tokio::test]
async fn wrong_credentials_are_a_session_error() {
    scenarios::wrong_credentials_are_a_session_error(Https).await;
}

#[tokio::test]
async fn an_expired_session_is_opened_again() {
    scenarios::an_expired_session_is_opened_again(Https).await;
}

#[tokio::test]
async fn ten_thousand_items_stream_in_order() {
    scenarios::ten_thousand_items_stream_in_order(Https).await;
}

#[tokio::test]
async fn a_page_answers_200_or_206() {
    scenarios::a_page_answers_200_or_206(Https).await;
}

#[tokio::test]
async fn a_malformed_content_range_is_an_error() {
    scenarios::a_malformed_content_range_is_an_error(Https).await;
}

#[tokio::test]
async fn a_command_retried_after_a_5xx_is_applied_once() {
    scenarios::a_command_retried_after_a_5xx_is_applied_once(Https).await;
}

#[tokio::test]
async fn a_command_whose_answer_was_lost_succeeds_as_a_replay() {
    scenarios::a_command_whose_answer_was_lost_succeeds_as_a_replay(Https).await;
}

#[tokio::test]
async fn a_400_is_the_typed_event_error() {
    scenarios::a_400_is_the_typed_event_error(Https).await;
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    scenarios::a_slow_answer_is_a_timeout(Https).await;
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output() {
    scenarios::secrets_stay_out_of_debug_output(Https).await;
}

#[tokio::test]
async fn plain_http_is_refused_without_the_opt_in() {
    let server = scenarios::mock(scenarios::Scheme::Http, Default::default()).await;
    let credentials = performance_immo::client::Credentials::new(scenarios::LOGIN, scenarios::PASSWORD);
    let error = performance_immo::client::Client::new(server.base_url(), credentials).expect_err("refused");
    assert!(error.to_string().contains("HTTPS only"), "{error}");
}

#[tokio::test]
async fn an_unknown_certificate_authority_is_refused() {
    let server = scenarios::mock(Https, Default::default()).await;
    let credentials = performance_immo::client::Credentials::new(scenarios::LOGIN, scenarios::PASSWORD);
    let client = performance_immo::client::Client::builder(server.base_url())
        .credentials(credentials)
        .retry(performance_immo::client::RetryPolicy::never())
        .build()
        .expect("builds");
    let uid = "a10d7918-39b6-5822-9623-6e53cf1fa587".parse().expect("a UUID");
    let error = client.get_client_company(&uid, None).await.expect_err("untrusted");
    assert!(matches!(error, performance_immo::client::Error::Transport { .. }), "{error:?}");
}
