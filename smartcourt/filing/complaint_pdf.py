"""The complaint (民事起诉状) as PDF, laid out as 民事诉讼法 Art. 124 and 登记立案规定 Art. 4 list its contents.

reportlab (pinned in pyproject) with the Adobe-GB1 CID font STSong-Light: reportlab cannot embed the machine's
Noto CJK fonts (CFF outlines), and every PDF reader maps STSong-Light to an installed Song/Serif CJK face
(poppler uses Noto Serif CJK through fontconfig).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from smartcourt.core.pdf import cjk_font, document_template, paragraph

if TYPE_CHECKING:
    from .models import Filing


def _styles() -> dict[str, ParagraphStyle]:
    font = cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=21, firstLineIndent=24, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=22, leading=30, alignment=TA_CENTER, spaceAfter=14),
        "head": ParagraphStyle("head", fontName=font, fontSize=13, leading=22, spaceBefore=8, spaceAfter=2),
        "body": body,
        "plain": ParagraphStyle("plain", parent=body, firstLineIndent=0),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT, firstLineIndent=0),
        "small": ParagraphStyle("small", fontName=font, fontSize=8.5, leading=12, textColor="#666666", wordWrap="CJK"),
    }


def _party_line(party) -> str:  # type: ignore[no-untyped-def]
    role = party.get_role_display()
    if party.kind == "natural":
        bits = [f"{role}：{party.name}"]
        if party.id_number:
            bits.append(f"公民身份号码：{party.id_number}")
    else:
        bits = [f"{role}：{party.name}"]
        if party.credit_code:
            bits.append(f"统一社会信用代码：{party.credit_code}")
        if party.legal_representative:
            bits.append(f"法定代表人：{party.legal_representative}")
    if party.address:
        bits.append(f"住所地：{party.address}")
    if party.phone:
        bits.append(f"联系电话：{party.phone}")
    return "，".join(bits) + "。"


def complaint_pdf(filing: Filing, *, draft: bool = True) -> bytes:
    """The complaint of `filing`; a draft carries a 预览 watermark line and no signature time."""
    s = _styles()
    out = io.BytesIO()
    doc = document_template(
        out,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=30 * mm,
        bottomMargin=25 * mm,
        title=f"民事起诉状 {filing.reference}",
        author="smartcourt",
    )
    story: list = [paragraph("民事起诉状", s["title"])]
    if draft:
        story.append(paragraph(f"（预览稿，申请号 {filing.reference}，提交前可修改）", s["small"]))
        story.append(Spacer(1, 6))
    parties = list(filing.parties.all())
    for party in parties:
        story.append(paragraph(_party_line(party), s["plain"]))
    story.append(Spacer(1, 4))
    story.append(paragraph("诉讼请求：", s["head"]))
    for n, claim in enumerate(filing.claims or [], start=1):
        amount = f"（金额：{claim['amount']}元）" if claim.get("amount") else ""
        story.append(paragraph(f"{n}. {claim.get('text', '')}{amount}", s["body"]))
    if filing.claim_amount is not None:
        story.append(paragraph(f"诉讼标的额合计：{filing.claim_amount}元。", s["body"]))
    story.append(paragraph("事实与理由：", s["head"]))
    for para in (filing.facts or "").splitlines():
        if para.strip():
            story.append(paragraph(para.strip(), s["body"]))
    evidence = list(filing.evidence.all())
    if evidence:
        story.append(paragraph("证据和证据来源：", s["head"]))
        rows = [["序号", "证据名称", "来源", "证明目的"]]
        for n, item in enumerate(evidence, start=1):
            rows.append(
                [
                    str(n),
                    paragraph(item.title, s["plain"]),
                    paragraph(item.source or "—", s["plain"]),
                    paragraph(item.purpose or "—", s["plain"]),
                ]
            )
        table = Table(rows, colWidths=[12 * mm, 50 * mm, 35 * mm, 58 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), cjk_font(), 10.5),
                    ("GRID", (0, 0), (-1, -1), 0.5, "#888888"),
                    ("BACKGROUND", (0, 0), (-1, 0), "#f1f1f1"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    story.append(Spacer(1, 14))
    story.append(paragraph("此致", s["plain"]))
    story.append(paragraph(filing.court.name if filing.court else "（受诉人民法院）", s["plain"]))
    story.append(Spacer(1, 18))
    signer = filing.signature_name or "（待签名）"
    story.append(paragraph(f"具状人：{signer}", s["right"]))
    when = (
        filing.signed_at.astimezone().strftime("%Y年%m月%d日") if filing.signed_at and not draft else "    年  月  日"
    )
    story.append(paragraph(when, s["right"]))
    story.append(Spacer(1, 18))
    story.append(
        paragraph(
            f"本起诉状通过网上立案提交（申请号 {filing.reference}）。附：起诉状副本按被告人数提交"
            "（民事诉讼法第一百二十三条），证据材料见证据清单。",
            s["small"],
        )
    )
    doc.build(story)
    return out.getvalue()
