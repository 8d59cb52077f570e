"""A unit's data in open formats: manage.py export_unit and /don-vi/<pk>/xuat-du-lieu/."""

import csv
import datetime
import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from assignments.models import FundingLine, ResponsibleParty, Task
from criteria import services as criteria_services
from criteria.forms import validate_evidence
from criteria.models import Assessment, IndicatorStatus, StatusChange
from plans.models import CriterionMeasure, Plan, PlanItem, PlanSection
from tests.shared import copy_evidence, shared_rows
from units.models import Unit, User

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% anh ranh thoat nuoc\n"
CAM_TAN, CAM_XUYEN = "ha-tinh.cam-xuyen.cam-tan", "ha-tinh.cam-xuyen"
FILES = {
    "README.txt", "units.csv", "unit_facts.csv", "assessments.csv", "statuses.csv", "status_history.csv",
    "workflow_events.csv", "tasks.csv", "task_parties.csv", "funding_lines.csv",
    "task_history.csv", "plans.csv", "plan_sections.csv", "plan_bases.csv",
    "plan_recipients.csv", "targets.csv", "measures.csv", "plan_items.csv",
    "recipient_lists.csv", "signatories.csv", "legal_documents.csv", "recognitions.csv",
    "recognition_history.csv", "party_terms.csv",
    "dossiers.csv", "dossier_items.csv", "evidence.csv", "people.csv",
}  # fmt: skip


