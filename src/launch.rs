//! Starting the editor so that a crashing renderer cannot strand the clerk.
//!
//! On Windows the editor can draw with two renderers: wgpu (Direct3D 12, with the WARP software
//! adapter on PCs without a driver) and glow (OpenGL). An old or broken graphics driver may
//! *crash* the process while the first one starts, before any window appears (under Wine the
//! Direct3D 12 layer aborts). A crashed process cannot start itself again, so `nianbao` with no
//! command and no `--renderer` is a small **supervisor**:
//!
//! 1. it reads which renderer to start with ([`RendererMemory`], `renderer.ron` in the data
//!    folder, `%LOCALAPPDATA%\nianbao` on Windows) and starts the editor as its child:
//!    `nianbao --renderer wgpu --first-frame-signal [FILE]`;
//! 2. the child prints [`FIRST_FRAME_SIGNAL`] on its standard output once its first frame has been
//!    painted, and the supervisor then simply waits for it to end;
//! 3. when the child dies before that (a crash, a start-up error, or no frame within
//!    [`FIRST_FRAME_TIMEOUT`]), the supervisor starts it again with the other renderer;
//! 4. when that one paints, the supervisor remembers that the first one failed, so the next start
//!    begins with the one that works (as browsers turn off hardware acceleration after a GPU
//!    crash). 设置 → 显示方式 shows the choice and lets support change it over the phone.
//!
//! The log (`nianbao.log` in the data folder) says which renderer served and why. Where only one
//! renderer exists (Linux: glow) the editor runs directly. The decisions are pure functions
//! ([`start_order`], [`after_attempt`], [`RendererMemory::remember`]); the process code
//! ([`supervise`]) takes the way a child is started as a parameter, so the tests run it with
//! small shell scripts that crash, hang or paint.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitCode, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::ui::settings::{Paths, log_line};

/// The line a supervised editor prints on its standard output after its first painted frame.
pub const FIRST_FRAME_SIGNAL: &str = "nianbao:first-frame";

/// How long a renderer may take to paint the first frame before it counts as failed.
pub const FIRST_FRAME_TIMEOUT: Duration = Duration::from_secs(45);

/// A renderer the editor can draw with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Renderer {
    /// wgpu: Direct3D 12 on Windows.
    Wgpu,
    /// glow: OpenGL.
    Glow,
}

impl Renderer {
    /// The renderers of this build, in the automatic order (first = tried first).
    pub fn available() -> &'static [Self] {
        const WINDOWS: &[Renderer] = &[Renderer::Wgpu, Renderer::Glow];
        const OTHERS: &[Renderer] = &[Renderer::Glow];
        if cfg!(windows) { WINDOWS } else { OTHERS }
    }

    /// The name used on the command line and in the log (`wgpu`, `glow`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Wgpu => "wgpu",
            Self::Glow => "glow",
        }
    }

    /// The name shown to the clerk.
    pub fn label(self) -> &'static str {
        match self {
            Self::Wgpu => "DirectX 12",
            Self::Glow => "OpenGL",
        }
    }

    /// Reads a `--renderer` value; `None` when this build has no such renderer.
    pub fn parse(name: &str) -> Option<Self> {
        let r = match name.trim().to_ascii_lowercase().as_str() {
            "glow" | "opengl" | "gl" => Self::Glow,
            "wgpu" | "dx12" | "d3d12" | "directx" => Self::Wgpu,
            _ => return None,
        };
        Self::available().contains(&r).then_some(r)
    }
}

/// A renderer that failed before its first frame, and how.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The renderer.
    pub renderer: Renderer,
    /// What happened, in Chinese (崩溃（退出码 3）…).
    pub reason: String,
    /// When (seconds since 1970).
    pub unix_time: u64,
}

/// What the supervisor remembers between starts (`renderer.ron` in the data folder).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RendererMemory {
    /// The renderer chosen in 设置 → 显示方式; `None` = automatic.
    pub choice: Option<Renderer>,
    /// The renderer that last failed before its first frame while another one then worked. It is
    /// tried last until the clerk chooses again.
    pub failed: Option<Failure>,
}

