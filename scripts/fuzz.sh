#!/usr/bin/env bash
# Runs the libFuzzer targets of Fuzz/ (see Documentation/Fuzzing.md).
#
#   bash scripts/fuzz.sh TARGET RUNS [libFuzzer flags...]   one target, RUNS inputs (all: every target in turn)
#   bash scripts/fuzz.sh --list                             the target names
#
# The first call builds Fuzz/ in release mode with `--sanitize=fuzzer` (Fuzz/.build). Each run starts from the
# seed corpus Fuzz/Corpus/TARGET, read-only: inputs libFuzzer finds go to a temporary directory, removed after
# (set FUZZ_KEEP_CORPUS=DIR to keep them in DIR). A crash or a failed oracle is saved as Fuzz/Artifacts/TARGET/crash-*
# and the script fails; reproduce it with `UPDRAFT_FUZZ_TARGET=TARGET SWIFT_BACKTRACE=enable=no \
# Fuzz/.build/release/updraft-fuzz FILE`. The last line of each run gives the inputs run and the rate.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(connection-uri connection-password json cron kubeconfig email masker cli-values postgres-url page-form)
if [ "${1:-}" = "--list" ]; then printf '%s\n' "${targets[@]}"; exit 0; fi
if [ $# -lt 2 ]; then
    echo "usage: $0 TARGET|all RUNS [libFuzzer flags...]   (targets: ${targets[*]})" >&2
    exit 64
fi
target=$1 runs=$2
shift 2
if [ "$target" = all ]; then selected=("${targets[@]}"); else selected=("$target"); fi
for name in "${selected[@]}"; do
    [[ " ${targets[*]} " == *" $name "* ]] || { echo "unknown target '$name' (targets: ${targets[*]})" >&2; exit 64; }
done

swift build -c release --sanitize=fuzzer --package-path Fuzz >&2
binary=Fuzz/.build/release/updraft-fuzz

for name in "${selected[@]}"; do
    found=${FUZZ_KEEP_CORPUS:-$(mktemp -d)}
    mkdir -p "$found" "Fuzz/Artifacts/$name"
    log=$(mktemp)
    echo "=== fuzz $name: $runs inputs" >&2
    # SWIFT_BACKTRACE=enable=no: libFuzzer, not Swift's backtracer, handles a crash, so it saves the input.
    status=0
    UPDRAFT_FUZZ_TARGET=$name SWIFT_BACKTRACE=enable=no "$binary" -runs="$runs" -max_len=4096 -timeout=20 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="Fuzz/Artifacts/$name/" "$@" \
        "$found" "Fuzz/Corpus/$name" >"$log" 2>&1 || status=$?
    [ -z "${FUZZ_KEEP_CORPUS:-}" ] && rm -rf "$found"
    if [ $status -ne 0 ]; then
        tail -n 60 "$log" >&2
        rm -f "$log"
        echo "fuzz $name: FAILED (exit $status); the input is in Fuzz/Artifacts/$name/" >&2
        exit 1
    fi
    done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -n 1)
    rate=$(grep -E 'stat::average_exec_per_sec' "$log" | awk '{print $2}')
    rm -f "$log"
    echo "fuzz $name: ${done_line:-no summary} (${rate:-?} exec/s)"
    rmdir "Fuzz/Artifacts/$name" Fuzz/Artifacts 2>/dev/null || true
done
