//! The runtime against the mock server over real HTTP and HTTPS on loopback,
//! with requests built by hand the way generated methods build them.

use std::sync::Arc;
use std::time::Duration;

use codegen::mock::{index_uuid, Fault, FaultAction, MockOptions, MockServer};
use codegen_runtime::*;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Company {
    uid: String,
    label: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CompanyEventError {
    error_type: String,
    message: String,
}

#[derive(Debug)]
enum Body {
    CompanyEventError(CompanyEventError),
    Untyped(UntypedBody),
}

impl ErrorBody for Body {
    fn untyped(body: UntypedBody) -> Self {
        Body::Untyped(body)
    }
}

type Client = Arc<Transport<Body>>;
const READ: LoginId = LoginId::nth(1);
const WRITE: LoginId = LoginId::nth(0);

fn api() -> codegen::ir::Api {
    serde_json::from_str(include_str!("../../tests/fixtures/mini-api.json")).unwrap()
}

fn route(path: &str) -> LoginRoute {
    LoginRoute {
        path: path.to_string(),
        login_field: "login".to_string(),
        password_field: "password".to_string(),
        cookie: "PI_SESSION".to_string(),
    }
}

fn builder(server: &MockServer) -> ClientBuilder<Transport<Body>> {
    let builder = ClientBuilder::new(server.base_url())
        .credentials(Credentials::new("jane", "s3cret-password"))
        .login_route(route("/api/vEvent/login"))
        .login_route(route("/api/v1/login"))
        .retry(RetryPolicy { initial_backoff: Duration::from_millis(10), ..RetryPolicy::default() });
    match server.authority_pem() {
        Some(pem) => builder.add_root_certificate_pem(pem.as_bytes()),
        None => builder.danger_allow_http(true),
    }
}

async fn start(options: MockOptions) -> (MockServer, Client) {
    let server = MockServer::start(api(), options).await.unwrap();
    let client = Arc::new(builder(&server).build().unwrap());
    (server, client)
}

async fn list(client: &Transport<Body>, range: Option<Range>) -> Result<Response<Page<Company>>, Error<Body>> {
    let request = Request::new(Method::GET, "/api/v1/companies").session(READ).query("range", &range)?;
    let raw = client.execute(request).await?;
    match raw.status().as_u16() {
        200 | 206 => raw.page(Some("result")),
        _ => Err(raw.error()),
    }
}

fn stream(client: &Client) -> PageStream<Company, Body> {
    let client = client.clone();
    paginate(client.page_size(), move |range| {
        let client = client.clone();
        async move { list(&client, Some(range)).await }
    })
}

async fn get_company(client: &Transport<Body>, uid: &str) -> Result<Response<Company>, Error<Body>> {
    let request =
        Request::new(Method::GET, "/api/v1/companies/{company_uid}").session(READ).path_param("company_uid", &uid)?;
    let raw = client.execute(request).await?;
    match raw.status().as_u16() {
        200 => raw.json(),
        _ => Err(raw.error()),
    }
}

async fn create(
    client: &Transport<Body>,
    body: serde_json::Value,
) -> Result<Response<Applied<serde_json::Value>>, Error<Body>> {
    let request = Request::new(Method::POST, "/api/vEvent/companies")
        .session(WRITE)
        .command_body(&body, "processUid")?
        .duplicate_refusal(400, "errorType", &["CommandAlreadySent"]);
    let raw = client.execute(request).await?;
    if raw.is_replay() {
        return Ok(raw.replayed());
    }
    match raw.status().as_u16() {
        201 => raw.json().map(|response| response.map(Applied::Answer)),
        400 => Err(raw.error_as(Body::CompanyEventError)),
        _ => Err(raw.error()),
    }
}

fn call_center() -> serde_json::Value {
    serde_json::json!({ "commandType": "CreateCallCenter", "name": "Calls", "createdDate": "2016-06-27" })
}

async fn collect(client: &Client) -> Result<Vec<Company>, Error<Body>> {
    stream(client).try_collect().await
}

fn assert_in_order(items: &[Company], count: u64) {
    assert_eq!(items.len() as u64, count);
    for (index, item) in items.iter().enumerate() {
        assert_eq!(item.uid, index_uuid(index as u64), "item {index}");
    }
}

#[tokio::test]
async fn both_logins_happen_on_first_use_and_once() {
    let (server, client) = start(MockOptions::default()).await;
    assert_eq!(get_company(&client, "6e71965c-e1ea-37e9-fa45-770753dc5147").await.unwrap().body().label, "My Company");
    get_company(&client, "6e71965c-e1ea-37e9-fa45-770753dc5147").await.unwrap();
    create(&client, call_center()).await.unwrap();
    assert_eq!((client.login_count(READ).await, client.login_count(WRITE).await), (1, 1));
    assert_eq!(server.stats().logins, 2);
}

#[tokio::test]
async fn an_expired_session_is_opened_again_once() {
    let (server, client) = start(MockOptions::default()).await;
    get_company(&client, "6e71965c-e1ea-37e9-fa45-770753dc5147").await.unwrap();
    server.expire_sessions();
    get_company(&client, "6e71965c-e1ea-37e9-fa45-770753dc5147").await.unwrap();
    assert_eq!(client.login_count(READ).await, 2);
    assert_eq!(server.stats().unauthorized, 1);
}

#[tokio::test]
async fn a_session_is_renewed_before_it_expires() {
    // Generous limits, so a slow machine cannot turn "renewed in time" into
    // "refused": only the sleep's lower bound matters.
    let lifetime = Duration::from_millis(1000);
    let server =
        MockServer::start(api(), MockOptions { session_lifetime: lifetime, ..MockOptions::default() }).await.unwrap();
    let policy = SessionPolicy { lifetime, idle_timeout: lifetime, renew_margin: Duration::from_millis(800) };
    let client: Transport<Body> = builder(&server).session_policy(policy).build().unwrap();
    get_company(&client, "6e71965c-e1ea-37e9-fa45-770753dc5147").await.unwrap();
    tokio::time::sleep(Duration::from_millis(250)).await;
    get_company(&client, "6e71965c-e1ea-37e9-fa45-770753dc5147").await.unwrap();
    assert_eq!(client.login_count(READ).await, 2);
    assert_eq!(server.stats().unauthorized, 0, "the client renewed in time");
}

#[tokio::test]
async fn refused_credentials_are_a_session_error() {
    let account = codegen::mock::Account { login: "jane".into(), password: "another".into() };
    let (_server, client) = start(MockOptions { accounts: vec![account], ..MockOptions::default() }).await;
    let error = get_company(&client, "6e71965c-e1ea-37e9-fa45-770753dc5147").await.unwrap_err();
    assert!(matches!(error, Error::Session { status: Some(StatusCode::BAD_REQUEST), .. }), "{error:?}");
}

#[tokio::test]
async fn a_whole_collection_streams_in_order_over_https() {
    let options = MockOptions { tls: true, collection_size: 1234, accept_range: 100, ..MockOptions::default() };
    let (_server, client) = start(options).await;
    assert!(client.base_url().as_str().starts_with("https://"));
    assert_in_order(&collect(&client).await.unwrap(), 1234);
}

#[tokio::test]
async fn pages_larger_than_accept_range_are_cut_by_the_server() {
    let (server, _) = start(MockOptions { collection_size: 450, accept_range: 100, ..MockOptions::default() }).await;
    let client: Client = Arc::new(builder(&server).page_size(1000).build().unwrap());
    assert_in_order(&collect(&client).await.unwrap(), 450);
    let small: Client = Arc::new(builder(&server).page_size(7).build().unwrap());
    assert_in_order(&collect(&small).await.unwrap(), 450);
}

#[tokio::test]
async fn a_page_says_200_or_206() {
    let (_server, client) = start(MockOptions { collection_size: 30, ..MockOptions::default() }).await;
    let part = list(&client, Some(Range { start: 10, end: 19 })).await.unwrap();
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.body().content_range, Some(ContentRange { items: Some((10, 19)), count: 30 }));
    assert_eq!(part.body().accept_range, Some(100));
    let whole = list(&client, None).await.unwrap();
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(whole.body().items.len(), 30);
    assert_in_order(&collect(&client).await.unwrap(), 30);
}

