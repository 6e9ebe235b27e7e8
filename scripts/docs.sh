#!/usr/bin/env bash
# Builds the DocC documentation of every library target with swift-docc-plugin and fails if DocC prints any
# warning (a broken ``symbol`` link, an undocumented parameter, an unknown article). Not run in CI: it takes a
# few minutes. Pass target names to check only those: `bash scripts/docs.sh UpdraftHTTP UpdraftTalend`.
# Archives go to .build/plugins/Swift-DocC/outputs/<Target>.doccarchive; logs to .build/docs-logs/<Target>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(Updraft UpdraftCurl UpdraftHTTP UpdraftTalend UpdraftKubernetes UpdraftEmail UpdraftTesting UpdraftCLI
             UpdraftSandbox UpdraftMetrics UpdraftTracing UpdraftDrawing UpdraftSQLite UpdraftPostgres UpdraftService
             UpdraftWeb)
fi

logs=.build/docs-logs
mkdir -p "$logs"
failed=()
for target in "${targets[@]}"; do
    started=$(date +%s)
    status=0
    swift package generate-documentation --target "$target" >"$logs/$target.log" 2>&1 || status=$?
    # SwiftPM's note about a dependency's stray files (swift-distributed-tracing ships a CMakeLists.txt) is not ours.
    foreign="warning: '[^']+': found [0-9]+ file\\(s\\) which are unhandled"
    warnings=$(grep -E '(^|: )(warning|error):' "$logs/$target.log" | grep -c -v -E "$foreign" || true)
    echo "$target: exit $status, $warnings warnings, $(( $(date +%s) - started )) s"
    if [ "$status" -ne 0 ] || [ "$warnings" -ne 0 ]; then
        grep -E -A1 '(^|: )(warning|error):' "$logs/$target.log" | grep -v -E "$foreign" || tail -20 "$logs/$target.log"
        failed+=("$target")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "documentation has warnings or failed to build: ${failed[*]} (logs in $logs)" >&2
    exit 1
fi
echo "documentation built without warnings: ${targets[*]}"
