//! The generated client against the mock server over plain HTTP (allowed by
//! an explicit opt-in, for local tests only).

#[path = "client/scenarios.rs"]
mod scenarios;

use scenarios::Scheme::Http;

#[tokio::test]
async fn one_login_serves_both_apis() {
    scenarios::one_login_serves_both_apis(Http).await;
}

#[tokio::test]
async fn wrong_credentials_are_a_session_error() {
    scenarios::wrong_credentials_are_a_session_error(Http).await;
}

#[tokio::test]
async fn an_expired_session_is_opened_again() {
    scenarios::an_expired_session_is_opened_again(Http).await;
}

#[tokio::test]
async fn ten_thousand_items_stream_in_order() {
    scenarios::ten_thousand_items_stream_in_order(Http).await;
}

#[tokio::test]
async fn a_page_answers_200_or_206() {
    scenarios::a_page_answers_200_or_206(Http).await;
}

#[tokio::test]
async fn a_malformed_content_range_is_an_error() {
    scenarios::a_malformed_content_range_is_an_error(Http).await;
}

#[tokio::test]
async fn a_command_retried_after_a_5xx_is_applied_once() {
    scenarios::a_command_retried_after_a_5xx_is_applied_once(Http).await;
}

#[tokio::test]
async fn a_command_whose_answer_was_lost_succeeds_as_a_replay() {
    scenarios::a_command_whose_answer_was_lost_succeeds_as_a_replay(Http).await;
}

#[tokio::test]
async fn a_400_is_the_typed_event_error() {
    scenarios::a_400_is_the_typed_event_error(Http).await;
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    scenarios::a_slow_answer_is_a_timeout(Http).await;
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output() {
    scenarios::secrets_stay_out_of_debug_output(Http).await;
}
