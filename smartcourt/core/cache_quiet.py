"""A cache call whose failure is not the page's: for what the database can answer when the cache cannot (the
session store, the signed-in person). The failure is logged; the caller gets `default`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)


def cache_quietly(call: Callable[..., Any], *args: Any, default: Any = None) -> Any:
    try:
        return call(*args)
    except Exception:  # an unreachable cache (Redis down, a timeout): logged, the database answers
        logger.warning("cache unreachable: %s", getattr(call, "__name__", call), exc_info=True)
        return default
