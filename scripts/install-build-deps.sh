#!/usr/bin/env bash
# Installs what building Updraft and running the demo need on a fresh Debian machine, and nothing more: libcurl's
# headers (the transport), pkg-config (SwiftPM finds libcurl through it) and openssl (the sandbox's local
# certificates). `scripts/install-deps.sh` adds what the tests need on top. Safe to run again.
set -euo pipefail

need_apt=()
dpkg -s libcurl4-openssl-dev >/dev/null 2>&1 || need_apt+=(libcurl4-openssl-dev)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
if [ ${#need_apt[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi
