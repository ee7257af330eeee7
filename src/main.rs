//! The `nianbao` binary: the editor, or a headless command.

use std::process::ExitCode;

use clap::Parser;
use nianbao::cli::{self, Cli};

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(command),
        None => {
            hide_own_console();
            nianbao::ui::run(&nianbao::ui::Launch {
                file: args.file,
                exit_after_first_frame: args.exit_after_first_frame,
                renderer: args.renderer,
            })
        }
    }
}

/// On Windows the program is a console program, so that `nianbao check` prints into the
/// console it was run from. Started by a double click, Windows gives it a console window of its
/// own; the editor closes that window (it is the only process attached to it).
#[cfg(windows)]
#[allow(unsafe_code)]
fn hide_own_console() {
    use windows_sys::Win32::System::Console::{FreeConsole, GetConsoleProcessList};
    let mut ids = [0u32; 2];
    // SAFETY: `ids` is a valid buffer of 2 process ids, and its length is passed.
    let attached = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), 2) };
    if attached == 1 {
        // SAFETY: detaching from our own console has no preconditions.
        unsafe {
            FreeConsole();
        }
    }
}

#[cfg(not(windows))]
fn hide_own_console() {}
