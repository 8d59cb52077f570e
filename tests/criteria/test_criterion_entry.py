"""A criterion's work on one page (issue 17, item 1): every indicator of the criterion with its
form; a save returns to that indicator with the counts updated; a refused save shows every
error of the indicator at once, the first focused, and names a chosen file to choose again;
the commune page links its unmet criteria and each criterion to that page."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from criteria.models import IndicatorStatus
from tests import factories

pytestmark = pytest.mark.django_db
Status = IndicatorStatus.Status


def _url(commune, number, assessment):
    return (
        reverse("criteria:criterion-entry", args=[commune.pk, number])
        + f"?year={assessment.year}&framework={assessment.framework.key}"
    )


def test_a_criterion_page_saves_one_indicator_and_returns_to_it(client_a, commune_a, assessment_a):
    url = _url(commune_a, 17, assessment_a)
    page = client_a.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    codes = list(
        IndicatorStatus.objects.filter(assessment=assessment_a, indicator__criterion__number=17)
        .order_by("indicator__code")
        .values_list("pk", "indicator__code")
    )
    for pk, code in codes:
        assert f'id="chi-tieu-{code}"' in text and f'name="s{pk}-note"' in text
    pk, code = codes[0]
    status = IndicatorStatus.objects.get(pk=pk)
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = client_a.post(
        url,
        {
            "status_pk": pk,
            f"s{pk}-status": Status.MET,
            f"s{pk}-note": "Đã có nước sạch",
            f"s{pk}-version": status.version,
            f"s{pk}-evidence": upload,
        },
    )
    assert response.status_code == 302 and response.url == f"{url}#chi-tieu-{code}"
    status.refresh_from_db()
    assert (status.status, status.note) == (Status.MET, "Đã có nước sạch")
    after = client_a.get(response.url).content.decode()
    assert f"Đã lưu chỉ tiêu {code}." in after and "bien-ban.pdf" in after


def test_a_refused_save_shows_every_error_and_names_the_file(client_a, commune_a, assessment_a):
    url = _url(commune_a, 17, assessment_a)
    status = IndicatorStatus.objects.filter(
        assessment=assessment_a, indicator__criterion__number=17
    ).first()
    pk = status.pk
    upload = SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff\xe0 jpeg", content_type="image/jpeg")
    response = client_a.post(
        url,
        {
            "status_pk": pk,
            f"s{pk}-status": "khong-co",
            f"s{pk}-note": "x" * 4001,
            f"s{pk}-version": status.version,
            f"s{pk}-evidence": upload,
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Kết quả không hợp lệ." in text
    assert "4000" in text or "4.000" in text
    assert "chọn lại tệp" in text and "anh.jpg" in text
    assert text.count("autofocus") == 1
    status.refresh_from_db()
    assert status.note != "x" * 4001


def test_a_stale_version_is_refused_naming_who_changed_it(client_a, commune_a, assessment_a):
    url = _url(commune_a, 17, assessment_a)
    status = IndicatorStatus.objects.filter(
        assessment=assessment_a, indicator__criterion__number=17
    ).first()
    pk = status.pk
    data = {
        "status_pk": pk,
        f"s{pk}-status": Status.MET,
        f"s{pk}-note": "a",
        f"s{pk}-version": status.version,
    }
    assert client_a.post(url, data).status_code == 302
    stale = client_a.post(url, {**data, f"s{pk}-note": "b"})
    assert stale.status_code == 400
    status.refresh_from_db()
    assert status.note == "a"


def test_only_those_who_may_edit_get_forms(client, commune_a, assessment_a, district_officer):
    client.force_login(district_officer)
    url = _url(commune_a, 17, assessment_a)
    page = client.get(url)
    assert page.status_code == 200 and "status_pk" not in page.content.decode()
    status = IndicatorStatus.objects.filter(assessment=assessment_a).first()
    refused = client.post(url, {"status_pk": status.pk})
    assert refused.status_code == 403


def test_a_criterion_of_many_indicators_costs_no_more_queries_than_one_of_few(
    client_a, commune_a, assessment_a
):
    """Each form reads the threshold its row picked already: criterion 17 costs what
    criterion 2 does, not four queries more for each indicator it has more."""
    counts = {}
    for number in (2, 17):
        with CaptureQueriesContext(connection) as queries:
            assert client_a.get(_url(commune_a, number, assessment_a)).status_code == 200
        counts[number] = len(queries.captured_queries)
    rows = IndicatorStatus.objects.filter(assessment=assessment_a)
    many, few = (rows.filter(indicator__criterion__number=n).count() for n in (17, 2))
    assert many > few > 0
    assert counts[17] == counts[2], counts


def test_the_commune_page_links_unmet_criteria_to_their_pages(client_a, commune_a, assessment_a):
    page = client_a.get(reverse("criteria:commune-detail", args=[commune_a.pk])).content.decode()
    assert reverse("criteria:criterion-entry", args=[commune_a.pk, 17]) in page
    assert 'id="unmet-links"' in page  # a new year: every criterion is still unmet


def test_an_unknown_criterion_is_not_found(client_a, commune_a, assessment_a):
    assert client_a.get(_url(commune_a, 99, assessment_a)).status_code == 404


def test_sending_for_review_is_confirmed_with_what_it_does(client, commune_a, assessment_a):
    from tests import factories

    leader = factories.official(commune_a, username="lanh_dao", kind="commune_leader")
    client.force_login(leader)
    url = reverse("criteria:assessment-submit", args=[assessment_a.pk])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    # a new year: nothing assessed yet – said before the button, which is not offered
    assert "chỉ tiêu chưa đánh giá" in text and 'type="submit"' not in text.split("<main")[1]
    assessment_a.refresh_from_db()
    assert assessment_a.state == "draft"


def test_verifying_is_confirmed_with_what_it_does(client, assessment_a, district_officer):
    from criteria.models import Assessment

    Assessment.objects.filter(pk=assessment_a.pk).update(state=Assessment.State.SUBMITTED)
    client.force_login(district_officer)
    url = reverse("criteria:assessment-review", args=[assessment_a.pk])
    version = Assessment.objects.get(pk=assessment_a.pk).version
    page = client.post(url, {"action": "verify", "version": version, "comment": "Đúng"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Xác nhận thẩm tra sẽ" in text and "số liệu chính thức" in text
    assert 'name="confirm"' in text and "Đúng" in text  # what was typed is kept
    assert Assessment.objects.get(pk=assessment_a.pk).state == Assessment.State.SUBMITTED
    done = client.post(url, {"action": "verify", "version": version, "confirm": "1"})
    assert done.status_code == 302
    assert Assessment.objects.get(pk=assessment_a.pk).state == Assessment.State.VERIFIED


def test_a_returned_commune_sees_its_questions_as_links(
    client, commune_a, assessment_a, district_officer, official_a
):
    from criteria.models import Assessment

    status = IndicatorStatus.objects.filter(assessment=assessment_a, indicator__code="17.3").get()
    IndicatorStatus.objects.filter(pk=status.pk).update(review_comment="Bổ sung ảnh rãnh")
    Assessment.objects.filter(pk=assessment_a.pk).update(state=Assessment.State.RETURNED)
    client.force_login(official_a)
    url = reverse("criteria:commune-detail", args=[commune_a.pk])
    page = client.get(url).content.decode()
    assert "1 chỉ tiêu có câu hỏi" in page
    assert _url(commune_a, 17, assessment_a) + "#chi-tieu-17.3" in page.replace("&amp;", "&")
    # the filter shows only what is asked about
    asked = client.get(url, {"loc": "cau-hoi"}).content.decode()
    assert 'id="chi-tieu-17.3"' in asked and 'id="chi-tieu-17.1"' not in asked
    everything = client.get(url).content.decode()
    assert 'id="chi-tieu-17.1"' in everything


def test_the_dashboard_cells_open_the_criterion_page(
    client, commune_a, assessment_a, district_officer, district_a
):
    client.force_login(district_officer)
    page = client.get(
        reverse("dashboards:unit", args=[district_a.pk]),
        {"framework": assessment_a.framework.key, "year": 2023},
    ).content.decode()
    link = reverse("criteria:criterion-entry", args=[commune_a.pk, 17])
    assert f'href="{link}?framework={assessment_a.framework.key}&amp;year=2023"' in page
    assert '<span class="visually-hidden"> tiêu chí 17</span>' in page
    # the link opens the page of that criterion for that year
    opened = client.get(f"{link}?framework={assessment_a.framework.key}&year=2023")
    assert opened.status_code == 200 and "Tiêu chí 17." in opened.content.decode()
    # a commune without a year on the set has no criterion pages: its cells link nowhere
    other = factories.CommuneFactory(
        name="Cẩm Lĩnh", parent=district_a, framework=assessment_a.framework
    )
    row = re.search(
        rf'<tr id="xa-{other.pk}".*?</tr>',
        client.get(
            reverse("dashboards:unit", args=[district_a.pk]),
            {"framework": assessment_a.framework.key, "year": 2023},
        ).content.decode(),
        re.S,
    ).group(0)
    assert "tieu-chi" not in row


def test_a_note_edited_in_a_verified_year_reopens_it(commune_a, assessment_a, official_a):
    from criteria import services
    from criteria.models import Assessment, AssessmentEvent

    status = IndicatorStatus.objects.filter(assessment=assessment_a).first()
    IndicatorStatus.objects.filter(assessment=assessment_a).update(
        verified_status=Status.NOT_ASSESSED, verified_value=None, verified_at="2024-01-10T00:00Z"
    )
    Assessment.objects.filter(pk=assessment_a.pk).update(state=Assessment.State.VERIFIED)
    status.refresh_from_db()
    assert status.verification == "verified"
    services.status_update(
        status=status,
        actor=official_a,
        new_status=status.status,
        value=status.value,
        note="Bổ sung ghi chú sau thẩm tra",
        version=status.version,
    )
    year = Assessment.objects.get(pk=assessment_a.pk)
    assert year.state == Assessment.State.DRAFT
    event = AssessmentEvent.objects.filter(assessment=year).latest("pk")
    assert event.action == AssessmentEvent.Action.REOPENED
    assert f"Sửa ghi chú hoặc minh chứng chỉ tiêu {status.indicator.code}" in event.comment


def test_re_review_shows_the_question_the_answer_and_the_value_before(
    client, commune_a, assessment_a, official_a, district_officer
):
    from criteria import services
    from criteria.models import Assessment
    from tests import factories

    leader = factories.official(commune_a, username="lanh_dao", kind="commune_leader")
    for s in IndicatorStatus.objects.filter(assessment=assessment_a):
        services.status_update(
            status=s,
            actor=official_a,
            new_status=Status.MET,
            value=None,
            note="Đạt",
            version=s.version,
        )
    year = Assessment.objects.get(pk=assessment_a.pk)
    services.assessment_submit(assessment=year, actor=leader, version=year.version)
    asked = IndicatorStatus.objects.get(assessment=assessment_a, indicator__code="17.3")
    other = IndicatorStatus.objects.get(assessment=assessment_a, indicator__code="17.1")
    year.refresh_from_db()
    services.assessment_return(
        assessment=year,
        actor=district_officer,
        comments={asked.pk: "Bổ sung ảnh rãnh", other.pk: "Số hộ?"},
        version=year.version,
    )
    asked.refresh_from_db()
    services.status_update(
        status=asked,
        actor=official_a,
        new_status=Status.NOT_MET,
        value=None,
        note="Còn 2 thôn chưa xây rãnh",
        version=asked.version,
    )
    year.refresh_from_db()
    services.assessment_submit(assessment=year, actor=leader, version=year.version)
    client.force_login(district_officer)
    page = client.get(reverse("criteria:assessment-review", args=[assessment_a.pk]))
    text = page.content.decode()
    row = text.split('id="tham-tra-17.3"')[1].split("</tr>")[0]
    assert "Câu hỏi lần trước:</strong> Bổ sung ảnh rãnh" in row
    assert "Xã đã trả lời" in row and "trước là" in row and "“Đạt”" in row
    untouched = text.split('id="tham-tra-17.1"')[1].split("</tr>")[0]
    assert "Xã chưa sửa chỉ tiêu này" in untouched


def test_what_waits_for_each_user_is_in_viec_cua_toi(
    client, commune_a, assessment_a, official_a, district_officer, official_b
):
    from criteria.models import Assessment

    url = reverse("assignments:my-tasks")
    Assessment.objects.filter(pk=assessment_a.pk).update(state=Assessment.State.SUBMITTED)
    client.force_login(district_officer)
    page = client.get(url).content.decode()
    assert "Chờ thẩm tra (1)" in page
    assert reverse("criteria:assessment-review", args=[assessment_a.pk]) in page
    client.force_login(official_b)  # another district's commune: nothing of A's
    assert "Chờ thẩm tra" not in client.get(url).content.decode()

    IndicatorStatus.objects.filter(assessment=assessment_a, indicator__code="17.3").update(
        review_comment="Bổ sung ảnh"
    )
    Assessment.objects.filter(pk=assessment_a.pk).update(state=Assessment.State.RETURNED)
    client.force_login(official_a)
    page = client.get(url).content.decode()
    assert "Câu hỏi chờ xã trả lời (1)" in page and "1 chỉ tiêu có câu hỏi" in page
    client.force_login(district_officer)
    assert "Chờ thẩm tra" not in client.get(url).content.decode()


def test_pages_travel_compressed_under_100_kb(client_a, commune_a, assessment_a):
    import gzip

    for url in (
        reverse("criteria:commune-detail", args=[commune_a.pk]),
        _url(commune_a, 17, assessment_a),
    ):
        response = client_a.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Encoding"] == "gzip", url
        assert len(response.content) < 100_000, url
        assert b"</html>" in gzip.decompress(response.content)


def test_the_list_keeps_the_last_verified_figure_after_a_year_is_opened(
    client_a, commune_a, assessment_a, f318
):
    from criteria import services
    from criteria.models import Assessment

    Assessment.objects.filter(pk=assessment_a.pk).update(
        state=Assessment.State.VERIFIED, verified_met_count=12, verified_indicator_met_count=40
    )
    services.assessment_open(commune=commune_a, framework=f318, year=2024, actor=None)
    page = client_a.get(reverse("criteria:commune-list")).content.decode()
    assert "Năm 2024" in page  # the latest, self-assessed
    assert "Năm 2023: <strong>12/" in page  # and the last verified one beside it


def test_a_skip_link_leads_to_the_indicators(client_a, commune_a, assessment_a):
    import re

    for url in (_url(commune_a, 17, assessment_a), commune_a.get_absolute_url()):
        html = client_a.get(url).content.decode()
        link = re.search(r'<a class="skip" href="#([\w-]+)">Bỏ qua, đến các chỉ tiêu</a>', html)
        assert link, url
        target = html.index(f'id="{link.group(1)}"')
        # the target sits before the first indicator and after the header and its counts
        assert html.index('id="headline-count"') < target < html.index('id="chi-tieu-17.1"')


def test_the_evidence_picker_offers_the_allowed_kinds_and_says_the_limit(
    client_a, commune_a, assessment_a, settings
):
    # a phone's picker offers its camera and files of these kinds; the server still checks
    html = client_a.get(_url(commune_a, 17, assessment_a)).content.decode()
    assert 'accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,application/pdf,' in html
    assert f"tối đa {settings.EVIDENCE_MAX_BYTES // 2**20} MB" in html


def test_a_value_that_reads_both_ways_is_asked_and_kept_as_typed(client_a, commune_a, assessment_a):
    url = _url(commune_a, 17, assessment_a)
    status = IndicatorStatus.objects.get(assessment=assessment_a, indicator__code="17.1")
    pk = status.pk
    data = {
        "status_pk": pk,
        f"s{pk}-status": Status.MET,
        f"s{pk}-note": "Theo báo cáo của nhà máy nước",
        f"s{pk}-version": status.version,
    }
    refused = client_a.post(url, {**data, f"s{pk}-value": "1.234"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Không rõ “1.234” là 1234 (dấu chấm ngăn cách hàng nghìn) hay 1,234" in text
    assert 'value="1.234"' in text  # what was typed stays in the box
    status.refresh_from_db()
    assert status.value is None and status.version == data[f"s{pk}-version"]

    # a dot before other than three digits can only be a decimal point
    assert client_a.post(url, {**data, f"s{pk}-value": "62.5"}).status_code == 302
    status.refresh_from_db()
    assert status.value == Decimal("62.5")


def test_each_indicator_shows_the_last_earlier_years_result_beside_this_years(
    client, client_a, commune_a, assessment_a, f318, district_officer
):
    """As in a data-entry sheet: the figure of the year before, the verified one where there is
    one, to see at a glance what changed – on the criterion's page, an indicator's own page and
    the office's review page."""
    from criteria import services
    from criteria.models import Assessment

    verified, own = IndicatorStatus.objects.filter(
        assessment=assessment_a, indicator__criterion__number=17
    ).order_by("indicator__code")[:2]
    IndicatorStatus.objects.filter(pk=verified.pk).update(
        status=Status.NOT_MET,
        value=Decimal("58"),
        verified_status=Status.MET,  # the office's figure, not the commune's
        verified_value=Decimal("62.5"),
        verified_at=timezone.now(),
    )
    IndicatorStatus.objects.filter(pk=own.pk).update(status=Status.NOT_MET, verified_at=None)
    url = _url(commune_a, 17, assessment_a)
    assert "Năm 2022" not in client_a.get(url).content.decode()  # 2023 has no earlier year

    new = services.assessment_open(commune=commune_a, framework=f318, year=2024, actor=None)
    text = client_a.get(_url(commune_a, 17, new)).content.decode()
    first = text.split(f'id="chi-tieu-{verified.indicator.code}"')[1].split("</article>")[0]
    assert re.search(r"Năm 2023: Đạt – 62,5\s*%? ?\(đã thẩm tra\)", first), first
    second = text.split(f'id="chi-tieu-{own.indicator.code}"')[1].split("</article>")[0]
    assert "Năm 2023 (xã tự đánh giá): Chưa đạt" in second

    mine = new.statuses.get(indicator=verified.indicator)
    alone = client_a.get(reverse("criteria:status-edit", args=[mine.pk])).content.decode()
    assert re.search(r"<dt>Năm trước</dt><dd[^>]*>Năm 2023: Đạt – 62,5", alone)

    Assessment.objects.filter(pk=new.pk).update(state=Assessment.State.SUBMITTED)
    client.force_login(district_officer)
    review = client.get(reverse("criteria:assessment-review", args=[new.pk])).content.decode()
    assert re.search(r"Năm 2023: Đạt – 62,5\s*%? ?\(đã thẩm tra\)", review)
    assert "Năm 2023 (xã tự đánh giá): Chưa đạt" in review


