"""The enforcement documents (执行文书), one function per document, each taking plain data and returning PDF bytes
through `core.pdf` (deterministic bytes). After the documents app is merged the lead switches these onto its
templates and seal; the services only call the functions here."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from smartcourt.core.pdf import cjk_font, document_template, paragraph


@dataclass(frozen=True)
class Heading:
    court_name: str
    case_number: str
    on: date


def _render(head: Heading, title: str, body: list[str], closing: str = "") -> bytes:
    font = cjk_font()
    h1 = ParagraphStyle("h1", fontName=font, fontSize=18, leading=26, alignment=1)
    h2 = ParagraphStyle("h2", fontName=font, fontSize=14, leading=22, alignment=1)
    right = ParagraphStyle("r", fontName=font, fontSize=11, leading=18, alignment=2)
    text = ParagraphStyle("t", fontName=font, fontSize=12, leading=22, firstLineIndent=24)
    out = io.BytesIO()
    doc = document_template(out, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=30 * mm, title=title)
    story = [
        paragraph(head.court_name, h1),
        paragraph(title, h2),
        paragraph(head.case_number, right),
        Spacer(1, 6 * mm),
    ]
    story += [paragraph(line, text) for line in body]
    story += [
        Spacer(1, 12 * mm),
        paragraph(closing or head.court_name, right),
        paragraph(f"{head.on:%Y年%m月%d日}", right),
    ]
    doc.build(story)
    return out.getvalue()


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}元"


def freeze_order(
    head: Heading, *, debtor: str, holder: str, identifier: str, amount: Decimal, until: date, basis: str
) -> bytes:
    """协助冻结存款通知书 / 查封裁定."""
    return _render(
        head,
        "执行裁定书（冻结、查封）",
        [
            f"被执行人：{debtor}。",
            f"本院依照{basis}，裁定冻结、查封被执行人{debtor}在{holder}的财产（账号/权证号 {identifier}），"
            f"以{_yuan(amount)}为限，期限至{until:%Y年%m月%d日}。",
            "本裁定立即执行。期限届满前可申请续行冻结、查封。",
        ],
    )


def deduction_order(
    head: Heading, *, debtor: str, holder: str, identifier: str, amount: Decimal, account: str
) -> bytes:
    """协助扣划通知书."""
    return _render(
        head,
        "协助执行通知书（扣划）",
        [
            f"{holder}：",
            f"请协助扣划被执行人{debtor}账户 {identifier} 中的存款{_yuan(amount)}，划至本院执行案款账户 {account}。",
        ],
    )


def release_order(head: Heading, *, debtor: str, holder: str, identifier: str, reason: str) -> bytes:
    """解除冻结、查封裁定."""
    return _render(
        head,
        "执行裁定书（解除冻结、查封）",
        [f"被执行人：{debtor}。", f"因{reason}，裁定解除对{holder}账号/权证号 {identifier} 财产的冻结、查封。"],
    )


def report_property_order(head: Heading, *, debtor: str, basis: str, due: date) -> bytes:
    """报告财产令."""
    return _render(
        head,
        "报告财产令",
        [
            f"{debtor}：",
            f"依照{basis}，责令你于{due:%Y年%m月%d日}前如实向本院报告当前以及收到执行通知之日前一年的财产情况。"
            "拒绝报告或者虚假报告的，本院将依法予以罚款、拘留，并可纳入失信被执行人名单。",
        ],
    )


def consumption_restriction_order(head: Heading, *, debtor: str, basis: str) -> bytes:
    """限制消费令."""
    return _render(
        head,
        "限制消费令",
        [
            f"被执行人：{debtor}。",
            f"因被执行人未按执行通知书指定的期间履行生效法律文书确定的给付义务，依照{basis}，"
            "对被执行人采取限制消费措施，不得乘坐飞机、列车软卧、轮船二等以上舱位，不得在星级以上宾馆、酒店等场所进行高消费。",
        ],
    )


def dishonest_decision(head: Heading, *, debtor: str, ground: str, until: date, basis: str) -> bytes:
    """纳入失信被执行人名单决定书."""
    return _render(
        head,
        "决定书（纳入失信被执行人名单）",
        [
            f"被执行人：{debtor}。",
            f"被执行人{ground}，依照{basis}，决定将其纳入失信被执行人名单，期限至{until:%Y年%m月%d日}。",
        ],
    )


def exit_ban_decision(head: Heading, *, debtor: str, basis: str) -> bytes:
    """限制出境决定书."""
    return _render(head, "决定书（限制出境）", [f"被执行人：{debtor}。", f"依照{basis}，决定对被执行人限制出境。"])


def search_order(head: Heading, *, debtor: str, place: str, basis: str) -> bytes:
    """搜查令."""
    return _render(
        head, "搜查令", [f"被执行人：{debtor}。", f"依照{basis}，对{place or '被执行人住所及财产隐匿地'}进行搜查。"]
    )


def detention_decision(head: Heading, *, debtor: str, days: int, reason: str, basis: str) -> bytes:
    """拘留决定书."""
    return _render(
        head,
        "拘留决定书",
        [f"被拘留人：{debtor}。", f"因{reason or '拒不履行生效法律文书确定的义务'}，依照{basis}，决定拘留{days}日。"],
    )


def revocation_decision(head: Heading, *, debtor: str, measure: str, reason: str) -> bytes:
    """解除/撤销措施决定书."""
    return _render(
        head, "决定书（解除措施）", [f"被执行人：{debtor}。", f"因{reason}，决定解除对被执行人的{measure}。"]
    )


def closing_ruling(head: Heading, *, applicant: str, debtor: str, method: str, reason: str) -> bytes:
    """结案文书 (执行完毕通知 / 终本裁定 / 终结执行裁定 …)."""
    return _render(head, f"执行裁定书（{method}）", [f"申请执行人：{applicant}。", f"被执行人：{debtor}。", reason])


def auction_notice(
    head: Heading,
    *,
    debtor: str,
    item: str,
    valuation: Decimal,
    reserve: Decimal,
    starts: date,
    platform: str,
    basis: str,
) -> bytes:
    """拍卖公告."""
    return _render(
        head,
        "拍卖公告",
        [
            f"本院将于{starts:%Y年%m月%d日}在{platform}对被执行人{debtor}名下的{item}进行公开拍卖。",
            f"评估价{_yuan(valuation)}，起拍价{_yuan(reserve)}（{basis}）。",
            "竞买人应在拍卖开始前交纳保证金。拍卖成交的价款将划入本院执行案款账户。",
        ],
    )
