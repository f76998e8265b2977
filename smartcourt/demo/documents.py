"""Demo court documents: every template rendered for one of demo_judge's cases (DOCX in the seed; the PDF is made lazily,
when a user asks for it or signs), one civil judgment drafted with a quote and a citation and waiting for
demo_division_head's review (阅核), and the demo's certificates (CA, court seal certificate, timestamping authority)
for signing. Idempotent: nothing is added when demo_judge's cases already have documents."""

from __future__ import annotations

from collections.abc import Callable

from smartcourt.cases.models import Case
from smartcourt.courts.models import Court, User
from smartcourt.documents import services, signing
from smartcourt.documents.kinds import KINDS
from smartcourt.documents.models import Document

DEMO_COURT = "苏0508"
EXTRA = {
    "summons": {"summons_reason": "开庭审理", "hearing_time": "另行通知", "hearing_place": "本院第一法庭"},
    "fee_notice": {"fee_amount": "50"},
}


def certificates_ensure(court: Court, log: Callable[[str], object]) -> None:
    """The demo's CA, court seal certificate and TSA (the hearings step needs them first: its summonses are signed)."""
    if not signing.paths()["pkcs12"].exists():
        signing.certificates_make(court_name=court.name)
        log(f"    已生成演示签章证书：{signing.cert_dir()}")


def demo_seed(*, seed: int, log: Callable[[str], object]) -> int:
    court = Court.objects.filter(code=DEMO_COURT).first()
    judge = User.objects.filter(username="demo_judge").first()
    if court is None or judge is None:
        log("    未找到演示法院，跳过文书。")
        return 0
    certificates_ensure(court, log)
    cases = list(Case.objects.filter(court=court, judge=judge, kind="civil", state="in_trial").order_by("id")[:1])
    if not cases or Document.objects.filter(case__in=cases, origin_ref="").exists():  # (summonses: hearings step)
        return 0
    count = 0
    for case in cases:
        plaintiff = case.parties.filter(role="plaintiff").select_related("person").first()
        for code, spec in KINDS.items():
            if code.startswith("enf_"):  # enforcement papers belong to 执 cases (demo/enforcement.py issues them)
                continue
            if spec.to_party and plaintiff is None:
                continue
            doc = services.document_generate(
                actor=judge, case=case, kind=code, extra=EXTRA.get(code), recipient=plaintiff if spec.to_party else None,
                convert=False,
            )  # fmt: skip
            if spec.drafted:
                services._docx_store(doc)
            count += 1
    # a judgment drafted beside the file and submitted, for demo_division_head's queue
    case = cases[0]
    judgment = Document.objects.filter(case=case, kind="judgment_civil").first()
    if judgment is not None:
        body = judgment.body.replace("本院认为，", "本院认为，被告未按约定支付货款，应当承担违约责任。")
        services.draft_version_save(actor=judge, document=judgment, body=body, note="初稿")
        try:
            services.signoff_submit(actor=judge, document=judgment)
        except Exception as exc:
            log(f"    判决书未提交阅核：{getattr(exc, 'message', exc)}")
    return count
