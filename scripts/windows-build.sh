#!/usr/bin/env bash
# Builds the Windows program from Linux:
#   target/x86_64-pc-windows-gnu/release/nianbao.exe   (icon and version resource embedded)
#
# The rustup toolchain here has no Windows standard library and none can be downloaded, so the
# build uses Debian's Rust (rustc-web, cargo-web, rust-web-src: the compiler with its standard
# library's source) and builds the standard library for Windows itself (-Zbuild-std), linking
# with mingw-w64. Nothing is downloaded except crates from crates.io.
#
# Nothing here changes how `cargo build` works on Linux: the target's settings are passed on the
# command line (no .cargo/config.toml), and the build has its own target directory.
#
#   scripts/windows-build.sh                 # release build (what a clerk gets)
#   scripts/windows-build.sh --clippy        # clippy on the Windows target, warnings denied
#
# Environment:
#   NIANBAO_WINDOWS_TARGET_DIR  target directory (default: target); the .exe lands in
#                               $NIANBAO_WINDOWS_TARGET_DIR/x86_64-pc-windows-gnu/release/
#   NIANBAO_SKIP_INSTALL=1      use what is installed, install nothing
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-pc-windows-gnu
export CARGO_TARGET_DIR="${NIANBAO_WINDOWS_TARGET_DIR:-target}"

mode=build
case "${1:-}" in
  "") ;;
  --clippy) mode=clippy ;;
  *) echo "usage: scripts/windows-build.sh [--clippy]" >&2; exit 2 ;;
esac

if [ "${NIANBAO_SKIP_INSTALL:-0}" != 1 ]; then
  need=()
  for pkg in rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || need+=("$pkg")
  done
  if [ "$mode" = clippy ]; then
    dpkg-query -W -f='${Status}' rust-web-clippy 2>/dev/null | grep -q 'ok installed' || need+=(rust-web-clippy)
  fi
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "scripts/windows-build.sh: installing ${need[*]}" >&2
    $SUDO apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

# Debian's toolchain by absolute path: a rustup toolchain earlier on PATH must not be picked up
# (it has no Windows standard library). RUSTC_BOOTSTRAP lets this stable compiler take -Zbuild-std.
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
unset RUSTC_WRAPPER RUSTFLAGS
# winresource (build.rs) compiles the icon and version resource with mingw's windres.
export PATH="/usr/bin:$PATH"

args=(
  --locked --release --target "$TARGET"
  -Zbuild-std=std,panic_abort
  --config "target.$TARGET.linker=\"x86_64-w64-mingw32-gcc\""
  --config "target.$TARGET.ar=\"x86_64-w64-mingw32-ar\""
)

if [ "$mode" = clippy ]; then
  # CI's Linux clippy flags on the Windows target, so the cfg(windows) code is linted too. The
  # library and the program only: tests and benches hold no cfg(windows) code, are linted on
  # Linux, and would pull the test-only crates (kittest, divan, proptest) into a Windows check.
  /usr/bin/cargo clippy "${args[@]}" --lib --bins -- -D warnings
  exit 0
fi

/usr/bin/cargo build "${args[@]}" --bin nianbao
exe="$CARGO_TARGET_DIR/$TARGET/release/nianbao.exe"
[ -f "$exe" ] || { echo "scripts/windows-build.sh: $exe was not produced" >&2; exit 1; }
echo "$exe ($(du -h "$exe" | cut -f1))"
