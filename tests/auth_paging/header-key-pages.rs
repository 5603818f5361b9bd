//! The Garden client against the mock: an API key in a header, pages by number and size, ended by the `total` field.

mod common;

use std::collections::BTreeSet;

use auth_paging_header_key_pages::client::{Client, ClientBuilder, ClientBuilderExt, ApiKey, Error};
use auth_paging_header_key_pages::runtime::TryStreamExt;

/// A builder for the mock, trusting the authority it made on start.
fn builder() -> ClientBuilder {
    Client::builder(common::url()).add_root_certificate_pem(&common::authority()).page_size(25)
}

fn is_unauthorized(error: &Error) -> bool {
    common::is_unauthorized(error.status().map(|status| status.as_u16()))
}

#[tokio::test]
async fn every_plant_is_read_once_with_the_key() {
    let client = builder().with_header_x_garden_key(ApiKey::new(common::env("MOCK_API_KEY"))).build().expect("a client");
    let plants: Vec<_> = client.list_plants_stream(None).try_collect().await.expect("the whole collection");
    let ids: BTreeSet<i64> = plants.iter().map(|plant| plant.id).collect();
    let expected = common::items();
    assert_eq!(plants.len(), expected, "every plant once");
    assert_eq!(ids.len(), expected, "no plant twice");
    let one = client.get_plant(&plants[3].id.to_string(), None).await.expect("one plant");
    assert_eq!(one.body().name, plants[3].name);
}

#[tokio::test]
async fn a_missing_or_wrong_key_is_refused() {
    let without = builder().build().expect("a client");
    let error = without.list_plants(None).await.expect_err("no key");
    assert!(is_unauthorized(&error), "{error}");
    let wrong = builder().with_header_x_garden_key(ApiKey::new("not-the-key")).build().expect("a client");
    let error = wrong.get_plant("1", None).await.expect_err("a wrong key");
    assert!(is_unauthorized(&error), "{error}");
    assert!(!format!("{error} {error:?}").contains("not-the-key"), "the key stays secret");
}
