"""Files for the upload tests: real .xlsx workbooks and hostile archives."""

import io
import zipfile

import openpyxl

MB = 1024 * 1024


def workbook(headers, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb(unpacked: int = 300 * MB) -> bytes:
    """A valid-looking .xlsx: [Content_Types].xml plus a sheet of `unpacked` zero bytes, a few
    hundred kB on disk."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        chunk = b"\0" * MB
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(unpacked // MB):
                member.write(chunk)
    return out.getvalue()


def lying_zip(unpacked: int = 50 * MB) -> bytes:
    """A member whose central-directory entry claims 1 kB while its data unpacks to
    `unpacked` bytes: the declared sizes look harmless."""
    out = io.BytesIO()
    archive = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9)
    archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
    archive.writestr("xl/worksheets/sheet1.xml", b"<" * unpacked)
    archive.filelist[-1].file_size = 1024  # written into the central directory at close()
    archive.close()
    return out.getvalue()


def many_members(count: int = 5000) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for i in range(count):
            archive.writestr(f"xl/media/{i}.bin", b"")
    return out.getvalue()


def billion_laughs(encoding: str = "utf-8") -> bytes:
    """A real workbook whose shared strings hold an XML entity expansion bomb; with
    encoding="utf-16", the sheet is re-encoded so "<!DOCTYPE" is not in it as UTF-8 bytes."""
    content = workbook(["Tên đăng nhập"], [["x"]])
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    entities = '<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":  # openpyxl writes inline strings
                doctype = f"<!DOCTYPE worksheet [{entities}]><worksheet"
                data = data.replace(b"<worksheet", doctype.encode(), 1)
                data = data.replace(b"<t>", b"<t>&j;", 1)
                if encoding != "utf-8":
                    text = data.decode("utf-8").replace(
                        'encoding="UTF-8"', f'encoding="{encoding}"'
                    )
                    data = text.encode(encoding)  # with its byte-order mark
            target.writestr(info, data)
    return out.getvalue()