@pytest.mark.parametrize(
    ("earlier", "now", "far"),
    [
        ("62.5", "625", "more"),  # the decimal comma slipped
        ("62.5", "6.25", "less"),
        ("62.5", "6.26", ""),  # just over a tenth
        ("62.5", "80", ""),  # a real year's change
        ("0.5", "5", "more"),
        ("-2", "-20", "more"),
        ("0", "5", ""),  # nothing to scale
        ("62.5", "0", ""),
        ("-2", "30", ""),  # a change of sign
        ("62.5", None, ""),
        (None, "62.5", ""),
    ],
)
def test_a_value_ten_times_or_a_tenth_of_last_years_is_far(earlier, now, far):
    from criteria.selectors import Earlier

    last = Earlier(year=2023, status=Status.MET, value=earlier and Decimal(earlier), verified=True)
    assert last.far_from(now and Decimal(now)) == far


def test_a_value_far_from_last_years_asks_for_a_second_look_everywhere_it_is_shown(
    client, client_a, commune_a, assessment_a, f318, district_officer
):
    """«62,5» typed as «625» is a number and may pass every bar: beside last year's figure,
    the pages say it is ten times as much, on the criterion's page, the indicator's own page
    and the office's review page. Nothing is refused."""
    from criteria import services
    from criteria.models import Assessment

    last = IndicatorStatus.objects.filter(
        assessment=assessment_a, indicator__criterion__number=17, indicator__unit="%"
    ).first()
    IndicatorStatus.objects.filter(pk=last.pk).update(status=Status.MET, value=Decimal("62.5"))
    new = services.assessment_open(commune=commune_a, framework=f318, year=2024, actor=None)
    mine = new.statuses.get(indicator=last.indicator)
    url = _url(commune_a, 17, new)
    hint = "gấp 10 lần năm 2023 trở lên"

    def row(text):
        return text.split(f'id="chi-tieu-{last.indicator.code}"')[1].split("</article>")[0]

    served = row(client_a.get(url).content.decode())
    assert hint not in served  # 62,5 carried: as last year
    # the box carries last year's value, compared as it is typed (static/js/far.js)
    assert 'data-earlier="62.5000" data-earlier-year="2023"' in served, served
    IndicatorStatus.objects.filter(pk=mine.pk).update(value=Decimal("625"))
    assert hint in row(client_a.get(url).content.decode())
    alone = client_a.get(reverse("criteria:status-edit", args=[mine.pk])).content.decode()
    assert hint in alone

    Assessment.objects.filter(pk=new.pk).update(state=Assessment.State.SUBMITTED)
    client.force_login(district_officer)
    review = client.get(reverse("criteria:assessment-review", args=[new.pk])).content.decode()
    assert hint in review

    IndicatorStatus.objects.filter(pk=mine.pk).update(value=Decimal("6.25"))
    review = client.get(reverse("criteria:assessment-review", args=[new.pk])).content.decode()
    assert "chỉ bằng 1/10 năm 2023 trở xuống" in review
