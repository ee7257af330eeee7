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
//! The renderer is chosen by [`crate::launch`] (on Windows a supervisor process tries wgpu, then
//! glow); this module opens the window with the renderer it is given.

pub mod action;
pub mod app;
mod checks_panel;
pub mod clipboard;
pub mod command;
pub mod desk;
pub mod dialogs;
pub mod document;
pub mod files;
pub mod grid;
pub mod guard;
pub mod import_dialog;
mod outline;
pub mod paragraphs;
pub mod recovery;
pub mod review_dialog;
mod section_editor;
pub mod settings;
pub mod style;
mod title_form;
pub mod tsv;
pub mod widgets;

use std::path::PathBuf;
use std::process::ExitCode;

pub use action::{Action, Output};
pub use app::{Editor, View};
pub use dialogs::{Dialog, Pending};
pub use document::Document;
pub use grid::{GridOutput, GridState, Move, TableGrid, cell_label, neighbour, plan_paste};
pub use guard::FailPoint;

use crate::launch::Renderer;
use settings::{Paths, Settings, log_line};

/// How the editor was started.
#[derive(Clone, Debug)]
pub struct Launch {
    /// A file to open.
    pub file: Option<PathBuf>,
    /// Close after the first painted frame (start-up benchmark, smoke test).
    pub exit_after_first_frame: bool,
    /// The renderer to draw with.
    pub renderer: Renderer,
    /// Print [`crate::launch::FIRST_FRAME_SIGNAL`] once the first frame is painted (the
    /// supervisor waits for it).
    pub first_frame_signal: bool,
}

struct App {
    editor: Editor,
    startup_error: Option<String>,
    /// Frames begun; when the second begins, the first has been painted.
    frames: u64,
    renderer: Renderer,
    first_frame_signal: bool,
    paths: Paths,
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frames += 1;
        if self.frames == 1 {
            // The second frame tells that the first one was painted: make sure it comes.
            ui.ctx().request_repaint();
        }
        if self.frames == 2 {
            log_line(&self.paths, &format!("first frame painted; renderer {}", self.renderer.name()));
            if self.first_frame_signal {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                writeln!(out, "{}", crate::launch::FIRST_FRAME_SIGNAL).and_then(|()| out.flush()).ok();
            }
        }
        if let Some(e) = self.startup_error.take()
            && self.editor.dialog.is_none()
        {
            self.editor.dialog = Some(Dialog::Error(e));
        }
        self.editor.show(ui);
    }
}

fn eframe_renderer(r: Renderer) -> eframe::Renderer {
    match r {
        Renderer::Glow => eframe::Renderer::Glow,
        #[cfg(windows)]
        Renderer::Wgpu => eframe::Renderer::Wgpu,
        // Not built in here: `Renderer::available` never offers it.
        #[cfg(not(windows))]
        Renderer::Wgpu => eframe::Renderer::Glow,
    }
}

/// The file dialogs: the native ones, or — test hook for screenshots and scripted checks under
/// Xvfb, where no file dialog can open — the files listed in `NIANBAO_SCRIPTED_FILES` (separated
/// as in `PATH`), which answer the dialogs that pick a file, in order.
fn file_dialogs() -> Box<dyn files::FileDialogs> {
    match std::env::var_os("NIANBAO_SCRIPTED_FILES") {
        Some(list) => Box::new(files::ScriptedDialogs {
            open: std::env::split_paths(&list).map(Some).collect(),
            ..Default::default()
        }),
        None => Box::new(files::NativeDialogs::default()),
    }
}

/// Opens the editor window with one renderer. Returns when it is closed; exits with 2 when the
/// renderer cannot start (the supervisor, if any, then tries the other one).
pub fn run(launch: &Launch) -> ExitCode {
    let paths = Paths::platform();
    let settings = Settings::load(&paths);
    let renderer = launch.renderer;
    let file = launch.file.as_ref().map(|f| format!("; file {}", f.display())).unwrap_or_default();
    log_line(&paths, &format!("starting; renderer {}{file}", renderer.name()));
    // Test hook (scripts/windows-check.sh): a graphics driver that crashes the process while
    // this renderer starts, so the supervisor's answer to a real crash can be shown anywhere.
    if std::env::var("NIANBAO_SIMULATE_RENDERER_CRASH").is_ok_and(|v| v == renderer.name()) {
        log_line(&paths, "simulated crash while the renderer starts (NIANBAO_SIMULATE_RENDERER_CRASH)");
        std::process::abort();
    }
    let (doc, startup_error) = Editor::initial_document(launch.file.as_deref(), &settings);
    // The bundled example opened at first start says what it is.
    let first_start = doc.path.is_none() && startup_error.is_none();
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
    let options =
        eframe::NativeOptions { viewport, renderer: eframe_renderer(renderer), centered: true, ..Default::default() };
    let exit_after = launch.exit_after_first_frame;
    let first_frame_signal = launch.first_frame_signal;
    let paths_for_app = paths.clone();
    let result = eframe::run_native(
        "nianbao",
        options,
        Box::new(move |cc| {
            // Nothing may unwind into the window procedure (Windows aborts): a panic while the
            // editor is made is turned into an error, as the frames catch theirs.
            let app_paths = paths_for_app.clone();
            let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                style::install(&cc.egui_ctx);
                let mut editor = Editor::new(doc, paths_for_app, file_dialogs());
                editor.example_banner = first_start;
                editor.desk = desk::Desk::from_env(&cc.egui_ctx);
                if exit_after {
                    // Frame 1 lays out, frame 2 is the first one painted with everything in place.
                    editor.exit_after_frames = Some(2);
                }
                editor
            }));
            match made {
                Ok(editor) => Ok(Box::new(App {
                    editor,
                    startup_error,
                    frames: 0,
                    renderer,
                    first_frame_signal,
                    paths: app_paths,
                }) as Box<dyn eframe::App>),
                Err(_) => Err("年报编辑器启动时程序内部出错".into()),
            }
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            log_line(&paths, &format!("renderer {} failed to start: {e}", renderer.name()));
            if !launch.first_frame_signal {
                eprintln!(
                    "错误：无法以 {} 启动图形界面（{e}）。\n请更新显卡驱动，或不带 --renderer 启动以自动选择。\n命令行功能（check、export）不受影响。",
                    renderer.label()
                );
            }
            ExitCode::from(2)
        }
    }
}
