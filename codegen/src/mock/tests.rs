//! The mock over real HTTP on loopback.

use std::time::Duration;

use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::ir::ModelShape;

fn api() -> Api {
    serde_json::from_str(include_str!("../../tests/fixtures/mini-api.json")).unwrap()
}

async fn start(options: MockOptions) -> (MockServer, reqwest::Client) {
    let server = MockServer::start(api(), options).await.unwrap();
    // The workspace builds reqwest without a default TLS provider (the
    // generated client brings its own): these plain HTTP tests install one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    (server, reqwest::Client::new())
}

async fn login(server: &MockServer, http: &reqwest::Client, path: &str) -> String {
    let response = http
        .post(format!("{}{path}", server.base_url()))
        .json(&json!({ "login": "jane", "password": "secret" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.starts_with("PI_SESSION=") && cookie.contains("HttpOnly"), "{cookie}");
    cookie.split(';').next().unwrap().to_string()
}

async fn get(server: &MockServer, http: &reqwest::Client, path: &str, cookie: &str) -> reqwest::Response {
    http.get(format!("{}{path}", server.base_url())).header(COOKIE, cookie).send().await.unwrap()
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).map(|value| value.to_str().unwrap().to_string()).unwrap_or_default()
}

#[tokio::test]
async fn endpoints_need_a_session_of_their_own_api() {
    let (server, http) = start(MockOptions::default()).await;
    let anonymous = http.get(format!("{}/api/v1/companies", server.base_url())).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let write = login(&server, &http, "/api/vEvent/login").await;
    assert_eq!(get(&server, &http, "/api/v1/companies", &write).await.status(), StatusCode::UNAUTHORIZED);
    let read = login(&server, &http, "/api/v1/login").await;
    assert_eq!(get(&server, &http, "/api/v1/companies", &read).await.status(), StatusCode::PARTIAL_CONTENT);
    let stats = server.stats();
    assert_eq!((stats.logins, stats.unauthorized), (2, 2));
}

#[tokio::test]
async fn sessions_expire() {
    let options = MockOptions { session_lifetime: Duration::from_millis(800), ..MockOptions::default() };
    let (server, http) = start(options).await;
    let cookie = login(&server, &http, "/api/v1/login").await;
    let path = "/api/v1/companies/6e71965c-e1ea-37e9-fa45-770753dc5147";
    assert_eq!(get(&server, &http, path, &cookie).await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(get(&server, &http, path, &cookie).await.status(), StatusCode::UNAUTHORIZED);
    let cookie = login(&server, &http, "/api/v1/login").await;
    assert_eq!(get(&server, &http, path, &cookie).await.status(), StatusCode::OK);
    server.expire_sessions();
    assert_eq!(get(&server, &http, path, &cookie).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn only_configured_accounts_log_in() {
    let account = Account { login: "jane".into(), password: "other".into() };
    let (server, http) = start(MockOptions { accounts: vec![account], ..MockOptions::default() }).await;
    let refused = http
        .post(format!("{}/api/v1/login", server.base_url()))
        .json(&json!({ "login": "jane", "password": "secret" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(refused.headers().get(SET_COOKIE).is_none());
}

#[tokio::test]
async fn collections_are_paginated() {
    let (server, http) = start(MockOptions { collection_size: 250, accept_range: 100, ..MockOptions::default() }).await;
    let cookie = login(&server, &http, "/api/v1/login").await;
    let page = get(&server, &http, "/api/v1/companies?range=0-9", &cookie).await;
    assert_eq!(page.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!((header(&page, "content-range"), header(&page, "accept-range")), ("0-9/250".into(), "100".into()));
    let body: Value = page.json().await.unwrap();
    let items = body["result"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    assert_eq!(items[3]["uid"], index_uuid(3));
    assert_eq!(items[3]["label"], "My Company");

    let capped = get(&server, &http, "/api/v1/companies?range=200-999", &cookie).await;
    assert_eq!(header(&capped, "content-range"), "200-249/250");
    let capped = get(&server, &http, "/api/v1/companies?range=0-999", &cookie).await;
    assert_eq!(header(&capped, "content-range"), "0-99/250");
    let default = get(&server, &http, "/api/v1/companies", &cookie).await;
    assert_eq!(header(&default, "content-range"), "0-99/250");
    for bad in ["9-0", "x-1", "250-260"] {
        let response = get(&server, &http, &format!("/api/v1/companies?range={bad}"), &cookie).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn a_small_collection_comes_whole_with_200() {
    let (server, http) = start(MockOptions { collection_size: 5, ..MockOptions::default() }).await;
    let cookie = login(&server, &http, "/api/v1/login").await;
    let whole = get(&server, &http, "/api/v1/companies?range=0-99", &cookie).await;
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(header(&whole, "content-range"), "0-4/5");
}

#[tokio::test]
async fn parameters_are_checked_against_their_type() {
    let (server, http) = start(MockOptions::default()).await;
    let cookie = login(&server, &http, "/api/v1/login").await;
    assert_eq!(get(&server, &http, "/api/v1/companies/42", &cookie).await.status(), StatusCode::BAD_REQUEST);
    let response = get(&server, &http, "/api/v1/companies?companytype=Nope", &cookie).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

async fn command(server: &MockServer, http: &reqwest::Client, cookie: &str, body: &Value) -> reqwest::Response {
    http.post(format!("{}/api/vEvent/companies", server.base_url()))
        .header(COOKIE, cookie)
        .json(body)
        .send()
        .await
        .unwrap()
}

fn create_call_center(process_uid: &str) -> Value {
    json!({ "commandType": "CreateCallCenter", "processUid": process_uid, "name": "Calls", "createdDate": "2016-06-27" })
}

#[tokio::test]
async fn commands_are_checked_applied_once_and_answered_with_events() {
    let (server, http) = start(MockOptions::default()).await;
    let cookie = login(&server, &http, "/api/vEvent/login").await;
    let uid = "8c12f096-20e6-41ab-8ff7-2c39b4397040";

    let applied = command(&server, &http, &cookie, &create_call_center(uid)).await;
    assert_eq!(applied.status(), StatusCode::CREATED);
    let events: Value = applied.json().await.unwrap();
    assert_eq!(events[0]["processUid"], uid);
    assert!(events[0]["eventType"].is_string());

    let duplicate = command(&server, &http, &cookie, &create_call_center(uid)).await;
    assert_eq!(duplicate.status(), StatusCode::BAD_REQUEST);
    let error: Value = duplicate.json().await.unwrap();
    assert_eq!(error["errorType"], "CommandAlreadySent");

    let mut bad = create_call_center("8c12f096-20e6-41ab-8ff7-2c39b4397041");
    bad["createdDate"] = json!(20160627);
    let invalid = command(&server, &http, &cookie, &bad).await;
    assert_eq!(invalid.status(), StatusCode::BAD_REQUEST);
    let error: Value = invalid.json().await.unwrap();
    assert_eq!(error["errorType"], "CompanyGenericError");
    assert!(error["message"].as_str().unwrap().contains("createdDate"), "{error}");

    let stats = server.stats();
    assert_eq!((stats.applied(uid), stats.received(uid)), (1, 2));
    let outcomes: Vec<_> = stats.commands.iter().map(|record| record.outcome).collect();
    assert_eq!(outcomes, [CommandOutcome::Applied, CommandOutcome::Duplicate, CommandOutcome::Invalid]);
}

#[tokio::test]
async fn faults_are_injected_where_asked() {
    let (server, http) = start(MockOptions::default()).await;
    let cookie = login(&server, &http, "/api/v1/login").await;
    server.inject(Fault::new(Some("get_all_companies"), 2, FaultAction::Status(503)));
    server.inject(Fault::new(Some("get_all_companies"), 3, FaultAction::ContentRange("0-9".into())));
    let path = "/api/v1/companies?range=0-9";
    assert_eq!(get(&server, &http, path, &cookie).await.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(get(&server, &http, path, &cookie).await.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(header(&get(&server, &http, path, &cookie).await, "content-range"), "0-9");
    assert_eq!(header(&get(&server, &http, path, &cookie).await, "content-range"), "0-9/250");
    assert_eq!(server.stats().faults_injected, 2);
}

#[tokio::test]
async fn unknown_paths_and_methods_are_refused() {
    let (server, http) = start(MockOptions::default()).await;
    let missing = http.get(format!("{}/nowhere", server.base_url())).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let wrong = http.delete(format!("{}/api/v1/companies", server.base_url())).send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn a_page_object_keeps_its_other_fields() {
    let mut api = api();
    let page: crate::ir::Model = serde_json::from_value(json!({
        "name": "CompanyPage",
        "kind": "struct",
        "group": "Models",
        "fields": [
            {"name": "result", "type": "Array[CompanyQueryView]", "required": true, "source": {"file": "x.md", "line": 1}},
            {"name": "total", "type": "Long", "required": true, "source": {"file": "x.md", "line": 1}}
        ],
        "source": {"file": "x.md", "line": 1}
    }))
    .unwrap();
    api.models.push(page);
    let companies = api.endpoints.iter_mut().find(|endpoint| endpoint.id == "get_all_companies").unwrap();
    for response in companies.responses.iter_mut().filter(|response| response.status < 300) {
        response.ty = crate::ir::TypeRef::named("CompanyPage");
    }
    let server = MockServer::start(api, MockOptions::default()).await.unwrap();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let cookie = login(&server, &http, "/api/v1/login").await;
    let body: Value = get(&server, &http, "/api/v1/companies?range=0-4", &cookie).await.json().await.unwrap();
    assert_eq!(body["result"].as_array().map(Vec::len), Some(5));
    assert!(body["total"].is_i64(), "{body}");
}

/// The mini API with the codes of its command error replaced by `codes`.
async fn start_with_error_codes(codes: &[&str]) -> (MockServer, reqwest::Client) {
    let mut api = api();
    let codes_enum = api.models.iter_mut().find(|model| model.name == "CompanyEventErrorErrorType").unwrap();
    codes_enum.shape = ModelShape::Enum { values: codes.iter().map(|code| code.to_string()).collect() };
    let server = MockServer::start(api, MockOptions::default()).await.unwrap();
    let _ = rustls::crypto::ring::default_provider().install_default();
    (server, reqwest::Client::new())
}

#[tokio::test]
async fn a_garbage_command_is_never_answered_as_a_duplicate() {
    // The duplicate code comes first and no code is about validation.
    let (server, http) = start_with_error_codes(&["CommandAlreadySent", "ImpossibleToCreateExistingCompany"]).await;
    let cookie = login(&server, &http, "/api/vEvent/login").await;
    let garbage =
        command(&server, &http, &cookie, &json!({ "commandType": "CreateCallCenter", "processUid": [1, 2] })).await;
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    let error: Value = garbage.json().await.unwrap();
    assert!(error.get("errorType").is_none(), "a plain 400 when no code fits, not a documented refusal: {error}");
    assert!(error["message"].as_str().unwrap().contains("processUid"), "{error}");

    let uid = "8c12f096-20e6-41ab-8ff7-2c39b4397040";
    assert_eq!(command(&server, &http, &cookie, &create_call_center(uid)).await.status(), StatusCode::CREATED);
    let duplicate: Value = command(&server, &http, &cookie, &create_call_center(uid)).await.json().await.unwrap();
    assert_eq!(duplicate["errorType"], "CommandAlreadySent", "a real duplicate keeps its code");
}

#[tokio::test]
async fn a_garbage_command_gets_the_documented_validation_code() {
    let (server, http) = start_with_error_codes(&["CommandAlreadySent", "GenericRefusal", "InvalidCommand"]).await;
    let cookie = login(&server, &http, "/api/vEvent/login").await;
    let garbage = command(&server, &http, &cookie, &json!({ "commandType": "CreateCallCenter" })).await;
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    let error: Value = garbage.json().await.unwrap();
    assert_eq!(error["errorType"], "InvalidCommand", "{error}");
}
