"""Demo powers of attorney (立案后委托): demo_party authorises demo_lawyer on two of their registered cases at the demo
court, through the real services — one accepted by the case's clerk (demo_lawyer represents the party from then on,
the document is in the dossier), one still waiting for the court's review (it shows on demo_clerk's workbench).

Idempotent: a case whose party already submitted one is left alone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from smartcourt.cases.models import CaseParty, PowerOfAttorney
from smartcourt.cases.services import power_of_attorney_review, power_of_attorney_submit
from smartcourt.courts.models import User
from smartcourt.dossier.pdfkit import spaced, text_document_pdf

DEMO_COURT = "苏0508"


def _signed_pdf(*, principal: str, lawyer: User, case_number: str, matters: str, powers: str) -> bytes:
    return text_document_pdf(
        title=spaced("授权委托书"),
        number=case_number,
        paragraphs=[
            f"委托人：{principal}",
            f"受托人：{lawyer.get_full_name()}，{lawyer.law_firm}律师，执业证号{lawyer.lawyer_licence_no}",
            f"委托事项：{matters}",
            f"代理权限：{powers}",
            "特此委托。",
        ],
        closing=[f"委托人：{principal}（签名）"],
    )


def demo_seed(*, seed: int, log: Callable[[str], object]) -> int:
    party_user = User.objects.filter(username="demo_party").first()
    lawyer = User.objects.filter(username="demo_lawyer").first()
    clerk = User.objects.filter(username="demo_clerk").first()
    if party_user is None or lawyer is None or clerk is None:
        log("    未找到演示当事人、律师或书记员，跳过授权委托示例。")
        return 0
    candidates = (
        CaseParty.objects.filter(
            person__user=party_user, case__court__code=DEMO_COURT, case__state__in=["registered", "in_trial"]
        )
        .exclude(case__judge__isnull=True)
        .select_related("case__judge", "case__assistant", "case__clerk", "person")
        .order_by("case__filed_on", "case_id")
    )
    # demo_clerk's cases first, so the pending one shows on that workbench
    rows = sorted(candidates, key=lambda p: p.case.clerk_id != clerk.pk)[:2]
    made = 0
    for n, party in enumerate(rows):
        if PowerOfAttorney.objects.filter(party=party).exists():
            continue
        powers = ["settle", "appeal"] if n == 0 else []
        matters = "代为参加本案第一审诉讼，代为调查取证、参加庭审、签收法律文书"
        with transaction.atomic():
            power = power_of_attorney_submit(
                party=party,
                actor=party_user,
                lawyer=lawyer,
                matters=matters,
                special_powers=powers,
                document=_signed_pdf(
                    principal=party.person.name,
                    lawyer=lawyer,
                    case_number=party.case.number,
                    matters=matters,
                    powers="特别授权：进行和解、提起上诉" if powers else "一般授权",
                ),
                document_name="授权委托书.pdf",
            )
            reviewer = party.case.clerk or party.case.assistant or party.case.judge
            if n == 0 and reviewer is not None:  # the case's clerk (or, without one, its judge) accepts the first
                power_of_attorney_review(power=power, actor=reviewer, accept=True, note="委托书经委托人签名，材料齐全")
        made += 1
    log(
        f"    授权委托书 {made} 份（第 1 份已接受，其余待法院审查）"
        if made
        else "    授权委托示例已存在或无可用案件，跳过"
    )
    return made
