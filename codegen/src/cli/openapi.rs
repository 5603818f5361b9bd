use std::path::PathBuf;

use clap::ValueEnum;

use super::{analyze_api_or_report, produced, report};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OpenApiFormat {
    Json,
    Yaml,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A Slate source folder, or its index file.
    #[arg(long)]
    pub spec: PathBuf,
    #[arg(long, value_enum, default_value_t = OpenApiFormat::Json)]
    pub format: OpenApiFormat,
    /// The OpenAPI version to write: 3.1 (JSON Schema 2020-12), or 3.0 (3.0.3,
    /// `nullable` and `example`) for tools that read no 3.1.
    #[arg(long, value_enum, default_value_t = OpenApiVersion::V3_1)]
    pub openapi_version: OpenApiVersion,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OpenApiVersion {
    #[value(name = "3.1")]
    V3_1,
    #[value(name = "3.0")]
    V3_0,
}

/// Prints the OpenAPI document on stdout; the diagnostics, and what the
/// document could not express, on stderr. Exits 1 when an error left part of
/// the input unread, 2 when there is no API to export, like `codegen ir`.
pub fn run(args: Args) -> u8 {
    let analysis = match analyze_api_or_report(&args.spec) {
        Ok(analysis) => analysis,
        Err(code) => return code,
    };
    let mut export = crate::openapi::export(&analysis.api);
    if args.openapi_version == OpenApiVersion::V3_0 {
        crate::openapi::to_3_0(&mut export.document);
    }
    match args.format {
        OpenApiFormat::Json => print!("{}", crate::openapi::to_json(&export.document)),
        OpenApiFormat::Yaml => print!("{}", crate::openapi::to_yaml(&export.document)),
    }
    report(&analysis.diagnostics, &analysis.spec.sources);
    for warning in &export.warnings {
        eprintln!("warning: openapi: {warning}");
    }
    produced(&analysis.diagnostics)
}
