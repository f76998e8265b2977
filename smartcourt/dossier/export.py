"""The whole case file as one PDF: catalogue (卷宗目录) pages in front, then every document in volume order, a
bookmark (outline item) per document, and the file's page number (卷宗页号) stamped on every document page."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import pypdf

from smartcourt.core.intake.store import blob_read

from . import pdfkit
from .models import DossierDocument, DossierPage, OcrState
from .rules import catalogue


@dataclass(frozen=True)
class BuiltExport:
    content: bytes
    sha256: str
    page_count: int
    rows: list[dict]


def catalogue_rows(case) -> list[dict]:  # type: ignore[no-untyped-def]
    """序号, 文件名称, 页号 range, 备注 per document in volume order (page numbers as stamped in the export)."""
    rows = []
    documents = DossierDocument.objects.filter(case=case).order_by("position", "id")
    ranges = {}
    for page in DossierPage.objects.filter(case=case).values("document_id", "global_number"):
        lo, hi = ranges.get(page["document_id"], (None, None))
        n = page["global_number"]
        if n is not None:
            ranges[page["document_id"]] = (n if lo is None else min(lo, n), n if hi is None else max(hi, n))
    for seq, document in enumerate(documents, start=1):
        lo, hi = ranges.get(document.pk, (None, None))
        notes = [catalogue.label(document.category)]
        if document.source == "generated":
            notes.append("系统生成")
        if document.ocr_state in (OcrState.FAILED, OcrState.PARTIAL):
            notes.append("部分页未识别")
        rows.append(
            {
                "seq": seq,
                "document": document.pk,
                "title": document.title,
                "category": document.category,
                "pages": "" if lo is None else (f"{lo}" if lo == hi else f"{lo}-{hi}"),
                "first": lo,
                "last": hi,
                "note": "，".join(notes),
            }
        )
    return rows


def build_export(case) -> BuiltExport:  # type: ignore[no-untyped-def]
    rows = catalogue_rows(case)
    cat_pdf = pdfkit.catalogue_pdf(
        court=case.court.name,
        case_number=case.number,
        case_title=case.title,
        rows=[(r["seq"], r["title"], r["pages"], r["note"]) for r in rows],
        note=(
            f"本目录按{catalogue.ORDER_BASIS}编排，页号为卷宗连续页号（印于各页右上角）。"
            f"电子卷宗随案同步生成（{catalogue.ONLINE_RULES_ART_35}），各页及本导出文件均已存证，可在本院“存证核验”页面核验。"
        ),
    )
    writer = pypdf.PdfWriter()
    cat_reader = pypdf.PdfReader(io.BytesIO(cat_pdf))
    for page in cat_reader.pages:
        writer.add_page(page)
    cat_count = len(cat_reader.pages)
    writer.add_outline_item(title="卷宗目录", page_number=0)
    labels = [""] * cat_count
    pages = DossierPage.objects.filter(case=case).select_related("document").order_by("global_number", "id")
    by_doc: dict[int, list[DossierPage]] = {}
    for page in pages:
        by_doc.setdefault(page.document_id, []).append(page)
    for row in rows:
        doc_pages = by_doc.get(row["document"], [])
        if not doc_pages:
            continue
        start = len(writer.pages)
        for page in doc_pages:
            data = blob_read(page.storage_name)
            if page.content_type != "application/pdf":
                data = pdfkit.image_page_pdf(data)
            reader = pypdf.PdfReader(io.BytesIO(data))
            writer.add_page(reader.pages[0])
            labels.append(f"第 {page.global_number} 页")
        writer.add_outline_item(title=f"{row['seq']}. {row['title']}（第{row['pages']}页）", page_number=start)
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in writer.pages]
    overlay = pypdf.PdfReader(io.BytesIO(pdfkit.number_overlay(sizes, labels)))
    for i, page in enumerate(writer.pages):
        if labels[i]:
            page.merge_page(overlay.pages[i])
    writer.add_metadata({"/Title": f"{case.number} 电子卷宗", "/Producer": "smartcourt"})
    buf = io.BytesIO()
    writer.write(buf)
    content = buf.getvalue()
    return BuiltExport(content, hashlib.sha256(content).hexdigest(), len(writer.pages), rows)
