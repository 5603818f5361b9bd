//! What the generated client must do against a server that behaves like the
//! documented API, written once and run over HTTP (`client_http.rs`) and over
//! HTTPS (`client_https.rs`). The server is the mock, built from `spec/`'s IR
//! and started in-process on an ephemeral port of 127.0.0.1.

use std::collections::HashSet;
use std::time::Duration;

use codegen::mock::{index_uuid, Account, CommandOutcome, Fault, FaultAction, MockOptions, MockServer};
use performance_immo::client::{
    Applied, Client, ClientBuilder, Credentials, Error, ErrorBody, Login, Range, RetryPolicy,
};
use performance_immo::models;
use performance_immo::runtime::{StatusCode, StreamExt, TryStreamExt};

pub const LOGIN: &str = "partner@example.com";
pub const PASSWORD: &str = "correct horse battery staple";

/// Today's API has one login, whose session serves both the REST API and
/// the write API.
const SESSION: Login = Login::Login;
const COMPANY: &str = "a10d7918-39b6-5822-9623-6e53cf1fa587";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

pub fn api() -> codegen::ir::Api {
    let analysis = codegen::analyze(&e2e::spec_dir()).expect("spec/ loads");
    analysis.api
}

pub async fn mock(scheme: Scheme, options: MockOptions) -> MockServer {
    let account = Account { login: LOGIN.to_string(), password: PASSWORD.to_string() };
    let options = MockOptions { tls: scheme == Scheme::Https, accounts: vec![account], ..options };
    MockServer::start(api(), options).await.expect("the mock starts")
}

/// A client of `server`: trusting its certificate authority over HTTPS,
/// allowed plain HTTP otherwise, with quick retries.
pub fn builder(server: &MockServer) -> ClientBuilder {
    let builder = Client::builder(server.base_url())
        .credentials(Credentials::new(LOGIN, PASSWORD))
        .retry(RetryPolicy { initial_backoff: Duration::from_millis(20), ..RetryPolicy::default() });
    match server.authority_pem() {
        Some(pem) => builder.add_root_certificate_pem(pem.as_bytes()),
        None => builder.danger_allow_http(true),
    }
}

pub async fn start(scheme: Scheme, options: MockOptions) -> (MockServer, Client) {
    let server = mock(scheme, options).await;
    let client = builder(&server).build().expect("the client builds");
    assert_eq!(client.transport().base_url().scheme(), if scheme == Scheme::Https { "https" } else { "http" });
    (server, client)
}

fn company_uid() -> models::SafeUuid {
    COMPANY.parse().expect("a UUID")
}

/// A provider contact to add, with `processUid` left to the client.
fn add_provider_contact(process_uid: &str) -> models::AddProviderContact {
    serde_json::from_value(serde_json::json!({
        "processUid": process_uid,
        "companyUid": COMPANY,
        "date": "2020-09-14T10:00:00+02:00",
        "name": { "nameType": "PoorName", "value": "Plomberie Martin" },
        "phones": ["0102030405"],
        "fax": [],
        "emails": ["contact@plomberie-martin.example"],
        "commandType": "AddProviderContact"
    }))
    .expect("a valid AddProviderContact")
}

fn new_contact() -> models::AddProviderContact {
    add_provider_contact(&performance_immo::client::NEW_PROCESS_UID.to_string())
}

pub async fn one_login_serves_both_apis(scheme: Scheme) {
    let (server, client) = start(scheme, MockOptions::default()).await;
    let company = client.get_client_company(&company_uid(), None).await.expect("a read");
    assert_eq!(company.status(), StatusCode::OK);
    client.get_client_company(&company_uid(), None).await.expect("a second read");
    client.create_provider_contact(&new_contact(), None).await.expect("a command on the write API");
    assert_eq!(client.transport().login_count(SESSION).await, 1, "one session for reads and commands");
    assert_eq!(server.stats().logins, 1);
    assert_eq!(server.stats().unauthorized, 0);
}

