#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium. Install it when it is missing
# and we may (root, or passwordless sudo); otherwise say how and stop.
set -euo pipefail
bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$bin" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; else
  echo "Chromium is missing at $bin; the end-to-end tests need it: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "[tests] installing Debian's chromium for the end-to-end tests" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
