//! The real window: start the editor under a virtual X server, paint the first frame, exit.
//! Needs Xvfb and Mesa (installed by `.ci/run`).

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::TempDir;

#[test]
fn the_editor_starts_paints_and_exits() {
    // A display number nobody holds (an X server keeps /tmp/.X<n>-lock).
    let n = (150 + std::process::id() % 100..400)
        .find(|n| !std::path::Path::new(&format!("/tmp/.X{n}-lock")).exists())
        .unwrap_or(399);
    let display = format!(":{n}");
    let mut xvfb = Command::new("Xvfb")
        .args([display.as_str(), "-screen", "0", "1366x768x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb is needed for this test (apt-get install xvfb libgl1-mesa-dri libegl1)");
    std::thread::sleep(Duration::from_millis(800));
    let home = TempDir::new("smoke");
    let start = Instant::now();
    let mut app = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("--exit-after-first-frame")
        .env("DISPLAY", &display)
        .env("NIANBAO_HOME", &home.0)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nianbao");
    let status = loop {
        if let Some(s) = app.try_wait().expect("wait") {
            break Some(s);
        }
        if start.elapsed() > Duration::from_secs(60) {
            app.kill().ok();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    xvfb.kill().ok();
    xvfb.wait().ok();
    let output = app.wait_with_output().expect("output");
    let status = status.expect("the editor did not exit after its first frame within 60 s");
    assert!(status.success(), "exit {status:?}: {}", String::from_utf8_lossy(&output.stderr));
    let log = std::fs::read_to_string(home.0.join("nianbao.log")).expect("the start-up log");
    assert!(log.contains("starting; renderer glow"), "{log}");
    assert!(log.contains("first frame painted; renderer glow"), "{log}");
}
