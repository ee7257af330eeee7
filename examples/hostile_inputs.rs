//! Writes the hostile inputs of issue 8 into a folder, one subfolder per case, with the command
//! a clerk would run on it: `DIR/cases.tsv` holds `id<TAB>what<TAB>arguments` (arguments
//! separated by spaces, paths relative to the case's folder), `DIR/ID/` the case's files, and
//! `DIR/ID/.fifo` the name of a named pipe to make there first. The inputs come from
//! `nianbao::fuzz::hostile`, the generators `tests/reliability.rs` uses.
//!
//! `cargo run --example hostile_inputs -- DIR`; `scripts/hostile-before-after.sh` runs the
//! commands against a given binary.

#![allow(clippy::print_stdout, reason = "a command-line tool: it says where it wrote")]

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("用法：hostile_inputs 文件夹");
        return ExitCode::from(2);
    };
    match write(&dir) {
        Ok(n) => {
            println!("{n} 个用例已写入 {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("无法写入 {}：{e}", dir.display());
            ExitCode::from(2)
        }
    }
}

fn write(dir: &std::path::Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let cases = nianbao::fuzz::hostile::cases();
    let mut manifest = String::new();
    for case in &cases {
        let sub = dir.join(case.id);
        if sub.exists() {
            std::fs::remove_dir_all(&sub)?;
        }
        std::fs::create_dir_all(&sub)?;
        for (name, bytes) in &case.files {
            let path = sub.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, bytes)?;
        }
        if let Some(fifo) = case.fifo {
            std::fs::write(sub.join(".fifo"), fifo)?;
        }
        manifest.push_str(&format!("{}\t{}\t{}\n", case.id, case.what, case.args.join(" ")));
    }
    std::fs::write(dir.join("cases.tsv"), manifest)?;
    Ok(cases.len())
}