pub async fn wrong_credentials_are_a_session_error(scheme: Scheme) {
    let server = mock(scheme, MockOptions::default()).await;
    let client = builder(&server).credentials(Credentials::new(LOGIN, "wrong")).build().expect("builds");
    let error = client.get_client_company(&company_uid(), None).await.expect_err("refused");
    assert!(matches!(error, Error::Session { status: Some(StatusCode::BAD_REQUEST), .. }), "{error:?}");
}

pub async fn an_expired_session_is_opened_again(scheme: Scheme) {
    let options = MockOptions { session_idle_timeout: Duration::from_millis(1000), ..MockOptions::default() };
    let (server, client) = start(scheme, options).await;
    client.get_client_company(&company_uid(), None).await.expect("a read");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let again = client.get_client_company(&company_uid(), None).await.expect("a read after the session expired");
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(client.transport().login_count(SESSION).await, 2);
    assert_eq!(server.stats().unauthorized, 1, "one refusal, then a new session");
}

pub async fn ten_thousand_items_stream_in_order(scheme: Scheme) {
    let options = MockOptions { collection_size: 10_000, accept_range: 100, ..MockOptions::default() };
    let (server, client) = start(scheme, options).await;
    let companies: Vec<models::CompanyQueryView> =
        client.list_client_companies_stream(None).try_collect().await.expect("the whole collection");
    assert_eq!(companies.len(), 10_000);
    let mut seen = HashSet::new();
    for (index, company) in companies.iter().enumerate() {
        assert_eq!(company.uid.to_string(), index_uuid(index as u64), "item {index} out of order");
        assert!(seen.insert(company.uid), "item {index} twice");
    }
    // 100 pages of Accept-Range items, plus the login.
    assert_eq!(server.stats().requests, 101);
}

pub async fn a_page_answers_200_or_206(scheme: Scheme) {
    let (_server, client) = start(scheme, MockOptions { collection_size: 250, ..MockOptions::default() }).await;
    let params =
        performance_immo::client::ListClientCompaniesParams::default().with_range(Range { start: 10, end: 19 });
    let part = client.list_client_companies(Some(&params)).await.expect("a part");
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    let page = part.body();
    assert_eq!(page.items.len(), 10);
    assert_eq!(page.content_range.map(|range| (range.items, range.count)), Some((Some((10, 19)), 250)));
    assert_eq!(page.accept_range, Some(100));
    assert_eq!(page.items[0].uid.to_string(), index_uuid(10));

    let (_small, client) = start(scheme, MockOptions { collection_size: 7, ..MockOptions::default() }).await;
    let whole = client.list_client_companies(None).await.expect("all of it");
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(whole.body().items.len(), 7);
    let streamed: Vec<_> = client.list_client_companies_stream(None).try_collect().await.expect("streams");
    assert_eq!(streamed.len(), 7);
}

pub async fn a_malformed_content_range_is_an_error(scheme: Scheme) {
    let (server, client) = start(scheme, MockOptions { collection_size: 1000, ..MockOptions::default() }).await;
    server.inject(Fault::new(Some("list_client_companies"), 3, FaultAction::ContentRange("200-299".to_string())));
    let mut companies = client.list_client_companies_stream(None);
    let mut received = 0;
    let error = loop {
        match companies.next().await {
            Some(Ok(_)) => received += 1,
            Some(Err(error)) => break error,
            None => panic!("the stream ended without reporting the malformed Content-Range"),
        }
    };
    assert_eq!(received, 200, "the two good pages came through");
    assert!(matches!(&error, Error::Pagination { message } if message.contains("200-299")), "{error}");
    assert!(companies.next().await.is_none(), "nothing after the error");
}

