use std::path::PathBuf;

use clap::ValueEnum;

use super::EXIT_UNPROCESSABLE;

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
}

pub fn run(_args: Args) -> u8 {
    eprintln!("error: openapi is not available in this build");
    EXIT_UNPROCESSABLE
}
