#!/usr/bin/env bash
# Transport benchmark: REQUESTS small GETs (default 10,000) against a loopback nginx at each concurrency in LEVELS
# (default "1 16 256"), made by UpdraftCurl (the CurlBenchmark executable, release build) and by the curl
# command-line tool with `--parallel --parallel-max N` on the same server, the ratio to beat. Prints Markdown
# table rows for BENCHMARKS.md. Installs nginx and time(1) from apt if missing (this script only; CI needs neither).
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=${REQUESTS:-10000}
LEVELS=${LEVELS:-"1 16 256"}

need_apt=()
command -v nginx >/dev/null 2>&1 || need_apt+=(nginx-light)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
    # Without an init system the package may start its own daemon on port 80; this benchmark wants only its own.
    if [ -f /run/nginx.pid ]; then $SUDO nginx -s quit || true; fi
fi

swift build -c release --product CurlBenchmark >/dev/null

work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $work;
    server {
        listen 127.0.0.1:$port backlog=4096;
        location / { default_type text/plain; return 200 "hello\n"; }
    }
}
EOF
nginx -p "$work" -c "$work/nginx.conf" -e "$work/error.log" &
nginx_pid=$!
trap 'kill $nginx_pid 2>/dev/null; wait $nginx_pid 2>/dev/null; rm -rf "$work"' EXIT
url="http://127.0.0.1:$port/hello"
for _ in $(seq 100); do curl -fs -o /dev/null "$url" && break; sleep 0.1; done

echo "nginx $(nginx -v 2>&1 | sed 's/.*\///'), $(curl --version | head -1 | cut -d' ' -f1-2), $(nproc) cores"
echo "| client | concurrency | requests | req/s | p50 ms | p99 ms | CPU µs/req |"
echo "|---|---|---|---|---|---|---|"
# shellcheck disable=SC2086
.build/release/CurlBenchmark "$url" "$REQUESTS" $LEVELS

# The curl CLI: one config entry per request, each transfer's total time written by -w, its CPU time by time(1).
for _ in $(seq "$REQUESTS"); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url"; done >"$work/requests.cfg"
for level in $LEVELS; do
    start=$(date +%s.%N)
    /usr/bin/time -f '%U %S' -o "$work/cpu.txt" \
        curl -s --parallel --parallel-max "$level" -K "$work/requests.cfg" -w '%{time_total}\n' >"$work/times.txt"
    end=$(date +%s.%N)
    python3 - "$work/times.txt" "$start" "$end" "$level" "$work/cpu.txt" <<'EOF'
import math, sys
times = sorted(float(line) for line in open(sys.argv[1]) if line.strip())
elapsed = float(sys.argv[3]) - float(sys.argv[2])
cpu = sum(float(x) for x in open(sys.argv[5]).read().split())
rank = lambda p: times[min(len(times) - 1, max(0, math.ceil(len(times) * p) - 1))] * 1000
print("| curl CLI --parallel | %s | %d | %d | %.2f | %.2f | %d |" % (
    sys.argv[4], len(times), round(len(times) / elapsed), rank(0.50), rank(0.99), round(cpu * 1e6 / len(times))))
EOF
done
