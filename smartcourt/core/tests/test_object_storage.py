"""Stored files in an S3-compatible object store (core.storage, MEDIA_STORAGE=s3 in settings/prod.py): the backend
against libcloud's in-memory driver as the double, the driver pointed at the court's own endpoint, and the production
settings choosing it from the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import override_settings
from libcloud.storage.types import ObjectDoesNotExistError

from smartcourt.core.storage import ObjectStorage, driver_options

DUMMY = {"type": "libcloud.storage.types.Provider.DUMMY", "user": "id", "key": "secret", "bucket": "court-media"}


class MemoryDriver:
    """The test double: the part of libcloud's storage driver API that django-storages calls, over a dict (an S3
    bucket in memory). libcloud's own dummy driver cannot take a stream."""

    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}

    def get_container(self, name: str) -> SimpleNamespace:
        return SimpleNamespace(name=name)

    def get_object(self, container_name: str, object_name: str) -> SimpleNamespace:
        if object_name not in self.objects:
            raise ObjectDoesNotExistError(value="", driver=self, object_name=object_name)
        return SimpleNamespace(name=object_name, size=len(self.objects[object_name]))

    def upload_object_via_stream(self, iterator: Iterator[bytes], container: SimpleNamespace, object_name: str) -> None:
        self.objects[object_name] = b"".join(iterator)

    def download_object_as_stream(self, obj: SimpleNamespace, chunk_size: int | None = None) -> Iterator[bytes]:
        yield self.objects[obj.name]

    def iterate_container_objects(self, container: SimpleNamespace, prefix: str | None = None) -> Iterator[Any]:
        for name in sorted(self.objects):
            if name.startswith(prefix or ""):
                yield SimpleNamespace(name=name)

    def delete_object(self, obj: SimpleNamespace) -> bool:
        return self.objects.pop(obj.name, None) is not None


def test_files_are_saved_read_listed_and_deleted_through_the_object_store() -> None:
    with override_settings(LIBCLOUD_PROVIDERS={"media": DUMMY}, DEFAULT_LIBCLOUD_PROVIDER="media"):
        storage = ObjectStorage()
    storage.driver = MemoryDriver()
    name = storage.save("blobs/ab/abcdef.pdf", ContentFile(b"%PDF-1.7 court\nsecond line"))
    storage.save("blobs/cd/other.pdf", ContentFile(b"x"))
    storage.save("written/marker", ContentFile(b""))
    assert storage.exists(name) and storage.size(name) == len(b"%PDF-1.7 court\nsecond line")
    with storage.open(name) as f:
        assert f.read() == b"%PDF-1.7 court\nsecond line"
    assert storage.listdir("blobs") == (["ab", "cd"], [])
    assert storage.listdir("blobs/ab/") == ([], ["abcdef.pdf"])
    assert storage.listdir("") == (["blobs", "written"], [])
    assert storage.save("blobs/cd/other.pdf", ContentFile(b"y")) != "blobs/cd/other.pdf"  # never overwritten
    storage.delete(name)
    assert not storage.exists(name)


def test_an_endpoint_of_the_courts_own_points_the_s3_driver_at_it() -> None:
    assert driver_options("https://minio.court.internal:9000") == {
        "host": "minio.court.internal",
        "port": 9000,
        "secure": True,
    }
    assert driver_options("http://10.0.0.5")["port"] == 80 and driver_options("") == {}
    provider = {
        "type": "libcloud.storage.types.Provider.S3",
        "user": "id",
        "key": "secret",
        "bucket": "court-media",
        "region": "us-east-1",
        "endpoint": "https://minio.court.internal:9000",
    }
    with override_settings(LIBCLOUD_PROVIDERS={"media": provider}, DEFAULT_LIBCLOUD_PROVIDER="media"):
        storage = ObjectStorage()
    assert storage.driver.connection.host == "minio.court.internal"
    assert storage.driver.connection.port == 9000 and storage.driver.connection.secure


def _prod_settings(**env: str) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'storage': s.STORAGES['default']['BACKEND'], "
        "'providers': getattr(s, 'LIBCLOUD_PROVIDERS', None), 'cache': s.CACHES['default']['BACKEND'], "
        "'db': s.DATABASES['default'].get('OPTIONS', {}), 'apps': s.INSTALLED_APPS, 'mw': s.MIDDLEWARE, "
        "'formatter': s.LOGGING['handlers']['console']['formatter']}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MEDIA_", "DATABASE_URL", "STATIC_"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "smartcourt.settings.prod",
            "SECRET_KEY": "k",
            "DATABASE_URL": "postgres://u@db.internal:5432/court",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_choose_the_store_from_the_environment() -> None:
    disk = _prod_settings()
    assert disk["storage"] == "django.core.files.storage.FileSystemStorage"
    assert disk["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert disk["db"]["connect_timeout"] == 5
    assert "django_prometheus" in disk["apps"] and disk["mw"][0].startswith("django_prometheus")
    assert disk["formatter"] == "json" and "smartcourt.demo" not in disk["apps"]
    s3 = _prod_settings(
        MEDIA_STORAGE="s3",
        MEDIA_S3_BUCKET="court-media",
        MEDIA_S3_ACCESS_KEY="id",
        MEDIA_S3_SECRET_KEY="secret",
        MEDIA_S3_ENDPOINT="https://minio.court.internal:9000",
    )
    assert s3["storage"] == "smartcourt.core.storage.ObjectStorage"
    assert s3["providers"]["media"]["bucket"] == "court-media"
    assert s3["providers"]["media"]["endpoint"] == "https://minio.court.internal:9000"
