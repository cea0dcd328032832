# Sourced by course.sh and tests/run.sh: the project's own Python environment, `.venv/` in the repository.
# Debian 12+ and Ubuntu 23.04+ refuse `pip install` into the system Python (PEP 668), so the packages go
# into a virtual environment, created once and reused after.

# as_root CMD...: run a command as root (sudo when not root already).
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_venv [PIP-TARGET]: create .venv if needed, install the project (default: `-e .`) into it,
# and set $PY to its Python.
ensure_venv() {
  local target="${1:-.}"
  if [ ! -x .venv/bin/python ]; then
    if ! python3 -m venv .venv 2>/dev/null; then
      # Debian ships venv apart (python3-venv); ask for the one matching python3's version.
      rm -rf .venv
      local version
      version=$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
      echo "Installing python${version}-venv with apt-get (Debian leaves it out of python3)…" >&2
      as_root apt-get update -q
      DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q "python${version}-venv" \
        || DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q python3-venv
      python3 -m venv .venv
    fi
  fi
  PY="$PWD/.venv/bin/python"
  # Quiet unless something goes wrong; pip skips what is installed already.
  "$PY" -m pip install -q --disable-pip-version-check -e "$target"
}