impl RendererMemory {
    /// The file, in the data folder (not roaming: it describes this PC's graphics driver).
    pub fn file(paths: &Paths) -> PathBuf {
        paths.data.join("renderer.ron")
    }

    /// Reads the memory; a missing or damaged file means automatic.
    pub fn load(paths: &Paths) -> Self {
        std::fs::read_to_string(Self::file(paths)).ok().and_then(|t| ron::from_str(&t).ok()).unwrap_or_default()
    }

    /// Writes the memory (atomically); a failure is logged, never shown: it is a preference.
    pub fn save(&self, paths: &Paths) {
        let written = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| e.to_string())
            .and_then(|text| {
                std::fs::create_dir_all(&paths.data)
                    .and_then(|()| crate::io::write_atomic(&Self::file(paths), text.as_bytes(), false))
                    .map_err(|e| e.to_string())
            });
        if let Err(e) = written {
            log::warn!("renderer choice not saved: {e}");
        }
    }

    /// The clerk's choice in 设置 → 显示方式 (`None` = automatic). It forgets the last failure:
    /// the chosen renderer is tried first at the next start.
    pub fn choose(&mut self, choice: Option<Renderer>) {
        self.choice = choice;
        self.failed = None;
    }

    /// After a start: `served` painted the first frame after `failures` failed. Returns whether
    /// the memory changed (and should be saved).
    pub fn remember(&mut self, served: Renderer, failures: &[Failure]) -> bool {
        let Some(last) = failures.iter().rev().find(|f| f.renderer != served) else { return false };
        if self.failed.as_ref() == Some(last) {
            return false;
        }
        self.failed = Some(last.clone());
        true
    }

    /// One sentence for 设置 → 显示方式 and the log: what the next start does, and why.
    pub fn describe(&self) -> String {
        self.describe_for(Renderer::available())
    }

    /// [`Self::describe`] for a build with these renderers.
    pub fn describe_for(&self, available: &[Renderer]) -> String {
        let order = start_order(self, available);
        let first = order.first().map_or("—", |r| r.label());
        match (&self.failed, self.choice) {
            (Some(f), _) if order.len() > 1 && order.last() == Some(&f.renderer) => {
                format!(
                    "使用 {first}：{} 在上次启动时出现问题（{}），已自动改用 {first}。",
                    f.renderer.label(),
                    f.reason
                )
            }
            (_, Some(c)) => format!("使用 {}（在“显示方式”中选定）。", c.label()),
            (_, None) => format!("自动：先用 {first}，启动失败时改用另一种。"),
        }
    }
}

/// The renderers to try, in order: the clerk's choice (or the automatic order) first, a renderer
/// that failed last time at the end.
pub fn start_order(memory: &RendererMemory, available: &[Renderer]) -> Vec<Renderer> {
    let mut order: Vec<Renderer> = available.to_vec();
    if let Some(c) = memory.choice
        && let Some(i) = order.iter().position(|r| *r == c)
    {
        let c = order.remove(i);
        order.insert(0, c);
    }
    if let Some(f) = &memory.failed
        && let Some(i) = order.iter().position(|r| *r == f.renderer)
    {
        let r = order.remove(i);
        order.push(r);
    }
    order
}

/// How one start of the editor went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// The first frame was painted; the editor then ran until it ended with this exit code.
    Served {
        /// The editor's exit code.
        code: u8,
    },
    /// The editor died (or hung) before its first frame.
    Failed {
        /// What happened, in Chinese.
        reason: String,
    },
}

/// What the supervisor does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Start the editor again with this renderer.
    Try(Renderer),
    /// Stop: the editor ran (exit with its code).
    Done(u8),
    /// Every renderer failed: tell the clerk.
    GiveUp,
}

/// The decision after the attempt with `order[tried]`.
pub fn after_attempt(order: &[Renderer], tried: usize, attempt: &Attempt) -> Next {
    match attempt {
        Attempt::Served { code } => Next::Done(*code),
        Attempt::Failed { .. } => order.get(tried + 1).map_or(Next::GiveUp, |r| Next::Try(*r)),
    }
}

