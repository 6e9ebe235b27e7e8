#!/usr/bin/env bash
# The README's first command: install what building needs (scripts/install-build-deps.sh: no browser, no test
# servers), build, start the local stand-ins (Talend Cloud, the Kubernetes API, an SMTP sink) with
# `updraft-sandbox`, point the example DAGs at them through the environment variables a user would set
# (AIRFLOW_CONN_*, AIRFLOW__SMTP__*, KUBECONFIG), run each example with live progress and an HTML report, show
# where the reports and the received mail are, and stop the sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/install-build-deps.sh

examples=(HelloDAG TalendAPIJobs TalendAPIJobsWaiting TalendJobs TalendPipeline)
echo "==> building the sandbox and the examples"
swift build --product updraft-sandbox
for example in "${examples[@]}"; do swift build --product "$example"; done
bin=$(swift build --show-bin-path)

state="$root/.updraft/sandbox"
reports="$root/.updraft/reports"
rm -rf "$state"
mkdir -p "$state" "$reports"
"$bin/updraft-sandbox" --state-dir "$state" > "$state.log" 2>&1 &
sandbox=$!
trap 'kill -INT $sandbox 2>/dev/null; wait $sandbox 2>/dev/null || true' EXIT

# Wait for the sandbox to say it is ready (it writes sandbox.env just before); give up after 60 s.
if ! timeout 60 grep -m1 -q '^ready' <(tail -n +1 -f "$state.log"); then
    cat "$state.log"
    echo "updraft-sandbox did not become ready" >&2
    exit 1
fi
cat "$state.log"
# shellcheck disable=SC1091
source "$state/sandbox.env"

status=0
for example in "${examples[@]}"; do
    echo
    echo "==> $example"
    UPDRAFT_HOME="$root/.updraft" "$bin/$example" run --report "$reports/$example.html" || status=1
done

echo
echo "Reports:        $reports/*.html"
echo "Received mail:  $state/mail/*.eml"
ls "$state/mail" 2>/dev/null | sed 's/^/  /' || true
exit $status
