"""HTML and script typed into any text field is shown as text on every page, and no exported
spreadsheet cell runs as a formula (the plan PDF and DOCX: tests/plans/)."""

from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from assignments import services as task_services
from assignments.entries import FundingData, PartyData
from criteria import services as criteria_services
from criteria.models import Assessment, IndicatorStatus
from imports import services as import_services
from plans import services as plan_services
from plans.models import PlanBasis, PlanRecipient, PlanSection, Target
from tests import factories
from units.models import Role
from units.resources import OfficialResource

from .strategies import PAYLOADS, hostile_text

pytestmark = pytest.mark.django_db
XSS = "<script>alert('xss')</script><img src=x onerror=alert(1)>"
ESCAPED = "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def everything_typed_hostile(commune_a, official_a, district_officer, assessment_a):
    """Every kind of free text a user types, holding markup and a script."""
    official_a.full_name = f"Nguyễn Văn A {XSS}"
    official_a.save(update_fields=["full_name"])
    status = IndicatorStatus.objects.get(assessment=assessment_a, indicator__code="17.3")
    criteria_services.status_update(
        status=status,
        actor=official_a,
        new_status="dat",
        value=None,
        note=f"Ghi chú {XSS}",
        version=status.version,
    )
    Assessment.objects.filter(pk=assessment_a.pk).update(state="submitted")
    assessment_a.refresh_from_db()
    criteria_services.assessment_return(
        assessment=assessment_a,
        actor=district_officer,
        comments={status.pk: f"Xem lại {XSS}"},
        comment=f"Ý kiến chung {XSS}",
    )
    task = task_services.task_create(
        actor=official_a,
        unit=commune_a,
        title=f"Nhiệm vụ {XSS}",
        description=f"Nội dung {XSS}",
        plan_year=2023,
        deadline_text="tháng 12/2023",
        parties=[PartyData("chu_tri", f"Tổ chức {XSS}", kind="organisation")],
        funding=[FundingData("xa", 500_000_000, note=f"Ghi chú {XSS}")],
    )
    plan, _ = plan_services.plan_draft(
        unit=commune_a, kind="trong", year_start=2023, year_end=2023, actor=official_a
    )
    plan.title = f"Kế hoạch {XSS}"
    plan.save(update_fields=["title"])
    PlanSection.objects.create(plan=plan, heading=f"1. Mục {XSS}", body=f"Đoạn {XSS}")
    PlanBasis.objects.create(plan=plan, text=f"Căn cứ {XSS}")
    PlanRecipient.objects.create(plan=plan, text=f"Nơi nhận {XSS}")
    Target.objects.create(unit=commune_a, year=2023, note=f"Chỉ tiêu {XSS}")
    return status, task, plan


def test_typed_markup_is_text_on_every_page(client_a, commune_a, everything_typed_hostile):
    status, task, plan = everything_typed_hostile
    pages = [
        reverse("criteria:commune-list"),
        reverse("criteria:commune-detail", args=[commune_a.pk]),
        reverse("criteria:status-edit", args=[status.pk]),
        reverse("criteria:status-history", args=[status.pk]),
        reverse("criteria:commune-trail", args=[commune_a.pk]),
        reverse("assignments:commune-tasks", args=[commune_a.pk]),
        reverse("assignments:task-list"),
        reverse("assignments:my-tasks"),
        reverse("assignments:task-detail", args=[task.pk]),
        reverse("assignments:task-update", args=[task.pk]),
        reverse("plans:plan-list"),
        reverse("plans:plan-detail", args=[plan.pk]),
        reverse("plans:plan-edit", args=[plan.pk]),
        reverse("plans:plan-print", args=[plan.pk]),
        reverse("plans:targets-edit", args=[commune_a.parent_id]) + "?year=2023",
    ]
    shown = 0
    for url in pages:
        response = client_a.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert" not in html, url
        assert "onerror=alert(1)>" not in html, url
        shown += ESCAPED in html or "&lt;script&gt;" in html
    assert shown >= len(pages) - 2  # the lists that show no free text may not show it


def _cells(content: bytes):
    book = openpyxl.load_workbook(BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


@given(title=hostile_text | st.sampled_from(PAYLOADS), note=hostile_text)
def test_task_export_never_holds_a_formula(client_a, commune_a, official_a, title, note):
    clean = "".join(ch for ch in title if ch >= " " or ch == "\n").strip()[:255] or "="
    task_services.task_create(
        actor=official_a,
        unit=commune_a,
        title=clean,
        description=note.replace("\x00", ""),
        plan_year=2023,
        deadline_text="tháng 12/2023",
        parties=[PartyData("chu_tri", "=1+1", kind="organisation")],
        funding=[FundingData("xa", 1_000, note="@SUM(A1)")],
    )

    response = client_a.get(reverse("assignments:task-export"))

    for cell in _cells(response.content):
        assert cell.data_type != "f", cell.value
        if isinstance(cell.value, str):
            assert not cell.value.startswith(FORMULA_START), cell.value


def test_officials_export_holds_no_formula_and_imports_back(client, commune_a):
    admin = factories.UserFactory(username="quantri", is_staff=True, is_superuser=True)
    person = factories.UserFactory(
        username="canbo.camtan", full_name='=HYPERLINK("http://evil.example/";"bấm")'
    )
    person.phone = "+84 912 345 678"
    person.save(update_fields=["phone"])
    Role.objects.create(user=person, unit=commune_a, kind="commune_official")
    client.force_login(admin)
    fields = {f"officialresource_{name}": "on" for name in OfficialResource.Meta.fields}

    response = client.post(reverse("admin:units_role_export"), {"format": 0, **fields})

    values = [c.value for c in _cells(response.content) if c.data_type != "n"]
    assert all(not (isinstance(v, str) and v.startswith(FORMULA_START)) for v in values)
    assert "'+84 912 345 678" in values
    run = import_services.import_run_check(  # the export imports back through the pipeline
        user=admin, kind="officials", file_name="can-bo.xlsx", content=response.content
    )
    assert run.errors == [] and (run.created, run.changed, run.unchanged) == (0, 0, 1)
