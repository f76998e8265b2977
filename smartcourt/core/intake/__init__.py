"""The one file intake (文件接收) every app uses: what a file is (sniffed by content, never by its name), whether it
is safe to keep (PDF, image and DOCX checks; the virus-scan hook), and the one content-addressed store
(`blobs/<aa>/<bb>/<sha256>.<ext>` in Django's default storage, so FILE_STORAGE may be a filesystem or S3), with the
sweeper for blobs orphaned by a rolled-back transaction. docs/decisions/0009-file-intake.md says why.

    from smartcourt.core.intake import checks, scan, sniff, store
    verdict = checks.content_check(content, filename=name, kinds=sniff.DOCUMENT_KINDS, max_bytes=...,
                                   limits=limits.limits_current())          # IntakeRefused (Chinese) if refused
    scan.scan_or_refuse(content=content, filename=name)                    # FileInfected if the scanner says so
    blob = store.blob_store(content=content, ext=sniff.EXTENSIONS[verdict.kind])   # in the caller's transaction

A Django app of its own (label `core_intake`) so its table migrates apart from core's; this module imports nothing,
so importing a submodule never loads models before the app registry is ready.
"""
