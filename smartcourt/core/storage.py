"""Stored files in an S3-compatible object store (settings/prod.py, MEDIA_STORAGE=s3; docs/deploy.md).

django-storages' Apache Libcloud backend, with two things it lacks: an endpoint of the court's own (MinIO, Ceph RGW …:
MEDIA_S3_ENDPOINT, given to the driver as host, port and scheme), and listings by prefix (the backend lists the
whole bucket for every folder; the intake's sweep lists folders).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from storages.backends.apache_libcloud import LibCloudStorage  # type: ignore[import-untyped]
from storages.utils import clean_name  # type: ignore[import-untyped]


def driver_options(endpoint: str) -> dict[str, Any]:
    """Driver keyword arguments for an endpoint URL: https://minio.court.internal:9000 → host, port, secure."""
    if not endpoint:
        return {}
    parts = urlsplit(endpoint)
    secure = parts.scheme != "http"
    return {"host": parts.hostname, "port": parts.port or (443 if secure else 80), "secure": secure}


class ObjectStorage(LibCloudStorage):
    driver: Any
    provider: dict[str, Any]

    def __init__(self, provider_name: str | None = None, option: Any = None) -> None:
        super().__init__(provider_name, option)
        options = driver_options(self.provider.get("endpoint", ""))
        if options:  # the same driver, pointed at the court's own service
            extra = {"region": self.provider["region"]} if "region" in self.provider else {}
            self.driver = type(self.driver)(self.provider["user"], self.provider["key"], **extra, **options)

    def listdir(self, path: str = "/") -> tuple[list[str], list[str]]:
        path = clean_name(path).strip("/")
        prefix = f"{path}/" if path else ""
        dirs: list[str] = []
        files: list[str] = []
        for obj in self.driver.iterate_container_objects(self._get_bucket(), prefix=prefix or None):
            rest = obj.name[len(prefix) :]
            head, slash, _tail = rest.partition("/")
            if not slash:
                files.append(head)
            elif head not in dirs:
                dirs.append(head)
        return dirs, files
