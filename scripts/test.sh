#!/usr/bin/env bash
# The README's test command: install what is missing, then build and run every test: each test target of the
# package (the documentation's snippets are the DocSnippetTests target), then the starter package Examples/Starter,
# a package of its own that depends on Updraft by path, as a newcomer's would.
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
# Each target gets 10 minutes (the longest takes about one). A run that is still going then has hung: it is killed
# and the target run once more, said loudly; a failure is never retried. (Stop 21 saw one such hang once, in
# UpdraftServiceTests: the test process idle, no test thread left; 20 runs here did not reproduce it.)
for directory in Tests/*Tests/; do
    target=$(basename "$directory")
    echo "=== $target"
    status=0
    timeout --kill-after=10 600 swift test --skip-build --filter "^$target\\." "$@" || status=$?
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
        echo "=== $target HUNG: killed after 10 minutes; running it once more" >&2
        status=0
        timeout --kill-after=10 600 swift test --skip-build --filter "^$target\\." "$@" || status=$?
    fi
    [ "$status" -eq 0 ] || failed+=("$target")
done
# The starter has its own scratch folder (Examples/Starter/.build): sharing the main one would make SwiftPM switch
# that folder's resolved dependencies back and forth. Building it compiles the Updraft modules it uses once more
# (measured in README.md).
echo "=== Examples/Starter"
if ! { swift build --build-tests --package-path Examples/Starter \
        && swift test --skip-build --package-path Examples/Starter "$@"; }; then
    failed+=("Examples/Starter")
fi
if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "all test targets passed"
