"""Hostile uploads: oversized files, wrong types behind a harmless extension, path traversal in
the file name, zip bombs disguised as .xlsx/.docx (declared or hidden), archives with thousands
of members, XML entity bombs. Each is refused with a Vietnamese message and writes nothing:
no row, no history, no file, for the evidence upload and for both Excel imports.
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from criteria.models import Evidence, IndicatorStatus, StatusChange
from tests import factories

from . import files
from .snapshot import changed_tables, snapshot

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% bien ban nghiem thu\n"


@pytest.fixture(scope="module")
def bomb():
    return files.zip_bomb()


@pytest.fixture(scope="module")
def lying():
    return files.lying_zip()


@pytest.fixture
def status_a(assessment_a):
    return IndicatorStatus.objects.get(assessment=assessment_a, indicator__code="17.3")


def _post_evidence(client, status, name, content):
    return client.post(
        reverse("criteria:status-edit", args=[status.pk]),
        {
            "status": "dat",
            "note": "Có biên bản nghiệm thu",
            "version": status.version,
            "evidence": SimpleUploadedFile(name, content),
        },
    )


def _refused(response, before, message):
    assert response.status_code == 200
    assert message in response.content.decode()
    assert changed_tables(before, snapshot()) == []


# --- evidence ----------------------------------------------------------------------------


def test_oversized_evidence_is_refused(client_a, status_a, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    before = snapshot()

    response = _post_evidence(client_a, status_a, "bien-ban.pdf", PDF + b"0" * 1024 * 1024)

    _refused(response, before, "Tệp quá lớn: tối đa 1 MB.")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bien-ban.pdf", b"MZ\x90\x00 a Windows program"),
        ("anh.png", b"<html><script>alert(1)</script></html>"),
        ("anh.jpg", PDF),
        ("bang.xlsx", PDF),
        ("bien-ban.pdf.exe", b"MZ\x90\x00"),
        ("bien-ban.html", b"<html></html>"),
        ("bien-ban", PDF),
        ("bien-ban.svg", b"<svg onload=alert(1)/>"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused(client_a, status_a, name, content):
    before = snapshot()

    response = _post_evidence(client_a, status_a, name, content)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Loại tệp không được phép" in html or "Nội dung tệp không đúng" in html
    assert changed_tables(before, snapshot()) == []


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "/etc/cron.d/x.pdf", "a\x00.pdf"],
)
def test_path_traversal_in_the_file_name_stays_inside_the_evidence_folder(
    client_a, status_a, settings, tmp_path, name
):
    response = _post_evidence(client_a, status_a, name, PDF)

    assert response.status_code == 302
    evidence = Evidence.objects.get(status=status_a)
    stored = Path(settings.EVIDENCE_ROOT, evidence.file.name).resolve()
    assert stored.is_relative_to(Path(settings.EVIDENCE_ROOT).resolve())
    assert stored.read_bytes() == PDF
    assert "/" not in evidence.original_name and "\\" not in evidence.original_name
    assert ".." not in evidence.file.name and "\x00" not in evidence.original_name
    assert not (tmp_path / "etc").exists()


@pytest.mark.parametrize("name", ["bang.xlsx", "bao-cao.docx"])
def test_zip_bomb_evidence_is_refused(client_a, status_a, bomb, name):
    before = snapshot()

    response = _post_evidence(client_a, status_a, name, bomb)

    _refused(response, before, "Tệp giải nén ra quá lớn")


def test_zip_with_a_hidden_size_is_refused_as_evidence(client_a, status_a, lying):
    before = snapshot()

    response = _post_evidence(client_a, status_a, "bang.xlsx", lying)

    _refused(response, before, "Tệp Office bị hỏng hoặc không đúng định dạng.")


def test_a_refused_upload_keeps_the_rest_of_the_form_unsaved(client_a, status_a, bomb):
    history = StatusChange.objects.filter(status=status_a).count()

    _post_evidence(client_a, status_a, "bang.xlsx", bomb)

    status_a.refresh_from_db()
    assert status_a.note != "Có biên bản nghiệm thu"  # the note waits for a good file
    assert StatusChange.objects.filter(status=status_a).count() == history


# --- task and officials imports (the import pipeline, kinds "tasks" and "officials") ---------


def _pipeline_import(client, kind, name, content):
    """Upload on the import page; a file the form accepts is checked and the run's page shown
    (a refused file: its message there, nothing written)."""
    return client.post(
        reverse("imports:import"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def _task_import(client, name, content):
    return _pipeline_import(client, "tasks", name, content)


# The archives below have no workbook part: refused before any XML is parsed (a real workbook
# that unpacks too far is tests/hostile/test_catalogue.py's).
HOSTILE_SHEETS = [
    ("bomb", "Tệp không phải Excel .xlsx hoặc bị hỏng."),
    ("lying", "Tệp không phải Excel .xlsx hoặc bị hỏng."),
    ("members", "Tệp không phải Excel .xlsx hoặc bị hỏng."),
    ("laughs", "Không đọc được tệp"),  # checked: the run lists it, nothing written
    ("medium", "Tệp giải nén ra quá lớn (trên 60 MB)"),  # a workbook's parts, 61 MB unpacked
    (b"%PDF-1.4 a plan", "Tệp không phải Excel .xlsx hoặc bị hỏng."),
    (b"PK\x03\x04" + b"\0" * 100, "Tệp không phải Excel .xlsx hoặc bị hỏng."),
    (b"PK\x03\x04" + b"x" * (6 * 1024 * 1024), "Tệp quá lớn: tối đa 5 MB."),
]


def _hostile(content, bomb, lying):
    return {
        "bomb": bomb,
        "lying": lying,
        "members": files.many_members(),
        "laughs": files.billion_laughs(),
        "medium": _workbook_bomb(61 * files.MB),
    }.get(content, content)


def _workbook_bomb(unpacked: int) -> bytes:
    """The parts of a workbook, one of `unpacked` zero bytes (declared): refused unread."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * unpacked)
    return out.getvalue()


