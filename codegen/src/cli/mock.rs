use std::path::PathBuf;

use super::EXIT_UNPROCESSABLE;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A Slate source folder, or its index file.
    #[arg(long)]
    pub spec: PathBuf,
    /// Address to listen on, such as 127.0.0.1:8080.
    #[arg(long)]
    pub addr: String,
}

pub fn run(_args: Args) -> u8 {
    eprintln!("error: mock is not available in this build");
    EXIT_UNPROCESSABLE
}
