//! A small HTTP/1.1 server on a tokio `TcpListener` of 127.0.0.1 that
//! records what it reads and answers what the test says, and the schemes the
//! tests send. Shared by the test binaries; each uses a part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use codegen_runtime::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub target: String,
    pub headers: HashMap<String, String>,
}

impl Seen {
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The query parameters, decoded.
    pub fn query(&self) -> HashMap<String, String> {
        let url = Url::parse(&format!("http://x{}", self.target)).unwrap();
        url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// An answer: status, extra headers, JSON body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

pub fn ok(body: serde_json::Value) -> Answer {
    Answer { status: 200, headers: Vec::new(), body: body.to_string() }
}

pub struct Server {
    pub base_url: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// A server answering every request with `answer(request)`.
pub async fn serve(answer: impl Fn(&Seen) -> Answer + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (answer, log) = (Arc::new(answer), seen.clone());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (answer, log) = (answer.clone(), log.clone());
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match stream.read(&mut byte).await {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let mut lines = head.lines();
                let target = lines.next().unwrap_or_default().split_whitespace().nth(1).unwrap_or_default().to_string();
                let headers = lines
                    .filter_map(|line| line.split_once(':'))
                    .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
                    .collect();
                let request = Seen { target, headers };
                log.lock().unwrap().push(request.clone());
                let reply = answer(&request);
                let mut text = format!(
                    "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                    reply.status,
                    reply.body.len()
                );
                for (name, value) in &reply.headers {
                    text.push_str(&format!("{name}: {value}\r\n"));
                }
                text.push_str("\r\n");
                text.push_str(&reply.body);
                let _ = stream.write_all(text.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    Server { base_url, seen }
}

pub fn builder(server: &Server) -> ClientBuilder {
    ClientBuilder::new(server.base_url.clone()).danger_allow_http(true).page_size(3)
}

pub const HEADER_KEY: Scheme =
    Scheme { name: "header_key", kind: SchemeKind::HeaderKey { name: "X-Api-Token", prefix: "Token token=" } };
pub const QUERY_KEY: Scheme = Scheme { name: "query_key", kind: SchemeKind::QueryKey { name: "api_key" } };
pub const COOKIE_KEY: Scheme = Scheme { name: "cookie_key", kind: SchemeKind::CookieKey { name: "sid" } };
pub const BEARER: Scheme = Scheme { name: "oauth", kind: SchemeKind::Bearer };
pub const BASIC: Scheme = Scheme { name: "basic", kind: SchemeKind::Basic };
pub const SIGNED: Scheme = Scheme { name: "signed", kind: SchemeKind::Unsupported };

pub async fn get(
    transport: &Transport<UntypedBody>,
    template: &'static str,
    security: Security,
) -> Result<RawResponse<UntypedBody>, Error> {
    transport.execute(Request::new(Method::GET, template).security(security)).await
}
