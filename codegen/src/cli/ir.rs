use std::fmt::Write as _;
use std::path::PathBuf;

use super::{analyze_api_or_report, produced, report};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A Slate source folder, or its index file.
    #[arg(long)]
    pub spec: PathBuf,
    /// Print what was read (endpoints, models, tables read / seen) and what
    /// was not, instead of the IR.
    #[arg(long)]
    pub summary: bool,
}

/// Prints the IR on stdout and the diagnostics on stderr. Exits 1 when an
/// error left part of the input unread, 2 when there is no API to print.
pub fn run(args: Args) -> u8 {
    let analysis = match analyze_api_or_report(&args.spec) {
        Ok(analysis) => analysis,
        Err(code) => return code,
    };
    if args.summary {
        print!("{}", summary(&analysis));
        report(&analysis.diagnostics, &analysis.spec.sources);
        return produced(&analysis.diagnostics);
    }
    // The IR goes to stdout and the diagnostics to stderr: both are written
    // at once.
    let (written, ()) = rayon::join(
        || analysis.api.write_json(std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock())),
        || report(&analysis.diagnostics, &analysis.spec.sources),
    );
    if let Err(err) = written {
        eprintln!("error: the IR could not be written: {err}");
        return 2;
    }
    produced(&analysis.diagnostics)
}

/// A few lines a person reads to see how much of a document was understood.
pub fn summary(analysis: &crate::Analysis) -> String {
    let api = &analysis.api;
    let reading = &analysis.reading;
    let mut out = String::new();
    let _ = writeln!(out, "endpoints: {}", api.endpoints.len());
    let _ = writeln!(out, "models: {}", api.models.len());
    let _ = writeln!(out, "tables: {} read / {} seen", reading.tables_read, reading.tables_seen);
    let servers: Vec<&str> = api.servers.iter().map(|s| s.url.as_str()).collect();
    let _ =
        writeln!(out, "servers: {}", if servers.is_empty() { "none named".to_string() } else { servers.join(", ") });
    let _ = writeln!(out, "authentication: {}", authentication(api));
    let _ = writeln!(out, "paging: {}", paging(api));
    if reading.unread.is_empty() {
        let _ = writeln!(out, "not read: nothing");
        return out;
    }
    let _ = writeln!(out, "not read:");
    for unread in &reading.unread {
        let place = analysis.spec.sources.location(unread.first);
        let _ = writeln!(out, "  {} x {} (first at {}:{})", unread.count, unread.shape, place.file, place.line);
    }
    out
}

/// The schemes found (`apiKey in header X-Key`, `http bearer`), the
/// default first, and how many endpoints name their own requirement.
fn authentication(api: &crate::ir::Api) -> String {
    let mut parts: Vec<String> = api
        .security_schemes
        .iter()
        .map(|s| match (&s.scheme, &s.location, &s.parameter) {
            (Some(scheme), _, _) => format!("{} {scheme}", s.kind),
            (_, Some(location), Some(parameter)) => format!("{} in {location} {parameter}", s.kind),
            _ => s.kind.clone(),
        })
        .collect();
    if let Some(auth) = &api.auth {
        parts.push(format!("session cookie {} from {} login(s)", auth.cookie, auth.logins.len()));
    }
    if parts.is_empty() {
        return "none documented".to_string();
    }
    let open = api.endpoints.iter().filter(|e| e.security.as_ref().is_some_and(Vec::is_empty)).count();
    let own = api.endpoints.iter().filter(|e| e.security.as_ref().is_some_and(|r| !r.is_empty())).count();
    format!("{} ({open} endpoint(s) open, {own} with a requirement of their own)", parts.join(", "))
}

/// Paged endpoints per style, with the signal that ends them.
fn paging(api: &crate::ir::Api) -> String {
    let mut styles: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for pagination in api.endpoints.iter().filter_map(|e| e.pagination.as_ref()) {
        let end = if pagination.link_header {
            "Link header"
        } else if pagination.next_field.is_some() || pagination.next_url_field.is_some() {
            "next field"
        } else if pagination.has_more_field.is_some() {
            "has-more field"
        } else if pagination.total_field.is_some() || pagination.total_pages_field.is_some() {
            "total"
        } else if pagination.style == crate::ir::PagingStyle::Range {
            "Content-Range"
        } else {
            "short page"
        };
        *styles.entry(format!("{:?} until {end}", pagination.style).to_lowercase()).or_default() += 1;
    }
    if styles.is_empty() {
        return "none documented".to_string();
    }
    styles.iter().map(|(style, count)| format!("{count} x {style}")).collect::<Vec<_>>().join(", ")
}
