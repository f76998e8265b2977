"""Rendering: a case's field values, a template version filled with docxtpl, the PDF by LibreOffice headless.

LibreOffice runs as `soffice --headless --convert-to pdf` with a profile directory of its own per conversion
(`-env:UserInstallation`), so two conversions at once (two workers, a test and the demo) never share a profile
lock. The package is installed by `make system-deps` (Makefile DEBIAN_PACKAGES: libreoffice-writer-nogui); when it
is missing the conversion raises ConversionUnavailable with a Chinese message and nothing is stored.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from smartcourt.core.errors import ApplicationError

from .kinds import Kind

if TYPE_CHECKING:
    from smartcourt.cases.models import Case, CaseParty

DIGITS = "〇一二三四五六七八九"


class ConversionUnavailable(ApplicationError):
    code = "documents.converter_missing"
    message = _(
        "服务器未安装 LibreOffice（libreoffice-writer-nogui），无法生成 PDF 文书。请管理员运行 make system-deps 安装。"
    )


class ConversionFailed(ApplicationError):
    code = "documents.conversion_failed"
    message = _("文书转换为 PDF 失败，请检查模板后重试。")


class TemplateFieldsError(ApplicationError):
    code = "documents.template_fields"
    message = _("模板包含未声明的字段。")


def date_cn(d: date) -> str:
    """二〇二五年一月二日: the year digit by digit, month and day in words (as the SPC's 样式 print dates)."""

    def small(n: int) -> str:
        if n < 10:
            return DIGITS[n]
        tens, ones = divmod(n, 10)
        return ("十" if tens == 1 else DIGITS[tens] + "十") + (DIGITS[ones] if ones else "")

    return "".join(DIGITS[int(c)] for c in str(d.year)) + f"年{small(d.month)}月{small(d.day)}日"


def party_line(p: CaseParty) -> str:
    person = p.person
    bits = [f"{p.get_role_display()}：{person.name}"]
    if person.kind == "organization" or person.legal_representative:
        if person.address:
            bits.append(f"住所地{person.address}")
        if person.legal_representative:
            bits.append(f"法定代表人{person.legal_representative}")
    else:
        if person.gender:
            bits.append(person.gender)
        if person.birth_date:
            bits.append(f"{person.birth_date.year}年{person.birth_date.month}月{person.birth_date.day}日出生")
        if person.address:
            bits.append(f"住{person.address}")
    return "，".join(bits) + "。"


def case_context(*, case: Case, kind: Kind, parties: list[CaseParty], today: date) -> dict[str, Any]:
    """The common fields from the case (court, number, parties block, judges, clerk, date)."""
    from smartcourt.cases.selectors import case_team_current

    judges = []
    members = sorted(
        (m for m in case_team_current(case=case) if m.role == "judge"), key=lambda m: (not m.presiding, m.pk)
    )
    for m in members:
        judges.append((("审判长" if m.presiding else "审判员"), m.user.get_full_name()))
    if not judges and case.judge_id:
        judges.append(("审判员", case.judge.get_full_name() if case.judge is not None else ""))
    court = case.court
    names = lambda roles: "、".join(p.person.name for p in parties if p.role in roles)  # noqa: E731
    return {
        "court_name": court.name,
        "doc_title": kind.title,
        "case_number": case.number,
        "case_title": case.title,
        "cause": case.cause.name if case.cause is not None else "",
        "parties_block": "\n".join(party_line(p) for p in parties),
        "judges_block": "\n".join(f"{role}　{name}" for role, name in judges),
        "clerk_name": case.clerk.get_full_name() if case.clerk is not None else "",
        "date_cn": date_cn(today),
        "filed_on_cn": date_cn(case.filed_on),
        "plaintiff_names": names({"plaintiff", "appellant", "applicant", "private_prosecutor"}),
        "defendant_names": names({"defendant", "appellee", "respondent", "accused"}),
        "appeal_court": court.parent.name if court.parent is not None else "上一级人民法院",
        "evidence_days": "十五",
    }


def template_fields(content: bytes) -> set[str]:
    """The fields a .docx template uses (docxtpl's undeclared variables); raises TemplateFieldsError when it is not
    a readable .docx template."""
    from docxtpl import DocxTemplate

    try:
        return set(DocxTemplate(io.BytesIO(content)).get_undeclared_template_variables())
    except Exception as exc:  # a zip that is no .docx, a broken Jinja tag
        raise TemplateFieldsError(
            f"无法读取该模板（须为 .docx 文件，字段写作 {{{{ 字段名 }}}}）：{type(exc).__name__}"
        ) from exc


def docx_render(template: bytes, context: dict[str, Any]) -> bytes:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(template))
    values = {k: ("" if v is None else str(v)) for k, v in context.items()}
    for key in ("body", "parties_block"):
        if values.get(key):
            values[key] = values[key].strip().replace("\n", "\n　　")
    tpl.render(values, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def soffice_path() -> str | None:
    return getattr(settings, "DOCUMENTS_SOFFICE", None) or shutil.which("soffice") or shutil.which("libreoffice")


def pdf_convert(docx: bytes, *, timeout: int = 120) -> bytes:
    """The .docx as PDF, by LibreOffice headless in a profile directory of its own."""
    exe = soffice_path()
    if not exe:
        raise ConversionUnavailable()
    with tempfile.TemporaryDirectory(prefix="sc-soffice-") as tmp:
        src = Path(tmp) / "document.docx"
        src.write_bytes(docx)
        profile = Path(tmp) / "profile"
        cmd = [
            exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--nolockcheck",
            "--convert-to", "pdf", "--outdir", tmp, str(src),
        ]  # fmt: skip
        env = {**os.environ, "HOME": tmp}
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout, env=env)
        except FileNotFoundError as exc:
            raise ConversionUnavailable() from exc
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise ConversionFailed() from exc
        out = Path(tmp) / "document.pdf"
        if not out.exists():
            raise ConversionFailed()
        return out.read_bytes()
