"""Reads of asynchronous cross-examination (异步质证): the parties a user acts for, each party's latest consent, the
rounds of a case, and the evidence with every opinion given on it (`evidence_with_opinions`, which the documents app's
drafting page inserts). No per-row queries: each read is a fixed number of queries whatever the number of items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from smartcourt.cases.selectors import case_parties, case_visible_to
from smartcourt.courts.permissions import Action, Resource
from smartcourt.dossier.selectors import document_list

from .models import (
    AsyncConsent,
    AsyncEvidence,
    AsyncKind,
    AsyncOpinion,
    AsyncRound,
    AsyncRoundState,
    AsyncStatement,
    AsyncTrialStep,
)
from .rules import asynchronous as A

if TYPE_CHECKING:
    from smartcourt.cases.models import Case, CaseParty
    from smartcourt.courts.models import User


def party_label(party: CaseParty) -> str:
    return f"{party.get_role_display()} {party.person.name}"


def case_parties_all(*, case: Case) -> list[CaseParty]:
    return list(case_parties(case=case))


def parties_acting_for(*, case: Case, user: User, on: date | None = None) -> list[CaseParty]:
    """The parties of `case` that `user` is, or represents under a representation in force `on` (today)."""
    day = on or timezone.localdate()
    in_force = (
        Q(representatives__user=user)
        & Q(representatives__starts_on__lte=day)
        & (Q(representatives__ends_on__isnull=True) | Q(representatives__ends_on__gt=day))
    )
    return list(
        case_parties(case=case).filter(Q(person__user=user) | in_force).distinct().order_by("role", "position", "pk")
    )


def consents_latest(*, case: Case, kind: str) -> dict[int, AsyncConsent | None]:
    """Every party of the case → its latest answer on `kind` (None: not given)."""
    out: dict[int, AsyncConsent | None] = {p.pk: None for p in case_parties(case=case)}
    for row in (
        AsyncConsent.objects.filter(case=case, kind=kind).select_related("given_by").order_by("occurred_at", "pk")
    ):
        out[row.party_id] = row
    return out


def consent_map(*, case: Case, kind: str) -> dict[int, bool | None]:
    return {pid: (row.consented if row else None) for pid, row in consents_latest(case=case, kind=kind).items()}


def consent_history(*, case: Case) -> QuerySet[AsyncConsent]:
    return (
        AsyncConsent.objects.filter(case=case)
        .select_related("party__person", "given_by")
        .order_by("-occurred_at", "-pk")
    )


def rounds_of_case(*, case: Case) -> QuerySet[AsyncRound]:
    return AsyncRound.objects.filter(case=case).select_related("opened_by", "report").order_by("-number")


def round_open_for_case(*, case: Case) -> AsyncRound | None:
    return AsyncRound.objects.filter(case=case, state=AsyncRoundState.OPEN).order_by("-number").first()


def round_get(*, round_id: int) -> AsyncRound | None:
    return AsyncRound.objects.select_related("case", "court", "opened_by", "report").filter(pk=round_id).first()


def round_get_for_user(*, round_id: int, user: User) -> AsyncRound | None:
    """The round if `user` may see the hearings of its case (the one permission table); else None."""
    cases = case_visible_to(user=user, action=Action.VIEW, resource=Resource.HEARING)
    return (
        AsyncRound.objects.select_related("case", "court", "opened_by", "report")
        .filter(pk=round_id, case_id__in=cases.values("pk"))
        .first()
    )


def evidence_candidates(*, case: Case) -> list[tuple[int, str, int | None]]:
    """The case's evidence in the dossier (卷宗目录“证据”): (document id, title, the party who most likely submitted
    it — the party whose account or representative added it — or None for the judge to choose)."""
    docs = list(document_list(case=case).filter(category="evidence").order_by("position", "pk"))
    parties = case_parties(case=case)
    by_user: dict[int, int] = {}
    for p in parties:
        if p.person.user_id:
            by_user.setdefault(p.person.user_id, p.pk)
        for r in p.representatives.all():
            if r.user_id:
                by_user.setdefault(r.user_id, p.pk)
    return [(d.pk, d.title, by_user.get(d.added_by_id) if d.added_by_id else None) for d in docs]


# --- the evidence with its opinions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AspectView:
    code: str  # authenticity | legality | relevance
    label: str  # 真实性 …
    verdict: str  # accept | dispute
    verdict_label: str  # 认可 | 不认可
    reason: str


@dataclass(frozen=True)
class OpinionView:
    id: int
    round_number: int
    reply: bool  # given in a reply round
    party_id: int
    party: str  # "被告 李四"
    author: str
    occurred_at: datetime
    aspects: tuple[AspectView, ...]
    disputed: bool
    attachment_id: int | None
    attachment_title: str


@dataclass
class EvidenceView:
    number: int
    document_id: int
    title: str
    submitted_by_id: int
    submitted_by: str
    item_ids: list[int] = field(default_factory=list)  # one per round that put it
    opinions: list[OpinionView] = field(default_factory=list)  # every opinion, oldest first
    latest: dict[int, OpinionView] = field(default_factory=dict)  # party id → its latest opinion

    @property
    def disputed(self) -> bool:
        """Flagged for the hearing: some party's latest opinion does not accept one of the three aspects."""
        return any(o.disputed for o in self.latest.values())

    @property
    def latest_list(self) -> list[OpinionView]:
        return sorted(self.latest.values(), key=lambda o: o.party)


