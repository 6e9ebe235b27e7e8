#!/usr/bin/env bash
# Installs what testing Updraft needs on a fresh Debian machine: what building needs (scripts/install-build-deps.sh)
# plus curl, kubectl (Kubernetes stand-in fidelity checks), Python with aiosmtpd (the SMTP server the email tests
# talk to), Chromium with Pillow (the HTML run report and the web UI opened in a headless browser), and Airflow's
# Python API client (apache-airflow-client, driving the REST API).
# Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-build-deps.sh

need_apt=()
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
python3 -m pip --version >/dev/null 2>&1 || need_apt+=(python3-pip)
# Debian's kubectl (kubernetes-client, v1.20 on bookworm) is enough for the stand-in's fidelity checks.
command -v kubectl >/dev/null 2>&1 || need_apt+=(kubernetes-client)
# The report tests run Debian's Chromium headless (never a browser build downloaded by a tool).
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# PostgreSQL 15 server (initdb, pg_ctl): the PostgresRunStore tests start a throwaway cluster of their own.
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

# A system Python marked externally managed (PEP 668) refuses a plain pip install: retry for the user only.
python3 -c 'import aiosmtpd' >/dev/null 2>&1 || python3 -m pip install -q aiosmtpd \
    || python3 -m pip install -q --user --break-system-packages aiosmtpd
python3 -c 'import PIL' >/dev/null 2>&1 || python3 -m pip install -q pillow \
    || python3 -m pip install -q --user --break-system-packages pillow
# Airflow's own REST API client: the web tests drive /api/v2 with it (Tests/UpdraftWebTests/Clients).
python3 -c 'import airflow_client.client' >/dev/null 2>&1 || python3 -m pip install -q apache-airflow-client==3.1.8 \
    || python3 -m pip install -q --user --break-system-packages apache-airflow-client==3.1.8
