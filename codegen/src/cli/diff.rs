use std::path::PathBuf;

use clap::ValueEnum;

use super::EXIT_UNPROCESSABLE;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The older documentation: a Slate folder or index file (or, with
    /// `--git`, the spec folder's path inside the repository).
    pub old: PathBuf,
    /// The newer documentation: a Slate folder or index file.
    pub new: PathBuf,
    /// Read OLD from this git revision instead of the working tree.
    #[arg(long)]
    pub git: Option<String>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit 1 when any change breaks an existing client.
    #[arg(long)]
    pub fail_on_breaking: bool,
}

pub fn run(_args: Args) -> u8 {
    eprintln!("error: diff is not available in this build");
    EXIT_UNPROCESSABLE
}
