"""The Ralph LRS (PyPI ralph-malph 5.1.0, file-system backend), its two bugs patched, on 127.0.0.1.

Run with the Python of Ralph's own environment (.venv-ralph, made by tests/run.sh: Ralph pins its
own FastAPI and uvicorn): `python tests/ralph_lrs.py PORT`; the settings come from the environment
(RALPH_RUNSERVER_BACKEND=fs, RALPH_AUTH_FILE…, see tests/test_xapi.py). The patches, here rather
than in Ralph:

- the file-system backend writes with the operation type « create », so only the first POST
  succeeds (the file exists after it: HTTP 500); « append » is what an LRS does;
- `GET /xAPI/statements?verb=…` and `?activity=…` compare a string with an IRI object, and so
  never match: they compare strings here.
"""

from __future__ import annotations

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND
_verb = FSLRSBackend._add_filter_by_verb
_activity = FSLRSBackend._add_filter_by_activity
FSLRSBackend._add_filter_by_verb = staticmethod(  # type: ignore[method-assign]
    lambda filters, verb_id: _verb(filters, str(verb_id) if verb_id else None))
FSLRSBackend._add_filter_by_activity = staticmethod(  # type: ignore[method-assign]
    lambda filters, object_id, related: _activity(filters, str(object_id) if object_id else None, related))

if __name__ == "__main__":
    from ralph.api import app

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
