"""Every form, driven through its view with hostile input: never a 500, and a refused
submission writes nothing at all (no half-saved row, no history row, no file).

A submission that is accepted must have stored exactly what the form cleaned, with its
history row in the same transaction.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from assignments.models import Task, TaskChange
from criteria.models import Assessment, IndicatorStatus, StatusChange
from plans import services as plan_services
from plans.models import Plan, PlanEvent

from .snapshot import changed_tables, snapshot
from .strategies import hostile_date, hostile_number, hostile_text

pytestmark = pytest.mark.django_db

anything = hostile_text | hostile_number | hostile_date


def overrides(fields: list[str], max_size: int = 4):
    """Some of `fields` replaced by hostile values; the rest keep a valid baseline."""
    return st.dictionaries(st.sampled_from(fields), anything, max_size=max_size)


def refused_cleanly(response, before) -> None:
    assert response.status_code == 200
    assert changed_tables(before, snapshot()) == []


# --- criteria ----------------------------------------------------------------------------


@given(
    status=st.sampled_from(["dat", "chua_dat", "chua_danh_gia"]) | hostile_text,
    value=hostile_number,
    note=hostile_text,
    version=st.just("current") | hostile_number,
    code=st.sampled_from(["17.1", "17.3"]),  # measured against a bar; judged by the official
)
def test_status_form_refuses_or_saves_whole(
    client_a, assessment_a, status, value, note, version, code
):
    row = IndicatorStatus.objects.get(assessment=assessment_a, indicator__code=code)
    history = StatusChange.objects.filter(status=row).count()
    before = snapshot()

    response = client_a.post(
        reverse("criteria:status-edit", args=[row.pk]),
        {
            "status": status,
            "value": value,
            "note": note,
            "version": row.version if version == "current" else version,
        },
    )
    event(f"HTTP {response.status_code}")

    if response.status_code == 302:
        saved = IndicatorStatus.objects.get(pk=row.pk)
        assert saved.note in (note.strip(), row.note)
        added = StatusChange.objects.filter(status=row).count() - history
        assert added == (saved.version - row.version)  # one history row per saved change
    else:
        refused_cleanly(response, before)


@given(q=hostile_text, page=hostile_number)
def test_commune_search_never_fails(client_a, commune_a, q, page):
    response = client_a.get(reverse("criteria:commune-list"), {"q": q, "page": page})

    assert response.status_code == 200


def test_commune_search_finds_decomposed_vietnamese(client_a, commune_a):
    import unicodedata

    for query in ("Cẩm Tân", unicodedata.normalize("NFD", "Cẩm Tân"), "cam tan"):
        response = client_a.get(reverse("criteria:commune-list"), {"q": query})
        assert "Cẩm Tân" in response.content.decode(), query


@given(year=hostile_number, framework=hostile_text | st.just("xa_ntm_2021_2025"))
def test_commune_year_filter_is_a_page_or_a_404(client_a, assessment_a, year, framework):
    response = client_a.get(
        reverse("criteria:commune-detail", args=[assessment_a.commune_id]),
        {"year": year, "framework": framework, "confirm": "1"},
    )
    event(f"HTTP {response.status_code}")

    assert response.status_code in (200, 404)


@given(params=overrides(["criterion", "actor", "date_from", "date_to"]))
def test_trail_filters_never_fail(client_a, assessment_a, params):
    response = client_a.get(
        reverse("criteria:commune-trail", args=[assessment_a.commune_id]), params
    )
    event(f"HTTP {response.status_code}")

    assert response.status_code == 200


@given(year=hostile_number, framework=hostile_text | st.just("xa_ntm_2021_2025"))
def test_open_year_refuses_or_opens_whole(client_a, assessment_a, year, framework):
    before = snapshot()
    opened = Assessment.objects.count()

    response = client_a.post(
        reverse("criteria:assessment-open", args=[assessment_a.commune_id]),
        {"year": year, "framework": framework, "confirm": "1"},
    )
    event(f"HTTP {response.status_code}")

    assert response.status_code == 302
    if Assessment.objects.count() == opened:
        assert changed_tables(before, snapshot()) == []


@given(
    action=st.sampled_from(["return", "verify"]) | hostile_text,
    comment=hostile_text,
    question=hostile_text,
)
def test_review_refuses_or_decides_whole(
    client, district_officer, assessment_a, action, comment, question
):
    Assessment.objects.filter(pk=assessment_a.pk).update(state=Assessment.State.SUBMITTED)
    status = IndicatorStatus.objects.filter(assessment=assessment_a).first()
    client.force_login(district_officer)
    before = snapshot()

    response = client.post(
        reverse("criteria:assessment-review", args=[assessment_a.pk]),
        {
            "action": action,
            "comment": comment,
            f"comment_{status.pk}": question,
            "version": Assessment.objects.get(pk=assessment_a.pk).version,
            "confirm": "1",
        },
    )
    event(f"HTTP {response.status_code}")

    if response.status_code == 302:
        assert Assessment.objects.get(pk=assessment_a.pk).state in ("returned", "verified")
    else:
        refused_cleanly(response, before)


# --- plans -------------------------------------------------------------------------------


PLAN_HEADER = {
    "h-parent_body": "",
    "h-body_lines": "ỦY BAN NHÂN DÂN / XÃ CẨM TÂN",
    "h-number": "",
    "h-symbol": "KH-UBND",
    "h-place": "Cẩm Tân",
    "h-issue_date": "",
    "h-year_start": "2023",
    "h-year_end": "2023",
    "h-title": "Kế hoạch xây dựng nông thôn mới năm 2023",
    "h-opening": "",
    "h-closing": "",
    "h-authority_lines": "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH",
    "h-signer_title": "PHÓ CHỦ TỊCH",
    "h-signer_name": "Trịnh Minh Chung",
}
PLAN_FORMSETS = {
    **{f"{p}-TOTAL_FORMS": "1" for p in "sbr"},
    **{f"{p}-INITIAL_FORMS": "0" for p in "sbr"},
    "s-0-level": "khoan",
    "s-0-heading": "1. Mục đích",
    "s-0-body": "Triển khai Chương trình.",
    "s-0-ORDER": "1",
    "b-0-text": "Căn cứ Luật Tổ chức chính quyền địa phương;",
    "b-0-ORDER": "1",
    "r-0-text": "Lưu: VT",
    "r-0-ORDER": "1",
}


@pytest.fixture
def plan_a(commune_a, official_a):
    plan, _ = plan_services.plan_draft(
        unit=commune_a, kind="trong", year_start=2023, year_end=2023, actor=official_a
    )
    return plan


@given(changes=overrides([*PLAN_HEADER, *PLAN_FORMSETS, "s-0-DELETE", "r-1-text"], max_size=5))
def test_plan_edit_refuses_or_saves_whole(client_a, plan_a, changes):
    plan = Plan.objects.get(pk=plan_a.pk)
    events = PlanEvent.objects.filter(plan=plan).count()
    before = snapshot()

    response = client_a.post(
        reverse("plans:plan-edit", args=[plan.pk]),
        {**PLAN_HEADER, **PLAN_FORMSETS, "h-version": plan.version, **changes},
    )
    event(f"HTTP {response.status_code}")

    if response.status_code == 302:
        saved = Plan.objects.get(pk=plan.pk)
        assert saved.version == plan.version + 1
        assert PlanEvent.objects.filter(plan=plan).count() == events + 1
    else:
        refused_cleanly(response, before)


@given(changes=overrides(["unit", "kind", "year_start", "year_end"]))
def test_plan_create_refuses_or_drafts_whole(client_a, commune_a, changes):
    plans = Plan.objects.count()
    before = snapshot()

    response = client_a.post(
        reverse("plans:plan-create"),
        {"unit": commune_a.pk, "kind": "trong", "year_start": "2023", **changes},
    )
    event(f"HTTP {response.status_code}")

    if response.status_code == 302:
        assert Plan.objects.count() == plans + 1
    else:
        refused_cleanly(response, before)


@given(
    changes=st.dictionaries(
        st.sampled_from(["level", "criteria", "target_count", "deadline_text", "note", "unit_id"]),
        anything,
        max_size=4,
    ),
    year=hostile_number,
)
def test_targets_form_refuses_or_saves_whole(client, district_officer, commune_a, changes, year):
    client.force_login(district_officer)
    prefix = f"t{commune_a.pk}"
    before = snapshot()

    response = client.post(
        reverse("plans:targets-edit", args=[commune_a.parent_id]) + f"?year={year}",
        {
            f"{prefix}-unit_id": commune_a.pk,
            f"{prefix}-level": "ntm",
            **{f"{prefix}-{k}": v for k, v in changes.items()},
        },
    )
    event(f"HTTP {response.status_code}")

    if response.status_code != 302:
        refused_cleanly(response, before)


# --- assignments -------------------------------------------------------------------------


TASK = {
    "title": "Xây rãnh thoát nước có nắp đậy",
    "description": "",
    "criterion": "17",
    "indicator": "17.3",
    "plan_year": "2023",
    "start_date": "",
    "deadline_text": "tháng 12/2023",
    "status": "in_progress",
    "progress": "10",
    "completed_on": "",
    **{f"{p}-TOTAL_FORMS": "1" for p in ("parties", "funding")},
    **{f"{p}-INITIAL_FORMS": "0" for p in ("parties", "funding")},
    "parties-0-kind": "person",
    "parties-0-role": "chu_tri",
    "parties-0-name": "Nguyễn Văn A",
    "parties-0-position": "Công chức NTM",
    "parties-0-unit_name": "",
    "parties-0-user": "",
    "funding-0-source": "xa",
    "funding-0-planned": "500.000.000",
    "funding-0-disbursed": "",
    "funding-0-note": "",
}


@given(changes=overrides([*TASK, "parties-0-DELETE", "funding-1-planned"], max_size=5))
def test_task_form_refuses_or_saves_whole(client_a, commune_a, changes):
    tasks = Task.objects.count()
    before = snapshot()

    response = client_a.post(
        reverse("assignments:task-create", args=[commune_a.pk]), {**TASK, **changes}
    )
    event(f"HTTP {response.status_code}")

    if response.status_code == 302:
        assert Task.objects.count() == tasks + 1
        task = Task.objects.latest("pk")
        assert TaskChange.objects.filter(task=task).count() == 1
    else:
        refused_cleanly(response, before)


@pytest.fixture
def task_a(commune_a, official_a):
    from assignments import services

    return services.task_create(
        actor=official_a,
        unit=commune_a,
        title="Hoàn thành tiêu chí Trường học",
        plan_year=2023,
        deadline_text="tháng 12/2023",
    )


@given(
    status=st.sampled_from(["in_progress", "done"]) | hostile_text,
    progress=hostile_number,
    version=st.just("current") | hostile_number,
    next_url=hostile_text | st.sampled_from(["//evil.example/", "https://evil.example/", "/xa/"]),
)
def test_progress_update_refuses_or_saves_whole(
    client_a, task_a, status, progress, version, next_url
):
    task = Task.objects.get(pk=task_a.pk)
    before = snapshot()

    response = client_a.post(
        reverse("assignments:task-progress", args=[task.pk]),
        {
            "status": status,
            "progress": progress,
            "version": task.version if version == "current" else version,
            "next": next_url,
        },
    )
    event(f"HTTP {response.status_code}")

    if response.status_code == 302:
        target = urlsplit(response["Location"])
        assert not target.scheme and not target.netloc  # never off the site
    else:
        refused_cleanly(response, before)


TASK_FILTERS = ["unit", "criterion", "status", "overdue", "due_soon", "person", "user", "source"]


@given(params=overrides([*TASK_FILTERS, "year", "page"], max_size=6))
def test_task_list_and_export_filters_never_fail(client_a, task_a, params):
    assert client_a.get(reverse("assignments:task-list"), params).status_code == 200
    response = client_a.get(reverse("assignments:task-export"), params)
    assert response.status_code == 200
    assert response.content.startswith(b"PK\x03\x04")
