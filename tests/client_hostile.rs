//! The generated client against a server written here on a tokio
//! `TcpListener` of 127.0.0.1, which loses the answer to a command it
//! applied and then refuses the retry as a duplicate, the way the
//! documentation describes it. (The runtime's own hostile servers are in
//! `codegen/runtime/tests/hostile_server.rs`.)

use std::sync::{Arc, Mutex};
use std::time::Duration;

use performance_immo::client::{Applied, Client, Credentials, RetryPolicy};
use performance_immo::models;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const REFUSAL: &str = r#"{"errorType":"CommandAlreadySent","message":"already applied"}"#;

/// Requests as (request line, body).
type Log = Arc<Mutex<Vec<(String, String)>>>;

/// Logins answer a session cookie; the first command is dropped without an
/// answer; every later one is refused as a duplicate.
async fn lossy_server() -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let log: Log = Arc::default();
    let seen = log.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let Some((line, body)) = read_request(&mut stream).await else { return };
                let commands_before = seen.lock().unwrap().iter().filter(|(line, _)| !line.contains("login")).count();
                seen.lock().unwrap().push((line.clone(), body));
                let reply = if line.contains("/login") {
                    reply("200 OK", "Set-Cookie: PI_SESSION=abc; Path=/\r\n", "\"OK\"")
                } else if commands_before == 0 {
                    String::new()
                } else {
                    reply("400 Bad Request", "", REFUSAL)
                };
                let _ = stream.write_all(reply.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    (base_url, log)
}

fn reply(status: &str, headers: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

async fn read_request(stream: &mut TcpStream) -> Option<(String, String)> {
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = bytes.windows(4).position(|window| window == b"\r\n\r\n") {
            break end + 4;
        }
        let read = stream.read(&mut buffer).await.ok().filter(|read| *read > 0)?;
        bytes.extend_from_slice(&buffer[..read]);
    };
    let head = String::from_utf8_lossy(&bytes[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while bytes.len() < head_end + length {
        let read = stream.read(&mut buffer).await.ok().filter(|read| *read > 0)?;
        bytes.extend_from_slice(&buffer[..read]);
    }
    let line = head.lines().next().unwrap_or_default().to_string();
    Some((line, String::from_utf8_lossy(&bytes[head_end..]).into_owned()))
}

fn contact() -> models::AddProviderContact {
    serde_json::from_value(serde_json::json!({
        "processUid": performance_immo::client::NEW_PROCESS_UID.to_string(),
        "companyUid": "a10d7918-39b6-5822-9623-6e53cf1fa587",
        "date": "2020-09-14T10:00:00+02:00",
        "name": { "nameType": "PoorName", "value": "Plomberie Martin" },
        "phones": [],
        "fax": [],
        "emails": [],
        "commandType": "AddProviderContact"
    }))
    .expect("a valid AddProviderContact")
}

#[tokio::test]
async fn a_command_whose_answer_was_lost_is_a_replayed_success() {
    let (base_url, log) = lossy_server().await;
    let client = Client::builder(base_url)
        .danger_allow_http(true)
        .credentials(Credentials::new("partner", "secret"))
        .retry(RetryPolicy { initial_backoff: Duration::ZERO, ..RetryPolicy::default() })
        .build()
        .unwrap();
    let response = client.create_provider_contact(&contact(), None).await.expect("the command took effect");
    assert!(response.body().is_replay(), "{response:?}");
    let Applied::Replayed { refusal } = response.body() else { panic!("{response:?}") };
    assert_eq!(refusal.text, REFUSAL);
    let commands: Vec<(String, String)> =
        log.lock().unwrap().iter().filter(|(line, _)| !line.contains("login")).cloned().collect();
    assert_eq!(commands.len(), 2, "sent, lost, sent again: {commands:?}");
    let uid = |body: &str| serde_json::from_str::<serde_json::Value>(body).unwrap()["processUid"].clone();
    assert_eq!(uid(&commands[0].1), uid(&commands[1].1), "the same processUid both times");
    assert_eq!(Some(uid(&commands[0].1).as_str().unwrap()), response.process_uid());
}

#[tokio::test]
async fn the_client_never_shows_userinfo_of_its_base_url() {
    let (base_url, _) = lossy_server().await;
    let with_userinfo = base_url.replace("http://", "http://jane:hunter2@");
    let builder = Client::builder(with_userinfo.clone()).credentials(Credentials::new("partner", "secret"));
    let refused = builder.clone().build().expect_err("plain HTTP without the opt-in");
    let client = builder.danger_allow_http(true).build().unwrap();
    let shown = format!("{client:?} {refused} {refused:?} {}", client.transport().base_url());
    assert!(!shown.contains("hunter2") && !shown.contains("jane"), "{shown}");
}
