#!/usr/bin/env bash
# Installs SUMO (Debian packages sumo + sumo-tools) when it is missing. Idempotent; for CI.
set -euo pipefail
if command -v sumo >/dev/null 2>&1 && command -v netconvert >/dev/null 2>&1; then
  echo "SUMO already installed: $(sumo --version 2>/dev/null | head -1)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y sumo sumo-tools
sumo --version | head -1
