//! The fuzz driver: mutates the bundled example in each format and feeds it to the loader, the
//! importers and the export, for a bounded time per target. A panic is kept as a regression
//! file in `tests/fuzz-regressions/` (replayed by `tests/fuzz_regressions.rs`); an input that
//! takes longer than the limit is kept too and ends the run.
//!
//! `cargo run --release --example fuzz -- [--seconds N] [--seed S] [--slow SECONDS] [TARGET…]`
//! (targets: ron, docx, txt, html, pdf, export; default all). `scripts/fuzz.sh` runs it.

#![allow(clippy::print_stdout, reason = "a command-line driver: its summary goes to standard output")]
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nianbao::fuzz::{Mutator, Target};

fn regression_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions")
}

fn hash(bytes: &[u8]) -> u64 {
    // FNV-1a: a stable name for a file's content.
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

fn keep(target: Target, kind: &str, bytes: &[u8]) -> PathBuf {
    let dir = regression_dir();
    std::fs::create_dir_all(&dir).ok();
    let path = dir.join(format!("{}-{kind}-{:016x}.{}", target.name(), hash(bytes), target.extension()));
    if let Err(e) = std::fs::write(&path, bytes) {
        eprintln!("无法保存 {}：{e}", path.display());
    }
    path
}

fn main() {
    let mut seconds = 30u64;
    let mut seed = 1u64;
    let mut slow = 20u64;
    let mut targets = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seconds" => seconds = args.next().and_then(|s| s.parse().ok()).unwrap_or(seconds),
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(seed),
            "--slow" => slow = args.next().and_then(|s| s.parse().ok()).unwrap_or(slow),
            name => match Target::from_name(name) {
                Some(t) => targets.push(t),
                None => {
                    eprintln!("未知的目标“{name}”：可用 ron、docx、txt、html、pdf、export");
                    std::process::exit(2);
                }
            },
        }
    }
    if targets.is_empty() {
        targets = Target::ALL.to_vec();
    }
    // Panics are counted and kept, not printed one by one.
    let last_panic: Arc<Mutex<String>> = Arc::default();
    let lp = Arc::clone(&last_panic);
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(mut s) = lp.lock() {
            *s = info.to_string();
        }
    }));
    // The watchdog: an input running longer than `slow` seconds is kept and ends the run.
    let current: Arc<Mutex<(Target, Vec<u8>)>> = Arc::new(Mutex::new((Target::Ron, Vec::new())));
    let started = Arc::new(AtomicU64::new(0));
    let epoch = Instant::now();
    {
        let current = Arc::clone(&current);
        let started = Arc::clone(&started);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(500));
                let s = started.load(Ordering::SeqCst);
                if s != 0 && (epoch.elapsed().as_millis() as u64).saturating_sub(s) > slow * 1000 {
                    if let Ok(c) = current.lock() {
                        let p = keep(c.0, "slow", &c.1);
                        eprintln!("超时：{} 的一个输入超过 {slow} 秒，已保存为 {}", c.0.name(), p.display());
                    }
                    std::process::exit(3);
                }
            }
        });
    }
    let mut failures = 0usize;
    for target in targets {
        let seeds = target.seeds();
        if seeds.is_empty() {
            // A target with nothing to mutate ran nothing: the run is not clean.
            eprintln!("{}：没有种子输入，未运行", target.name());
            failures += 1;
            continue;
        }
        let mut corpus = seeds.clone();
        let mut m = Mutator::new(seed ^ hash(target.name().as_bytes()));
        let until = Instant::now() + Duration::from_secs(seconds);
        let (mut runs, mut panics, mut max_ms, mut through) = (0u64, 0usize, 0u128, 0u64);
        while Instant::now() < until {
            let base = &corpus[(runs as usize) % corpus.len()];
            let input = match target {
                Target::Docx => m.mutate_docx(base),
                // Half of the export's mutants keep the file loadable, so that it is exported.
                Target::Export if runs % 2 == 0 => m.mutate_strings(base),
                _ => m.mutate(base),
            };
            if let Ok(mut c) = current.lock() {
                *c = (target, input.clone());
            }
            let t0 = Instant::now();
            started.store(epoch.elapsed().as_millis() as u64 + 1, Ordering::SeqCst);
            let outcome = catch_unwind(AssertUnwindSafe(|| target.run(&input)));
            started.store(0, Ordering::SeqCst);
            max_ms = max_ms.max(t0.elapsed().as_millis());
            runs += 1;
            if matches!(outcome, Ok(true)) {
                through += 1;
            }
            if outcome.is_err() {
                panics += 1;
                let p = keep(target, "panic", &input);
                let why = last_panic.lock().map(|s| s.clone()).unwrap_or_default();
                eprintln!("崩溃：{}，输入已保存为 {}\n  {why}", target.name(), p.display());
            } else if matches!(outcome, Ok(true)) && runs % 8 == 0 && corpus.len() < 256 && input.len() < 4 << 20 {
                // Keep some mutants that went all the way as bases: mutations of mutations reach
                // further (a broken base only gives broken mutants).
                corpus.push(input);
            }
        }
        failures += panics;
        println!(
            "{:<7} 输入 {runs:>8} 个（其中 {through} 个完整读入{}），崩溃 {panics} 个，单个输入最长 {max_ms} ms（{seconds} 秒，种子 {seed}）",
            target.name(),
            if target == Target::Export { "并导出" } else { "" }
        );
    }
    if failures > 0 {
        std::process::exit(1);
    }
}
