use std::path::PathBuf;

#[cfg(feature = "mock")]
use std::{net::SocketAddr, time::Duration};

use super::EXIT_UNPROCESSABLE;
#[cfg(feature = "mock")]
use super::{analyze_or_report, report, EXIT_OK};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A Slate source folder, or its index file.
    #[arg(long)]
    pub spec: PathBuf,
    /// Address to listen on, such as 127.0.0.1:8080 (port 0 picks one).
    #[arg(long)]
    pub addr: String,
    /// Serve HTTPS with a certificate made on start.
    #[arg(long)]
    pub tls: bool,
    /// Write the PEM of the authority behind the HTTPS certificate here, for
    /// clients to trust (implies --tls).
    #[arg(long, value_name = "PATH")]
    pub cert_out: Option<PathBuf>,
    /// An accepted LOGIN:PASSWORD (repeatable); without one, any is accepted.
    #[arg(long, value_name = "LOGIN:PASSWORD")]
    pub account: Vec<String>,
    /// An accepted API key, for endpoints under an API-key scheme
    /// (repeatable); without one, any non-empty key is accepted.
    #[arg(long, value_name = "KEY")]
    pub api_key: Vec<String>,
    /// An accepted bearer token, for endpoints under a bearer or OAuth 2
    /// scheme (repeatable); without one, any is accepted.
    #[arg(long, value_name = "TOKEN")]
    pub bearer: Vec<String>,
    /// An accepted USER:PASS, for endpoints under HTTP basic (repeatable);
    /// without one, any is accepted.
    #[arg(long, value_name = "USER:PASS")]
    pub basic: Vec<String>,
    /// Longest session life, in seconds (the API's: 12 h).
    #[arg(long, value_name = "SECONDS")]
    pub session_ttl: Option<u64>,
    /// Idle time after which a session expires, in seconds (the API's: 1 h).
    #[arg(long, value_name = "SECONDS")]
    pub session_idle: Option<u64>,
    /// Items in each collection.
    #[arg(long, value_name = "N")]
    pub collection_size: Option<u64>,
    /// Largest page served (Accept-Range).
    #[arg(long, value_name = "N")]
    pub accept_range: Option<u64>,
    /// Answer --fail-status instead of handling the Nth request (of
    /// --fail-endpoint, or of all).
    #[arg(long, value_name = "N")]
    pub fail_nth: Option<u64>,
    #[arg(long, value_name = "STATUS", default_value_t = 503)]
    pub fail_status: u16,
    #[arg(long, value_name = "ENDPOINT_ID")]
    pub fail_endpoint: Option<String>,
    /// Wait this long before handling each request.
    #[arg(long, value_name = "MILLISECONDS")]
    pub delay_ms: Option<u64>,
    /// Send this text as the Content-Range of every answer.
    #[arg(long, value_name = "TEXT")]
    pub malformed_content_range: Option<String>,
}

#[cfg(not(feature = "mock"))]
pub fn run(_args: Args) -> u8 {
    eprintln!("error: this build of codegen has no mock server (enable the `mock` feature)");
    EXIT_UNPROCESSABLE
}

#[cfg(feature = "mock")]
pub fn run(args: Args) -> u8 {
    let addr: SocketAddr = match args.addr.parse() {
        Ok(addr) => addr,
        Err(err) => {
            eprintln!("error: --addr `{}`: {err} (expected IP:PORT, such as 127.0.0.1:8080)", args.addr);
            return EXIT_UNPROCESSABLE;
        }
    };
    let options = match options(&args, addr) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_UNPROCESSABLE;
        }
    };
    let analysis = match analyze_or_report(&args.spec) {
        Ok(analysis) => analysis,
        Err(code) => return code,
    };
    report(&analysis.diagnostics, &analysis.spec.sources);
    if analysis.api.endpoints.is_empty() {
        eprintln!("error: the documentation at {} describes no endpoint to serve", args.spec.display());
        return EXIT_UNPROCESSABLE;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return EXIT_UNPROCESSABLE;
        }
    };
    // Serving documentation read only in part is still serving: the
    // contract's 1 once the server stops.
    let unread = super::produced(&analysis.diagnostics);
    match runtime.block_on(serve(analysis.api, options)) {
        EXIT_OK => unread,
        failed => failed,
    }
}

