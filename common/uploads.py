"""Checks on uploaded Office files (.xlsx, .docx are zip archives) before anything parses them.

A "zip bomb" is a small archive whose members unpack to hundreds of megabytes, or that holds
so many members that listing them is the attack. Python's zipfile (used by openpyxl, so by
tablib and django-import-export) never unpacks a member past the size the archive's central
directory declares for it, and fails on a CRC mismatch at that point. So the declared sizes are
a hard bound: `check_office_archive` refuses an archive whose declared sizes add up to more
than the caller allows, then unpacks every member once, bounded by that total, and checks its
CRC, which catches members whose data does not match what they declare. Office files never
carry a document type declaration, so a part with <!DOCTYPE or <!ENTITY (an XML entity
expansion bomb, external entities), in UTF-8, UTF-16 or UTF-32, is refused too, whatever the
XML parser would do with it; and openpyxl parses through defusedxml (installed with the app),
which refuses them again.
"""

import errno
import io
import logging
import secrets
import struct
import weakref
import zipfile
import zlib
from contextlib import suppress

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404

ZIP_MAGIC = b"PK\x03\x04"
MAX_MEMBERS = 2000  # a spreadsheet of one sheet has about a dozen parts


def check_office_archive(
    data, *, max_unpacked: int, damaged: str = "Tệp Office bị hỏng hoặc không đúng định dạng."
) -> None:
    """Refuse anything but a sound Office archive that unpacks to at most `max_unpacked` bytes.

    `data` is bytes or a binary file (left at its start). Messages are for the user, in
    Vietnamese; `damaged` is the one for a file that is not an Office archive at all.
    """
    handle = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    handle.seek(0)
    try:
        if handle.read(4) != ZIP_MAGIC:
            raise ValidationError(damaged)
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ValidationError(damaged)
            if "[Content_Types].xml" not in {m.filename for m in members}:
                raise ValidationError(damaged)
            unpacked = sum(m.file_size for m in members)
            if unpacked > max_unpacked:
                raise ValidationError(
                    f"Tệp giải nén ra quá lớn (trên {max_unpacked // (1024 * 1024)} MB), có thể "
                    "là tệp độc hại: không nhận tệp này. Hãy lưu lại tệp bằng Excel/Word rồi "
                    "tải lên lại."
                )
            for member in members:
                if not _sound(archive, member):
                    raise ValidationError(damaged)
    except (
        zipfile.BadZipFile,
        zlib.error,
        struct.error,
        EOFError,
        ValueError,
        RuntimeError,
        NotImplementedError,
        OSError,
    ):
        # damaged, encrypted, or packed with a method zipfile does not know
        raise ValidationError(damaged) from None
    finally:
        handle.seek(0)


# in every encoding an XML parser accepts from a byte-order mark or declaration: a part saved
# as UTF-16 hides "<!DOCTYPE" from a byte search for its UTF-8 form
_DTD_MARKS = tuple(
    mark.encode(encoding)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_TAIL = max(len(mark) for mark in _DTD_MARKS)  # a mark split between two chunks is still seen


def _sound(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Unpack the member (zipfile stops at its declared size and checks the CRC there, raising
    BadZipFile on a mismatch) and look for a DTD in its XML parts. Media (images, embedded SVG
    with its usual DOCTYPE) are only unpacked."""
    xml = member.filename.lower().endswith((".xml", ".rels", ".vml"))
    tail = b""
    with archive.open(member) as data:
        while chunk := data.read(1024 * 1024):
            window = tail + chunk
            if xml and any(mark in window for mark in _DTD_MARKS):
                return False
            tail = window[-_TAIL:]
    return True


def store_private_file(row, upload, *, field: str = "file", what: str = "tệp") -> None:
    """Save `row` and store a checked upload as its `field` under a random name, so that no
    file outlives a write that did not commit and no row names a file that was not stored.

    The row gets its random `token` and `extension` here (the stored name never uses the
    uploader's file name). The steps are those of criteria.services.evidence_add: the row is
    saved first under the name its file will get; the file is stored next (an OSError removes
    what was written and becomes a Vietnamese ValidationError, so the caller's transaction
    rolls back); its removal hangs on a callback given to `on_commit`, whose finalizer removes
    the file as soon as a rollback drops the callback. `upload.ntm_content_type` is set by the
    check of the upload (criteria.forms.validate_evidence)."""
    row.token = secrets.token_hex(16)
    row.extension = "." + upload.name.rsplit(".", 1)[-1].lower()
    row.original_name = upload.name[-255:]
    row.content_type = upload.ntm_content_type
    row.size = upload.size
    fieldfile = getattr(row, field)
    storage = fieldfile.storage
    name = fieldfile.field.generate_filename(row, f"{row.token}{row.extension}")
    fieldfile.name = name
    row.save()  # the row first: a database that refuses it leaves no file behind
    try:
        stored = storage.save(name, upload, max_length=fieldfile.field.max_length)
    except OSError as e:
        with suppress(OSError):
            storage.delete(name)  # the part a full disk let through
        logging.getLogger(__name__).exception("File %s could not be stored", name)
        cause = (
            "ổ lưu trữ của máy chủ đã đầy"
            if e.errno in (errno.ENOSPC, errno.EDQUOT)
            else "lỗi ổ lưu trữ trên máy chủ"
        )
        raise ValidationError(
            f"Không lưu được {what}: {cause}. Chưa có thay đổi nào được ghi. Hãy báo quản trị "
            "viên rồi thử lại sau."
        ) from e

    def committed():  # run by on_commit: the file stays
        removal.detach()

    removal = weakref.finalize(committed, storage.delete, stored)
    transaction.on_commit(committed)
    if stored != name:  # the storage chose another name (only if the random one was taken)
        fieldfile.name = stored
        row.save(update_fields=[field])


def private_file_response(row, *, missing: str, field: str = "file", inline: bool = False):
    """Serve `row`'s private file (fetched by the caller through an access check) under its
    original name and checked content type, never sniffed; `missing` is the 404's message when
    the file is no longer stored. Inline files (a scan to read in one tap) run sandboxed."""
    try:
        handle = getattr(row, field).open("rb")
    except FileNotFoundError:
        raise Http404(missing) from None
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=row.original_name,
        content_type=row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if inline:
        response["Content-Security-Policy"] = "sandbox"
    return response
