#!/usr/bin/env bash
# The README's test command: installs the system tools the tests need (on a fresh Debian machine
# they are missing), then runs every test. Extra arguments go to `cargo test`.
#   scripts/test.sh            # everything
#   scripts/test.sh --test cli # one test file
#
# Tools and why:
#   poppler-utils          pdftotext / pdffonts / pdfinfo: the PDF tests read back what was written
#   xvfb, Mesa, xkbcommon  the start-up smoke test paints a real window on a virtual screen
#   libreoffice-writer-nogui  tests that convert .doc/.docx through LibreOffice (import of old Word
#                          files, a reviewer's file re-saved by an office suite)
#   libreoffice-calc-nogui the review workbook (.xlsx) is opened by LibreOffice Calc (tests/desk.rs)
#   Java, npm, vnu-jar     the Nu HTML checker validates the exported web page (tests/export_html.rs)
# Set NIANBAO_SKIP_INSTALL=1 to run with whatever is installed (tests that need a missing tool
# fail and name it).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${NIANBAO_SKIP_INSTALL:-0}" != 1 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  need=()
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
  command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
  [ -e /usr/lib/libreoffice/program/libsclo.so ] || need+=(libreoffice-calc-nogui)
  [ -e /usr/lib/x86_64-linux-gnu/dri/swrast_dri.so ] || [ -e /usr/lib/x86_64-linux-gnu/dri/llvmpipe_dri.so ] \
    || need+=(libgl1-mesa-dri)
  ldconfig -p 2>/dev/null | grep -q libEGL.so.1 || need+=(libegl1)
  ldconfig -p 2>/dev/null | grep -q libxkbcommon-x11.so.0 || need+=(libxkbcommon-x11-0)
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
  command -v npm >/dev/null 2>&1 || need+=(npm)
  if [ ${#need[@]} -gt 0 ]; then
    echo "scripts/test.sh: installing ${need[*]}" >&2
    $SUDO apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
  fi
  if [ ! -e "$(npm root -g 2>/dev/null)/vnu-jar/build/dist/vnu.jar" ]; then
    echo "scripts/test.sh: installing the Nu HTML checker (npm vnu-jar)" >&2
    $SUDO npm install -g --silent vnu-jar >/dev/null || echo "scripts/test.sh: vnu-jar not installed; the HTML validation test will be skipped" >&2
  fi
fi

exec cargo test --locked "$@"