@pytest.mark.parametrize(("content", "message"), HOSTILE_SHEETS)
def test_hostile_task_import_files_are_refused(client_a, commune_a, bomb, lying, content, message):
    content = _hostile(content, bomb, lying)
    before = snapshot()

    response = _task_import(client_a, "nhiem-vu.xlsx", content)

    _refused(response, before, message)
    assert "Xác nhận nhập" not in response.content.decode()


def test_task_import_refuses_a_misleading_extension(client_a, commune_a):
    response = _task_import(client_a, "nhiem-vu.xlsx.pdf", files.workbook(["Mã đơn vị"], []))

    assert "Chỉ nhận tệp Excel .xlsx" in response.content.decode()


@pytest.fixture
def admin_client(client, db):
    client.force_login(factories.UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(("content", "message"), HOSTILE_SHEETS)
def test_hostile_officials_files_are_refused(admin_client, bomb, lying, content, message):
    content = _hostile(content, bomb, lying)
    before = snapshot()

    response = _pipeline_import(admin_client, "officials", "can-bo.xlsx", content)

    _refused(response, before, message)
    assert "Xác nhận nhập" not in response.content.decode()


def test_officials_csv_is_refused(admin_client):
    """The pipeline takes .xlsx only (the admin's import also took CSV, bounded in size)."""
    before = snapshot()
    content = ("Tên đăng nhập,Mã đơn vị,Vai trò\n" + "x,y,z\n" * 1_000_000).encode()

    response = _pipeline_import(admin_client, "officials", "can-bo.csv", content)

    _refused(response, before, "Tệp quá lớn: tối đa 5 MB.")
    response = _pipeline_import(admin_client, "officials", "can-bo.csv", b"x,y,z\n")
    _refused(response, before, "Chỉ nhận tệp Excel .xlsx")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_an_entity_bomb_is_refused_whatever_the_encoding_of_the_sheet(encoding):
    """Issue 13 §1: the UTF-16 sheet passed the byte check and took a worker to 2,25 GB."""
    from django.core.exceptions import ValidationError

    from common.uploads import check_office_archive

    bomb = files.billion_laughs(encoding)
    with pytest.raises(ValidationError):
        check_office_archive(bomb, max_unpacked=50 * files.MB)


def test_openpyxl_parses_through_defusedxml():
    """Belt and braces: even past the archive check, the parser refuses a DTD."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML
