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

import io
import struct
import zipfile
import zlib

from django.core.exceptions import ValidationError

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
