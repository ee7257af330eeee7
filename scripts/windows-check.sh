#!/usr/bin/env bash
# Runs the Windows program (from scripts/windows-build.sh) under Wine, with Xvfb for the editor,
# and compares it with the Linux build of the same commit:
#   --version, check (text and JSON), export (PDF text, fonts embedded), import of a generated
#   .docx, next; a report in a folder whose path has Chinese characters and spaces; the editor
#   started with no renderer flag paints its first frame, twice in a row, and the log says which
#   renderer served and why; the installed-fonts lookup in C:\windows\Fonts (a font whose
#   embedding bits forbid embedding is skipped); a file locked by another program; the .ron
#   association (registered, opened by the shell, removed); the editor's files under
#   %LOCALAPPDATA%\nianbao, nothing beside the program.
#
# Wine runs without a network: no Mono/Gecko prompt (WINEDLLOVERRIDES), no debug noise, a UTF-8
# locale for Chinese arguments, a timeout around every Wine call, and `wineserver -k` at the end.
# Wine 8 lacks ProcessPrng (bcryptprimitives.dll), which Rust's standard library calls: a 3-line
# shim (scripts/wine/processprng.c) is put into the prefix. It is a test-environment shim only.
#
# Environment: NIANBAO_WINDOWS_TARGET_DIR as for windows-build.sh (default: target); the Linux
# binary is built with cargo into CARGO_TARGET_DIR (default: target). NIANBAO_SKIP_INSTALL=1
# installs nothing. The last line is "N passed, M failed"; the exit code is 1 when a check failed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

wintarget="${NIANBAO_WINDOWS_TARGET_DIR:-target}"
exe_built="$wintarget/x86_64-pc-windows-gnu/release/nianbao.exe"
[ -f "$exe_built" ] || { echo "windows-check: $exe_built is missing; run scripts/windows-build.sh first" >&2; exit 2; }

if [ "${NIANBAO_SKIP_INSTALL:-0}" != 1 ]; then
  need=()
  command -v wine >/dev/null 2>&1 || need+=(wine wine64)
  command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
  command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
  command -v python3 >/dev/null 2>&1 || need+=(python3)
  # OpenGL for Wine's opengl32 (glow), Vulkan for its Direct3D 12 (wgpu).
  ldconfig -p 2>/dev/null | grep -q 'libGL.so.1 ' || need+=(libgl1)
  [ -e /usr/lib/x86_64-linux-gnu/dri/swrast_dri.so ] || need+=(libgl1-mesa-dri)
  ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 ' || need+=(libvulkan1)
  [ -e /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] || need+=(mesa-vulkan-drivers)
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "windows-check: installing ${need[*]}" >&2
    $SUDO apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

# The Linux build of the same commit.
cargo build --locked --quiet --bin nianbao
linux_bin="$(realpath "${CARGO_TARGET_DIR:-target}")/debug/nianbao"

work="$(realpath -m "$wintarget/wine-check")"
rm -rf "$work"
mkdir -p "$work/linux"
export WINEPREFIX="$work/prefix"
export WINEDLLOVERRIDES="mscoree=;mshtml=;winemenubuilder.exe="
export WINEDEBUG=-all
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NIANBAO_HOME
xvfb_pid=""
cleanup() {
  timeout 30 wineserver -k >/dev/null 2>&1 || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT

passed=0
failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }
# check NAME COMMAND...: the command's success is the check's.
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
same() { cmp -s "$1" "$2" || { diff "$1" "$2" | head -20; return 1; }; }

# A Wine call with a timeout (seconds in T, default 120); stdout and stderr as given by the caller.
w() { timeout "${T:-120}" wine "$@"; }

echo "== Wine prefix"
T=300 w wineboot -i >/dev/null 2>&1
user="$(id -un)"
home_c="$WINEPREFIX/drive_c/users/$user"
# Wine links Desktop and Documents to the Linux home; the check keeps to its own folders.
for d in Desktop Documents; do
  [ -L "$home_c/$d" ] && rm "$home_c/$d"
  mkdir -p "$home_c/$d"
done
x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  scripts/wine/processprng.c -ladvapi32
x86_64-w64-mingw32-gcc -O2 -municode -o "$work/holdlock.exe" scripts/wine/holdlock.c

