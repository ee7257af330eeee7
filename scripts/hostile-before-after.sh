#!/usr/bin/env bash
# Runs one command per item of issue 8 (hostile and broken files) against one or more nianbao
# binaries and prints a Markdown table, one row per case: for each binary the exit code, the
# seconds, the peak memory (max RSS), the size of the output, what happened to the files (an
# input changed, temporaries left) and the first line of the output.
#
# The inputs are written by `examples/hostile_inputs.rs` from `nianbao::fuzz::hostile`, the same
# generators the tests in tests/reliability.rs use.
#
# Usage: scripts/hostile-before-after.sh [--timeout SECONDS] [--only ID,ID] BINARY [BINARY...]
# e.g.   scripts/hostile-before-after.sh /tmp/nianbao-a9f0329 target/debug/nianbao
# Each command runs in a fresh copy of its folder, with a timeout (default 120 s; exit 124 is a
# timeout) and an address-space limit of 8 GB.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=120
only=""
bins=()
while (($#)); do
    case "$1" in
        --timeout) limit=$2; shift 2 ;;
        --only) only=",$2,"; shift 2 ;;
        *) bins+=("$(realpath "$1")"); shift ;;
    esac
done
if ((${#bins[@]} == 0)); then
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/nianbao-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT
cargo run --quiet --example hostile_inputs -- "$work/inputs" >&2

# One run: prints the table cell for binary $1 on case $2 with arguments $3.
run_case() {
    local bin=$1 id=$2 args=$3 run="$work/run"
    rm -rf "$run"
    cp -a "$work/inputs/$id" "$run"
    if [[ -f "$run/.fifo" ]]; then
        mkfifo "$run/$(cat "$run/.fifo")"
        rm "$run/.fifo"
    fi
    local before
    before=$(cd "$run" && find . -type f -print0 | sort -z | xargs -0r sha1sum)
    local code=0
    # shellcheck disable=SC2086 # the arguments are words without spaces
    (cd "$run" && ulimit -v $((8 * 1024 * 1024)) &&
        /usr/bin/time -f '%e %M' -o "$work/time" timeout -k 5 "$limit" "$bin" $args >"$work/out" 2>"$work/err") || code=$?
    local secs kb
    read -r secs kb < <(tail -n 1 "$work/time")
    local notes=()
    case $code in
        124) notes+=("**timeout ${limit} s**") ;;
        134) notes+=("**SIGABRT**") ;;
        137) notes+=("**SIGKILL**") ;;
        139) notes+=("**SIGSEGV**") ;;
    esac
    local failed changed="" removed=0 f
    failed=$(cd "$run" && echo "$before" | sha1sum --quiet -c - 2>/dev/null | sed 's/: [A-Z].*//; s|^\./||') || true
    while IFS= read -r f; do
        [[ -z $f ]] && continue
        if [[ -e "$run/$f" ]]; then changed+="${changed:+, }$f"; else removed=$((removed + 1)); fi
    done <<<"$failed"
    [[ -n $changed ]] && notes+=("**input overwritten: ${changed}**")
    local tmp
    tmp=$(cd "$run" && find . -maxdepth 1 \( -name '.*.tmp-*' -o -name '.*.bak-*' \) | wc -l)
    ((tmp > 0)) && notes+=("${tmp} temporaries left")
    ((removed > 0)) && notes+=("${removed} files removed")
    local english
    english=$(cat "$work/out" "$work/err" | grep -c -E '^\[[^]]*(ERROR|WARN)|^error:|panicked' || true)
    ((english > 0)) && notes+=("**${english} English log/error lines**")
    local bytes
    bytes=$(cat "$work/out" "$work/err" | wc -c)
    local size
    if ((bytes >= 1048576)); then
        size="$(awk "BEGIN{printf \"%.1f MB\", $bytes/1048576}")"
    elif ((bytes >= 1024)); then
        size="$((bytes / 1024)) KB"
    else
        size="${bytes} B"
    fi
    local first
    # The first error line if there is one (a refusal, an error-level finding, a crash), else the
    # first line of the messages, else of the output.
    first=$( (cat "$work/err" "$work/out" | grep -m1 -E '^(错误|未导出|thread )' ||
        grep -m1 -v '^[[:space:]]*$' "$work/err" ||
        grep -m1 -v '^[[:space:]]*$' "$work/out" || true) |
        head -c 150 | iconv -f UTF-8 -t UTF-8 -c 2>/dev/null | tr -d '\r|`')
    local note=""
    ((${#notes[@]})) && note="; $(IFS=';'; echo "${notes[*]}" | sed 's/;/; /g')"
    printf 'exit %s, %s s, %s MB, output %s%s: `%s`' "$code" "$secs" "$((kb / 1024))" "$size" "$note" "${first:-(none)}"
}

header="| case | input |"
rule="|---|---|"
for b in "${bins[@]}"; do
    header+=" $(basename "$b") |"
    rule+="---|"
done
echo "$header"
echo "$rule"
while IFS=$'\t' read -r id what args; do
    [[ -n $only && $only != *",$id,"* ]] && continue
    row="| $id | $what (\`nianbao $args\`) |"
    for b in "${bins[@]}"; do
        row+=" $(run_case "$b" "$id" "$args") |"
    done
    echo "$row"
done <"$work/inputs/cases.tsv"