/// How a process ended, in Chinese, for the log and the settings page.
pub fn describe_exit(code: Option<i32>, signal: Option<i32>) -> String {
    match (code, signal) {
        (_, Some(s)) => format!("崩溃（信号 {s}）"),
        (Some(2), _) => "启动失败（退出码 2，原因见日志）".into(),
        // NTSTATUS exception codes (access violation 0xC0000005, fail-fast 0xC0000409 …).
        (Some(c), _) if (c as u32) >= 0xC000_0000 => format!("崩溃（异常代码 0x{:08X}）", c as u32),
        // abort() in the C runtime exits with 3.
        (Some(3), _) => "崩溃（异常终止，退出码 3）".into(),
        (Some(c), _) => format!("意外退出（退出码 {c}）"),
        (None, None) => "意外退出".into(),
    }
}

fn describe_status(status: ExitStatus) -> String {
    #[cfg(unix)]
    let signal = std::os::unix::process::ExitStatusExt::signal(&status);
    #[cfg(not(unix))]
    let signal = None;
    describe_exit(status.code(), signal)
}

fn exit_code_of(status: ExitStatus) -> u8 {
    match status.code() {
        Some(c) => u8::try_from(c).unwrap_or(1),
        None => 1,
    }
}

enum Event {
    FirstFrame,
    Closed,
}

/// Reads the child's standard output: the first-frame line becomes an event, anything else is
/// passed on to ours.
fn watch_stdout(stdout: ChildStdout, tx: &Sender<Event>) {
    let reader = BufReader::new(stdout);
    for line in reader.split(b'\n') {
        let Ok(line) = line else { break };
        if String::from_utf8_lossy(&line).trim() == FIRST_FRAME_SIGNAL {
            tx.send(Event::FirstFrame).ok();
        } else {
            let mut out = std::io::stdout().lock();
            out.write_all(&line).and_then(|()| out.write_all(b"\n")).and_then(|()| out.flush()).ok();
        }
    }
    tx.send(Event::Closed).ok();
}

/// Waits until the child paints its first frame, dies, or runs out of time.
fn first_frame(child: &mut Child, rx: &Receiver<Event>, timeout: Duration) -> std::io::Result<Result<(), String>> {
    const POLL: Duration = Duration::from_millis(50);
    let start = Instant::now();
    let mut closed = false;
    loop {
        if closed {
            std::thread::sleep(POLL);
        } else {
            match rx.recv_timeout(POLL) {
                Ok(Event::FirstFrame) => return Ok(Ok(())),
                Ok(Event::Closed) | Err(RecvTimeoutError::Disconnected) => closed = true,
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
        if let Some(status) = child.try_wait()? {
            // The signal may still be on its way through the pipe.
            while !closed {
                match rx.recv_timeout(Duration::from_millis(500)) {
                    Ok(Event::FirstFrame) => return Ok(Ok(())),
                    Ok(Event::Closed) | Err(_) => closed = true,
                }
            }
            return Ok(Err(describe_status(status)));
        }
        if start.elapsed() > timeout {
            child.kill().ok();
            child.wait().ok();
            return Ok(Err(format!("{} 秒内没有显示窗口（已结束该进程）", timeout.as_secs())));
        }
    }
}

/// One start of the editor with `renderer`: spawn, wait for the first frame, then for the end.
fn attempt(
    renderer: Renderer,
    spawn: &mut dyn FnMut(Renderer) -> std::io::Result<Child>,
    timeout: Duration,
) -> Attempt {
    let mut child = match spawn(renderer) {
        Ok(c) => c,
        Err(e) => return Attempt::Failed { reason: format!("无法启动进程（{e}）") },
    };
    let (tx, rx) = mpsc::channel();
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || watch_stdout(stdout, &tx));
    }
    match first_frame(&mut child, &rx, timeout) {
        Ok(Ok(())) => match child.wait() {
            Ok(status) => Attempt::Served { code: exit_code_of(status) },
            Err(_) => Attempt::Served { code: 1 },
        },
        Ok(Err(reason)) => Attempt::Failed { reason },
        Err(e) => {
            child.kill().ok();
            Attempt::Failed { reason: format!("无法等待进程（{e}）") }
        }
    }
}