# The program in a folder of its own, as a clerk would copy it; the report in a folder whose path
# has Chinese characters and spaces.
app_dir="$home_c/Desktop/年报 工具"
mkdir -p "$app_dir"
cp "$exe_built" "$app_dir/nianbao.exe"
exe='C:\users\'"$user"'\Desktop\年报 工具\nianbao.exe'
rep_dir="$home_c/Desktop/年报 测试"
mkdir -p "$rep_dir"
cp assets/examples/jinsha-2024.ron "$rep_dir/金砂镇 2024.ron"
rep_win='C:\users\'"$user"'\Desktop\年报 测试'
ron_win="$rep_win"'\金砂镇 2024.ron'
cp assets/examples/jinsha-2024.ron "$work/linux/金砂镇 2024.ron"
local_app="$home_c/AppData/Local/nianbao"

echo "== command line"
w "$exe" --version >"$work/version.win" 2>/dev/null || true
"$linux_bin" --version >"$work/version.linux"
check "--version is the same ($(cat "$work/version.linux"))" same "$work/version.linux" "$work/version.win"

for fmt in text json; do
  args=(); [ $fmt = json ] && args=(--json)
  set +e
  w "$exe" check "$ron_win" "${args[@]}" >"$work/check-$fmt.win" 2>"$work/check-$fmt.win.err"; wc=$?
  "$linux_bin" check "$work/linux/金砂镇 2024.ron" "${args[@]}" >"$work/check-$fmt.linux" 2>/dev/null; lc=$?
  set -e
  check "check ($fmt) of 年报 测试\\金砂镇 2024.ron: same findings, exit $lc" \
    bash -c "[ $wc = $lc ] && [ -s '$work/check-$fmt.linux' ] && cmp -s '$work/check-$fmt.linux' '$work/check-$fmt.win'"
done

set +e
w "$exe" export "$ron_win" --bundled-fonts >/dev/null 2>"$work/export.win.err"; wc=$?
"$linux_bin" export "$work/linux/金砂镇 2024.ron" --bundled-fonts >/dev/null 2>/dev/null; lc=$?
set -e
pdf_win="$rep_dir/金砂镇 2024.pdf"
check "export writes 金砂镇 2024.pdf next to the report (exit $wc)" test "$wc" = 0 -a -s "$pdf_win"
pdftotext -layout "$pdf_win" "$work/export.win.txt" 2>/dev/null || true
pdftotext -layout "$work/linux/金砂镇 2024.pdf" "$work/export.linux.txt"
check "export: the same PDF text as on Linux ($(grep -c . "$work/export.linux.txt") lines)" \
  same "$work/export.linux.txt" "$work/export.win.txt"
fonts_embedded() {
  pdffonts "$1" | tail -n +3 >"$work/fonts.tmp"
  [ -s "$work/fonts.tmp" ] && ! awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") bad=1 } END { exit !bad }' "$work/fonts.tmp"
}
check "export: every font embedded as a subset with Unicode (pdffonts)" fonts_embedded "$pdf_win"

python3 scripts/wine/make-docx.py tests/fixtures/seed-jinsha-2024.txt "$rep_dir/金砂镇 2024 年报.docx"
cp "$rep_dir/金砂镇 2024 年报.docx" "$work/linux/"
set +e
w "$exe" import "$rep_win"'\金砂镇 2024 年报.docx' -o "$rep_win"'\导入.ron' >/dev/null 2>"$work/import.win.err"; wc=$?
"$linux_bin" import "$work/linux/金砂镇 2024 年报.docx" -o "$work/linux/导入.ron" >/dev/null 2>"$work/import.linux.err"; lc=$?
set -e
check "import of a generated .docx: the same report as on Linux (exit $lc)" \
  bash -c "[ $wc = $lc ] && [ -s '$work/linux/导入.ron' ] && cmp -s '$work/linux/导入.ron' '$rep_dir/导入.ron'"

set +e
w "$exe" next "$ron_win" -o "$rep_win"'\金砂镇 2025.ron' >/dev/null 2>&1; wc=$?
"$linux_bin" next "$work/linux/金砂镇 2024.ron" -o "$work/linux/金砂镇 2025.ron" >/dev/null 2>&1; lc=$?
set -e
check "next: the same 2025 report as on Linux" \
  bash -c "[ $wc = 0 ] && [ $lc = 0 ] && cmp -s '$work/linux/金砂镇 2025.ron' '$rep_dir/金砂镇 2025.ron'"

