"""Issue 15, point 4: the count at both levels, "12/19 tiêu chí, 28/35 chỉ tiêu".

A set made here with 19 criteria and 35 indicators (criteria 1–16 hold two each, 17–19 one).
The commune meets both indicators of criteria 1–12 and the first of 13–16: 12 criteria and
28 indicators. The indicator counts are kept on the assessment by the same recount as the
criteria's (criteria.services.assessment_recount), verified ones apart.
"""

import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from criteria import authoring, services, summaries
from criteria.models import Assessment, Criterion, Framework, Indicator, IndicatorStatus
from criteria.selectors import active_indicators
from tests import factories

pytestmark = pytest.mark.django_db
Status = IndicatorStatus.Status
YEAR = 2023


def text_of(html: str) -> str:
    """The page as read: tags dropped, spaces collapsed."""
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return re.sub(r" ([,.:;)])", r"\1", text)


@pytest.fixture
def set35(db):
    framework = Framework.objects.create(
        key="thu_35",
        name="Bộ tiêu chí thử 35 chỉ tiêu",
        short_name="Thử 35",
        level=Framework.Level.XA_NTM,
        period_start=2021,
        period_end=2025,
    )
    order = 0
    for number in range(1, 20):
        criterion = Criterion.objects.create(
            framework=framework, number=number, name=f"TC {number}"
        )
        for part in (1, 2) if number <= 16 else (1,):
            order += 1
            Indicator.objects.create(
                framework=framework,
                criterion=criterion,
                code=f"{number}.{part}",
                name=f"Chỉ tiêu {number}.{part}",
                kind=Indicator.Kind.BOOLEAN,
                order=order,
            )
    assert Indicator.objects.filter(framework=framework).count() == 35
    return framework


def met_by_plan(code: str) -> bool:
    number, part = (int(x) for x in code.split("."))
    return number <= 12 or (number <= 16 and part == 1)


def status(assessment, code) -> IndicatorStatus:
    return IndicatorStatus.objects.select_related(
        "indicator", "assessment__commune", "assessment__framework"
    ).get(assessment=assessment, indicator__code=code)


def judge(assessment, code, met: bool, actor):
    s = status(assessment, code)
    services.status_update(
        status=s,
        actor=actor,
        new_status=Status.MET if met else Status.NOT_MET,
        value=None,
        note="Theo biên bản kiểm tra",
        version=s.version,
    )


@pytest.fixture
def year(set35, commune_a, official_a):
    """Xã A, 2023 on the 35-indicator set: 12 criteria, 28 indicators met, through the service."""
    assessment = services.assessment_open(
        commune=commune_a, framework=set35, year=YEAR, actor=official_a
    )
    for indicator in Indicator.objects.filter(framework=set35):
        judge(assessment, indicator.code, met_by_plan(indicator.code), official_a)
    assessment.refresh_from_db()
    return assessment


def verified(year, district_officer):
    services.assessment_submit(assessment=year, actor=None)
    services.assessment_verify(
        assessment=year,
        actor=district_officer,
        review=services.Review(held_on=date(YEAR, 11, 20), participants="Tổ thẩm tra huyện"),
    )
    year.refresh_from_db()
    return year


def test_the_commune_page_and_the_list_read_criteria_and_indicators(
    client_a, client, year, commune_a, set35, district_officer
):
    assert (year.met_count, year.criteria_count) == (12, 19)
    assert (year.indicator_met_count, year.indicator_count) == (28, 35)
    assert year.verified_indicator_met_count is None
    assert year.counts_text == "12/19 tiêu chí, 28/35 chỉ tiêu"
    assert year.verified_counts_text == ""

    url = reverse("criteria:commune-detail", args=[commune_a.pk])
    html = client_a.get(url, {"year": YEAR, "framework": set35.key}).content.decode()
    assert "Năm 2023: xã đạt 12/19 tiêu chí, 28/35 chỉ tiêu (xã tự đánh giá)" in text_of(html)
    assert 'id="headline-count">12/19<' in html and 'id="indicator-count">28/35<' in html

    client.force_login(district_officer)
    page = text_of(client.get(reverse("criteria:commune-list")).content.decode())
    assert "Năm 2023 (Thử 35): đạt 12/19 tiêu chí, 28/35 chỉ tiêu" in page


def test_the_review_page_gives_both_counts(client, year, district_officer):
    services.assessment_submit(assessment=year, actor=None)
    client.force_login(district_officer)
    html = client.get(reverse("criteria:assessment-review", args=[year.pk])).content.decode()
    assert "Xã tự đánh giá đạt 12/19 tiêu chí, 28/35 chỉ tiêu." in text_of(html)


def test_the_verified_count_stays_when_the_commune_changes_a_result(
    client_a, client, year, commune_a, set35, official_a, district_officer
):
    verified(year, district_officer)
    assert year.verified_counts_text == "12/19 tiêu chí, 28/35 chỉ tiêu"

    judge(year, "1.1", False, official_a)  # after the verification: reopens the year
    year.refresh_from_db()

    assert year.state == Assessment.State.DRAFT
    assert year.counts_text == "11/19 tiêu chí, 27/35 chỉ tiêu"
    assert year.verified_counts_text == "12/19 tiêu chí, 28/35 chỉ tiêu"
    url = reverse("criteria:commune-detail", args=[commune_a.pk])
    page = text_of(client_a.get(url, {"year": YEAR, "framework": set35.key}).content.decode())
    assert "xã đạt 11/19 tiêu chí, 27/35 chỉ tiêu (xã tự đánh giá)" in page
    assert "Kết quả đã thẩm tra: 12/19 tiêu chí, 28/35 chỉ tiêu" in page
    client.force_login(district_officer)
    listed = text_of(client.get(reverse("criteria:commune-list")).content.decode())
    assert "đạt 11/19 tiêu chí, 27/35 chỉ tiêu 12/19 tiêu chí, 28/35 chỉ tiêu" in listed


