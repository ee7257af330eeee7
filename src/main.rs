//! The `nianbao` binary: the editor, or a headless command.

use std::process::ExitCode;

use clap::Parser;
use nianbao::cli::{self, Cli};

fn main() -> ExitCode {
    // The PDF reader logs every broken object in English; the importer says what matters in
    // Chinese (issue 8, item 5). `RUST_LOG` still shows it.
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn,lopdf=off")).init();
    let args = Cli::parse();
    if args.register_ron || args.unregister_ron {
        return associate(args.register_ron);
    }
    match args.command {
        Some(command) => cli::run(command),
        None => {
            hide_own_console();
            nianbao::launch::start(&nianbao::launch::Request {
                file: args.file,
                exit_after_first_frame: args.exit_after_first_frame,
                renderer: args.renderer,
                first_frame_signal: args.first_frame_signal,
            })
        }
    }
}

/// `--register-ron` / `--unregister-ron`.
fn associate(register: bool) -> ExitCode {
    use nianbao::association;
    let result = if register { association::register() } else { association::unregister() };
    match result {
        Ok(()) if register => {
            eprintln!("已将 .ron 文件关联到年报编辑器（仅当前用户）。");
            ExitCode::SUCCESS
        }
        Ok(()) => {
            eprintln!("已取消 .ron 文件与年报编辑器的关联。");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(2)
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