/// The result of [`supervise`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Supervised {
    /// The renderer that painted the first frame, if any.
    pub served: Option<Renderer>,
    /// The renderers that failed before their first frame, in order.
    pub failures: Vec<Failure>,
    /// The exit code to end with.
    pub code: u8,
}

/// Starts the editor with each renderer of `order` in turn until one paints its first frame.
/// `spawn` starts the editor with a renderer, its standard output piped.
pub fn supervise(
    order: &[Renderer],
    spawn: &mut dyn FnMut(Renderer) -> std::io::Result<Child>,
    timeout: Duration,
    log: &mut dyn FnMut(&str),
) -> Supervised {
    let mut failures = Vec::new();
    let mut tried = 0;
    let Some(mut renderer) = order.first().copied() else {
        return Supervised { served: None, failures, code: 2 };
    };
    loop {
        let result = attempt(renderer, spawn, timeout);
        let next = after_attempt(order, tried, &result);
        let reason = match (result, next) {
            (_, Next::Done(code)) => return Supervised { served: Some(renderer), failures, code },
            (Attempt::Failed { reason }, _) => reason,
            (Attempt::Served { code }, _) => return Supervised { served: Some(renderer), failures, code },
        };
        let then = match next {
            Next::Try(r) => format!("starting again with renderer {}", r.name()),
            _ => "no renderer left".into(),
        };
        log(&format!("renderer {} failed before its first frame: {reason}; {then}", renderer.name()));
        failures.push(Failure { renderer, reason, unix_time: unix_now() });
        match next {
            Next::Try(r) => {
                renderer = r;
                tried += 1;
            }
            _ => return Supervised { served: None, failures, code: 2 },
        }
    }
}

fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// How the editor was asked to start (the command line without a command).
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// A file to open.
    pub file: Option<PathBuf>,
    /// Close after the first painted frame.
    pub exit_after_first_frame: bool,
    /// `--renderer`: this renderer only, no supervisor.
    pub renderer: Option<String>,
    /// `--first-frame-signal`: started by the supervisor.
    pub first_frame_signal: bool,
}

/// Opens the editor: directly when the renderer is given or there is only one, otherwise under
/// the supervisor.
pub fn start(request: &Request) -> ExitCode {
    let launch = |renderer| crate::ui::Launch {
        file: request.file.clone(),
        exit_after_first_frame: request.exit_after_first_frame,
        renderer,
        first_frame_signal: request.first_frame_signal,
    };
    if let Some(name) = request.renderer.as_deref() {
        let Some(r) = Renderer::parse(name) else {
            let names: Vec<&str> = Renderer::available().iter().map(|r| r.name()).collect();
            eprintln!("错误：未知的渲染器“{name}”，可用：{}", names.join("、"));
            return ExitCode::from(2);
        };
        return crate::ui::run(&launch(r));
    }
    match Renderer::available() {
        [only] => crate::ui::run(&launch(*only)),
        _ => run_supervised(request),
    }
}