#[tokio::test]
async fn an_empty_collection_streams_nothing() {
    let (_server, client) = start(MockOptions { collection_size: 0, ..MockOptions::default() }).await;
    assert!(collect(&client).await.unwrap().is_empty());
}

#[tokio::test]
async fn bad_content_ranges_end_the_stream_with_an_error() {
    for (text, expected) in [("0-99", "malformed"), ("0-99/5000", "size changed"), ("5-104/300", "does not start")] {
        let (server, client) = start(MockOptions { collection_size: 300, ..MockOptions::default() }).await;
        server.inject(Fault::new(Some("get_all_companies"), 2, FaultAction::ContentRange(text.to_string())));
        let mut items = stream(&client);
        let mut received = 0;
        let error = loop {
            match items.next().await {
                Some(Ok(_)) => received += 1,
                Some(Err(error)) => break error,
                None => panic!("{text}: the stream ended without an error"),
            }
        };
        assert_eq!(received, 100, "{text}");
        assert!(matches!(&error, Error::Pagination { message } if message.contains(expected)), "{text}: {error}");
        assert!(items.next().await.is_none(), "{text}: the stream goes on after an error");
    }
}

#[tokio::test]
async fn a_missing_content_range_is_an_error() {
    let (server, client) = start(MockOptions::default()).await;
    server.inject(Fault::new(Some("get_all_companies"), 1, FaultAction::ContentRange(String::new())));
    let error = collect(&client).await.unwrap_err();
    assert!(matches!(&error, Error::Pagination { message } if message.contains("no Content-Range")), "{error}");
}

