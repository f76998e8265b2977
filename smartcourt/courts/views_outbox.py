"""The one outbox page (短信与邮件发件箱): every SMS and e-mail sent in the name of the courts the reader may see,
by the permission table (`Resource.OUTBOX`). /portal/outbox/ and /service/outbox/ redirect here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartcourt.core.errors import Forbidden
from smartcourt.core.outbox.selectors import outbox_related_links
from smartcourt.core.outbox.services import Channel
from smartcourt.core.privacy import personal_data
from smartcourt.core.services import AuditAction, audit_record

from .models import User
from .selectors_outbox import outbox_list, outbox_page_allowed


@login_required
@require_GET
@personal_data
def outbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User) or not outbox_page_allowed(user=user):  # signed in (login_required): a User
        raise Forbidden(_("发件箱仅限本院系统管理员和书记员查看。"))
    # `kind` is the parameter of the former service outbox page, whose links redirect here
    channel = request.GET.get("channel") or request.GET.get("kind") or ""
    channel = channel if channel in Channel.values else ""
    page = Paginator(outbox_list(user=user, channel=channel), 50).get_page(request.GET.get("page"))
    links = outbox_related_links(messages=page.object_list, user=user)
    audit_record(actor=user, action=AuditAction.OUTBOX_VIEWED, kind="read", reason="查看短信与邮件发件箱",
                 extra={"channel": channel, "page": page.number})  # fmt: skip
    return render(request, "courts/outbox.html", {
        "page": page, "rows": [(m, links.get(m.pk)) for m in page], "channel": channel,
        "channels": Channel.choices, "query": urlencode({"channel": channel} if channel else {}),
    })  # fmt: skip
