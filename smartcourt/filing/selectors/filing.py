"""Reads for online filing: a filing for a user, the review queue with its 7-day clock, triage hit rate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from smartcourt.cases.rules.case_numbers import InvalidCaseNumber, parse_case_number
from smartcourt.cases.selectors_causes import cause_list_by_names
from smartcourt.core.errors import Forbidden, NotFound
from smartcourt.courts.permissions import Action, Resource, allows, grant_courts, visible_q
from smartcourt.legaltime.selectors import calendar_load, deadline_due

from ..models import Evidence, FeeNotice, Filing, FilingEvent, FilingState, Track

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from smartcourt.cases.models import CauseOfAction
    from smartcourt.courts.models import Court, User


# Why a person who may read a filing may not write it (FILING/CHANGE is the filer's OWN grant only).
FILER_ONLY = "立案申请的内容只能由申请人本人或其委托的律师填写和修改；法院工作人员通过立案审查（登记立案、通知补正、不予受理）处理。"


def filing_visible_to(*, user: User, action: Action = Action.VIEW) -> QuerySet[Filing]:
    return Filing.objects.filter(visible_q(user=user, resource=Resource.FILING, action=action))


def filing_get(*, filing_id: int) -> Filing | None:
    """The filing for the platform's own background work (a hand-off's receiver), which acts for no user: no access
    check, so a request must use `filing_get_for_user`."""
    return Filing.objects.select_related("court", "cause", "case", "filer").filter(pk=filing_id).first()


def filing_get_for_user(*, filing_id: int, user: User, action: Action = Action.VIEW) -> Filing:
    """The filing if `user` may see it; a missing and a hidden filing raise the same NotFound (a draft is hidden
    from everyone but its filer and their lawyer). One they may see but not `action` on is Forbidden."""
    filing = (
        filing_visible_to(user=user)
        .select_related("court", "receiving_court", "cause", "case", "filer", "decided_by")
        .filter(pk=filing_id)
        .first()
    )
    if filing is None:
        raise NotFound()
    if action != Action.VIEW and not allows(user=user, resource=Resource.FILING, action=action, obj=filing):
        raise Forbidden(FILER_ONLY) if action == Action.CHANGE else Forbidden()
    return filing


def filing_list_for_filer(*, user: User) -> QuerySet[Filing]:
    """ "My filings": those I filed or a party authorised me for, newest first."""
    return (
        filing_visible_to(user=user)
        .filter(Q(filer=user) | Q(authorisations__lawyer=user, authorisations__revoked_at__isnull=True))
        .distinct()
        .select_related("court", "case", "cause")
        .order_by("-updated_at", "-id")
    )


def filing_lookup_public(*, reference: str, code: str) -> Filing | None:
    """Public progress lookup: the filing reference (立案申请号) or, once accepted, the case number (案号) it became,
    plus its verification code (查询码). A wrong pair finds nothing and says not which half was wrong, so neither a
    reference nor a case number can be confirmed without the code printed on the filer's receipt."""
    ref, code = (reference or "").strip().upper(), (code or "").strip().upper()
    if not ref or not code:
        return None
    filings = Filing.objects.select_related("court", "case", "case__court", "case__judge", "receiving_court")
    try:
        number = str(parse_case_number(ref))
    except InvalidCaseNumber:
        filing = filings.filter(reference=ref).first()
    else:
        filing = filings.filter(case__number=number).first()
    if filing is None or filing.state == FilingState.DRAFT:
        return None
    from django.utils.crypto import constant_time_compare

    return filing if constant_time_compare(filing.verification_code, code) else None


def filing_public_events(*, filing: Filing) -> QuerySet[FilingEvent]:
    return filing.events.filter(public=True).order_by("occurred_at", "id")


def filing_events(*, filing: Filing) -> QuerySet[FilingEvent]:
    return filing.events.select_related("actor").order_by("occurred_at", "id")


def filing_evidence(*, filing: Filing) -> QuerySet[Evidence]:
    return filing.evidence.order_by("position", "id")


def evidence_get_for_user(*, evidence_id: int, user: User) -> Evidence:
    item = Evidence.objects.select_related("filing").filter(pk=evidence_id).first()
    if item is None or not allows(user=user, resource=Resource.FILING, action=Action.VIEW, obj=item.filing):
        raise NotFound()
    return item


# ---------------------------------------------------------------- hand-over to the dossier (accepted filings)