def _opinion_view(o: AsyncOpinion, round_number: int, reply: bool) -> OpinionView:
    aspects = tuple(
        AspectView(
            code, label, getattr(o, code), A.VERDICT_LABELS.get(getattr(o, code), ""), getattr(o, f"{code}_reason")
        )
        for code, label in A.ASPECTS
    )
    return OpinionView(
        id=o.pk, round_number=round_number, reply=reply, party_id=o.party_id, party=party_label(o.party),
        author=o.author.get_full_name() or o.author.get_username(), occurred_at=o.occurred_at, aspects=aspects,
        disputed=o.disputed, attachment_id=o.attachment_id,
        attachment_title=o.attachment.title if o.attachment_id and o.attachment else "",
    )  # fmt: skip


def evidence_views(*, rounds: list[AsyncRound]) -> list[EvidenceView]:
    """The evidence put in `rounds` (one row per dossier document), with every opinion of those rounds."""
    if not rounds:
        return []
    by_round = {r.pk: r for r in rounds}
    items = list(
        AsyncEvidence.objects.filter(round_id__in=list(by_round))
        .select_related("submitted_by__person")
        .order_by("round__number", "number")
    )
    views: dict[int, EvidenceView] = {}
    item_doc: dict[int, int] = {}
    for it in items:
        item_doc[it.pk] = it.document_id
        view = views.get(it.document_id)
        if view is None:
            view = views[it.document_id] = EvidenceView(
                number=it.number, document_id=it.document_id, title=it.title, submitted_by_id=it.submitted_by_id,
                submitted_by=party_label(it.submitted_by),
            )  # fmt: skip
        view.item_ids.append(it.pk)
    opinions = (
        AsyncOpinion.objects.filter(round_id__in=list(by_round))
        .select_related("party__person", "author", "attachment")
        .order_by("occurred_at", "pk")
    )
    for o in opinions:
        r = by_round[o.round_id]
        ov = _opinion_view(o, r.number, r.replies_to_id is not None)
        view = views[item_doc[o.item_id]]
        view.opinions.append(ov)
        view.latest[o.party_id] = ov
    return sorted(views.values(), key=lambda v: v.number)


def evidence_with_opinions(case: Case) -> list[EvidenceView]:
    """The case's evidence with the results of asynchronous cross-examination (every round of the case): for each
    piece its number, title and submitting party, every opinion (who, when, 认可/不认可 of authenticity, legality and
    relevance with reasons), each party's latest opinion and whether it is disputed (flagged for the hearing).

    For other apps (the documents app's drafting page inserts it into a judgment's evidence section). Reads only;
    the caller has already checked that its user may see the case."""
    rounds = list(AsyncRound.objects.filter(case=case, kind=AsyncKind.EVIDENCE).order_by("number"))
    return evidence_views(rounds=rounds)


def round_chain(*, round: AsyncRound) -> list[AsyncRound]:
    """The round and the rounds it replies to, oldest first (a reply round shows what it answers)."""
    chain = [round]
    current = round
    while current.replies_to_id:
        parent = AsyncRound.objects.filter(pk=current.replies_to_id).first()
        if parent is None:
            break
        chain.append(parent)
        current = parent
    return list(reversed(chain))


def disputed_count_of_closed_rounds(*, case: Case) -> tuple[int, int]:
    """(closed evidence rounds, disputed items over them) — for the Art. 21(3) check of a non-synchronous trial."""
    rounds = list(AsyncRound.objects.filter(case=case, kind=AsyncKind.EVIDENCE, state=AsyncRoundState.CLOSED))
    return len(rounds), sum(1 for v in evidence_views(rounds=rounds) if v.disputed)


def my_open_rounds(*, user: User) -> list[AsyncRound]:
    """Open rounds on the cases where `user` is a party or represents one (a representation in force today)."""
    from smartcourt.cases.selectors import parties_represented_by

    represented = parties_represented_by(user=user).values("case_id")
    return list(
        AsyncRound.objects.filter(state=AsyncRoundState.OPEN)
        .filter(Q(case_id__in=represented) | Q(case__parties__person__user=user))
        .select_related("case", "court")
        .distinct()
        .order_by("deadline", "pk")[:50]
    )


# --- non-synchronous trial steps --------------------------------------------------------------------------------------


def trial_steps(*, round: AsyncRound) -> list[AsyncTrialStep]:
    """The steps of a non-synchronous trial round with their statements (prefetched: two queries)."""
    return list(
        AsyncTrialStep.objects.filter(round=round)
        .prefetch_related(
            Prefetch(
                "statements",
                queryset=AsyncStatement.objects.select_related("party__person", "author").order_by("occurred_at", "pk"),
            )
        )
        .order_by("opened_at", "pk")
    )


def trial_step_get(*, round: AsyncRound, step_id: int) -> AsyncTrialStep | None:
    return AsyncTrialStep.objects.select_related("round").filter(round=round, pk=step_id).first()


def statement_get_for_user(*, statement_id: int, user: User) -> AsyncStatement | None:
    """A statement with a clip, if `user` may see the hearings of its case."""
    cases = case_visible_to(user=user, action=Action.VIEW, resource=Resource.HEARING)
    return (
        AsyncStatement.objects.select_related("step__round")
        .filter(pk=statement_id, step__round__case_id__in=cases.values("pk"))
        .exclude(media_name="")
        .first()
    )


def trial_statement_rows(*, round: AsyncRound) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """For the record PDF: each step (label, deadline) with every statement (who / by whom, when; text; clip)."""
    out = []
    for step in trial_steps(round=round):
        rows = []
        for st in step.statements.all():
            who = f"{party_label(st.party)}\n{st.author.get_full_name() or st.author.get_username()}\n"
            who += f"{timezone.localtime(st.occurred_at):%Y-%m-%d %H:%M}"
            clip = f"{st.media_type}，{st.media_size} 字节\nSHA-256 {st.media_sha256}" if st.media_sha256 else "—"
            rows.append((who, st.text or "（见音视频）", clip))
        out.append((step.get_step_display(), step.deadline.isoformat(), rows))
    return out
