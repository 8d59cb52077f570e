"""Targets and measures per criterion (mục tiêu, giải pháp): written by the commune, read by
the offices above, on record, carried from last year as a starting point, never overwritten
silently."""

import lxml.html
import pytest
from django.urls import reverse

from criteria.models import Criterion
from plans.models import CriterionMeasure, CriterionMeasureChange

pytestmark = pytest.mark.django_db
POVERTY = "Giảm tỷ lệ hộ nghèo đa chiều xuống dưới 4 % (còn 42 hộ)"
FUND = "- Vận động quỹ “Vì người nghèo” hỗ trợ 10 hộ\n- Mở 1–2 lớp dạy nghề cho lao động nông thôn"


def _url(commune, year):
    return reverse("plans:measures-edit", args=[commune.pk]) + f"?year={year}"


def _post(client, commune, year, criterion, **values):
    page = client.get(_url(commune, year))
    data = {}
    for form in page.context["rows"]:
        form = form[1]
        for name, field in form.fields.items():
            key = form.add_prefix(name)
            value = form.initial.get(name)
            data[key] = "" if value is None else value
            if field.show_hidden_initial:
                data[form.add_initial_prefix(name)] = data[key]
    prefix = f"m{criterion.pk}-"
    for name, value in values.items():
        data[prefix + name] = value
    return client.post(_url(commune, year), data)


def test_the_commune_writes_its_targets_and_measures_on_record(
    client_a, commune_a, assessment_a, f318, official_a, client, district_officer
):
    eleven = Criterion.objects.get(framework=f318, number=11)
    page = client_a.get(_url(commune_a, 2023))
    assert page.status_code == 200
    response = _post(client_a, commune_a, 2023, eleven, target=POVERTY, measures=FUND)
    assert response.status_code == 302
    measure = CriterionMeasure.objects.get(unit=commune_a, year=2023, criterion=eleven)
    assert (measure.target, measure.measures, measure.updated_by) == (POVERTY, FUND, official_a)
    (change,) = CriterionMeasureChange.objects.filter(measure=measure)
    assert change.changes[0] == ["Mục tiêu", "", POVERTY]
    assert CriterionMeasure.objects.count() == 1  # untouched criteria wrote nothing

    # the district reads it, writes nothing
    client.force_login(district_officer)
    html = client.get(_url(commune_a, 2023)).content.decode()
    assert POVERTY in html and 'name="m' not in html.split("Tiêu chí 11.")[1].split("</section>")[0]
    assert client.post(_url(commune_a, 2023), {}).status_code == 403


def test_a_stale_page_writes_nothing_and_names_who_saved(
    client_a, commune_a, assessment_a, f318, official_a
):
    eleven = Criterion.objects.get(framework=f318, number=11)
    _post(client_a, commune_a, 2023, eleven, target=POVERTY)
    stale = client_a.get(_url(commune_a, 2023))  # the page read now …
    _post(client_a, commune_a, 2023, eleven, target="Dưới 3 %")  # … another save lands
    data = {}
    for _line, form in stale.context["rows"]:
        for name, field in form.fields.items():
            value = form.initial.get(name)
            data[form.add_prefix(name)] = "" if value is None else value
            if field.show_hidden_initial:
                data[form.add_initial_prefix(name)] = data[form.add_prefix(name)]
    data[f"m{eleven.pk}-target"] = "Dưới 2 %"
    response = client_a.post(_url(commune_a, 2023), data, follow=True)
    assert "Tiêu chí 11 vừa được" in response.content.decode()
    assert CriterionMeasure.objects.get(criterion=eleven).target == "Dưới 3 %"


def test_last_year_s_text_is_offered_and_kept_when_saved(client_a, commune_a, assessment_a, f318):
    eleven = Criterion.objects.get(framework=f318, number=11)
    _post(client_a, commune_a, 2023, eleven, target=POVERTY, measures=FUND)
    page = client_a.get(_url(commune_a, 2024))
    html = page.content.decode()
    assert POVERTY in html and "Điền sẵn từ năm 2023" in html
    twelve = Criterion.objects.get(framework=f318, number=12)
    _post(client_a, commune_a, 2024, twelve, target="70 % lao động qua đào tạo")
    assert CriterionMeasure.objects.get(year=2024, criterion=eleven).target == POVERTY
    assert CriterionMeasure.objects.filter(year=2023).count() == 1  # last year untouched


def test_the_drafts_write_the_commune_s_targets_and_measures_under_the_criterion(
    client_a, commune_a, assessment_a, f318, official_a
):
    from criteria.models import IndicatorStatus
    from plans.models import Plan
    from plans.services import plan_draft

    IndicatorStatus.objects.filter(assessment=assessment_a, indicator__criterion__number=11).update(
        status=IndicatorStatus.Status.NOT_MET
    )
    from criteria.services import assessment_recount

    assessment_recount(assessment_a)
    eleven = Criterion.objects.get(framework=f318, number=11)
    _post(client_a, commune_a, 2023, eleven, target=POVERTY, measures=FUND)
    plan, _ = plan_draft(
        unit=commune_a, kind=Plan.Kind.CONSOLIDATE, year_start=2023, year_end=2025, actor=official_a
    )
    section = next(s for s in plan.sections.all() if "Tiêu chí 11," in s.heading)
    assert f"- Mục tiêu: {POVERTY}" in section.body
    assert (
        "- Giải pháp:\n+ Vận động quỹ “Vì người nghèo” hỗ trợ 10 hộ;\n+ Mở 1–2 lớp" in section.body
    )
    annual, _ = plan_draft(
        unit=commune_a,
        kind=Plan.Kind.COMMUNE_ANNUAL,
        year_start=2023,
        year_end=2023,
        actor=official_a,
    )
    table = next(s for s in annual.sections.all() if "Mục tiêu từng tiêu chí" in s.heading)
    assert POVERTY in table.body


def test_an_official_who_answers_for_some_criteria_writes_their_measures_only(
    client, commune_a, assessment_a, f318
):
    from tests import factories

    five = Criterion.objects.get(framework=f318, number=5)
    eleven = Criterion.objects.get(framework=f318, number=11)
    culture = factories.official(commune_a, username="van_hoa_a", criteria=[five])
    client.force_login(culture)

    page = lxml.html.fromstring(client.get(_url(commune_a, 2023)).content)
    [theirs] = page.xpath(f'//*[@name="m{five.pk}-target"]')
    [others] = page.xpath(f'//*[@name="m{eleven.pk}-target"]')
    assert theirs.get("disabled") is None and others.get("disabled") is not None

    _post(client, commune_a, 2023, eleven, target=POVERTY)  # a crafted post: not written
    assert not CriterionMeasure.objects.filter(criterion=eleven).exists()
    _post(client, commune_a, 2023, five, target="Nhà văn hóa xã đạt chuẩn")
    assert CriterionMeasure.objects.get(criterion=five).target == "Nhà văn hóa xã đạt chuẩn"
