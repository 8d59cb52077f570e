"""Issue 15, point 6: a review carries the day it took place and who took part, beside the
time it was entered; the review page opens every evidence file of each indicator."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from criteria import services
from criteria.models import Assessment, AssessmentEvent, Evidence, IndicatorStatus
from tests import factories

pytestmark = pytest.mark.django_db
Status = IndicatorStatus.Status
State = Assessment.State
PEOPLE = "Ông Nguyễn Văn An (Trưởng phòng NN&PTNT); Bà Lê Thị Bình (chuyên viên)"


@pytest.fixture
def submitted(assessment_a, official_a):
    """Cẩm Tân 2023, every indicator met but 17.3, sent for review."""
    assessment_a.statuses.update(status=Status.MET, note="Đạt")
    assessment_a.statuses.filter(indicator__code="17.3").update(
        status=Status.NOT_MET, note="Còn nước thải"
    )
    services.assessment_recount(assessment_a)
    services.assessment_submit(assessment=assessment_a, actor=official_a)
    return assessment_a


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reviewer(district_officer):
    return signed_in(district_officer)


@pytest.fixture
def commune_client(official_a):
    return signed_in(official_a)


def _url(assessment):
    return reverse("criteria:assessment-review", args=[assessment.pk])


def _post(client, assessment, **fields):
    data = {"version": Assessment.objects.get(pk=assessment.pk).version, "confirm": "1", **fields}
    return client.post(_url(assessment), data)


def _status(assessment, code):
    return IndicatorStatus.objects.get(assessment=assessment, indicator__code=code)


def _recorded(event) -> str:
    return f"{timezone.localtime(event.at):%d/%m/%Y %H:%M}"


def test_a_verification_records_its_day_and_people_and_both_pages_show_them(
    reviewer, commune_client, submitted, commune_a
):
    response = _post(
        reviewer, submitted, action="verify", held_on="23/07/2023", participants=PEOPLE
    )

    assert response.status_code == 302
    event = submitted.events.get(action=AssessmentEvent.Action.VERIFIED)
    assert (event.held_on, event.participants) == (date(2023, 7, 23), PEOPLE)
    line = f"Thẩm tra ngày 23/07/2023 (ghi nhận {_recorded(event)}) – thành phần: {PEOPLE}"
    assert event.review_line == line
    escaped = line.replace("&", "&amp;")
    url = reverse("criteria:commune-detail", args=[commune_a.pk])
    page = commune_client.get(url).content.decode()
    assert 'id="review-trail"' in page and escaped in page
    trail = reviewer.get(reverse("criteria:commune-trail", args=[commune_a.pk])).content.decode()
    assert escaped in trail
    # the review page of the next round shows the trail too
    Assessment.objects.filter(pk=submitted.pk).update(state=State.SUBMITTED)
    assert escaped in reviewer.get(_url(submitted)).content.decode()


def test_to_verify_the_day_is_required_and_nothing_typed_is_lost(reviewer, submitted):
    s = _status(submitted, "17.3")
    response = _post(
        reviewer,
        submitted,
        action="verify",
        held_on="",
        participants=PEOPLE,
        comment="Hồ sơ đầy đủ",
        **{f"comment_{s.pk}": "Đã xem ảnh"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nhập ngày thẩm tra thực tế" in html
    assert PEOPLE.replace("&", "&amp;") in html and "Hồ sơ đầy đủ" in html and "Đã xem ảnh" in html
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED and submitted.verified_met_count is None
    assert not submitted.events.filter(action=AssessmentEvent.Action.VERIFIED).exists()


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        ("31/12/2022", "Ngày thẩm tra 31/12/2022 trước năm đánh giá 2023"),
        ("future", "chưa đến"),
        ("31/02/2023", "Ngày thẩm tra không hợp lệ"),
        ("2023-13-01", "Ngày thẩm tra không hợp lệ"),
    ],
)
def test_a_day_before_the_year_in_the_future_or_not_a_day_is_refused(
    reviewer, submitted, held_on, message
):
    if held_on == "future":
        held_on = f"{timezone.localdate() + timedelta(days=1):%d/%m/%Y}"

    for action in ("verify", "return"):
        s = _status(submitted, "17.3")
        response = _post(
            reviewer, submitted, action=action, held_on=held_on, **{f"comment_{s.pk}": "Xem lại"}
        )
        assert response.status_code == 200 and message in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED and submitted.events.count() == 1  # submitted


def test_every_error_is_shown_at_once(reviewer, submitted):
    s = _status(submitted, "17.3")
    response = _post(
        reviewer,
        submitted,
        action="verify",
        held_on="01/01/2000",
        participants="x" * 2001,
        **{f"comment_{s.pk}": "y" * 2001},
    )

    html = response.content.decode()
    assert "trước năm đánh giá 2023" in html
    assert "Thành phần tham gia tối đa 2000 ký tự (đang có 2001)" in html
    assert "Ý kiến về chỉ tiêu 17.3 tối đa 2000 ký tự (đang có 2001)" in html
    assert Assessment.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_the_first_of_january_of_the_year_and_today_are_accepted(reviewer, submitted):
    s = _status(submitted, "17.3")
    response = _post(
        reviewer, submitted, action="return", held_on="01/01/2023", **{f"comment_{s.pk}": "Ảnh?"}
    )
    assert response.status_code == 302
    assert submitted.events.get(action=AssessmentEvent.Action.RETURNED).held_on == date(2023, 1, 1)

    Assessment.objects.filter(pk=submitted.pk).update(state=State.SUBMITTED)
    today = timezone.localdate()
    assert (
        _post(reviewer, submitted, action="verify", held_on=f"{today:%d/%m/%Y}").status_code == 302
    )
    assert submitted.events.get(action=AssessmentEvent.Action.VERIFIED).held_on == today


def test_returning_needs_no_day(reviewer, submitted):
    s = _status(submitted, "17.3")
    response = _post(
        reviewer, submitted, action="return", held_on="", **{f"comment_{s.pk}": "Thiếu ảnh"}
    )

    assert response.status_code == 302
    event = submitted.events.get(action=AssessmentEvent.Action.RETURNED)
    assert (event.held_on, event.participants) == (None, "")
    assert event.review_line == f"Ghi nhận {_recorded(event)}"


def test_the_page_offers_today_and_a_request_without_the_field_takes_today(reviewer, submitted):
    today = timezone.localdate()
    html = reviewer.get(_url(submitted)).content.decode()
    assert re.search(rf'name="held_on" value="{today:%d/%m/%Y}"', html)

    # a page from before the field existed, or a script: the day defaults to today
    response = reviewer.post(
        _url(submitted), {"action": "verify", "confirm": "1", "version": submitted.version}
    )

    assert response.status_code == 302
    assert submitted.events.get(action=AssessmentEvent.Action.VERIFIED).held_on == today


def test_the_services_check_the_review_too(submitted, district_officer):
    with pytest.raises(ValidationError) as refused:
        services.assessment_verify(
            assessment=submitted,
            actor=district_officer,
            review=services.Review(held_on=None, participants="z" * 2001),
        )
    assert set(refused.value.message_dict) == {"held_on", "participants"}
    with pytest.raises(ValidationError, match="chưa đến"):
        services.assessment_verify(
            assessment=submitted,
            actor=district_officer,
            review=services.Review(held_on=timezone.localdate() + timedelta(days=3)),
        )
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_the_review_page_links_every_evidence_file_and_downloads_stay_checked(
    commune_client, reviewer, assessment_a, official_b, district_b
):
    status = _status(assessment_a, "17.3")
    for version, name in enumerate(("bien-ban.pdf", "anh-ranh.png"), start=1):
        content = b"%PDF-1.4 x" if name.endswith(".pdf") else b"\x89PNG\r\n\x1a\n...."
        response = commune_client.post(
            reverse("criteria:status-edit", args=[status.pk]),
            {
                "status": Status.MET,
                "note": "Có biên bản",
                "version": version,
                "evidence": SimpleUploadedFile(name, content),
            },
        )
        assert response.status_code == 302
    assessment_a.statuses.update(status=Status.MET, note="Đạt")
    Assessment.objects.filter(pk=assessment_a.pk).update(state=State.SUBMITTED)
    files = list(Evidence.objects.filter(status=status).order_by("uploaded_at", "pk"))
    assert [f.original_name for f in files] == ["bien-ban.pdf", "anh-ranh.png"]

    html = reviewer.get(_url(assessment_a)).content.decode()

    row = re.search(r'<tr id="tham-tra-17\.3">(.*?)</tr>', html, re.S).group(1)
    for f in files:
        link = reverse("criteria:evidence-download", args=[f.pk])
        assert f'<a href="{link}">{f.original_name}' in row
        assert reviewer.get(link).status_code == 200
        # another commune's official, another district's office: not even admitted to exist
        for outsider in (official_b, factories.supervisor(district_b, username=f"vp_{f.pk}")):
            assert signed_in(outsider).get(link).status_code == 404
    assert "Chưa có" in re.search(r'<tr id="tham-tra-17\.1">(.*?)</tr>', html, re.S).group(1)
