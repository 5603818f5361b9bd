//! The Ticketing client against the mock: a bearer token, pages by cursor, ended by a `null` `meta.next_cursor`.

mod common;

use std::collections::BTreeSet;

use auth_paging_bearer_cursor::client::{Client, ClientBuilder, ClientBuilderExt, Bearer, Error};
use auth_paging_bearer_cursor::runtime::TryStreamExt;

/// A builder for the mock, trusting the authority it made on start.
fn builder() -> ClientBuilder {
    Client::builder(common::url()).add_root_certificate_pem(&common::authority()).page_size(25)
}

fn is_unauthorized(error: &Error) -> bool {
    common::is_unauthorized(error.status().map(|status| status.as_u16()))
}

#[tokio::test]
async fn every_event_is_read_once_with_the_token() {
    let client = builder().with_bearer(Bearer::new(common::env("MOCK_BEARER"))).build().expect("a client");
    let events: Vec<_> = client.list_events_stream(None).try_collect().await.expect("the whole collection");
    let ids: BTreeSet<String> = events.iter().map(|event| event.id.clone()).collect();
    let expected = common::items();
    assert_eq!(events.len(), expected, "every event once");
    assert_eq!(ids.len(), expected, "no event twice");
}

#[tokio::test]
async fn a_missing_or_wrong_token_is_refused() {
    let without = builder().build().expect("a client");
    let error = without.list_events(None).await.expect_err("no token");
    assert!(is_unauthorized(&error), "{error}");
    let wrong = builder().with_bearer(Bearer::new("not-the-token")).build().expect("a client");
    let error = wrong.get_event("ev_41-0", None).await.expect_err("a wrong token");
    assert!(is_unauthorized(&error), "{error}");
    assert!(!format!("{error} {error:?}").contains("not-the-token"), "the token stays secret");
}