@dataclass(frozen=True)
class IntakeEvidence:
    """One evidence file of an accepted filing, as the dossier files it (read it with `filing_evidence_content`)."""

    evidence_id: int
    title: str
    original_name: str
    purpose: str
    sha256: str


@dataclass(frozen=True)
class FilingIntakeBundle:
    """What the dossier takes in from an accepted filing: the complaint as filed and the evidence list."""

    filing_id: int
    reference: str
    case_id: int
    complaint_pdf: bytes  # 民事起诉状 as filed (民诉法 Art. 124), rendered deterministically: one filing, one file
    complaint_filename: str
    evidence: tuple[IntakeEvidence, ...]


def filing_intake_bundle(*, filing_id: int) -> FilingIntakeBundle | None:
    """The accepted filing `filing_id` as plain data for the dossier's intake; None when it has no case (yet)."""
    from ..complaint_pdf import complaint_pdf

    filing = Filing.objects.select_related("court", "case").filter(pk=filing_id).first()
    if filing is None or filing.case_id is None:
        return None
    return FilingIntakeBundle(
        filing_id=filing.pk,
        reference=filing.reference,
        case_id=filing.case_id,
        complaint_pdf=complaint_pdf(filing, draft=False),
        complaint_filename=f"起诉状-{filing.reference}.pdf",
        evidence=tuple(
            IntakeEvidence(
                evidence_id=e.pk, title=e.title, original_name=e.original_name, purpose=e.purpose, sha256=e.sha256
            )
            for e in filing.evidence.all()
        ),
    )


def filing_evidence_content(*, evidence_id: int) -> bytes:
    """The stored bytes of one evidence file (OSError when the file cannot be read)."""
    item = Evidence.objects.filter(pk=evidence_id).first()
    if item is None:
        raise FileNotFoundError(f"evidence {evidence_id} does not exist")
    with item.file.open("rb") as fh:
        return bytes(fh.read())


@dataclass(frozen=True)
class QueueItem:
    filing: Filing
    due: date | None
    days_left: int | None
    explanation: list[str]
    level: str  # overdue / today / soon / ok


def filing_review_courts(*, user: User | AnonymousUser) -> set[int]:
    """Courts where `user` reviews filings, receives them for other courts and confirms fees: where the table gives
    FILING/REVIEW court-wide."""
    return grant_courts(user=user, resource=Resource.FILING, action=Action.REVIEW)


def review_queue(*, user: User, court: Court | None = None, today: date | None = None) -> list[QueueItem]:
    """Filings awaiting review at the courts where `user` reviews, oldest deadline first, each with its clock
    (民诉法 Art. 126: 7 days, counted by `civil.filing_review`)."""
    today = today or timezone.localdate()
    courts = filing_review_courts(user=user)
    qs = (
        filing_visible_to(user=user)
        .filter(state=FilingState.SUBMITTED, court_id__in=courts)
        .select_related("court", "cause", "filer", "receiving_court")
        .prefetch_related("parties")
        .order_by("review_due_on", "submitted_at")
    )
    if court is not None:
        qs = qs.filter(court=court)
    calendar = calendar_load()
    items = []
    for filing in qs[:200]:
        result = (
            deadline_due(rule="civil.filing_review", start=filing.clock_started_on, calendar=calendar)
            if filing.clock_started_on
            else None
        )
        due = result.due if result else None
        days = (due - today).days if due else None
        level = (
            "ok" if days is None else "overdue" if days < 0 else "today" if days == 0 else "soon" if days <= 2 else "ok"
        )
        items.append(QueueItem(filing, due, days, result.explanation if result else [], level))
    return items


def received_for_forwarding(*, user: User) -> QuerySet[Filing]:
    """跨域立案: filings received at my court's counter for another court, awaiting check and forwarding."""
    courts = filing_review_courts(user=user)
    return (
        Filing.objects.filter(receiving_court_id__in=courts)
        .select_related("court", "receiving_court", "case")
        .order_by("-submitted_at")
    )


def correction_open(*, filing: Filing) -> Any:
    return filing.corrections.filter(resolved_at__isnull=True).order_by("-created_at").first()


def fee_notice_for_filing(*, filing: Filing) -> FeeNotice | None:
    return FeeNotice.objects.filter(filing=filing).prefetch_related("payments", "refunds").first()


def fee_notices_pending_confirmation(*, user: User) -> QuerySet[FeeNotice]:
    courts = filing_review_courts(user=user)
    return (
        FeeNotice.objects.filter(case__court_id__in=courts, state=FeeNotice.State.PENDING)
        .select_related("case", "filing")
        .prefetch_related("payments")
        .order_by("due_on")
    )


