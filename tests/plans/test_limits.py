"""Every text of plans and tasks has a bound, the same in the model, the forms, the Excel import
and drafting; a plan too long to lay out within seconds is refused a PDF, not left to the worker
timeout (issue 13)."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from assignments.forms import TaskForm
from assignments.models import Task
from plans import forms as plan_forms
from plans.models import Plan, PlanBasis, PlanEvent, PlanRecipient, PlanSection, Target
from plans.services import plan_draft, plan_update
from tests.assignments.conftest import make_task

from .conftest import PlanSectionFactory, make_plan
from .test_views import _edit_data

pytestmark = pytest.mark.django_db
PROSE = (
    "Triển khai Chương trình gắn với thực hiện có hiệu quả cơ cấu lại ngành nông nghiệp, phát "
    "triển kinh tế nông thôn; xây dựng nông thôn mới toàn diện, bền vững; nâng cao đời sống vật "
    "chất và tinh thần của người dân nông thôn."
)


def prose(length: int) -> str:
    """Ordinary paragraphs of about 600 characters, `length` characters in all."""
    paragraph = " ".join([PROSE] * 3)
    text = "\n".join([paragraph] * (length // len(paragraph) + 1))
    return text[:length]


@pytest.fixture
def plan_a(commune_a, official_a):
    plan, _ = plan_draft(
        unit=commune_a, kind=Plan.Kind.BLANK, year_start=2023, year_end=2023, actor=official_a
    )
    return plan


# --- every field has a bound, and the forms use the model's --------------------------------


def test_every_text_field_of_plans_and_assignments_has_a_bound():
    unbounded = [
        f"{model.__name__}.{field.name}"
        for app in ("plans", "assignments")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField) and not field.max_length
    ]
    assert unbounded == []


@pytest.mark.parametrize(
    ("form_field", "model", "name"),
    [
        (plan_forms.PlanHeaderForm.base_fields["title"], Plan, "title"),
        (plan_forms.PlanHeaderForm.base_fields["opening"], Plan, "opening"),
        (plan_forms.PlanHeaderForm.base_fields["closing"], Plan, "closing"),
        (plan_forms.SectionForm.base_fields["heading"], PlanSection, "heading"),
        (plan_forms.SectionForm.base_fields["body"], PlanSection, "body"),
        (plan_forms.BasisFormSet.form.base_fields["text"], PlanBasis, "text"),
        (plan_forms.RecipientFormSet.form.base_fields["text"], PlanRecipient, "text"),
        (plan_forms.TargetForm.base_fields["note"], Target, "note"),
        (plan_forms.TargetForm.base_fields["deadline_text"], Target, "deadline_text"),
        (TaskForm.base_fields["title"], Task, "title"),
        (TaskForm.base_fields["description"], Task, "description"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_each_form_field_has_its_model_field_bound(form_field, model, name):
    bound = model._meta.get_field(name).max_length
    assert bound and form_field.max_length == bound


# --- plans: editing ------------------------------------------------------------------------


def test_a_section_over_its_bound_is_refused_naming_the_field_and_nothing_is_saved(
    client_a, plan_a
):
    data = _edit_data(plan_a, title="Kế hoạch năm 2023")
    data.update(
        {
            "s-0-level": "khoan",
            "s-0-heading": "1. Mục tiêu",
            "s-0-body": "x" * 50_001,
            "s-0-ORDER": 1,
        }
    )
    response = client_a.post(reverse("plans:plan-edit", args=[plan_a.pk]), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nội dung mục dài 50.001 ký tự, tối đa 50.000 ký tự." in html
    plan_a.refresh_from_db()
    assert plan_a.version == 1 and not plan_a.sections.filter(heading="1. Mục tiêu").exists()


def test_a_recipient_longer_than_its_column_is_refused(client_a, plan_a):
    data = _edit_data(plan_a, title="Kế hoạch năm 2023")
    data["r-0-text"] = "Các thôn " + "x" * 300
    response = client_a.post(reverse("plans:plan-edit", args=[plan_a.pk]), data)

    assert response.status_code == 200
    assert "Nơi nhận dài 309 ký tự, tối đa 300 ký tự." in response.content.decode()
    plan_a.refresh_from_db()
    assert plan_a.version == 1


def test_the_service_refuses_an_over_long_section_whoever_calls_it(plan_a, official_a):
    with pytest.raises(ValidationError) as refused:
        plan_update(
            plan=plan_a,
            actor=official_a,
            version=plan_a.version,
            header={"title": "Kế hoạch"},
            sections=[{"level": "khoan", "heading": "2. Nhiệm vụ", "body": "y" * 2_000_000}],
            bases=[],
            recipients=["Lưu: VT."],
        )
    assert "Mục “2. Nhiệm vụ”: nội dung dài 2.000.000 ký tự, tối đa 50.000 ký tự." in str(
        refused.value
    )
    plan_a.refresh_from_db()
    assert plan_a.version == 1 and not plan_a.sections.filter(heading="2. Nhiệm vụ").exists()


def test_a_plan_too_long_to_print_is_refused_when_saved(plan_a, official_a):
    sections = [
        {"level": "khoan", "heading": f"{i}. Mục", "body": prose(45_000)} for i in range(1, 15)
    ]  # 14 × 45 000 characters: over the 600 000 bound
    with pytest.raises(ValidationError, match="quá dài để in"):
        plan_update(
            plan=plan_a,
            actor=official_a,
            version=plan_a.version,
            header={"title": "Kế hoạch"},
            sections=sections,
            bases=[],
            recipients=["Lưu: VT."],
        )
    plan_a.refresh_from_db()
    assert plan_a.version == 1


# --- plans: drafting -----------------------------------------------------------------------


def test_a_draft_from_a_huge_task_stays_within_bounds_and_says_where_it_was_cut(
    commune_a, official_a
):
    task = make_task(commune_a, title="Nâng cấp đường giao thông nội đồng")
    Task.objects.filter(pk=task.pk).update(description="Đổ bê tông mặt đường. " * 250_000)

    plan, warnings = plan_draft(
        unit=commune_a,
        kind=Plan.Kind.COMMUNE_ANNUAL,
        year_start=2023,
        year_end=2023,
        actor=official_a,
    )

    bound = PlanSection._meta.get_field("body").max_length
    sections = list(plan.sections.all())
    assert all(len(s.body) <= bound for s in sections)
    cut = next(s for s in sections if "Nâng cấp đường giao thông nội đồng" in s.body)
    assert "… (Dự thảo lược bớt" in cut.body.splitlines()[-1]
    assert any(cut.heading in w and "lược bớt" in w for w in warnings), warnings
    event = plan.events.get(action=PlanEvent.Action.DRAFTED)
    assert "lược bớt" in event.detail


def test_a_draft_keeps_a_long_position_whole_and_cuts_a_kept_recipient_visibly(
    commune_a, official_a
):
    from plans.models import RecipientList, Signatory

    position = (
        "Ủy viên Ban Thường vụ Đảng ủy, Trưởng Văn phòng Điều phối Chương trình mục tiêu quốc "
        "gia xây dựng nông thôn mới xã Cẩm Tân"
    )  # 122 characters: a Signatory's position holds 150
    Signatory.objects.create(
        unit=commune_a, issuer=Plan.Issuer.UBND, full_name="Nguyễn Văn A", position=position
    )
    RecipientList.objects.create(  # a line of a kept list: up to the list's 3 000
        unit=commune_a, issuer=Plan.Issuer.UBND, recipients="Các thôn " + "và tổ dân cư " * 30
    )

    plan, warnings = plan_draft(
        unit=commune_a,
        kind=Plan.Kind.COMMUNE_ANNUAL,
        year_start=2024,
        year_end=2024,
        actor=official_a,
    )

    assert plan.signer_title == position.upper()
    (recipient,) = plan.recipients.all()
    assert len(recipient.text) <= PlanRecipient._meta.get_field("text").max_length
    assert recipient.text.startswith("Các thôn và tổ dân cư")
    assert "… (Dự thảo lược bớt" in recipient.text
    assert any(w.startswith("Nơi nhận thứ 1 dài 398 ký tự") for w in warnings), warnings


# --- plans: PDF and DOCX -------------------------------------------------------------------


def test_a_plan_over_the_print_bound_gets_a_vietnamese_page_not_a_pdf(client_a, commune_a):
    plan = make_plan(commune_a, number=31, issue_date=datetime.date(2024, 3, 5), sections=[])
    for i in range(1, 15):  # 14 × 45 000 characters: over the 600 000 bound
        PlanSectionFactory(plan=plan, heading=f"{i}. Nội dung", body=prose(45_000))

    for name in ("plan-pdf", "plan-docx"):
        response = client_a.get(reverse(f"plans:{name}", args=[plan.pk]))
        assert response.status_code == 422, name
        assert response["Content-Type"].startswith("text/html")
        html = response.content.decode()
        assert "Kế hoạch quá dài để in" in html and "600.000" in html


def test_the_page_of_a_plan_over_the_print_bound_says_so_instead_of_offering_files(
    client_a, commune_a
):
    plan = make_plan(commune_a, sections=[])
    for i in (1, 2):  # 2 × 6 000 lines of 8 characters, 58 each with the line's own weight
        PlanSectionFactory(plan=plan, heading=f"{i}. Các thôn", body="- Thôn.\n" * 6_000)

    html = client_a.get(reverse("plans:plan-detail", args=[plan.pk])).content.decode()

    assert "Kế hoạch quá dài để in" in html
    assert reverse("plans:plan-pdf", args=[plan.pk]) not in html


def test_short_lines_weigh_more_than_their_characters():
    from plans.render import PIECE_WEIGHT, text_weight

    assert text_weight("- Xã.\n" * 1000) == 1000 * (5 + PIECE_WEIGHT)
    assert text_weight("| a | b |\n|---|---|\n| c | d |") == 4 * (1 + PIECE_WEIGHT)
    assert text_weight("Một **đậm** và *nghiêng*.") == len("Một đậm và nghiêng.") + 5 * PIECE_WEIGHT
