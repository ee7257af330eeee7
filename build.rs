//! Records the version and commit for `nianbao --version` and the About box, and on Windows
//! embeds the application icon and the version resource into the executable.

use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned()).filter(|s| !s.is_empty())
}

fn main() {
    let commit = git(&["rev-parse", "--short=8", "HEAD"]).unwrap_or_else(|| "unknown".into());
    let dirty = git(&["status", "--porcelain", "--untracked-files=no"]).is_some();
    let commit = if dirty && commit != "unknown" { format!("{commit}-modified") } else { commit };
    // The commit date, not the wall clock: rebuilding the same commit gives the same binary.
    let date = git(&["log", "-1", "--format=%cs"]).unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=NIANBAO_GIT_COMMIT={commit}");
    println!("cargo:rustc-env=NIANBAO_BUILD_DATE={date}");

    // Rebuild when HEAD moves or the icon changes.
    if Path::new(".git/HEAD").exists() {
        println!("cargo:rerun-if-changed=.git/HEAD");
        if let Some(head_ref) = git(&["symbolic-ref", "-q", "HEAD"]) {
            let path = format!(".git/{head_ref}");
            if Path::new(&path).exists() {
                println!("cargo:rerun-if-changed={path}");
            }
        }
        println!("cargo:rerun-if-changed=.git/index");
    }
    println!("cargo:rerun-if-changed=assets/icon/nianbao.ico");
    println!("cargo:rerun-if-changed=build.rs");

    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        windows_resources();
    }
}

/// Icon and version information shown by Explorer (文件属性 → 详细信息).
fn windows_resources() {
    let mut res = winresource::WindowsResource::new();
    res.set_icon("assets/icon/nianbao.ico");
    res.set("FileDescription", "年报编辑器 — 政府信息公开工作年度报告");
    res.set("ProductName", "年报编辑器（nianbao）");
    res.set("LegalCopyright", "MIT OR Apache-2.0");
    res.set_language(0x0804); // zh-CN
    if let Err(e) = res.compile() {
        // A missing resource compiler should not stop a developer build; say so loudly.
        println!("cargo:warning=Windows resource not embedded: {e}");
    }
}
