#!/usr/bin/env bash
# Install what the tests need, then run the whole suite:
# Debian's Chromium (never a browser downloaded by a test tool), the project and the Python
# packages of its `test` extra in .venv/, and axe-core from npm. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's Chromium with apt-get…" >&2
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q chromium
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "Installing npm with apt-get…" >&2
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q npm
fi
ensure_venv ".[test]"
# from tests/ itself: `--prefix` would also move npm's global settings (a system-wide cafile among them)
(cd tests && npm ci --no-audit --no-fund --loglevel=error --update-notifier=false)
exec "$PY" -m pytest "$@"