echo "== a file locked by another program"
T=60 w "$work/holdlock.exe" "$rep_win"'\金砂镇 2024 年报.docx' 20 >"$work/holdlock.out" 2>&1 &
lock_pid=$!
for _ in $(seq 1 100); do grep -q locked "$work/holdlock.out" 2>/dev/null && break; sleep 0.2; done
set +e
w "$exe" import "$rep_win"'\金砂镇 2024 年报.docx' -o "$rep_win"'\锁定.ron' >/dev/null 2>"$work/locked.err"; wc=$?
set -e
check "import of a .docx held open by another program: exit 2 and a clear message" \
  bash -c "[ $wc = 2 ] && grep -q '正被其他程序' '$work/locked.err' && [ ! -e '$rep_dir/锁定.ron' ]"
sed 's/^/       /' "$work/locked.err"
wait "$lock_pid" 2>/dev/null || true

echo "== installed fonts (C:\\windows\\Fonts)"
fonts_c="$WINEPREFIX/drive_c/windows/Fonts"
cp assets/fonts/fandol/FandolFang-Regular.otf "$fonts_c/simfang.ttf"
cp assets/fonts/fandol/FandolSong-Bold.otf "$fonts_c/FZXBSJW.TTF"
cp assets/fonts/fandol/FandolKai-Regular.otf "$fonts_c/simkai.ttf"
cp assets/fonts/wqy-microhei/wqy-microhei.ttc "$fonts_c/simsun.ttc"
# 黑体 whose OS/2 fsType says "restricted licence embedding": it must be skipped.
cp assets/fonts/fandol/FandolHei-Regular.otf "$fonts_c/simhei.ttf"
python3 - "$fonts_c/simhei.ttf" <<'EOF'
import struct, sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
for i in range(struct.unpack(">H", data[4:6])[0]):
    tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
    if tag == b"OS/2":
        data[offset + 8:offset + 10] = struct.pack(">H", 0x0002)
        break
else:
    sys.exit("no OS/2 table")
open(path, "wb").write(bytes(data))
EOF
set +e
w "$exe" export "$ron_win" -o "$rep_win"'\系统字体.pdf' >/dev/null 2>"$work/sysfonts.err"; wc=$?
set -e
sed 's/^/       /' "$work/sysfonts.err"
check "export uses the installed 仿宋/小标宋/楷体 from C:\\windows\\Fonts" \
  bash -c "[ $wc = 0 ] && grep -q '正文（仿宋）：.*系统字体 C:.windows.Fonts.simfang.ttf' '$work/sysfonts.err' \
    && grep -q '标题（小标宋）：.*系统字体 C:.windows.Fonts.FZXBSJW.TTF' '$work/sysfonts.err' \
    && grep -q '二级标题（楷体）：.*系统字体 C:.windows.Fonts.simkai.ttf' '$work/sysfonts.err'"
check "a 黑体 whose embedding bits forbid embedding is skipped (bundled FandolHei instead)" \
  bash -c "grep -q '一级标题（黑体）：FandolHei-Regular（程序自带' '$work/sysfonts.err' && ! grep -q 'simhei.ttf' '$work/sysfonts.err'"
check "export with installed fonts: every font embedded as a subset" fonts_embedded "$rep_dir/系统字体.pdf"

