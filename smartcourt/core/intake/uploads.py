"""Uploads read as a stream and kept nowhere: a file's SHA-256 computed chunk by chunk as the request body arrives
(the public verification page, 存证核验). Django's default handlers would spool the whole file — to memory below
FILE_UPLOAD_MAX_MEMORY_SIZE, to a temporary file above it — before the view could hash it; this one keeps a running
digest and a byte count, and stops the upload at `max_bytes`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

CHUNK = 64 * 1024


class HashedUpload(UploadedFile):
    """What is left of an uploaded file once hashed: its name, size and SHA-256 (its bytes are gone: reading it
    gives nothing)."""

    def __init__(self, *, name: str, size: int, sha256: str) -> None:
        super().__init__(file=None, name=name, size=size)
        self.sha256 = sha256

    def close(self) -> None:  # Django closes every file of request.FILES at the end of the request
        return None


class HashingUploadHandler(FileUploadHandler):
    """Hash every file of a multipart body as it streams by; none is stored. `too_large` says the upload was cut
    off at `max_bytes` (the rest of the body is left unread and the file is absent from request.FILES)."""

    chunk_size = CHUNK

    def __init__(self, request: Any = None, *, max_bytes: int) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes
        self.too_large = False
        self._digest = hashlib.sha256()
        self._size = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._digest, self._size = hashlib.sha256(), 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self._size += len(raw_data)
        if self._size > self.max_bytes:
            self.too_large = True
            raise StopUpload(connection_reset=True)  # stop reading: the rest is the server's to skip, unkept
        self._digest.update(raw_data)
        return None  # nothing passed on: no later handler keeps a copy

    def file_complete(self, file_size: int) -> HashedUpload:
        return HashedUpload(name=self.file_name or "", size=file_size, sha256=self._digest.hexdigest())
