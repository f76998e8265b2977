"""The mediation papers, rendered in ONE place so the lead can switch them to the documents app's path (templates,
seal) after the merge: the mediation agreement (调解协议) and the ruling confirming it (确认调解协议裁定书).

Both go through the project's one PDF path (smartcourt.core.pdf: reportlab, the CJK font, identical bytes for
identical content), take plain values and never query.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from smartcourt.core.pdf import cjk_font, document_template, paragraph


@dataclass(frozen=True)
class PaperParty:
    side: str  # 申请人 / 被申请人
    name: str
    detail: str = ""


def _styles() -> dict[str, ParagraphStyle]:
    f = cjk_font()
    return {
        "head": ParagraphStyle("head", fontName=f, fontSize=16, leading=24, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=f, fontSize=22, leading=32, alignment=TA_CENTER, spaceAfter=6),
        "no": ParagraphStyle("no", fontName=f, fontSize=11, leading=16, alignment=TA_RIGHT),
        "body": ParagraphStyle("body", fontName=f, fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24),
        "plain": ParagraphStyle("plain", fontName=f, fontSize=12, leading=20, wordWrap="CJK"),
        "right": ParagraphStyle("right", fontName=f, fontSize=12, leading=20, alignment=TA_RIGHT),
    }


def _doc(buf: io.BytesIO, title: str, author: str) -> Any:
    return document_template(
        buf, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=22 * mm, bottomMargin=20 * mm,
        title=title, author=author, creator="smartcourt",
    )  # fmt: skip


def agreement_pdf(
    *, number: str, body_name: str, mediator: str, parties: list[PaperParty], cause_name: str, facts: str,
    terms: list[str], drawn_on: date,
) -> bytes:  # fmt: skip
    """调解协议书 (人民调解法 Art. 28–29): the parties, the dispute, the terms; signed online by every party."""
    s = _styles()
    buf = io.BytesIO()
    doc = _doc(buf, f"调解协议书 {number}", body_name)
    story = [
        paragraph(body_name, s["head"]),
        paragraph("调 解 协 议 书", s["title"]),
        paragraph(number, s["no"]),
        Spacer(1, 3 * mm),
    ]
    story += [paragraph(f"{p.side}：{p.name}" + (f"，{p.detail}" if p.detail else ""), s["plain"]) for p in parties]
    story += [
        Spacer(1, 3 * mm),
        paragraph(f"纠纷类型：{cause_name}", s["plain"]),
        paragraph(f"纠纷简要事实、争议事项：{facts or '见调解记录。'}", s["body"]),
        paragraph("经调解，双方自愿达成如下协议：", s["body"]),
        *[paragraph(f"{i}. {t}", s["body"]) for i, t in enumerate(terms, 1)],
        paragraph(
            "本协议自各方当事人签名之日起生效，具有法律约束力，当事人应当按照约定履行（《人民调解法》第二十九条、第三十一条）。"
            "双方可以自本协议生效之日起三十日内共同向人民法院申请司法确认（《民事诉讼法》第二百零五条）。",
            s["body"],
        ),
        Spacer(1, 8 * mm),
        *[paragraph(f"{p.side}（签名）：________", s["plain"]) for p in parties],
        paragraph(f"调解员：{mediator}", s["plain"]),
        Spacer(1, 6 * mm),
        paragraph(body_name, s["right"]),
        paragraph(f"{drawn_on:%Y年%m月%d日}", s["right"]),
    ]
    doc.build(story)
    return buf.getvalue()


def confirmation_ruling_pdf(
    *, court_name: str, case_number: str, parties: list[PaperParty], body_name: str, agreement_number: str,
    agreed_on: date, terms: list[str], confirmed: bool, reason: str, judge: str, decided_on: date,
) -> bytes:  # fmt: skip
    """确认调解协议裁定书 (民诉法 Art. 205–206): valid → confirmed and enforceable; otherwise the application is
    dismissed and the parties may change the agreement, mediate again or sue."""
    s = _styles()
    buf = io.BytesIO()
    doc = _doc(buf, f"民事裁定书 {case_number}", court_name)
    story = [
        paragraph(court_name, s["head"]),
        paragraph("民 事 裁 定 书", s["title"]),
        paragraph(case_number, s["no"]),
        Spacer(1, 3 * mm),
        *[paragraph(f"申请人：{p.name}" + (f"，{p.detail}" if p.detail else ""), s["plain"]) for p in parties],
        Spacer(1, 3 * mm),
        paragraph(
            f"申请人于{agreed_on:%Y年%m月%d日}经{body_name}主持调解，达成调解协议（{agreement_number}），"
            "并共同向本院申请司法确认。本院受理后依法进行了审查。",
            s["body"],
        ),
        paragraph("调解协议内容如下：", s["body"]),
        *[paragraph(f"{i}. {t}", s["body"]) for i, t in enumerate(terms, 1)],
    ]
    if confirmed:
        story += [
            paragraph(
                "本院经审查认为，申请人达成的调解协议符合司法确认调解协议的法定条件。"
                "依照《中华人民共和国民事诉讼法》第二百零五条、第二百零六条规定，裁定如下：",
                s["body"],
            ),
            paragraph(f"申请人经{body_name}主持调解达成的调解协议有效。", s["body"]),
            paragraph(
                "当事人应当按照调解协议的约定自觉履行义务。一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请执行。",
                s["body"],
            ),
        ]
    else:
        story += [
            paragraph(
                f"本院经审查认为，{reason}依照《中华人民共和国民事诉讼法》第二百零六条规定，裁定如下：", s["body"]
            ),
            paragraph("驳回申请人的司法确认申请。", s["body"]),
            paragraph(
                "当事人可以通过调解方式变更原调解协议或者达成新的调解协议，也可以向人民法院提起诉讼。", s["body"]
            ),
        ]
    story += [
        paragraph("本裁定书自即日起发生法律效力。", s["body"]),
        Spacer(1, 12 * mm),
        paragraph(f"审判员　{judge}", s["right"]),
        paragraph(f"{decided_on:%Y年%m月%d日}", s["right"]),
    ]
    doc.build(story)
    return buf.getvalue()