echo "== the editor (Xvfb), no renderer flag"
n=$(( 150 + $$ % 100 ))
while [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY=":$n"
sleep 1
log_file="$local_app/nianbao.log"
# start TAG: the editor with no renderer flag, as a double click starts it, painting one frame.
start_editor() {
  local tag=$1 before wc
  before=$( (cat "$log_file" 2>/dev/null || true) | wc -l)
  set +e
  T=180 w "$exe" --exit-after-first-frame "$ron_win" >/dev/null 2>"$work/editor-$tag.err"; wc=$?
  set -e
  tail -n +"$((before + 1))" "$log_file" 2>/dev/null | sed 's/^\[[0-9]*\] //' >"$work/editor-$tag.log" || true
  sed 's/^/       /' "$work/editor-$tag.log"
  check "$tag: the editor paints its first frame and exits 0 (exit $wc)" \
    bash -c "[ $wc = 0 ] && grep -q '^first frame painted' '$work/editor-$tag.log'"
  check "$tag: the log says which renderer served and why" grep -q '^renderer [a-z]* served: ' "$work/editor-$tag.log"
}
# Wine's Direct3D 12 (vkd3d over Mesa's software Vulkan) fails while wgpu starts: the first start
# falls back to OpenGL and remembers it, the second begins with OpenGL.
start_editor "start 1"
start_editor "start 2"
if grep -q 'failed before its first frame' "$work/editor-start 1.log"; then
  check "after wgpu failed, the second start begins with the renderer that served" \
    bash -c "grep -q 'renderer glow served: remembered' '$work/editor-start 2.log' && ! grep -q 'failed before' '$work/editor-start 2.log'"
  check "the choice is remembered in %LOCALAPPDATA%\\nianbao\\renderer.ron" grep -q 'Wgpu' "$local_app/renderer.ron"
fi
# A driver that crashes the process (not an error) while wgpu starts: the supervisor starts the
# editor again with OpenGL, and the next start begins with OpenGL.
rm -f "$local_app/renderer.ron"
export NIANBAO_SIMULATE_RENDERER_CRASH=wgpu
start_editor "crash 1"
check "crash 1: wgpu crashed before its first frame and glow served" \
  bash -c "grep -q '^renderer wgpu failed before its first frame: 崩溃' '$work/editor-crash 1.log' && grep -q '^renderer glow served: wgpu failed' '$work/editor-crash 1.log'"
start_editor "crash 2"
check "crash 2: the remembered renderer starts first, no crash" \
  bash -c "grep -q '^renderer glow served: remembered' '$work/editor-crash 2.log' && ! grep -q 'simulated crash' '$work/editor-crash 2.log'"
unset NIANBAO_SIMULATE_RENDERER_CRASH

echo "== .ron association, and a .ron opened by the shell as a double click does"
set +e
w "$exe" --register-ron >/dev/null 2>"$work/assoc.err"; wc=$?
w reg query 'HKCU\Software\Classes\nianbao.report\shell\open\command' /ve >"$work/assoc.reg" 2>&1
w reg query 'HKCU\Software\Classes\.ron' /ve >"$work/assoc-ext.reg" 2>&1
set -e
check "--register-ron writes .ron → nianbao.report → \"nianbao.exe\" \"%1\" for the current user" \
  bash -c "[ $wc = 0 ] && grep -qF 'nianbao.exe\" \"%1\"' '$work/assoc.reg' && grep -q 'nianbao.report' '$work/assoc-ext.reg'"
# Windows merges HKCU\Software\Classes into HKEY_CLASSES_ROOT; Wine 8's ShellExecute reads only
# HKLM's classes, so the check copies what the program wrote there before opening the file.
T=60 w reg copy 'HKCU\Software\Classes\nianbao.report' 'HKLM\Software\Classes\nianbao.report' /s /f >/dev/null 2>&1 || true
T=60 w reg copy 'HKCU\Software\Classes\.ron' 'HKLM\Software\Classes\.ron' /s /f >/dev/null 2>&1 || true
before=$(wc -l <"$log_file")
T=60 w start "$ron_win" >"$work/start.out" 2>&1 &
start_pid=$!
opened=""
for _ in $(seq 1 300); do
  if tail -n +"$((before + 1))" "$log_file" | grep -q '^\[[0-9]*\] first frame painted'; then opened=1; break; fi
  sleep 0.2
done
tail -n +"$((before + 1))" "$log_file" | sed 's/^\[[0-9]*\] //' >"$work/shell.log"
sed 's/^/       /' "$work/shell.log"
check "the shell opens 年报 测试\\金砂镇 2024.ron in the editor through the association" \
  bash -c "[ -n '$opened' ] && grep -qF 'file $ron_win' '$work/shell.log'"
ls "$local_app" >"$work/data.ls"
check "the editor's files are in %LOCALAPPDATA%\\nianbao ($(tr '\n' ' ' <"$work/data.ls"))" \
  bash -c "grep -q '^nianbao.log$' '$work/data.ls' && grep -q '^renderer.ron$' '$work/data.ls' && grep -q '^recovery-.*\.lock$' '$work/data.ls'"
check "nothing is written beside the program" bash -c "[ \"\$(ls '$app_dir')\" = nianbao.exe ]"
timeout 30 wineserver -k >/dev/null 2>&1 || true
wait "$start_pid" 2>/dev/null || true
set +e
w "$exe" --unregister-ron >/dev/null 2>&1; wc=$?
w reg query 'HKCU\Software\Classes\nianbao.report' >/dev/null 2>&1; rc=$?
w reg query 'HKCU\Software\Classes\.ron' /ve >"$work/assoc2.reg" 2>&1
set -e
check "--unregister-ron removes the association" bash -c "[ $wc = 0 ] && [ $rc != 0 ] && ! grep -q nianbao.report '$work/assoc2.reg'"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
