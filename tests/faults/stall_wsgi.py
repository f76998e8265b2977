"""The site's WSGI application with one fault injected for tests/faults/test_web_worker_kill.py: the first dossier
upload stops in the middle of its transaction — document, pages, stored-blob rows, ledger queue rows and the case
event written, nothing committed — writes its worker's pid to FAULT_STALL_MARKER and waits to be killed."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()  # Django set up (DJANGO_SETTINGS_MODULE from the test's environment)

from smartcourt.dossier import services  # noqa: E402

_event_append = services.case_event_append


def _stalled_event_append(*args: Any, **kwargs: Any) -> Any:
    event = _event_append(*args, **kwargs)
    marker = Path(os.environ["FAULT_STALL_MARKER"])
    if not marker.exists():  # the first upload only: the next one goes through
        marker.write_text(str(os.getpid()))
        time.sleep(600)
    return event


services.case_event_append = _stalled_event_append
