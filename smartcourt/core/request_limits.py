"""How large a request body each route takes (请求体大小上限): refused from its `Content-Length` before a byte of it is
read (`core.middleware.RequestBodyLimitMiddleware`, HTTP 413).

Django bounds only what it parses into memory (DATA_UPLOAD_MAX_MEMORY_SIZE); a multipart file body is read whole —
spooled to disk — whatever its size, before any view can look at it. So every route that takes files registers its
limit here from its AppConfig.ready(), by URL name, with the same function its service checks files with
(`core.intake.limits.dossier_max_bytes` …): one number per channel. Every other route takes REQUEST_BODY_MAX_BYTES.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

MB = 1024 * 1024
MULTIPART_ALLOWANCE = MB  # the form's other fields and the multipart boundaries around the file(s)
DEFAULT_BODY_MAX_BYTES = 10 * MB


@dataclass(frozen=True)
class BodyLimit:
    view_name: str  # "dossier:scan", "api-v1:dossier_documents" …
    file_bytes: Callable[[], int]  # the route's file limit, read when asked (settings may change it)
    note: str = ""  # why this route takes so much (shown to nobody; for whoever reads the registry)

    def body_bytes(self) -> int:
        return self.file_bytes() + MULTIPART_ALLOWANCE


_LIMITS: dict[str, BodyLimit] = {}


def body_limit_register(view_name: str, file_bytes: Callable[[], int], note: str = "") -> None:
    """Let `view_name` take a body of one file of `file_bytes()` (plus the form around it). A multi-file route
    takes that much in total: its files together may not exceed one file's limit."""
    _LIMITS[view_name] = BodyLimit(view_name, file_bytes, note)


def body_limits() -> dict[str, BodyLimit]:
    return dict(_LIMITS)


def default_body_bytes() -> int:
    return int(getattr(settings, "REQUEST_BODY_MAX_BYTES", DEFAULT_BODY_MAX_BYTES))


def smallest_body_bytes() -> int:
    """No route refuses a body this small: below it the URL need not even be resolved."""
    return min([default_body_bytes(), *(limit.body_bytes() for limit in _LIMITS.values())])


def body_limit_for(view_name: str | None) -> tuple[int, int]:
    """(body limit, file limit shown to the person) for a route by URL name; the default for any other."""
    limit = _LIMITS.get(view_name or "")
    if limit is None:
        default = default_body_bytes()
        return default, default
    return limit.body_bytes(), limit.file_bytes()