#[tokio::test]
async fn a_command_is_retried_with_its_process_uid_and_applied_once() {
    let (server, client) = start(MockOptions::default()).await;
    server.inject(Fault::new(Some("create_company"), 1, FaultAction::Status(503)));
    let response = create(&client, call_center()).await.unwrap();
    let uid = response.process_uid().unwrap().to_string();
    assert_eq!(response.body().answer().unwrap()[0]["processUid"], uid.as_str());
    let stats = server.stats();
    assert_eq!((stats.received(&uid), stats.applied(&uid)), (2, 1));
}

#[tokio::test]
async fn a_lost_answer_is_retried_and_its_duplicate_refusal_is_the_success() {
    let (server, client) = start(MockOptions::default()).await;
    server.inject(Fault::new(Some("create_company"), 1, FaultAction::StatusAfterHandling(502)));
    let response = create(&client, call_center()).await.unwrap();
    assert!(response.body().is_replay(), "{response:?}");
    let Applied::Replayed { refusal } = response.body() else { panic!("{response:?}") };
    assert!(refusal.text.contains("CommandAlreadySent"), "{}", refusal.text);
    let stats = server.stats();
    assert_eq!(stats.commands.len(), 2);
    assert_eq!(stats.commands.iter().filter(|c| c.outcome == codegen::mock::CommandOutcome::Applied).count(), 1);
}

#[tokio::test]
async fn a_given_process_uid_is_kept() {
    let (_server, client) = start(MockOptions::default()).await;
    let mut body = call_center();
    body["processUid"] = "8c12f096-20e6-41ab-8ff7-2c39b4397040".into();
    let response = create(&client, body).await.unwrap();
    assert_eq!(response.process_uid(), Some("8c12f096-20e6-41ab-8ff7-2c39b4397040"));
}

#[tokio::test]
async fn retries_are_bounded() {
    let (server, client) = start(MockOptions::default()).await;
    server.inject(Fault::new(Some("create_company"), 1, FaultAction::Status(503)).times(u64::MAX));
    let error = create(&client, call_center()).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    let Some(Body::Untyped(body)) = error.body() else { panic!("{error:?}") };
    assert!(body.text.contains("injected fault"), "{}", body.text);
    assert_eq!(server.stats().commands.len(), 3);
}

#[tokio::test]
async fn a_bad_command_is_a_typed_event_error() {
    let (_server, client) = start(MockOptions::default()).await;
    let mut body = call_center();
    body["createdDate"] = "yesterday".into();
    let error = create(&client, body).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    let Some(Body::CompanyEventError(body)) = error.body() else { panic!("{error:?}") };
    assert_eq!(body.error_type, "CompanyGenericError");
    assert!(body.message.contains("createdDate"), "{}", body.message);
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let (server, _) = start(MockOptions::default()).await;
    server.inject(Fault::new(Some("get_company"), 1, FaultAction::Delay(Duration::from_secs(2))).times(u64::MAX));
    let client: Transport<Body> =
        builder(&server).timeout(Some(Duration::from_millis(200))).retry(RetryPolicy::never()).build().unwrap();
    let error = get_company(&client, "6e71965c-e1ea-37e9-fa45-770753dc5147").await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn plain_http_needs_an_explicit_opt_in() {
    let (server, _) = start(MockOptions::default()).await;
    let refused = ClientBuilder::<Transport<Body>>::new(server.base_url()).build().unwrap_err();
    assert!(matches!(&refused, Error::Config { message } if message.contains("HTTPS only")), "{refused}");
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused() {
    let (server, _) = start(MockOptions { tls: true, ..MockOptions::default() }).await;
    let client = ClientBuilder::<Transport<Body>>::new(server.base_url())
        .credentials(Credentials::new("jane", "pw"))
        .login_route(route("/api/vEvent/login"))
        .login_route(route("/api/v1/login"))
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    let error = get_company(&client, "6e71965c-e1ea-37e9-fa45-770753dc5147").await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output() {
    let (_server, client) = start(MockOptions::default()).await;
    let response = get_company(&client, "6e71965c-e1ea-37e9-fa45-770753dc5147").await.unwrap();
    let shown = format!("{client:?} {response:?} {:?}", builder(&_server));
    assert!(!shown.contains("s3cret-password"), "{shown}");
    assert!(shown.contains("jane"));
    assert!(!shown.contains("PI_SESSION="), "{shown}");
}
