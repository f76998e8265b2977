"""PDFs of the service app: the service certificate (送达回证, 民诉法 Art. 87; for e-service the electronic
service voucher with the certificate's effect, 在线诉讼规则 Art. 31(3)) and documents the service centre
generates in batch (传票, 通知书).

reportlab with the Adobe-GB1 CID font STSong-Light (no font file needed; readers map it to an installed Song face).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from smartcourt.core.pdf import cjk_font, document_template, paragraph

from .selectors import service_read_evidence

if TYPE_CHECKING:
    from .models import ServiceTask


def _styles() -> dict[str, ParagraphStyle]:
    f = cjk_font()
    return {
        "court": ParagraphStyle("court", fontName=f, fontSize=16, leading=24, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=f, fontSize=22, leading=32, alignment=TA_CENTER, spaceAfter=8),
        "cell": ParagraphStyle("cell", fontName=f, fontSize=10.5, leading=15, wordWrap="CJK"),
        "small": ParagraphStyle("small", fontName=f, fontSize=8.5, leading=12, wordWrap="CJK", textColor=colors.grey),
        "body": ParagraphStyle("body", fontName=f, fontSize=10.5, leading=17, firstLineIndent=21, wordWrap="CJK"),
    }


def _local(dt: object) -> str:
    return timezone.localtime(dt).strftime("%Y年%m月%d日 %H:%M:%S") if dt else "—"  # type: ignore[arg-type]


def certificate_pdf(task: ServiceTask) -> bytes:
    """送达回证 of a served task: what, to whom, how, when and why that moment; every attempt; the event hashes."""
    from .models import Channel

    s = _styles()
    buf = io.BytesIO()
    doc = document_template(
        buf,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=15 * mm,
        bottomMargin=12 * mm,
        title=f"送达回证 {task.case.number}",
        author=task.court.name,
        creator="smartcourt",
    )
    electronic = task.served_channel in (Channel.PLATFORM, Channel.SMS, Channel.EMAIL)
    served_attempt = task.served_attempt
    rows = [
        ("案号", task.case.number),
        ("案由/案件", task.case.title),
        ("送达文书", f"{task.title}（{task.get_document_type_display()}）"),
        ("受送达人", f"{task.person.name}（{task.party.get_role_display()}）"),
        ("送达地址", served_attempt.target if served_attempt else "—"),
        ("送达方式", task.get_served_channel_display()),
        ("送达时间", _local(task.served_at)),
        ("送达日期", task.served_on.strftime("%Y年%m月%d日") if task.served_on else "—"),
        ("生效依据", "\n".join(task.served_basis)),
    ]
    if served_attempt is not None and served_attempt.evidence:
        ev = served_attempt.evidence
        lines = []
        if ev.get("signer"):
            lines.append(
                f"签收人：{ev['signer']}{('（' + ev['relation_label'] + '）') if ev.get('relation_label') else ''}"
            )
        if ev.get("outcome_label"):
            lines.append(f"送达情况：{ev['outcome_label']}")
        if ev.get("latitude") is not None:
            lines.append(
                f"位置：北纬{ev['latitude']:.6f}，东经{ev['longitude']:.6f}（精度约{ev.get('accuracy', '?')}米）"
            )
        if ev.get("photo_sha256"):
            lines.append(f"现场照片 SHA-256：{ev['photo_sha256']}")
        if ev.get("tracking_number"):
            lines.append(f"邮件号：{ev['tracking_number']}")
        if ev.get("witness"):
            lines.append(f"见证人：{ev['witness']}")
        if lines:
            rows.append(("送达凭据", "\n".join(lines)))
    for read in service_read_evidence(task=task):  # who signed, and how they proved to be the recipient (ADR 0015)
        lines = [
            f"阅知时间：{_local(read.at)}（第{read.attempt_seq}次送达，{read.channel}）"
            + ("，即送达时间" if read.legal_moment else ""),
            f"验证方式：{read.auth_label}" + (f"（登录账户 {read.account}）" if read.account else ""),
            f"网络地址：{read.ip or '—'}",
            f"设备（浏览器）：{read.user_agent or '—'}",
            f"阅知事件 SHA-256（已存证）：{read.sha256}",
        ]
        rows.append(("阅知凭据", "\n".join(lines)))
    table = Table(
        [[paragraph(k, s["cell"]), paragraph(v, s["cell"])] for k, v in rows],
        colWidths=[32 * mm, 138 * mm],
        hAlign="CENTER",
    )
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f3f4f6")),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
    )
    table.setStyle(grid)
    story = [
        paragraph(task.court.name, s["court"]),
        paragraph("电子送达凭证（送达回证）" if electronic else "送 达 回 证", s["title"]),
        table,
        Spacer(1, 6 * mm),
    ]
    attempts = [["次序", "送达方式", "地址", "发出", "结果"]]
    for a in task.attempts.all():
        attempts.append(
            [str(a.seq), a.get_channel_display(), a.target or "—", _local(a.sent_at), a.get_state_display()]
        )
    at = Table(
        [[paragraph(c, s["cell"]) for c in row] for row in attempts],
        colWidths=[12 * mm, 36 * mm, 52 * mm, 40 * mm, 30 * mm],
        hAlign="CENTER",
    )
    at.setStyle(grid)
    story += [
        paragraph("送达过程（全程留痕，在线诉讼规则第三十一条第三款）", s["cell"]),
        Spacer(1, 2 * mm),
        at,
        Spacer(1, 6 * mm),
    ]
    events = [["时间", "事件", "SHA-256（已存证）"]]
    for e in task.events.all():
        events.append([_local(e.occurred_at), e.summary[:60], e.sha256])
    et = Table(
        [[paragraph(c, s["small"]) for c in row] for row in events],
        colWidths=[34 * mm, 66 * mm, 70 * mm],
        hAlign="CENTER",
    )
    et.setStyle(grid)
    story += [et, Spacer(1, 4 * mm)]
    if electronic:
        story.append(
            paragraph(
                "本凭证由送达平台根据系统记录自动生成，具有送达回证效力（《人民法院在线诉讼规则》第三十一条第三款）。"
                "受送达人需要纸质判决书、裁定书、调解书的，人民法院应当提供（《民事诉讼法》第九十条第一款）。",
                s["body"],
            )
        )
    else:
        story.append(
            paragraph(
                "送达诉讼文书必须有送达回证，由受送达人在送达回证上记明收到日期，签名或者盖章；"
                "受送达人在送达回证上的签收日期为送达日期（《民事诉讼法》第八十七条）。",
                s["body"],
            )
        )
        story.append(Spacer(1, 10 * mm))
        story.append(
            paragraph(
                f"送达人：{task.served_attempt.actor.get_full_name() if task.served_attempt and task.served_attempt.actor else '—'}",
                s["cell"],
            )
        )
    story.append(Spacer(1, 6 * mm))
    story.append(
        paragraph(f"生成时间：{_local(timezone.now())}；核验：以本文件 SHA-256 在“存证核验”页面查询。", s["small"])
    )
    doc.build(story)
    return buf.getvalue()


def document_pdf(*, court_name: str, case_number: str, title: str, recipient: str, body: str) -> bytes:
    """A document the service centre generates in batch (传票, 通知书 …) for one recipient."""
    s = _styles()
    buf = io.BytesIO()
    doc = document_template(
        buf, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm, bottomMargin=25 * mm,
        title=f"{title} {case_number}", author=court_name, creator="smartcourt",
    )  # fmt: skip
    story = [
        paragraph(court_name, s["court"]),
        paragraph(title, s["title"]),
        paragraph(case_number, ParagraphStyle("no", parent=s["cell"], alignment=2)),
        Spacer(1, 6 * mm),
        paragraph(f"{recipient}：", s["cell"]),
        Spacer(1, 2 * mm),
    ]
    for para in (body or "").splitlines():
        if para.strip():
            story.append(paragraph(para.strip(), s["body"]))
    story += [Spacer(1, 14 * mm), paragraph(court_name, ParagraphStyle("sig", parent=s["cell"], alignment=2))]
    story.append(
        paragraph(timezone.localdate().strftime("%Y年%m月%d日"), ParagraphStyle("d", parent=s["cell"], alignment=2))
    )
    doc.build(story)
    return buf.getvalue()
