#!/usr/bin/env bash
# Fuzzes the project-file loader, the .docx/.txt/.html importers and the export of loaded
# reports, each for SECONDS (default 60), in a release build. Crashers and hangs are kept under
# tests/fuzz-regressions/ (replayed by `cargo test --test fuzz_regressions`).
# Usage: scripts/fuzz.sh [SECONDS] [SEED] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
seed=${2:-$(date +%s)}
shift $(( $# > 2 ? 2 : $# )) || true
cargo build --release --example fuzz
exec "${CARGO_TARGET_DIR:-target}/release/examples/fuzz" --seconds "$seconds" --seed "$seed" "$@"