fn run_supervised(request: &Request) -> ExitCode {
    let paths = Paths::platform();
    let mut memory = RendererMemory::load(&paths);
    let order = start_order(&memory, Renderer::available());
    let exe = match std::env::current_exe() {
        Ok(p) => p,
        Err(e) => {
            // Without our own path no child can be started: run in this process.
            log_line(&paths, &format!("supervisor: own path unknown ({e}); starting directly"));
            let r = order.first().copied().unwrap_or(Renderer::Glow);
            return crate::ui::run(&crate::ui::Launch {
                file: request.file.clone(),
                exit_after_first_frame: request.exit_after_first_frame,
                renderer: r,
                first_frame_signal: false,
            });
        }
    };
    no_crash_dialogs();
    let names: Vec<&str> = order.iter().map(|r| r.name()).collect();
    log_line(&paths, &format!("supervisor: order {} ({})", names.join(", "), memory.describe()));
    let mut spawn = |r: Renderer| child_command(&exe, r, request).spawn();
    let result = supervise(&order, &mut spawn, FIRST_FRAME_TIMEOUT, &mut |line| log_line(&paths, line));
    match result.served {
        Some(served) => {
            let why = match (result.failures.last(), &memory.failed) {
                (Some(f), _) => format!("{} failed before its first frame: {}", f.renderer.name(), f.reason),
                (None, Some(f)) if f.renderer != served => {
                    format!("remembered: {} failed on an earlier start: {}", f.renderer.name(), f.reason)
                }
                (None, _) if memory.choice == Some(served) => "chosen in 设置 → 显示方式".into(),
                (None, _) => "first in the automatic order".into(),
            };
            log_line(&paths, &format!("renderer {} served: {why}", served.name()));
            if memory.remember(served, &result.failures) {
                memory.save(&paths);
                log_line(&paths, &format!("remembered: {}", memory.describe()));
            }
            ExitCode::from(result.code)
        }
        None => {
            let what: Vec<String> =
                result.failures.iter().map(|f| format!("{} {}", f.renderer.label(), f.reason)).collect();
            let message = format!(
                "无法启动图形界面：{}。\n请更新显卡驱动后再试；远程桌面或虚拟机中可请技术人员协助。\n命令行功能（check、export 等）不受影响。",
                what.join("，")
            );
            log_line(&paths, &format!("no renderer painted a frame: {}", what.join("; ")));
            eprintln!("错误：{message}");
            if !request.exit_after_first_frame {
                show_error_box(&message);
            }
            ExitCode::from(result.code)
        }
    }
}

/// The editor as a child of the supervisor, with one renderer.
fn child_command(exe: &Path, renderer: Renderer, request: &Request) -> Command {
    let mut cmd = Command::new(exe);
    cmd.arg("--renderer").arg(renderer.name()).arg("--first-frame-signal");
    if request.exit_after_first_frame {
        cmd.arg("--exit-after-first-frame");
    }
    if let Some(f) = &request.file {
        cmd.arg("--").arg(f);
    }
    cmd.stdout(Stdio::piped());
    if has_console() {
        cmd.stdin(Stdio::inherit()).stderr(Stdio::inherit());
    } else {
        cmd.stdin(Stdio::null()).stderr(Stdio::null());
        no_console_window(&mut cmd);
    }
    cmd
}

/// Whether this process has a console (run from `cmd`) rather than none (started from Explorer:
/// `main` has closed the console window Windows gave it).
#[cfg(windows)]
#[allow(unsafe_code)]
fn has_console() -> bool {
    // SAFETY: GetConsoleWindow has no preconditions.
    !unsafe { windows_sys::Win32::System::Console::GetConsoleWindow() }.is_null()
}

#[cfg(not(windows))]
fn has_console() -> bool {
    true
}

/// A renderer crashing in the child must end the child, not wait behind Windows' “已停止工作”
/// dialog: the error mode is inherited by the processes started from here.
#[cfg(windows)]
#[allow(unsafe_code)]
fn no_crash_dialogs() {
    use windows_sys::Win32::System::Diagnostics::Debug::{SEM_FAILCRITICALERRORS, SEM_NOGPFAULTERRORBOX, SetErrorMode};
    // SAFETY: SetErrorMode only sets a flag of this process.
    unsafe { SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX) };
}

#[cfg(not(windows))]
fn no_crash_dialogs() {}

/// Without this flag Windows would give the child a console window of its own.
#[cfg(windows)]
fn no_console_window(cmd: &mut Command) {
    use std::os::windows::process::CommandExt;
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    cmd.creation_flags(CREATE_NO_WINDOW);
}

#[cfg(not(windows))]
fn no_console_window(_cmd: &mut Command) {}

/// Started from Explorer there is no console to print to: the clerk sees a message box.
#[cfg(windows)]
fn show_error_box(message: &str) {
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("年报编辑器")
        .set_description(message)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}

