//! The Library client against the mock: an API key in the query, pages followed through the `Link` header.

mod common;

use std::collections::BTreeSet;

use auth_paging_query_key_link::client::{Client, ClientBuilder, ClientBuilderExt, ApiKey, Error};
use auth_paging_query_key_link::runtime::TryStreamExt;

/// A builder for the mock, trusting the authority it made on start.
fn builder() -> ClientBuilder {
    Client::builder(common::url()).add_root_certificate_pem(&common::authority()).page_size(25)
}

fn is_unauthorized(error: &Error) -> bool {
    common::is_unauthorized(error.status().map(|status| status.as_u16()))
}

#[tokio::test]
async fn every_book_is_read_once_with_the_key() {
    let client = builder().with_query_api_key(ApiKey::new(common::env("MOCK_API_KEY"))).build().expect("a client");
    let books: Vec<_> = client.list_books_stream(None).try_collect().await.expect("the whole collection");
    let ids: BTreeSet<i64> = books.iter().map(|book| book.id).collect();
    let expected = common::items();
    assert_eq!(books.len(), expected, "every book once");
    assert_eq!(ids.len(), expected, "no book twice");
}

#[tokio::test]
async fn a_missing_or_wrong_key_is_refused() {
    let without = builder().build().expect("a client");
    let error = without.list_books(None).await.expect_err("no key");
    assert!(is_unauthorized(&error), "{error}");
    let wrong = builder().with_query_api_key(ApiKey::new("not-the-key")).build().expect("a client");
    let error = wrong.get_book("9780000000001", None).await.expect_err("a wrong key");
    assert!(is_unauthorized(&error), "{error}");
    assert!(!format!("{error} {error:?}").contains("not-the-key"), "the key stays secret");
}
