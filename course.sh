#!/usr/bin/env bash
# Install the course builder into .venv/ (created on the first run), then run MkDocs.
#   bash course.sh            serve the course (the learners' edition) on http://127.0.0.1:8000/
#   bash course.sh build      build the learners' edition into site/
#   bash course.sh build -f mkdocs-formateur.yml    build the trainer's edition into site-formateur/
#   bash course.sh serve -f mkdocs-formateur.yml    serve the trainer's edition on http://127.0.0.1:8000/
#   bash course.sh ARGS…      any other mkdocs command, e.g. `bash course.sh build --strict`
set -euo pipefail
cd "$(dirname "$0")"
. scripts/venv.sh
ensure_venv .
[ $# -gt 0 ] || set -- serve
exec "$PY" -m mkdocs "$@"