#[cfg(not(windows))]
fn show_error_box(_message: &str) {}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: &[Renderer] = &[Renderer::Wgpu, Renderer::Glow];

    fn failure(r: Renderer, reason: &str) -> Failure {
        Failure { renderer: r, reason: reason.into(), unix_time: 1 }
    }

    #[test]
    fn order_is_automatic_then_choice_then_failure_last() {
        let mut m = RendererMemory::default();
        assert_eq!(start_order(&m, BOTH), vec![Renderer::Wgpu, Renderer::Glow]);
        m.choose(Some(Renderer::Glow));
        assert_eq!(start_order(&m, BOTH), vec![Renderer::Glow, Renderer::Wgpu]);
        m.choose(None);
        m.failed = Some(failure(Renderer::Wgpu, "崩溃"));
        assert_eq!(start_order(&m, BOTH), vec![Renderer::Glow, Renderer::Wgpu], "a crashed renderer goes last");
        assert_eq!(start_order(&m, &[Renderer::Glow]), vec![Renderer::Glow]);
        m.choose(Some(Renderer::Wgpu));
        assert_eq!(m.failed, None, "choosing again forgets the failure");
        assert_eq!(start_order(&m, BOTH), vec![Renderer::Wgpu, Renderer::Glow]);
    }

    #[test]
    fn a_failure_before_the_first_frame_tries_the_next_renderer_then_gives_up() {
        let failed = Attempt::Failed { reason: "崩溃".into() };
        assert_eq!(after_attempt(BOTH, 0, &failed), Next::Try(Renderer::Glow));
        assert_eq!(after_attempt(BOTH, 1, &failed), Next::GiveUp);
        assert_eq!(after_attempt(BOTH, 0, &Attempt::Served { code: 0 }), Next::Done(0));
        // A crash after the first frame is the editor's own exit code, not a renderer failure.
        assert_eq!(after_attempt(BOTH, 0, &Attempt::Served { code: 3 }), Next::Done(3));
        assert_eq!(after_attempt(&[Renderer::Glow], 0, &failed), Next::GiveUp);
    }

    #[test]
    fn the_renderer_that_worked_after_a_crash_is_remembered_once() {
        let mut m = RendererMemory::default();
        assert!(!m.remember(Renderer::Wgpu, &[]), "a clean start changes nothing");
        let crash = failure(Renderer::Wgpu, "崩溃（退出码 3）");
        assert!(m.remember(Renderer::Glow, std::slice::from_ref(&crash)));
        assert_eq!(m.failed.as_ref(), Some(&crash));
        assert!(!m.remember(Renderer::Glow, std::slice::from_ref(&crash)), "the same failure is not saved twice");
        assert!(m.describe_for(BOTH).contains("已自动改用 OpenGL"), "{}", m.describe_for(BOTH));
        assert!(m.describe_for(&[Renderer::Glow]).starts_with("自动"), "one renderer: nothing to change to");
        // Later glow breaks too (a driver update) and wgpu works again: the record follows.
        let glow = failure(Renderer::Glow, "崩溃（信号 11）");
        assert!(m.remember(Renderer::Wgpu, std::slice::from_ref(&glow)));
        assert_eq!(m.failed.as_ref().map(|f| f.renderer), Some(Renderer::Glow));
    }

    #[test]
    fn exit_descriptions_tell_crashes_from_errors() {
        assert_eq!(describe_exit(Some(3), None), "崩溃（异常终止，退出码 3）");
        assert_eq!(describe_exit(Some(0xC000_0005_u32 as i32), None), "崩溃（异常代码 0xC0000005）");
        assert_eq!(describe_exit(None, Some(6)), "崩溃（信号 6）");
        assert!(describe_exit(Some(2), None).starts_with("启动失败"));
        assert_eq!(describe_exit(Some(7), None), "意外退出（退出码 7）");
    }

    #[test]
    fn renderer_names_parse_only_when_built_in() {
        assert_eq!(Renderer::parse("glow"), Some(Renderer::Glow));
        assert_eq!(Renderer::parse(" OpenGL "), Some(Renderer::Glow));
        assert_eq!(Renderer::parse("vulkan"), None);
        assert_eq!(Renderer::parse("dx12").is_some(), cfg!(windows));
    }

    #[test]
    fn memory_survives_a_round_trip_and_damage() {
        let dir = std::env::temp_dir().join(format!("nianbao-launch-{}", std::process::id()));
        let paths = Paths::under(&dir);
        let mut m = RendererMemory::default();
        m.remember(Renderer::Glow, &[failure(Renderer::Wgpu, "崩溃")]);
        m.save(&paths);
        assert_eq!(RendererMemory::load(&paths), m);
        std::fs::write(RendererMemory::file(&paths), "(choice: Some(Vulkan").ok();
        assert_eq!(RendererMemory::load(&paths), RendererMemory::default());
        std::fs::remove_dir_all(&dir).ok();
    }

    /// The real process code, with shell scripts standing in for the editor.
    #[cfg(unix)]
    mod processes {
        use super::*;

        fn script(body: &str) -> std::io::Result<Child> {
            Command::new("sh").arg("-c").arg(body).stdout(Stdio::piped()).stderr(Stdio::null()).spawn()
        }

        fn run(scripts: &[(Renderer, &str)], timeout: Duration) -> (Supervised, Vec<String>) {
            let order: Vec<Renderer> = scripts.iter().map(|(r, _)| *r).collect();
            let mut spawn = |r: Renderer| {
                let body = scripts.iter().find(|(s, _)| *s == r).map_or("exit 9", |(_, b)| *b);
                script(body)
            };
            let mut lines = Vec::new();
            let result = supervise(&order, &mut spawn, timeout, &mut |l| lines.push(l.to_owned()));
            (result, lines)
        }

        #[test]
        fn a_crash_before_the_first_frame_starts_the_other_renderer() {
            let (result, log) = run(
                &[(Renderer::Wgpu, "kill -ABRT $$"), (Renderer::Glow, "echo nianbao:first-frame; sleep 0.2; exit 0")],
                Duration::from_secs(20),
            );
            assert_eq!(result.served, Some(Renderer::Glow));
            assert_eq!(result.code, 0);
            assert_eq!(result.failures.len(), 1);
            assert_eq!(result.failures[0].reason, "崩溃（信号 6）");
            assert!(log[0].contains("renderer wgpu failed before its first frame") && log[0].contains("glow"));
        }

        #[test]
        fn the_signal_counts_even_when_the_editor_exits_at_once() {
            // --exit-after-first-frame: the child prints the signal and ends immediately.
            let (result, _) = run(&[(Renderer::Wgpu, "echo nianbao:first-frame; exit 0")], Duration::from_secs(20));
            assert_eq!(result, Supervised { served: Some(Renderer::Wgpu), failures: vec![], code: 0 });
        }

        #[test]
        fn after_the_first_frame_the_editor_exit_code_is_passed_on() {
            let (result, _) = run(
                &[(Renderer::Wgpu, "echo nianbao:first-frame; sleep 0.1; exit 4"), (Renderer::Glow, "exit 9")],
                Duration::from_secs(20),
            );
            assert_eq!(result.served, Some(Renderer::Wgpu));
            assert_eq!(result.code, 4, "a crash after the first frame does not change the renderer");
        }

        #[test]
        fn a_hang_before_the_first_frame_times_out() {
            let start = Instant::now();
            let (result, _) = run(
                &[(Renderer::Wgpu, "exec sleep 30"), (Renderer::Glow, "echo nianbao:first-frame")],
                Duration::from_millis(400),
            );
            assert!(start.elapsed() < Duration::from_secs(10));
            assert_eq!(result.served, Some(Renderer::Glow));
            assert!(result.failures[0].reason.contains("秒内没有显示窗口"), "{:?}", result.failures);
        }

        #[test]
        fn when_every_renderer_fails_the_supervisor_gives_up_with_2() {
            let (result, log) =
                run(&[(Renderer::Wgpu, "exit 3"), (Renderer::Glow, "kill -SEGV $$")], Duration::from_secs(20));
            assert_eq!(result.served, None);
            assert_eq!(result.code, 2);
            let reasons: Vec<&str> = result.failures.iter().map(|f| f.reason.as_str()).collect();
            assert_eq!(reasons, ["崩溃（异常终止，退出码 3）", "崩溃（信号 11）"]);
            assert!(log[1].contains("no renderer left"));
        }
    }
}
