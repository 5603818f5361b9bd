use std::path::PathBuf;

use super::EXIT_UNPROCESSABLE;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A Slate source folder, or its index file.
    #[arg(long)]
    pub spec: PathBuf,
    /// The folder that receives the crate.
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(_args: Args) -> u8 {
    eprintln!("error: the Rust backend is not available in this build");
    EXIT_UNPROCESSABLE
}

pub fn regenerate_workspace(_check: bool) -> u8 {
    eprintln!("error: the Rust backend is not available in this build");
    EXIT_UNPROCESSABLE
}
