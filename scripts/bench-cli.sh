#!/usr/bin/env bash
# Command-line benchmark: `run` of chain and layered DAGs of SIZES tasks (default "10000 40000"), every task logging
# 10 lines, against the same DAG with no-op tasks; wall time and peak RSS of the whole process (/usr/bin/time),
# REPEAT times each (default 3). Prints Markdown table rows for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10000 40000"}
SHAPES=${SHAPES:-"chain layered"}
REPEAT=${REPEAT:-3}
swift build -c release --product CLIBenchmark >/dev/null
binary="$PWD/.build/release/CLIBenchmark"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| shape | tasks | task kind | wall s | peak RSS MB | RSS / task |"
echo "|---|---:|---|---:|---:|---:|"
for shape in $SHAPES; do
    for size in $SIZES; do
        for kind in closure logging10; do
            for _ in $(seq "$REPEAT"); do
                rm -rf "$work/runs"
                UPDRAFT_BENCH_SHAPE=$shape UPDRAFT_BENCH_TASKS=$size UPDRAFT_BENCH_TASKS_KIND=$kind \
                    /usr/bin/time -f "%e %M" -o "$work/time" "$binary" run --runs-dir "$work/runs" >/dev/null
                read -r wall kilobytes <"$work/time"
                awk -v s="$shape" -v n="$size" -v k="$kind" -v w="$wall" -v m="$kilobytes" \
                    'BEGIN { printf "| %s | %d | %s | %.2f | %.1f | %.2f KB |\n", s, n, k, w, m / 1024, m / n }'
            done
        done
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
