#!/usr/bin/env bash
# Command-line benchmark: `run` of chain and layered DAGs of SIZES tasks (default "10000 40000"), every task logging
# 10 lines, against the same DAG with no-op tasks; wall time, CPU time (user + system, all threads) and peak RSS of
# the whole process (/usr/bin/time), REPEAT times each (default 3). Each run gets a fresh runs directory under
# RUNS_ROOT (default: a temporary directory; /dev/shm takes the disk out of the figures). Prints Markdown rows.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10000 40000"}
SHAPES=${SHAPES:-"chain layered"}
REPEAT=${REPEAT:-3}
swift build -c release --product CLIBenchmark >/dev/null
binary="$PWD/.build/release/CLIBenchmark"
work=$(mktemp -d "${RUNS_ROOT:-${TMPDIR:-/tmp}}/updraft-bench-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| shape | tasks | task kind | wall s | CPU s | peak RSS MB | peak RSS / task |"
echo "|---|---:|---|---:|---:|---:|---:|"
for shape in $SHAPES; do
    for size in $SIZES; do
        for kind in closure logging10; do
            for attempt in $(seq "$REPEAT"); do
                # A fresh directory each time: deleting 40,000 files just before makes ext4's inode allocator slow.
                runs="$work/runs-$shape-$size-$kind-$attempt"
                UPDRAFT_BENCH_SHAPE=$shape UPDRAFT_BENCH_TASKS=$size UPDRAFT_BENCH_TASKS_KIND=$kind \
                    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$binary" run --runs-dir "$runs" >/dev/null
                read -r wall user system kilobytes <"$work/time"
                awk -v s="$shape" -v n="$size" -v k="$kind" -v w="$wall" -v u="$user" -v y="$system" -v m="$kilobytes" \
                    'BEGIN { printf "| %s | %d | %s | %.2f | %.2f | %.1f | %.2f KB |\n", s, n, k, w, u + y, m / 1024, m / n }'
            done
        done
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
