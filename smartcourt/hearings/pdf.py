"""The hearing's own records as PDF — the cross-examination report (质证报告) and the transcript (庭审笔录) — through
smartcourt.core.pdf (reportlab, the CJK font, identical bytes for identical content). The summons (传票) is not here:
it is a court document on the documents app's one path (summons.py)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from smartcourt.core.pdf import cjk_font, document_template, paragraph

if TYPE_CHECKING:
    from smartcourt.cases.models import Case

    from .models import Hearing, Transcript, TranscriptSignature, TranscriptVersion
    from .selectors_async import EvidenceView


def cross_examination_report_pdf(
    *, case: Case, round_title: str, court_name: str, opened_at: str, deadline: str, closed_at: str,
    closing_note: str, evidence: list[EvidenceView], consents: list[tuple[str, str, str]], rule_text: str,
    statements: list[tuple[str, str, list[tuple[str, str, str]]]] | None = None,
) -> bytes:  # fmt: skip
    """质证报告: the evidence put to the parties, every opinion (who, when, 认可/不认可 of each aspect with reasons),
    the consents the round rested on, and the items disputed, flagged for the hearing. With `statements` (a
    non-synchronous trial): the record of the trial (非同步审理记录), each step (label, deadline) with every party's
    statement (who / by whom and when, text, clip with its hash)."""
    f = cjk_font()
    court_style = ParagraphStyle("court", fontName=f, fontSize=15, leading=22, alignment=TA_CENTER)
    title_style = ParagraphStyle("title", fontName=f, fontSize=20, leading=30, alignment=TA_CENTER, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=f, fontSize=12.5, leading=19, spaceBefore=8, spaceAfter=3)
    cell = ParagraphStyle("cell", fontName=f, fontSize=9.5, leading=14, wordWrap="CJK")
    small = ParagraphStyle("small", fontName=f, fontSize=8.5, leading=12.5, wordWrap="CJK")
    buf = io.BytesIO()
    doc = document_template(
        buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm, bottomMargin=16 * mm,
        title=f"质证报告 {case.number}", author=court_name, creator="smartcourt",
    )  # fmt: skip
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#555555"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                       ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])  # fmt: skip
    head = [
        ("案号", case.number), ("案由", case.cause.name if case.cause else case.title), ("方式", round_title),
        ("开启时间", opened_at), ("意见截止日", deadline), ("结束时间", closed_at or "—"),
    ]  # fmt: skip
    head_table = Table([[paragraph(a, cell), paragraph(b, cell)] for a, b in head], colWidths=[30 * mm, 144 * mm])
    head_table.setStyle(grid)
    story: list[Any] = [
        paragraph(court_name, court_style),
        paragraph("非 同 步 审 理 记 录" if statements is not None else "质 证 报 告", title_style), head_table,
        paragraph(f"依据：{rule_text}", small),
    ]  # fmt: skip
    if closing_note:
        story.append(paragraph(closing_note, small))
    story.append(paragraph("一、当事人同意情况", h2))
    rows = [[paragraph(x, cell) for x in ("当事人", "意见", "时间")]]
    rows += [[paragraph(a, cell), paragraph(b, cell), paragraph(c, cell)] for a, b, c in consents]
    t = Table(rows, colWidths=[70 * mm, 50 * mm, 54 * mm])
    t.setStyle(grid)
    story.append(t)
    story.append(paragraph("二、证据及质证意见", h2))
    for ev in evidence:
        flag = "【争议，提交庭审】" if ev.disputed else "【无争议】"
        story.append(paragraph(f"证据{ev.number}：{ev.title}（举证方：{ev.submitted_by}）{flag}", cell))
        if not ev.opinions:
            story.append(paragraph("未收到质证意见。", small))
            continue
        rows = [[paragraph(x, small) for x in ("发表方 / 提交人 / 时间", "真实性", "合法性", "关联性")]]
        for o in ev.opinions:
            who = f"{o.party}\n{o.author}\n{timezone.localtime(o.occurred_at):%Y-%m-%d %H:%M}"
            if o.reply:
                who += f"\n（第{o.round_number}轮回应）"
            if o.attachment_title:
                who += f"\n附件：{o.attachment_title}"
            rows.append([paragraph(who, small)] + [
                paragraph(f"{a.verdict_label}{'：' + a.reason if a.reason else ''}", small) for a in o.aspects
            ])  # fmt: skip
        t = Table(rows, colWidths=[48 * mm, 42 * mm, 42 * mm, 42 * mm], repeatRows=1)
        t.setStyle(grid)
        story += [t, Spacer(1, 3 * mm)]
    story.append(paragraph("三、争议证据（提交庭审质证）", h2))
    disputed = [ev for ev in evidence if ev.disputed]
    if disputed:
        for ev in disputed:
            who = "、".join(sorted({o.party for o in ev.latest.values() if o.disputed}))
            story.append(paragraph(f"证据{ev.number}：{ev.title} —— 不认可方：{who}", cell))
    else:
        story.append(paragraph("各方对上列证据均无争议。", cell))
    if statements is not None:
        story.append(paragraph("四、各庭审环节的陈述", h2))
        if not statements:
            story.append(paragraph("尚未开始任何庭审环节。", small))
        for label, deadline, said in statements:
            story.append(paragraph(f"{label}（提交截止日：{deadline}）", cell))
            if not said:
                story.append(paragraph("未收到陈述。", small))
                continue
            table = Table(
                [[paragraph(x, small) for x in ("当事人 / 提交人 / 时间", "陈述", "音视频")]]
                + [[paragraph(a, small), paragraph(b, small), paragraph(c, small)] for a, b, c in said],
                colWidths=[48 * mm, 84 * mm, 42 * mm], repeatRows=1,
            )  # fmt: skip
            table.setStyle(grid)
            story += [table, Spacer(1, 3 * mm)]
    story += [Spacer(1, 8 * mm), paragraph(court_name, ParagraphStyle("r", parent=cell, alignment=TA_RIGHT))]
    doc.build(story)
    return buf.getvalue()


def transcript_pdf(
    *, hearing: Hearing, transcript: Transcript, signatures: list[TranscriptSignature],
    versions: list[TranscriptVersion],
) -> bytes:  # fmt: skip
    """庭审笔录: the hearing's particulars, the entries (speaker, time, text), the signatures on this revision (pad
    images drawn), and the history of versions and corrections."""
    from reportlab.platypus import Image

    from smartcourt.core.intake.store import blob_read

    f = cjk_font()
    court_style = ParagraphStyle("court", fontName=f, fontSize=15, leading=22, alignment=TA_CENTER)
    title_style = ParagraphStyle("title", fontName=f, fontSize=20, leading=30, alignment=TA_CENTER, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=f, fontSize=12, leading=18, spaceBefore=8, spaceAfter=3)
    cell = ParagraphStyle("cell", fontName=f, fontSize=10.5, leading=16, wordWrap="CJK")
    small = ParagraphStyle("small", fontName=f, fontSize=8.5, leading=12.5, wordWrap="CJK")
    case = hearing.case
    buf = io.BytesIO()
    doc = document_template(
        buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=16 * mm,
        title=f"庭审笔录 {case.number}", author=hearing.court.name, creator="smartcourt",
    )  # fmt: skip
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#555555"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                       ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])  # fmt: skip
    starts = timezone.localtime(hearing.actual_started_at or hearing.starts_at)
    head = [
        ("案号", case.number), ("案由", case.cause.name if case.cause else case.title),
        ("时间", f"{starts:%Y年%m月%d日 %H时%M分}"), ("地点", hearing.room.name if hearing.room else hearing.get_mode_display()),
        ("书记员", hearing.clerk.get_full_name() if hearing.clerk else "—"),
    ]  # fmt: skip
    head_table = Table([[paragraph(a, cell), paragraph(b, cell)] for a, b in head], colWidths=[28 * mm, 142 * mm])
    head_table.setStyle(grid)
    story: list[Any] = [paragraph(hearing.court.name, court_style), paragraph("庭 审 笔 录", title_style), head_table,
                        Spacer(1, 4 * mm)]  # fmt: skip
    for e in transcript.entries:
        prefix = f"{e.get('speaker') or '—'}" + (f"（{e['time']}）" if e.get("time") else "")
        story.append(paragraph(f"{prefix}：{e.get('text', '')}", cell))
    story.append(paragraph("签名", h2))
    if signatures:
        rows = []
        for s in signatures:
            mark: Any = paragraph(s.get_method_display(), small)
            if s.image_name:
                mark = Image(io.BytesIO(blob_read(s.image_name)), width=40 * mm, height=14 * mm)
            rows.append([paragraph(f"{s.participant.get_kind_display()} {s.participant.name}", cell), mark,
                         paragraph(f"{timezone.localtime(s.occurred_at):%Y-%m-%d %H:%M}", small)])  # fmt: skip
        t = Table(rows, colWidths=[60 * mm, 60 * mm, 50 * mm])
        t.setStyle(grid)
        story.append(t)
    else:
        story.append(paragraph("（无当事人签名）", small))
    corrections = [v for v in versions if v.kind == "correction"]
    story.append(paragraph("版本与更正记录", h2))
    story.append(paragraph(f"共保存{len(versions)}个版本；更正{len(corrections)}次。", small))
    for v in corrections:
        story.append(paragraph(
            f"第{v.revision}版 {timezone.localtime(v.occurred_at):%Y-%m-%d %H:%M} {v.saved_by.get_full_name()}：{v.note}", small
        ))  # fmt: skip
    doc.build(story)
    return buf.getvalue()