#[cfg(feature = "mock")]
fn options(args: &Args, addr: SocketAddr) -> Result<crate::mock::MockOptions, String> {
    use crate::mock::{Fault, FaultAction, MockOptions};
    let defaults = MockOptions::default();
    let accounts = parse_accounts("--account", "LOGIN:PASSWORD", &args.account)?;
    let basic_accounts = parse_accounts("--basic", "USER:PASS", &args.basic)?;
    let mut faults = Vec::new();
    if let Some(nth) = args.fail_nth {
        faults.push(Fault::new(args.fail_endpoint.as_deref(), nth, FaultAction::Status(args.fail_status)));
    }
    if let Some(delay) = args.delay_ms {
        faults.push(Fault::new(None, 1, FaultAction::Delay(Duration::from_millis(delay))).times(u64::MAX));
    }
    if let Some(text) = &args.malformed_content_range {
        faults.push(Fault::new(None, 1, FaultAction::ContentRange(text.clone())).times(u64::MAX));
    }
    Ok(MockOptions {
        addr,
        accounts,
        api_keys: args.api_key.clone(),
        bearer_tokens: args.bearer.clone(),
        basic_accounts,
        session_lifetime: args.session_ttl.map_or(defaults.session_lifetime, Duration::from_secs),
        session_idle_timeout: args.session_idle.map_or(defaults.session_idle_timeout, Duration::from_secs),
        collection_size: args.collection_size.unwrap_or(defaults.collection_size),
        accept_range: args.accept_range.unwrap_or(defaults.accept_range).max(1),
        tls: args.tls || args.cert_out.is_some(),
        certificate_out: args.cert_out.clone(),
        faults,
    })
}

/// `NAME:SECRET` pairs given with `flag`.
#[cfg(feature = "mock")]
fn parse_accounts(flag: &str, shape: &str, given: &[String]) -> Result<Vec<crate::mock::Account>, String> {
    given
        .iter()
        .map(|pair| {
            let (login, password) = pair.split_once(':').ok_or_else(|| format!("{flag} `{pair}`: expected {shape}"))?;
            Ok(crate::mock::Account { login: login.to_string(), password: password.to_string() })
        })
        .collect()
}

#[cfg(feature = "mock")]
async fn serve(api: crate::ir::Api, options: crate::mock::MockOptions) -> u8 {
    let certificate_out = options.certificate_out.clone();
    let server = match crate::mock::MockServer::start(api, options).await {
        Ok(server) => server,
        Err(err) => {
            eprintln!("error: {err}");
            return EXIT_UNPROCESSABLE;
        }
    };
    // Listen for Ctrl-C before saying the server listens: a signal sent right
    // after that line must stop it, not kill the process.
    let interrupted = interrupt();
    eprintln!("mock server listening on {}", server.base_url());
    if let Some(path) = certificate_out {
        eprintln!("trust the certificate authority written to {}", path.display());
    }
    tokio::select! {
        outcome = server.wait() => match outcome {
            Ok(()) => EXIT_OK,
            Err(err) => {
                eprintln!("error: the server stopped: {err}");
                EXIT_UNPROCESSABLE
            }
        },
        _ = interrupted => {
            eprintln!("stopping");
            EXIT_OK
        }
    }
}

/// Resolves on Ctrl-C (SIGINT); the handler is in place once this returns.
#[cfg(all(feature = "mock", unix))]
fn interrupt() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{signal, SignalKind};
    let stream = signal(SignalKind::interrupt());
    async move {
        match stream {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
}

#[cfg(all(feature = "mock", not(unix)))]
fn interrupt() -> impl std::future::Future<Output = ()> {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
