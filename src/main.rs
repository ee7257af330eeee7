//! The `nianbao` binary: the editor, or a headless command.

use std::process::ExitCode;

use clap::Parser;
use nianbao::cli::{self, Cli};

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(command),
        None => nianbao::ui::run(&nianbao::ui::Launch {
            file: args.file,
            exit_after_first_frame: args.exit_after_first_frame,
            renderer: args.renderer,
        }),
    }
}
