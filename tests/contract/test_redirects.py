"""A redirect goes only to this site: every target a request names (`next`, `back`, the Referer) passes through
`smartcourt.core.redirects.next_url`. Checked on the code (any view redirecting to request data without it fails)
and over HTTP for the places that take one (the service centre's bulk action, the sign-in code step)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified

ROOT = Path(__file__).resolve().parents[2] / "smartcourt"
REDIRECTS = {"redirect", "HttpResponseRedirect", "HttpResponsePermanentRedirect", "HttpResponseRedirectBase"}
REQUEST_DATA = {"GET", "POST", "META", "headers", "COOKIES", "body", "get_full_path", "path", "build_absolute_uri"}
SAFE = "next_url"


def _names(node: ast.AST) -> str:
    return getattr(node, "id", getattr(node, "attr", ""))


def _from_request(node: ast.AST | None, tainted: set[str]) -> bool:
    """Whether the value of `node` is (or starts with) something the request sent: `request.POST.get(…)`,
    `request.GET["next"]`, `request.META…`, a name bound to one, `x or default`, an f-string starting with one."""
    if node is None:
        return False
    if isinstance(node, ast.Call) and _names(node.func) == SAFE:
        return False
    if isinstance(node, ast.Name):
        return node.id in tainted
    if isinstance(node, ast.BoolOp):
        return any(_from_request(v, tainted) for v in node.values)
    if isinstance(node, ast.IfExp):
        return _from_request(node.body, tainted) or _from_request(node.orelse, tainted)
    if isinstance(node, ast.JoinedStr):
        first = node.values[0] if node.values else None
        return isinstance(first, ast.FormattedValue) and _from_request(first.value, tainted)
    if isinstance(node, ast.BinOp):  # "a" + b: the start decides where the browser goes
        return _from_request(node.left, tainted)
    chain = node
    while isinstance(chain, ast.Attribute | ast.Subscript | ast.Call):
        if isinstance(chain, ast.Attribute) and chain.attr in REQUEST_DATA and _names(chain.value) == "request":
            return True
        chain = chain.func if isinstance(chain, ast.Call) else chain.value
    return False


def unsafe_redirects(source: str) -> list[int]:
    """Lines where a function redirects to a target read from its request without `next_url`."""
    lines = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        tainted: set[str] = set()
        for node in ast.walk(function):  # names bound to request data (one pass is enough for these views)
            value = getattr(node, "value", None) if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if value is not None and _from_request(value, tainted):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]  # type: ignore[union-attr]
                tainted |= {t.id for t in targets if isinstance(t, ast.Name)}
        for node in ast.walk(function):
            # the first argument is the target; later ones fill a named URL's parameters
            is_redirect = isinstance(node, ast.Call) and _names(node.func) in REDIRECTS and node.args
            if is_redirect and _from_request(node.args[0], tainted):  # type: ignore[attr-defined]
                lines.append(node.lineno)
    return lines


def test_no_view_redirects_to_request_data_without_next_url():
    found = {}
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        bad = unsafe_redirects(path.read_text(encoding="utf-8"))
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    assert found == {}


def test_the_referer_is_read_only_by_next_url_callers():
    readers = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and ("HTTP_REFERER" in path.read_text() or '"referer"' in path.read_text().lower())
    ]
    assert readers == []


@pytest.mark.parametrize(
    ("code", "unsafe"),
    [
        ('def v(request):\n    return redirect(request.POST.get("back") or "/")', True),
        ('def v(request):\n    back = request.GET["next"]\n    return HttpResponseRedirect(back)', True),
        ("def v(request):\n    return redirect(request.META.get('HTTP_REFERER'))", True),
        ('def v(request):\n    return redirect(next_url(request, request.POST.get("back"), fallback="/"))', False),
        ('def v(request, pk):\n    return redirect("cases:detail", case_id=pk)', False),
    ],
)
def test_the_check_tells_an_open_redirect_from_a_safe_one(code, unsafe):
    assert bool(unsafe_redirects(code)) is unsafe


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("back", "lands_on"),
    [
        ("https://evil.example/login", "/service/"),
        ("//evil.example/login", "/service/"),
        ("/\\evil.example", "/service/"),
        ("javascript:alert(1)", "/service/"),
        ("/service/?state=failed", "/service/?state=failed"),
    ],
)
def test_the_bulk_action_goes_back_only_to_this_site(client, world, back, lands_on):
    login_verified(client, world.users[Role.CLERK])
    response = client.post(reverse("service:bulk"), {"op": "retry", "back": back})
    assert response.status_code == 302 and response["Location"] == lands_on


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/"])
def test_the_sign_in_code_step_goes_on_only_to_this_site(client, world, target):
    login_verified(client, world.users[Role.JUDGE])  # already verified: the code page sends the person on
    response = client.get(f"{reverse('accounts:otp')}?next={target}")
    assert response.status_code == 302 and "evil" not in response["Location"]
    assert client.get(f"{reverse('accounts:otp')}?next=/cases/")["Location"] == "/cases/"