pub async fn a_command_retried_after_a_5xx_is_applied_once(scheme: Scheme) {
    let (server, client) = start(scheme, MockOptions::default()).await;
    server.inject(Fault::new(Some("create_provider_contact"), 1, FaultAction::Status(503)));
    let response = client.create_provider_contact(&new_contact(), None).await.expect("applied after a retry");
    let uid = response.process_uid().expect("the processUid sent").to_string();
    assert_ne!(uid, performance_immo::client::NEW_PROCESS_UID.to_string());
    let events = &response.body().answer().expect("the answer itself, not a replay").events;
    assert!(!events.is_empty(), "the answer lists the resulting events");
    let stats = server.stats();
    assert_eq!(stats.received(&uid), 2, "sent twice with the same processUid");
    assert_eq!(stats.applied(&uid), 1, "applied exactly once");
    let outcomes: Vec<_> = stats.commands.iter().map(|command| command.outcome).collect();
    assert_eq!(outcomes, [CommandOutcome::Fault(503), CommandOutcome::Applied]);
}

pub async fn a_command_whose_answer_was_lost_succeeds_as_a_replay(scheme: Scheme) {
    let (server, client) = start(scheme, MockOptions::default()).await;
    // Applied, then answered 503: the answer is lost, the effect is not.
    server.inject(Fault::new(Some("create_provider_contact"), 1, FaultAction::StatusAfterHandling(503)));
    let response = client.create_provider_contact(&new_contact(), None).await.expect("the first attempt was applied");
    assert!(response.body().is_replay(), "{response:?}");
    let Applied::Replayed { refusal } = response.body() else { panic!("{response:?}") };
    assert!(refusal.text.contains("CommandAlreadySent"), "{}", refusal.text);
    let uid = response.process_uid().expect("the processUid sent").to_string();
    let stats = server.stats();
    assert_eq!((stats.received(&uid), stats.applied(&uid)), (2, 1));
}

pub async fn a_400_is_the_typed_event_error(scheme: Scheme) {
    let (_server, client) = start(scheme, MockOptions::default()).await;
    let contact = add_provider_contact("8c12f096-20e6-41ab-8ff7-2c39b4397040");
    client.create_provider_contact(&contact, None).await.expect("the first time");
    let error = client.create_provider_contact(&contact, None).await.expect_err("the same processUid again");
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    match error.body() {
        Some(ErrorBody::ProviderContactEventError(body)) => {
            assert_eq!(body.error_type, models::ProviderContactEventErrorType::CommandAlreadySent);
            assert!(body.message.contains("8c12f096-20e6-41ab-8ff7-2c39b4397040"), "{}", body.message);
        }
        other => panic!("expected a ProviderContactEventError, got {other:?}"),
    }
}

pub async fn a_slow_answer_is_a_timeout(scheme: Scheme) {
    let server = mock(scheme, MockOptions::default()).await;
    let slow = Fault::new(Some("get_client_company"), 1, FaultAction::Delay(Duration::from_secs(3)));
    server.inject(slow.times(u64::MAX));
    let client = builder(&server).timeout(Some(Duration::from_millis(250))).build().expect("builds");
    let error = client.get_client_company(&company_uid(), None).await.expect_err("too slow");
    assert!(error.is_timeout(), "{error:?}");
    assert!(matches!(error, Error::Timeout { .. }));
}

pub async fn secrets_stay_out_of_debug_output(scheme: Scheme) {
    let (server, client) = start(scheme, MockOptions::default()).await;
    let response = client.get_client_company(&company_uid(), None).await.expect("a read");
    let contact = add_provider_contact("6ed010a1-7481-4b38-87da-c219fc31ba64");
    client.create_provider_contact(&contact, None).await.expect("a command");
    let error = client.create_provider_contact(&contact, None).await.expect_err("a duplicate");
    let shown = format!(
        "{client:?} {response:?} {error:?} {error} {:?} {:?}",
        builder(&server),
        Credentials::new(LOGIN, PASSWORD)
    );
    let tokens = server.session_tokens();
    assert_eq!(tokens.len(), 1);
    assert!(!shown.contains(PASSWORD), "the password shows in: {shown}");
    for token in tokens {
        assert!(!shown.contains(&token), "a session cookie shows in: {shown}");
    }
    assert!(shown.contains(LOGIN), "the login itself is not a secret");
}
