"""The mediation papers on the documents path (ADR 0033, ADR 0038; the kinds seam): nothing here draws a page.

- The mediation agreement (调解协议书) of a dispute that has no case yet: the court's current template of the kind
  `mediation_agreement` (`documents.services.template_current`: the court's own version, else the stock one built
  from the kind's layout) filled by `documents.render.docx_render` and converted by `render.pdf_convert`; the PDF is
  stored once (core.intake's store) and its SHA-256 is what every party signs.
- The ruling on judicial confirmation (确认调解协议裁定书) belongs to the 民特 case: `document_generate` of the kind
  `ruling_mediation_confirmation`, then `document_sign` (the court's seal, PAdES, anchored in the ledger and filed in
  the case's dossier) and `document_serve` (every applicant, through the service app) — where the documents app does
  it for every other ruling.

The values come in plain (names, terms, dates); the caller holds the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from smartcourt.core.actors import SYSTEM
from smartcourt.core.intake.store import blob_read, blob_store
from smartcourt.documents import render
from smartcourt.documents.services import document_generate, document_serve, document_sign, template_current

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
    from smartcourt.courts.models import Court
    from smartcourt.documents.models import Document

AGREEMENT_KIND = "mediation_agreement"
RULING_KIND = "ruling_mediation_confirmation"


@dataclass(frozen=True)
class PaperParty:
    side: str  # 申请人 / 被申请人
    name: str
    detail: str = ""


@dataclass(frozen=True)
class StoredPaper:
    content: bytes
    storage_name: str
    sha256: str


def agreement_context(
    *, court_name: str, number: str, body_name: str, mediator: str, parties: list[PaperParty], cause_name: str,
    facts: str, terms: list[str], drawn_on: date,
) -> dict[str, str]:  # fmt: skip
    """The kind's fields (documents.kinds `mediation_agreement`) for one agreement (人民调解法 Art. 28–29)."""
    return {
        "court_name": body_name or court_name,
        "doc_title": "调解协议书",
        "case_number": number,
        "case_title": f"{cause_name}（{number}）",
        "cause": cause_name,
        "parties_block": "\n".join(
            f"{p.side}：{p.name}" + (f"，住{p.detail}" if p.detail else "") + "。" for p in parties
        ),
        "facts": facts or "见调解记录。",
        "body_name": body_name or court_name,
        "terms_block": "\n".join(f"{i}. {t}" for i, t in enumerate(terms, 1)),
        "signatures_block": "　　".join(f"{p.side}（签名）：{p.name}" for p in parties),
        "mediator_name": mediator or "—",
        "date_cn": render.date_cn(drawn_on),
        "filed_on_cn": render.date_cn(drawn_on),
        "judges_block": "",
        "clerk_name": "",
    }


def agreement_store(*, court: Court, context: dict[str, str]) -> StoredPaper:
    """Render the agreement with the court's current template and store its PDF (the bytes every party signs)."""
    template = template_current(court=court, kind=AGREEMENT_KIND)
    docx = render.docx_render(blob_read(template.storage_name), context)
    pdf = render.pdf_convert(docx)
    blob = blob_store(content=pdf, ext="pdf")
    return StoredPaper(content=pdf, storage_name=blob.name, sha256=blob.sha256)


def agreement_read(storage_name: str) -> bytes:
    return blob_read(storage_name)


def ruling_body(
    *, body_name: str, agreement_number: str, agreed_on: date, terms: list[str], confirmed: bool, reason: str
) -> str:
    """The ruling's text after the parties block (民诉法 Art. 205–206): the agreement, the finding, the order."""
    lines = [
        f"申请人于{agreed_on:%Y年%m月%d日}经{body_name}主持调解，达成调解协议（{agreement_number}），"
        "并共同向本院申请司法确认。本院受理后依法进行了审查。",
        "调解协议内容如下：",
        *[f"{i}. {t}" for i, t in enumerate(terms, 1)],
    ]
    if confirmed:
        lines += [
            "本院经审查认为，申请人达成的调解协议符合司法确认调解协议的法定条件。"
            "依照《中华人民共和国民事诉讼法》第二百零五条、第二百零六条规定，裁定如下：",
            f"申请人经{body_name}主持调解达成的调解协议有效。",
            "当事人应当按照调解协议的约定自觉履行义务。一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请执行。",
        ]
    else:
        lines += [
            f"本院经审查认为，{reason.rstrip('。')}。依照《中华人民共和国民事诉讼法》第二百零六条规定，裁定如下：",
            "驳回申请人的司法确认申请。",
            "当事人可以通过调解方式变更原调解协议或者达成新的调解协议，也可以向人民法院提起诉讼。",
        ]
    return "\n".join(lines)


def ruling_issue(*, case: Case, body: str, judge_name: str) -> Document:
    """The ruling of the 民特 case through the documents app: generated from the court's template, sealed, served on
    every applicant. The mediation service has checked the judge's power (MEDIATION_CONFIRMATION REVIEW) and records
    the judge on its own timeline; the documents steps run as the platform (the 民特 case has no judge in charge
    until the confirmation's judge is put on it by case assignment)."""
    document = document_generate(
        actor=SYSTEM, case=case, kind=RULING_KIND,
        extra={"body": body, "judges_block": f"审判员　{judge_name}" if judge_name else ""},
    )  # fmt: skip
    document = document_sign(actor=SYSTEM, document=document)
    document_serve(actor=SYSTEM, document=document)
    return document


def ruling_read(document: Document) -> bytes:
    return blob_read(document.signed_storage_name or document.pdf_storage_name)
