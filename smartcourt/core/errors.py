"""One error type for refusals a user can act on; the API renders it as 4xx JSON, pages as a message."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise


class ApplicationError(Exception):
    """A refusal the user can act on; one ninja handler renders it as 4xx JSON."""

    status: int = 400
    code: str = "invalid"
    message: StrOrPromise = _("请求无法处理，请检查后重试。")

    def __init__(self, message: StrOrPromise = "", *, code: str = "", extra: dict[str, Any] | None = None) -> None:
        self.message = message or self.message
        self.code = code or self.code
        self.extra = extra or {}
        super().__init__(str(self.message))

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": str(self.message)}
        if self.extra:
            body["extra"] = self.extra
        return body


class NotFound(ApplicationError):
    status, code, message = 404, "not_found", _("记录不存在，或您无权查看。")


class Forbidden(ApplicationError):
    status, code, message = 403, "forbidden", _("您没有执行此操作的权限。")


class NotAuthenticated(ApplicationError):
    status, code, message = 401, "not_authenticated", _("请先登录。")


class Conflict(ApplicationError):
    status, code, message = 409, "conflict", _("操作与当前状态冲突，请刷新后重试。")
