"""Where evidence files live: the "evidence" storage alias (settings.STORAGES)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


class EvidenceStorage(FileSystemStorage):
    """Files under settings.EVIDENCE_ROOT, read at each use (not at import), with no URL.

    The default backend of the "evidence" alias in settings.STORAGES. Several app servers share
    it through a network folder (NFS) mounted at the same EVIDENCE_ROOT on each; or the alias
    points at an S3-compatible store instead (EVIDENCE_STORAGE=s3, deploy/README.md)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.EVIDENCE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Minh chứng không có địa chỉ công khai; tải qua trang có kiểm tra quyền.")


def evidence_storage():
    """The "evidence" alias of settings.STORAGES. Everything that reads or writes evidence files
    (upload, download, export, backup, restore, check_evidence) goes through this storage's API
    (`Evidence.file.field.storage`), never through a path of its own."""
    return storages["evidence"]
