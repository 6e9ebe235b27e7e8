#!/usr/bin/env bash
# The README's test command: install what is missing, then build and run every test.
#
# Each test target runs in its own process: the targets start servers and child processes with different
# mechanisms (Foundation's Process, posix_spawn, signals sent to example executables), and one process per
# target keeps their process-wide state (signal dispositions, child reaping) from meeting.
# Extra arguments go to every `swift test` call, e.g. `bash scripts/test.sh --parallel`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build --build-tests
failed=()
# A short run of every fuzz target (a few thousand inputs each; one release build of Fuzz/, see
# Documentation/Fuzzing.md), before the tests so that their summaries close the output. The long runs recorded in
# BENCHMARKS.md use the same script.
echo "=== fuzz smoke run"
bash scripts/fuzz.sh all "${FUZZ_SMOKE_RUNS:-3000}" || failed+=("fuzz")
for directory in Tests/*Tests/; do
    target=$(basename "$directory")
    echo "=== $target"
    swift test --skip-build --filter "^$target\\." "$@" || failed+=("$target")
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "all test targets passed"
