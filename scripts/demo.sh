#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the example DAGs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build --product HelloDAG
swift run --skip-build HelloDAG