def triage_stats_courts(*, user: User | AnonymousUser) -> set[int]:
    """Courts whose triage statistics `user` reads: where they review filings (FILING/CHANGE court-wide) and where they
    supervise trials court-wide (CASE/SUPERVISE: presidents and trial management, 审管办)."""
    return filing_review_courts(user=user) | grant_courts(user=user, resource=Resource.CASE, action=Action.SUPERVISE)


def triage_stats(*, user: User) -> dict[str, Any]:
    """Hit rate of triage suggestions (繁简分流): how often the officer kept the suggested track, per track, over the
    courts of `triage_stats_courts`."""
    decided = Filing.objects.filter(court_id__in=triage_stats_courts(user=user), state=FilingState.ACCEPTED).exclude(
        triage_suggested=""
    )
    # one pass over the decided filings for every figure (a count per track and per outcome was ten queries)
    kept_q = Q(triage_final=models_F("triage_suggested"))
    counts = decided.aggregate(
        total=Count("id"),
        hits=Count("id", filter=kept_q),
        **{f"suggested_{t.value}": Count("id", filter=Q(triage_suggested=t.value)) for t in Track},
        **{f"kept_{t.value}": Count("id", filter=Q(triage_suggested=t.value) & kept_q) for t in Track},
    )
    total, hits = counts["total"], counts["hits"]
    rows = []
    for track in Track:
        n, kept = counts[f"suggested_{track.value}"], counts[f"kept_{track.value}"]
        rows.append({"track": track.label, "suggested": n, "kept": kept, "rate": (kept * 100 // n) if n else None})
    finals = dict(decided.values_list("triage_final").annotate(n=Count("id")).values_list("triage_final", "n"))
    overrides = list(
        decided.exclude(triage_final=models_F("triage_suggested")).select_related("case").order_by("-decided_at")[:20]
    )
    return {
        "total": total,
        "hits": hits,
        "rate": (hits * 100 // total) if total else None,
        "rows": rows,
        "finals": {Track(k).label: v for k, v in finals.items() if k},
        "overrides": overrides,
    }


def triage_panel_figures(*, user: User) -> dict[str, Any]:
    """The workbench panel's figures of `triage_stats` in one query: the decided filings with a suggestion, those
    whose suggested track was kept, and the overrides the statistics page lists (its most recent 20)."""
    decided = Filing.objects.filter(court_id__in=triage_stats_courts(user=user), state=FilingState.ACCEPTED).exclude(
        triage_suggested=""
    )
    kept_q = Q(triage_final=models_F("triage_suggested"))
    counts = decided.aggregate(
        total=Count("id"), hits=Count("id", filter=kept_q), overridden=Count("id", filter=~kept_q)
    )
    total, hits = counts["total"], counts["hits"]
    return {
        "total": total,
        "hits": hits,
        "rate": (hits * 100 // total) if total else None,
        "overridden": min(counts["overridden"], 20),  # as many as the page's list of recent overrides shows
    }


def models_F(name: str) -> Any:
    from django.db.models import F

    return F(name)


# Common civil causes offered first on the filing forms (the full tree is searchable); names as in the 2020 civil
# cause list.
COMMON_CAUSES = (
    "民间借贷纠纷",
    "买卖合同纠纷",
    "金融借款合同纠纷",
    "信用卡纠纷",
    "房屋租赁合同纠纷",
    "服务合同纠纷",
    "物业服务合同纠纷",
    "机动车交通事故责任纠纷",
    "追索劳动报酬纠纷",
    "装饰装修合同纠纷",
    "离婚纠纷",
    "继承纠纷",
)


def common_causes() -> list[CauseOfAction]:
    """The common civil causes (COMMON_CAUSES) present in the cause tree, in that order."""
    return cause_list_by_names(names=COMMON_CAUSES, kind="civil")


def online_hearing_consents(*, case_id: int, user_ids: list[int]) -> dict[int, bool]:
    """Each of `user_ids`' answer in force on holding the case's hearings online (在线诉讼规则 Art. 4–5, step
    `hearing`): True agreed, False refused; a user who never answered is absent."""
    from ..models import ConsentStep, OnlineConsent

    rows = (
        OnlineConsent.objects.filter(step=ConsentStep.HEARING, withdrawn_at__isnull=True, user_id__in=user_ids)
        .filter(Q(case_id=case_id) | Q(filing__case_id=case_id))
        .order_by("created_at", "pk")
        .values_list("user_id", "agreed")
    )
    return dict(rows)
