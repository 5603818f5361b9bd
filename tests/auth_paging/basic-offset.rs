//! The Fleet client against the mock: HTTP basic, pages by offset and limit, ended by `has_more`.

mod common;

use std::collections::BTreeSet;

use auth_paging_basic_offset::client::{Client, ClientBuilder, ClientBuilderExt, Basic, Error};
use auth_paging_basic_offset::runtime::TryStreamExt;

/// A builder for the mock, trusting the authority it made on start.
fn builder() -> ClientBuilder {
    Client::builder(common::url()).add_root_certificate_pem(&common::authority()).page_size(25)
}

fn is_unauthorized(error: &Error) -> bool {
    common::is_unauthorized(error.status().map(|status| status.as_u16()))
}

#[tokio::test]
async fn every_vehicle_is_read_once_with_the_account() {
    let account = Basic::new(common::env("MOCK_BASIC_USER"), common::env("MOCK_BASIC_PASSWORD"));
    let client = builder().with_basic(account).build().expect("a client");
    let vehicles: Vec<_> = client.list_vehicles_stream(None).try_collect().await.expect("the whole collection");
    let ids: BTreeSet<i64> = vehicles.iter().map(|vehicle| vehicle.id).collect();
    let expected = common::items();
    assert_eq!(vehicles.len(), expected, "every vehicle once");
    assert_eq!(ids.len(), expected, "no vehicle twice");
}

#[tokio::test]
async fn a_missing_or_wrong_password_is_refused() {
    let without = builder().build().expect("a client");
    let error = without.list_vehicles(None).await.expect_err("no credentials");
    assert!(is_unauthorized(&error), "{error}");
    let wrong = builder().with_basic(Basic::new(common::env("MOCK_BASIC_USER"), "not-the-password")).build().expect("a client");
    let error = wrong.get_vehicle("AB-123-CD", None).await.expect_err("a wrong password");
    assert!(is_unauthorized(&error), "{error}");
    assert!(!format!("{error} {error:?}").contains("not-the-password"), "the password stays secret");
}
