//! The `nianbao` binary: the editor, or a headless command.

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use nianbao::cli::{self, Cli};

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(command),
        None => {
            // The editor arrives with its own issue; until then, say what is available.
            let mut cmd = Cli::command();
            cmd.print_help().ok();
            ExitCode::SUCCESS
        }
    }
}
