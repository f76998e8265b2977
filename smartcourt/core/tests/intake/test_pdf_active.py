"""PDFs that would run something when opened — JavaScript, launch actions, automatic actions, embedded files — are
refused with a Chinese message, whichever way the names are written (issue 13, item 5)."""

from __future__ import annotations

import pytest

from smartcourt.core.intake import checks, sniff
from smartcourt.core.intake.errors import PdfActiveContent
from smartcourt.core.intake.limits import Limits
from smartcourt.core.tests.intake import samples

MB = 1024 * 1024


def _check(content: bytes, name: str = "证据.pdf") -> sniff.Sniffed:
    return checks.content_check(content, filename=name, kinds=sniff.DOCUMENT_KINDS, max_bytes=50 * MB, limits=Limits())


def test_a_pdf_running_javascript_when_opened_is_refused() -> None:
    with pytest.raises(PdfActiveContent) as exc:
        _check(samples.pdf_with_javascript(), "借条.pdf")
    message = str(exc.value.message)
    assert exc.value.code == "intake.pdf_active_content" and exc.value.status == 400
    assert "借条.pdf" in message and "JavaScript 脚本" in message and "打印为 PDF" in message


@pytest.mark.parametrize(
    ("catalog", "page", "objects", "label"),
    [
        (
            b"/Names << /JavaScript 4 0 R >>",
            b"",
            (b"<< /Names [(a) << /S /JavaScript /JS (app.alert\\(1\\)) >>] >>",),
            "JavaScript",
        ),
        (b"/OpenAction << /S /Launch /F (cmd.exe) >>", b"", (), "Launch"),
        (b"", b"/AA << /O << /S /GoTo /D [3 0 R /Fit] >> >>", (), "/AA"),
        (b"/Names << /EmbeddedFiles 4 0 R >>", b"", (b"<< /Names [] >>",), "嵌入文件"),
        (b"/AcroForm << /Fields [] /XFA 4 0 R >>", b"", (b"<< >>",), "XFA"),
        # escaped names (#61 = a, #53 = S) that a byte search misses; the parsed names are what a viewer runs
        (b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>", b"", (), "JavaScript"),
        (b"/OpenAction 4 0 R", b"", (b"<< /S /L#61unch /F (calc.exe) >>",), "Launch"),
    ],
)
def test_active_content_in_any_place_is_refused(catalog, page, objects, label) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PdfActiveContent, match=label):
        _check(samples.raw_pdf(catalog, page, objects))


def test_a_pdf_with_an_attached_file_is_refused() -> None:
    with pytest.raises(PdfActiveContent, match="嵌入文件"):
        _check(samples.pdf_with_attachment())


def test_inert_pdfs_pass() -> None:
    assert _check(samples.pdf(3)).kind == "pdf"
    assert _check(samples.raw_pdf(b"/OpenAction [3 0 R /Fit]")).kind == "pdf"  # open at page 1: no action runs
    assert _check(samples.raw_pdf(b"/Outlines << /Count 0 >>")).kind == "pdf"


def test_the_dossier_refuses_the_same_pdfs(settings) -> None:  # type: ignore[no-untyped-def]
    """The dossier's own path through the intake (pdf_open) refuses them too, with its published code."""
    from smartcourt.dossier.files import DossierInputError, prepare

    with pytest.raises(DossierInputError) as exc:
        prepare(content=samples.pdf_with_javascript(), filename="卷.pdf")
    assert exc.value.code == "dossier.invalid_file" and exc.value.extra["reason"] == "intake.pdf_active_content"


def test_names_inside_a_streams_bytes_are_data_not_actions() -> None:
    """Compressed page content may hold "/JS " by chance (the demo's seed once produced such a PDF): a stream's bytes
    are not scanned as names; an action in the open still is."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 10 10 Td (/JS /Launch ) Tj ET\n% /JavaScript in a comment of the content\n")
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    inert = buffer.getvalue()
    assert b"/JS /Launch" in inert
    assert _check(inert, "情况说明.pdf").kind == "pdf"
    with pytest.raises(PdfActiveContent):
        _check(samples.pdf_with_javascript(), "借条.pdf")
