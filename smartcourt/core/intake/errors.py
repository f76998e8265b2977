"""Refusals of the file intake: each a stable code and a Chinese message naming the file and what to do.

Callers that promised their clients a code of their own (`dossier.invalid_file`, `filing.upload_refused`) re-raise
with it and keep the message; `code` here says which check refused the file.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from smartcourt.core.errors import ApplicationError


class IntakeRefused(ApplicationError):
    """A file the intake will not take; nothing of it has been stored."""

    status, code, message = 400, "intake.refused", _("文件未通过检查，请核对后重新上传。")


class FileEmpty(IntakeRefused):
    code = "intake.empty"


class FileTooLarge(IntakeRefused):
    code = "intake.too_large"


class FileExecutable(IntakeRefused):
    code = "intake.executable"


class FileTypeRefused(IntakeRefused):
    """Unrecognised content, or a kind the caller does not accept."""

    code = "intake.unknown_type"


class FileExtensionMismatch(IntakeRefused):
    code = "intake.extension_mismatch"


class PdfCorrupt(IntakeRefused):
    code = "intake.pdf_corrupt"


class PdfEncrypted(IntakeRefused):
    code = "intake.pdf_encrypted"


class NoPages(IntakeRefused):
    code = "intake.no_pages"


class TooManyPages(IntakeRefused):
    code = "intake.too_many_pages"


class ImageTooLarge(IntakeRefused):
    """Announced dimensions beyond the pixel limit (a decompression bomb), refused from the header."""

    code = "intake.image_too_large"


class ImageCorrupt(IntakeRefused):
    code = "intake.image_corrupt"


class DocxCorrupt(IntakeRefused):
    """A Word document that cannot be read, or whose archive would unpack beyond the limits (a zip bomb)."""

    code = "intake.docx_corrupt"


class ZipBomb(IntakeRefused):
    """A ZIP-based file (DOCX, XLSX, ODT, ZIP …) whose members would unpack beyond the limits: too many, too large,
    or packed at a ratio no real document has — refused from its central directory, or while decompressing."""

    code = "intake.zip_bomb"


class PdfActiveContent(IntakeRefused):
    """A PDF that would run something when opened: JavaScript, a launch action, automatic actions, embedded files."""

    code = "intake.pdf_active_content"


class FileInfected(IntakeRefused):
    code = "intake.infected"


REFUSALS: dict[str, type[IntakeRefused]] = {
    cls.code: cls
    for cls in (
        FileEmpty,
        FileTooLarge,
        FileExecutable,
        FileTypeRefused,
        FileExtensionMismatch,
        PdfCorrupt,
        PdfEncrypted,
        NoPages,
        TooManyPages,
        ImageTooLarge,
        ImageCorrupt,
        DocxCorrupt,
        ZipBomb,
        PdfActiveContent,
        FileInfected,
    )
}
