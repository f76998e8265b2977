"""The summons (传票) a hearing's party is served, through the project's one PDF path (smartcourt.core.pdf:
reportlab, the CJK font, identical bytes for identical content)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.utils import timezone
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from smartcourt.core.pdf import cjk_font, document_template, paragraph

from .rules import notice as N

if TYPE_CHECKING:
    from datetime import date

    from .models import Hearing, HearingParticipant

# What a summoned party is told about not appearing (民诉法 Art. 146, 147; 刑诉法 Art. 66 for a defendant on bail).
_WARNINGS = {
    "plaintiff": "原告经传票传唤，无正当理由拒不到庭的，或者未经法庭许可中途退庭的，可以按撤诉处理（《民事诉讼法》第一百四十六条）。",
    "defendant": "被告经传票传唤，无正当理由拒不到庭的，或者未经法庭许可中途退庭的，可以缺席判决（《民事诉讼法》第一百四十七条）。",
}


def place_text(hearing: Hearing, participant: HearingParticipant) -> str:
    """Where this participant attends, in words for the summons and the calendars."""
    if participant.attendance == "remote_site" and participant.remote_site is not None:
        site = participant.remote_site
        return f"{site.name}（{site.get_kind_display()}，{site.address or site.host}），以视频方式远程参加"
    if participant.attendance == "online":
        return "在线庭审：请于开庭前登录本院诉讼服务平台，完成身份核验后进入在线法庭"
    if hearing.room is not None:
        where = f"{hearing.court.name}{hearing.room.name}"
        return where + (f"（{hearing.room.location}）" if hearing.room.location else "")
    return hearing.court.name


def summons_pdf(*, hearing: Hearing, participant: HearingParticipant, issued_on: date) -> bytes:
    """传票 for one party of the case, to be served through the service app."""
    f = cjk_font()
    court_style = ParagraphStyle("court", fontName=f, fontSize=16, leading=24, alignment=TA_CENTER)
    title_style = ParagraphStyle("title", fontName=f, fontSize=24, leading=34, alignment=TA_CENTER, spaceAfter=6)
    cell = ParagraphStyle("cell", fontName=f, fontSize=11, leading=16, wordWrap="CJK")
    small = ParagraphStyle("small", fontName=f, fontSize=9.5, leading=14, wordWrap="CJK")
    right = ParagraphStyle("right", parent=cell, alignment=TA_RIGHT)
    case = hearing.case
    buf = io.BytesIO()
    doc = document_template(
        buf, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm, bottomMargin=18 * mm,
        title=f"传票 {case.number}", author=hearing.court.name, creator="smartcourt",
    )  # fmt: skip
    starts = timezone.localtime(hearing.starts_at)
    role = participant.party.get_role_display() if participant.party else participant.get_kind_display()
    rows = [
        ("案号", case.number),
        ("案由", case.cause.name if case.cause else case.title),
        ("被传唤人", participant.name),
        ("诉讼地位", role),
        ("传唤事由", f"参加{hearing.get_kind_display()}"),
        ("应到时间", f"{starts:%Y年%m月%d日 %H时%M分}"),
        ("应到处所", place_text(hearing, participant)),
    ]
    table = Table([[paragraph(a, cell), paragraph(b, cell)] for a, b in rows], colWidths=[32 * mm, 134 * mm])
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.6, "#333333"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)])
    )  # fmt: skip
    rule = N.notice_rule_for(hearing_kind=hearing.kind, case_kind=case.kind, procedure=case.procedure)
    notes = [
        "被传唤人应携带本传票及身份证明准时到达；委托代理人的，代理人应提交授权委托书。",
        "被传唤人收到传票后，应在送达回证上签名或盖章；电子送达的，以系统记录为准。",
    ]
    if participant.party is not None and participant.party.role in _WARNINGS:
        notes.append(_WARNINGS[participant.party.role])
    notes.append(f"通知依据：{rule.explanation}")
    story = [
        paragraph(hearing.court.name, court_style),
        paragraph("传  票", title_style),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 5 * mm),
        paragraph("注意事项：", cell),
        *[paragraph(f"{i}. {line}", small) for i, line in enumerate(notes, 1)],
        Spacer(1, 14 * mm),
        paragraph(hearing.court.name, right),
        paragraph(f"{issued_on:%Y年%m月%d日}", right),
    ]
    doc.build(story)
    return buf.getvalue()
