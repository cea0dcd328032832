#!/usr/bin/env bash
# Install what the tests need, then run the whole suite:
# Debian's Chromium (never a browser downloaded by a test tool), the project and the Python
# packages of its `test` extra in .venv/, the Ralph LRS in .venv-ralph/, and axe-core from npm. Extra arguments go to pytest.
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
# The Ralph LRS that tests/test_xapi.py sends statements to, in an environment of its own (.venv-ralph/):
# it pins its own FastAPI and uvicorn; its `lrs` extra forgets `requests`.
if ! .venv-ralph/bin/python -c 'import importlib.metadata as m, sys; sys.exit(m.version("ralph-malph") != "5.1.0")' 2>/dev/null; then
  echo "Installing the Ralph LRS 5.1.0 into .venv-ralph/…" >&2
  rm -rf .venv-ralph
  python3 -m venv .venv-ralph
  .venv-ralph/bin/python -m pip install -q --disable-pip-version-check "ralph-malph[cli,lrs]==5.1.0" requests
fi
# pygiftparser 1.1, the independent GIFT reader of tests/test_bank_gift.py, in an environment of its own
# (.venv-gift/): it pins Markdown < 3.1 (through MarkdownSuperscript), which MkDocs cannot run with.
if ! .venv-gift/bin/python -c 'import importlib.metadata as m, sys; sys.exit(m.version("pygiftparser") != "1.1")' 2>/dev/null; then
  echo "Installing pygiftparser 1.1 into .venv-gift/…" >&2
  rm -rf .venv-gift
  python3 -m venv .venv-gift
  .venv-gift/bin/python -m pip install -q --disable-pip-version-check "pygiftparser==1.1"
fi
# from tests/ itself: `--prefix` would also move npm's global settings (a system-wide cafile among them)
(cd tests && npm ci --no-audit --no-fund --loglevel=error --update-notifier=false)
exec "$PY" -m pytest "$@"
