"""Login throttling (django-axes' database handler) counted two ways at once.

- **Per account, across addresses** (`LOGIN_FAILURES_PER_ACCOUNT`, default 5 in 15 minutes): guessing one person's
  password from many addresses (a botnet) locks that account, however the attempts are spread.
- **Per address, across accounts** (`LOGIN_FAILURES_PER_IP`, default 20 in 15 minutes): one address trying a common
  password against many accounts is stopped, though no account reaches its own limit. Higher than the per-account
  limit because a court building or a mobile carrier puts many honest people behind one address.

The address is `core.client_ip.client_ip` (X-Forwarded-For only from `TRUSTED_PROXIES`), wired in as
`AXES_CLIENT_IP_CALLABLE`. Axes compares one number with one limit (`AXES_FAILURE_LIMIT`, the per-account limit),
so each count is put on that scale here: an address is locked exactly when its own count reaches its own limit.

A successful sign-in clears the failures recorded against that account only. Axes' default clears every row
matching the account *or the address*, so a person with an account of their own (anyone may register) could clear
the failures their address piled up against someone else's account by signing in between guesses.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def _limits() -> dict[str, int]:
    return {"username": settings.LOGIN_FAILURES_PER_ACCOUNT, "ip_address": settings.LOGIN_FAILURES_PER_IP}


class LoginThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The worst of the per-account and per-address counts, each scaled to `AXES_FAILURE_LIMIT` so that the
        result reaches that limit exactly when one count reaches its own limit."""
        scale = settings.AXES_FAILURE_LIMIT
        limits = _limits()
        username = get_client_username(request, credentials)
        worst = 0
        parameters = get_lockout_parameters(request, credentials)
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            key = parameter if isinstance(parameter, str) else "+".join(parameter)
            if key == "username" and not username:
                continue  # no account named: "username IS NULL" would pool every such attempt into one bucket
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            own_limit = limits.get(key, scale)
            worst = max(worst, failures * scale // own_limit)
        return worst

    def reset_user_attempts(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """After a successful sign-in: forget the failures against this account, keep those of the address."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