@pytest.fixture(scope="module")
def _demo_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo and its evidence file, made once for the module; each test rolls back to it
    and gets its own copy of the file (tests/shared.py)."""
    evidence = tmp_path_factory.mktemp("export-evidence")
    with shared_rows(django_db_blocker, _demo, evidence=evidence) as status:
        yield status, evidence


@pytest.fixture
def demo(_demo_rows, db, settings):
    status, evidence = _demo_rows
    copy_evidence(evidence, settings)
    return status


def _demo():
    from ops.demo import seed_demo

    seed_demo()
    status = IndicatorStatus.objects.get(
        assessment__commune__code=CAM_TAN, assessment__year=2023, indicator__code="17.3"
    )
    upload = SimpleUploadedFile("Ảnh rãnh thoát nước.pdf", PDF)
    validate_evidence(upload)
    camtan = User.objects.get(username="camtan")
    criteria_services.evidence_add(status=status, actor=camtan, upload=upload)
    criteria_services.status_update(
        status=status,
        actor=camtan,
        new_status="dat",
        value=None,
        note='=HYPERLINK("http://evil.example/") – đã xây rãnh',
        version=status.version,
    )
    return status


def _export(code, tmp_path) -> zipfile.ZipFile:
    target = tmp_path / f"{code}.zip"
    call_command("export_unit", code, str(target), stdout=io.StringIO())
    return zipfile.ZipFile(target)


def _rows(archive, name) -> list[dict]:
    raw = archive.read(name)
    assert raw.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the mark
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_commune_export_holds_every_table_and_its_evidence(demo, tmp_path):
    archive = _export(CAM_TAN, tmp_path)
    names = set(archive.namelist())

    assert names >= FILES
    commune = Unit.objects.get(code=CAM_TAN)
    assert {r["code"] for r in _rows(archive, "units.csv")} >= {CAM_TAN}
    assessments = _rows(archive, "assessments.csv")
    assert len(assessments) == Assessment.objects.filter(commune=commune).count()
    statuses = _rows(archive, "statuses.csv")
    assert len(statuses) == IndicatorStatus.objects.filter(assessment__commune=commune).count()
    [row] = [r for r in statuses if r["indicator_code"] == "17.3" and r["year"] == "2023"]
    assert row["status"] == "dat"
    assert row["note"].startswith("'=HYPERLINK(")  # never a formula in a spreadsheet
    history = _rows(archive, "status_history.csv")
    assert len(history) == StatusChange.objects.filter(status__assessment__commune=commune).count()
    tasks = _rows(archive, "tasks.csv")
    assert len(tasks) == Task.objects.filter(unit=commune).count() > 0
    assert (
        len(_rows(archive, "task_parties.csv"))
        == ResponsibleParty.objects.filter(task__unit=commune).count()
    )
    assert (
        len(_rows(archive, "funding_lines.csv"))
        == FundingLine.objects.filter(task__unit=commune).count()
    )
    plans = _rows(archive, "plans.csv")
    assert len(plans) == Plan.objects.filter(unit=commune).count() > 0
    sections = _rows(archive, "plan_sections.csv")
    assert len(sections) == PlanSection.objects.filter(plan__unit=commune).count() > 0
    # what its plans carry year to year: measures per criterion, purposes, duties, recipients
    # and signatories (seed 000's, in the demo), every row
    measures = _rows(archive, "measures.csv")
    assert len(measures) == CriterionMeasure.objects.filter(unit=commune).count() > 0
    items = _rows(archive, "plan_items.csv")
    assert len(items) == PlanItem.objects.filter(unit=commune).count() > 0
    assert {i["part"] for i in items} >= {"muc_dich", "giai_phap", "to_chuc"}
    [recipients] = _rows(archive, "recipient_lists.csv")
    assert recipients["issuer"] == "ubnd" and recipients["recipients"].endswith("Lưu VT, NN.")
    [signatory] = _rows(archive, "signatories.csv")
    assert signatory["full_name"] == "Trịnh Minh Chung"
    assert "plan_items.part" in archive.read("README.txt").decode()
    [evidence] = _rows(archive, "evidence.csv")
    assert evidence["original_name"] == "Ảnh rãnh thoát nước.pdf"
    assert archive.read(evidence["file_in_zip"]) == PDF
    assert evidence["sha256"] == hashlib.sha256(PDF).hexdigest()
    [recognition] = _rows(archive, "recognitions.csv")
    assert (recognition["tier"], recognition["number"]) == ("xa_ntm", "01/QĐ-UBND (minh họa)")
    assert recognition["decision_kind"] == "cong_nhan" and recognition["signed_on"] == "2020-12-28"
    [change] = _rows(archive, "recognition_history.csv")
    assert change["actor"] == "hatinh" and change["action"] == "recorded"
    assert "camtan" in {r["username"] for r in _rows(archive, "people.csv")}
    readme = archive.read("README.txt").decode()
    assert "statuses.csv" in readme and "chua_dat = Chưa đạt" in readme
    assert "recognitions.csv" in readme and "thu_hoi = Thu hồi quyết định công nhận" in readme


def test_district_export_covers_every_commune_below_it(demo, tmp_path):
    archive = _export(CAM_XUYEN, tmp_path)

    district = Unit.objects.get(code=CAM_XUYEN)
    communes = Unit.objects.filter(parent=district, kind="commune")
    codes = {r["code"] for r in _rows(archive, "units.csv")}
    assert codes >= {CAM_XUYEN, *communes.values_list("code", flat=True)}
    assessed = {r["commune_code"] for r in _rows(archive, "assessments.csv")}
    assert assessed == set(
        Assessment.objects.filter(commune__in=communes).values_list("commune__code", flat=True)
    )
    assert not any(r["unit_code"].startswith("dak-nong") for r in _rows(archive, "tasks.csv"))


def test_export_holds_the_units_dated_facts(demo, tmp_path):
    from datetime import date

    from units.facts import record_fact

    commune = Unit.objects.get(code=CAM_TAN)
    admin = User.objects.get(username="admin")
    for as_of, value in ((date(2019, 4, 1), 8120), (date(2024, 4, 1), 8512)):
        record_fact(
            actor=admin, unit=commune, kind="dan_so", value=value, as_of=as_of, basis="Thống kê"
        )
    rows = _rows(_export(CAM_TAN, tmp_path), "unit_facts.csv")
    assert [(r["kind"], r["as_of"], r["value"]) for r in rows] == [
        ("dan_so", "2019-04-01", "8120"),
        ("dan_so", "2024-04-01", "8512"),
    ]


def test_export_refuses_an_unknown_unit_and_an_existing_file(demo, tmp_path):
    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("export_unit", "khong-co", str(tmp_path / "x.zip"))
    (tmp_path / "x.zip").write_bytes(b"")
    with pytest.raises(CommandError, match="đã có"):
        call_command("export_unit", CAM_TAN, str(tmp_path / "x.zip"))


def test_supervising_office_downloads_the_zip(client, demo):
    client.force_login(User.objects.get(username="camxuyen"))
    commune = Unit.objects.get(code=CAM_TAN)

    response = client.get(reverse("ops:unit-export", args=[commune.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"du-lieu-{CAM_TAN}-" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert set(archive.namelist()) >= FILES


def test_commune_official_may_not_download(client, demo):
    client.force_login(User.objects.get(username="camtan"))
    commune = Unit.objects.get(code=CAM_TAN)

    response = client.get(reverse("ops:unit-export", args=[commune.pk]))

    assert response.status_code == 403
    assert "Chỉ quản trị viên và văn phòng điều phối NTM" in response.content.decode()


def test_the_terms_of_the_communes_cap_uy_are_exported(demo, tmp_path):
    from plans.numbering import party_term_save

    commune = Unit.objects.get(code=CAM_TAN)
    party_term_save(
        actor=User.objects.get(username="camtan"),
        unit=commune,
        congress_closed_on=datetime.date(2020, 7, 21),
        name="Đại hội Đảng bộ xã Cẩm Tân nhiệm kỳ 2020–2025",
    )

    [term] = _rows(_export(CAM_TAN, tmp_path), "party_terms.csv")

    assert (term["congress_closed_on"], term["starts_on"]) == ("2020-07-21", "2020-07-22")
    assert term["name"] == "Đại hội Đảng bộ xã Cẩm Tân nhiệm kỳ 2020–2025"
    assert term["created_by"] == "camtan"