def test_an_indicator_added_after_the_verification_counts_as_not_yet_judged(
    year, set35, official_a, district_officer
):
    verified(year, district_officer)
    judge(year, "17.1", True, official_a)  # reopens the year: new indicators reach it again
    year.refresh_from_db()
    assert year.counts_text == "13/19 tiêu chí, 29/35 chỉ tiêu"

    authoring.indicator_add(
        framework=set35,
        actor=factories.national_office(),
        criterion=Criterion.objects.get(framework=set35, number=1),
        code="1.3",
        name="Chỉ tiêu mới",
        kind=Indicator.Kind.BOOLEAN,
        legal_basis="QĐ sửa đổi số 01/2026",
    )
    year.refresh_from_db()

    # self-assessed: 1.3 not assessed yet, so criterion 1 is no longer met
    assert year.counts_text == "12/19 tiêu chí, 29/36 chỉ tiêu"
    # verified: 1.3 was never verified, counted as not met – as the criteria's figure does
    assert (year.verified_met_count, year.verified_indicator_met_count) == (11, 28)
    assert year.verified_counts_text == "11/19 tiêu chí, 28/36 chỉ tiêu"
    assert summaries.summaries_rebuild(dry_run=True).corrected == 0


def test_an_indicator_retired_before_the_year_does_not_count(year, set35):
    # retired on 1 January of the year: not in force that year; retired later in the year:
    # still counted (the rule of the criteria, selectors.active_criteria)
    Indicator.objects.filter(framework=set35, code="16.2").update(retired_on=date(YEAR, 1, 1))
    Indicator.objects.filter(framework=set35, code="15.2").update(retired_on=date(YEAR, 6, 30))
    assert active_indicators(set35, YEAR).count() == 34

    report = summaries.summaries_rebuild(framework=set35, dry_run=True)
    assert report.corrected == 1  # the stored 35 is no longer right
    services.assessment_recount(year)
    year.refresh_from_db()

    assert (year.indicator_met_count, year.indicator_count) == (28, 34)
    # criterion 16 is judged on 16.1 alone (met): 16.2, retired, no longer decides it
    assert year.counts_text == "13/19 tiêu chí, 28/34 chỉ tiêu"


def test_rebuild_summaries_restores_wrong_indicator_counts(year, set35, district_officer):
    verified(year, district_officer)
    Assessment.objects.filter(pk=year.pk).update(
        indicator_met_count=1, indicator_count=2, verified_indicator_met_count=None
    )
    out = io.StringIO()

    call_command("rebuild_summaries", "--framework", set35.key, stdout=out)

    assert "đã sửa 1" in out.getvalue()
    year.refresh_from_db()
    assert (
        year.indicator_met_count,
        year.indicator_count,
        year.verified_indicator_met_count,
    ) == (28, 35, 28)
    assert summaries.summaries_rebuild(dry_run=True).corrected == 0


def test_a_set_without_indicators_reads_criteria_only(commune_a, f51, official_a):
    from criteria.models import UnitCategory

    UnitCategory.objects.create(
        unit=commune_a,
        framework=f51,
        category="nhom2",
        basis="QĐ xếp nhóm",
        valid_from=date(2026, 1, 1),
    )
    assessment = services.assessment_open(
        commune=commune_a, framework=f51, year=2026, actor=official_a
    )
    assessment.refresh_from_db()
    assert (assessment.indicator_count, assessment.counts_text) == (0, "0/10 tiêu chí")


@pytest.fixture
def retired_2027(province, province_office_a):
    """A 2027 year open on a published set (1.1 ≥ 80 %, 1.2 judged, 2.1 ≥ 50 %): 1.1 and 2.1
    met, 1.2 not assessed; then an amending decision drops 1.2 from 1 January 2027."""
    from criteria import authoring

    commune = factories.CommuneFactory(name="Cẩm Tân mới", parent=province, region="btb")
    leader = factories.official(commune, username="leader26", kind="commune_leader")
    framework = factories.authored_framework(actor=province_office_a, province=province)
    year = services.assessment_open(commune=commune, framework=framework, year=2027, actor=leader)
    factories.measured(year, "1.1", "90", leader)
    factories.measured(year, "2.1", "60", leader)
    year.refresh_from_db()
    assert year.counts_text == "1/2 tiêu chí, 2/3 chỉ tiêu"
    authoring.indicator_retire(
        indicator=Indicator.objects.get(framework=framework, code="1.2"),
        actor=province_office_a, on=date(2027, 1, 1), legal_basis="QĐ 10/2027/QĐ-UBND",
    )  # fmt: skip
    year.refresh_from_db()
    return year


def test_retiring_an_indicator_counts_the_years_it_reaches_again_on_their_record(retired_2027):
    assert summaries.summaries_rebuild(dry_run=True).corrected == 0
    assert retired_2027.counts_text == "2/2 tiêu chí, 2/2 chỉ tiêu"
    event = retired_2027.events.get()
    assert "1.2 ngừng áp dụng từ 01/01/2027" in event.comment and "QĐ 10/2027" in event.comment


def test_a_retired_indicator_no_longer_decides_its_criterion_nor_blocks_sending(retired_2027):
    from criteria.models import CriterionResult

    assert CriterionResult.objects.get(assessment=retired_2027, criterion__number=1).status == (
        IndicatorStatus.Status.MET
    )
    assert services.submit_problems(retired_2027) == []
    # its row and history stay
    assert retired_2027.statuses.filter(indicator__code="1.2").exists()
