//! The desktop editor (eframe/egui).
//!
//! [`Editor`] holds the state and draws one frame in [`Editor::show`]; [`run`] opens the window.
//! Each part of the window is a component in a file of its own — the outline, the checks panel,
//! the title form, the paragraph lists, a section with its table grid, the dialogs — that draws
//! from what it is given and returns [`Action`]s; the editor applies them in one place per frame
//! (`app.rs`). Changes to the report are [`crate::model::edit::Edit`] values, shared with undo.
//! The table grid ([`TableGrid`]) is a widget with its own [`GridState`] that can also show a
//! table read-only.
//!
//! The renderer is chosen at start: on Windows wgpu (DirectX 12, with the WARP software adapter
//! on PCs without a driver) and, if that fails to start, the program starts itself again with
//! OpenGL (glow); on Linux glow. The choice is written to the log.

pub mod action;
pub mod app;
mod checks_panel;
pub mod command;
pub mod dialogs;
pub mod document;
pub mod files;
pub mod grid;
pub mod guard;
mod outline;
pub mod paragraphs;
pub mod recovery;
mod section_editor;
pub mod settings;
pub mod style;
mod title_form;
pub mod tsv;
pub mod widgets;

use std::path::PathBuf;
use std::process::ExitCode;

pub use action::Action;
pub use app::{Editor, View};
pub use dialogs::{Dialog, Pending};
pub use document::Document;
pub use grid::{GridOutput, GridState, Move, TableGrid, cell_label, neighbour, plan_paste};
pub use guard::FailPoint;

use settings::{Paths, Settings, log_line};

/// How the editor was started.
#[derive(Clone, Debug, Default)]
pub struct Launch {
    /// A file to open.
    pub file: Option<PathBuf>,
    /// Close after the first painted frame (start-up benchmark, smoke test).
    pub exit_after_first_frame: bool,
    /// `glow` or `wgpu`, overriding the default.
    pub renderer: Option<String>,
}

struct App {
    editor: Editor,
    startup_error: Option<String>,
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if let Some(e) = self.startup_error.take()
            && self.editor.dialog.is_none()
        {
            self.editor.dialog = Some(Dialog::Error(e));
        }
        self.editor.show(ui);
    }
}

fn renderer_from(name: &str) -> Option<eframe::Renderer> {
    match name {
        "glow" | "opengl" => Some(eframe::Renderer::Glow),
        #[cfg(windows)]
        "wgpu" | "dx12" => Some(eframe::Renderer::Wgpu),
        _ => None,
    }
}

fn renderer_name(r: eframe::Renderer) -> &'static str {
    match r {
        eframe::Renderer::Glow => "glow",
        #[cfg(windows)]
        eframe::Renderer::Wgpu => "wgpu",
    }
}

/// The renderer to try first.
fn default_renderer() -> eframe::Renderer {
    #[cfg(windows)]
    {
        eframe::Renderer::Wgpu
    }
    #[cfg(not(windows))]
    {
        eframe::Renderer::Glow
    }
}

/// Opens the editor window. Returns when it is closed.
pub fn run(launch: &Launch) -> ExitCode {
    let paths = Paths::platform();
    let settings = Settings::load(&paths);
    let renderer = match launch.renderer.as_deref() {
        Some(name) => match renderer_from(name) {
            Some(r) => r,
            None => {
                eprintln!("错误：未知的渲染器“{name}”，可用：glow{}", if cfg!(windows) { "、wgpu" } else { "" });
                return ExitCode::from(2);
            }
        },
        None => default_renderer(),
    };
    log_line(&paths, &format!("starting; renderer {}", renderer_name(renderer)));
    let (doc, startup_error) = Editor::initial_document(launch.file.as_deref(), &settings);
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon/nianbao.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("年报编辑器")
        .with_app_id("nianbao")
        .with_inner_size([1280.0, 760.0])
        .with_min_inner_size([900.0, 560.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions { viewport, renderer, centered: true, ..Default::default() };
    let exit_after = launch.exit_after_first_frame;
    let paths_for_app = paths.clone();
    let result = eframe::run_native(
        "nianbao",
        options,
        Box::new(move |cc| {
            // Nothing may unwind into the window procedure (Windows aborts): a panic while the
            // editor is made is turned into an error, as the frames catch theirs.
            let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                style::install(&cc.egui_ctx);
                let mut editor = Editor::new(doc, paths_for_app, Box::new(files::NativeDialogs::default()));
                if exit_after {
                    // Frame 1 lays out, frame 2 is the first one painted with everything in place.
                    editor.exit_after_frames = Some(2);
                }
                editor
            }));
            match made {
                Ok(editor) => Ok(Box::new(App { editor, startup_error }) as Box<dyn eframe::App>),
                Err(_) => Err("年报编辑器启动时程序内部出错".into()),
            }
        }),
    );
    match result {
        Ok(()) => {
            let mut s = Settings::load(&paths);
            if s.renderer.as_deref() != Some(renderer_name(renderer)) {
                s.renderer = Some(renderer_name(renderer).to_owned());
                s.save(&paths);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            log_line(&paths, &format!("renderer {} failed to start: {e}", renderer_name(renderer)));
            fallback(launch, renderer, &e.to_string(), &paths)
        }
    }
}

/// When the first renderer cannot start (an old PC, remote desktop, no graphics driver), start
/// again with the other one; winit cannot open a second event loop in one process.
fn fallback(launch: &Launch, failed: eframe::Renderer, error: &str, paths: &Paths) -> ExitCode {
    let other: Option<&str> = match failed {
        eframe::Renderer::Glow => None,
        #[cfg(windows)]
        eframe::Renderer::Wgpu => Some("glow"),
    };
    if let (Some(other), None) = (other, launch.renderer.as_ref())
        && let Ok(exe) = std::env::current_exe()
    {
        log_line(paths, &format!("restarting with renderer {other}"));
        let mut cmd = std::process::Command::new(exe);
        cmd.arg("--renderer").arg(other);
        if launch.exit_after_first_frame {
            cmd.arg("--exit-after-first-frame");
        }
        if let Some(f) = &launch.file {
            cmd.arg(f);
        }
        return match cmd.status() {
            Ok(s) if s.success() => ExitCode::SUCCESS,
            _ => ExitCode::from(2),
        };
    }
    eprintln!(
        "错误：无法启动图形界面（{error}）。\n请更新显卡驱动；远程桌面或虚拟机中可尝试：nianbao --renderer glow。\n命令行功能（check、export）不受影响。"
    );
    ExitCode::from(2)
}
