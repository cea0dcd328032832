#!/usr/bin/env bash
# Install what the tests need, then run the whole suite:
# Debian's Chromium (never a browser downloaded by a test tool), the Python
# packages of the `test` extra, and axe-core from npm. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
if ! command -v chromium >/dev/null 2>&1; then
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium
fi
python3 -m pip install -q --disable-pip-version-check -e ".[test]"
npm ci --prefix tests --no-audit --no-fund --loglevel=error
exec python3 -m pytest "$@"
