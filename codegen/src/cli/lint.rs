use std::path::PathBuf;

use super::{TextOrJson, EXIT_UNPROCESSABLE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A Slate source folder, or its index file.
    #[arg(long)]
    pub spec: PathBuf,
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

pub fn run(_args: Args) -> u8 {
    eprintln!("error: lint is not available in this build");
    EXIT_UNPROCESSABLE
}
