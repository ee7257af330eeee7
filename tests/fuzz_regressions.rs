//! Replays every input the fuzzer kept (`tests/fuzz-regressions/`): each must go through its
//! target without a panic, in bounded time.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use nianbao::fuzz::Target;

#[test]
fn every_kept_fuzz_input_goes_through_without_a_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).expect("tests/fuzz-regressions").flatten().map(|e| e.path()).collect();
    files.sort();
    let mut replayed = Vec::new();
    for path in files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_owned();
        let Some(target) = Target::of_file(&name) else { continue };
        let bytes = std::fs::read(&path).expect("read");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let ok = std::panic::catch_unwind(|| target.run(&bytes)).is_ok();
            tx.send(ok).ok();
        });
        match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(ok) => assert!(ok, "{name} panics"),
            Err(_) => panic!("{name} did not finish within 120 s"),
        }
        replayed.push(target);
    }
    assert!(!replayed.is_empty(), "no regression inputs in {}", dir.display());
    // `.gitignore` ignores `*.pdf` but not here: a PDF regression input is committed and
    // replayed (a fresh checkout without it fails here).
    assert!(replayed.contains(&Target::Pdf), "no PDF among the kept inputs: is it ignored by git?");
}
