"""Pages: what each user sees, what they may change, what bad input does."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from criteria import services
from criteria.models import Evidence, IndicatorStatus
from tests import factories

Status = IndicatorStatus.Status
pytestmark = pytest.mark.django_db


def _status(assessment, code):
    return IndicatorStatus.objects.get(assessment=assessment, indicator__code=code)


def _edit_url(status):
    return reverse("criteria:status-edit", args=[status.pk])


# --- the commune list -------------------------------------------------------------------------


def test_official_lists_only_their_own_commune(client_a, commune_a, commune_b):
    response = client_a.get(reverse("criteria:commune-list"))
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [commune_a]


def test_search_ignores_diacritics(client, commune_a, commune_b, district_a):
    client.force_login(factories.supervisor(district_a.province, username="tinh"))
    factories.CommuneFactory(name="Cẩm Thành", parent=district_a)
    response = client.get(reverse("criteria:commune-list"), {"q": "cam tan"})
    assert [c.name for c in response.context["page"].object_list] == ["Cẩm Tân"]
    response = client.get(reverse("criteria:commune-list"), {"q": "CẨM"})
    assert {c.name for c in response.context["page"].object_list} == {"Cẩm Tân", "Cẩm Thành"}


def test_supervising_office_lists_every_commune_below_it_and_no_other(
    client, district_a, commune_a, commune_b
):
    sibling = factories.CommuneFactory(name="Cẩm Bình", parent=district_a)
    client.force_login(factories.supervisor(district_a, username="vp_huyen"))
    response = client.get(reverse("criteria:commune-list"))
    assert set(response.context["page"].object_list) == {commune_a, sibling}


def test_province_without_districts_supervises_communes_directly(client, other_province, f318):
    merged = factories.CommuneFactory(name="Xã Mới", parent=other_province, framework=f318)
    client.force_login(factories.supervisor(other_province, username="vp_tinh"))
    response = client.get(reverse("criteria:commune-list"))
    assert list(response.context["page"].object_list) == [merged]


def test_the_list_shows_todays_communes_and_says_how_many_were_merged_away(
    client, district_a, commune_a, f318
):
    """Since 07/2025 most communes an office could read were merged away: the list opens on
    today's, says how many ended ones match too, and lists those, or all, on request."""
    import datetime

    ended = factories.CommuneFactory(
        name="Cẩm Hà", parent=district_a, framework=f318, valid_to=datetime.date(2025, 7, 1)
    )
    client.force_login(factories.supervisor(district_a, username="vp_huyen"))
    url = reverse("criteria:commune-list")

    today = client.get(url)
    assert list(today.context["page"].object_list) == [commune_a]
    text = today.content.decode()
    assert "1 xã đang hoạt động." in text
    assert 'href="?hien_trang=het">1 xã đã sáp nhập, giải thể</a> khớp' in text
    merged = client.get(url, {"hien_trang": "het"})
    assert list(merged.context["page"].object_list) == [ended]
    assert "đã sáp nhập, giải thể (hồ sơ cũ vẫn xem được)" in merged.content.decode()
    everything = client.get(url, {"hien_trang": "tat-ca"})
    assert list(everything.context["page"].object_list) == [commune_a, ended]  # today's first
    # a search says which of them it searched, and where the others are
    found = client.get(url, {"q": "cam ha"}).content.decode()
    assert "Không tìm thấy xã nào đang hoạt động khớp với “cam ha”" in found
    assert 'href="?q=cam+ha&amp;hien_trang=het">1 xã đã sáp nhập, giải thể</a>' in found
    # an unknown state reads as today's
    assert list(client.get(url, {"hien_trang": "x"}).context["page"].object_list) == [commune_a]


def test_the_list_narrows_to_a_district_or_province_the_user_may_read(
    client, province, district_a, commune_a, commune_b, f318
):
    other_district = factories.UnitFactory(
        kind="district", prefix="Huyện", name="Kỳ Anh", parent=province, province=province
    )
    other = factories.CommuneFactory(name="Kỳ Bắc", parent=other_district, framework=f318)
    client.force_login(factories.supervisor(province, username="vp_tinh"))
    url = reverse("criteria:commune-list")
    page = client.get(url).content.decode()
    assert f'href="?unit={district_a.pk}"' in page  # each row's district narrows the list

    narrowed = client.get(district_a.get_absolute_url())  # a district's own address
    assert list(narrowed.context["page"].object_list) == [commune_a]
    assert f"Các xã trực thuộc <strong>{district_a}</strong>" in narrowed.content.decode()
    assert set(client.get(province.get_absolute_url()).context["page"].object_list) == {
        commune_a,
        other,
    }
    # another province's unit is no one's business here: not found, as its page would be
    assert client.get(url, {"unit": commune_b.province_id}).status_code == 404
    assert client.get(url, {"unit": "abc"}).status_code == 404


def test_the_pages_of_the_list_keep_the_search_and_filters(client, district_a, f318):
    for i in range(51):
        factories.CommuneFactory(name=f"Xã số {i:02}", parent=district_a, framework=f318)
    client.force_login(factories.supervisor(district_a, username="vp_huyen"))
    page = client.get(
        reverse("criteria:commune-list"), {"q": "xa so", "unit": district_a.pk}
    ).content.decode()
    assert f'href="?q=xa+so&amp;unit={district_a.pk}&amp;page=2">Trang sau' in page


def test_commune_list_runs_constant_queries(client, district_a, f318, django_assert_num_queries):
    client.force_login(factories.supervisor(district_a, username="vp"))
    for _ in range(3):
        c = factories.CommuneFactory(parent=district_a, framework=f318)
        services.assessment_open(commune=c, framework=f318, year=2023, actor=None)
    url = reverse("criteria:commune-list")
    client.get(url)
    # session, user, roles, roles' criteria, count for the paginator, the page with its summary,
    # the count of merged-away communes that match too, the header's count
    with django_assert_num_queries(8):
        client.get(url)
    for _ in range(10):
        c = factories.CommuneFactory(parent=district_a, framework=f318)
        services.assessment_open(commune=c, framework=f318, year=2023, actor=None)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 13


# --- the commune page ---------------------------------------------------------------------------


def test_commune_page_shows_the_headline_and_every_criterion(client_a, commune_a, assessment_a):
    for status in assessment_a.statuses.filter(indicator__criterion__number__lte=10):
        IndicatorStatus.objects.filter(pk=status.pk).update(status=Status.MET)
    services.assessment_recount(assessment_a)
    response = client_a.get(reverse("criteria:commune-detail", args=[commune_a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="headline-count">10/19<' in html
    for number in range(1, 20):
        assert f'id="tieu-chi-{number}"' in html
    assert 'id="chi-tieu-17.1"' in html and 'id="chi-tieu-19.2"' in html
    assert "✔ Đạt" in html and "○ Chưa đánh giá" in html


def test_commune_page_shows_gap_and_provincial_tag(client, f1980, district_a, official_a):
    from criteria.models import Indicator, Threshold

    commune = factories.CommuneFactory(
        name="Thiện Kế", parent=district_a, region="tdmnpb", framework=f1980
    )
    user = factories.official(commune, username="thienke")
    Threshold.objects.create(
        indicator=Indicator.objects.get(framework=f1980, code="2.4"),
        province=commune.province,
        value=Decimal(50),
        unit="%",
        decision="Bộ tiêu chí xã NTM tỉnh",
    )
    assessment = services.assessment_open(commune=commune, framework=f1980, year=2020, actor=None)
    services.status_update(
        status=_status(assessment, "2.4"),
        actor=user,
        new_status=None,
        value=Decimal("24.62"),
        note="6,4 km",
        version=1,
    )
    client.force_login(user)
    html = client.get(reverse("criteria:commune-detail", args=[commune.pk])).content.decode()
    assert "còn thiếu 25,38 điểm % để đạt ≥ 50 %" in html
    assert "ngưỡng của tỉnh" in html
    assert "24,62 %" in html


def test_commune_page_runs_constant_queries_whatever_the_number_of_indicators(
    client_a, commune_a, assessment_a, f318, f1980, django_assert_num_queries
):
    url = reverse("criteria:commune-detail", args=[commune_a.pk])
    # session, user, roles, roles' criteria, commune, framework (form), assessment, criteria,
    # groups, statuses with evidence counts, thresholds, the commune's years on every set,
    # the sets that apply to it, a later year on a set this one maps to, its villages, the
    # merge links (2), the unit's figures (units/_facts.html), the header's count: 20 whatever
    # the size of the framework.
    with django_assert_num_queries(20):
        client_a.get(url, {"year": 2023, "framework": f318.key})
    # The same page for a framework with a different number of indicators, with evidence and history.
    other = services.assessment_open(commune=commune_a, framework=f1980, year=2020, actor=None)
    status = _status(other, "15.1")
    services.status_update(
        status=status, actor=None, new_status=None, value=Decimal(90), note="", version=1
    )
    with django_assert_num_queries(20):
        client_a.get(url, {"year": 2020, "framework": f1980.key})


def test_official_cannot_open_another_commune_by_guessing_urls(client_a, commune_b, f318):
    other = services.assessment_open(commune=commune_b, framework=f318, year=2023, actor=None)
    status = _status(other, "17.1")
    urls = [
        reverse("criteria:commune-detail", args=[commune_b.pk]),
        reverse("criteria:status-edit", args=[status.pk]),
        reverse("criteria:status-history", args=[status.pk]),
    ]
    for url in urls:
        assert client_a.get(url).status_code == 404, url
    response = client_a.post(
        reverse("criteria:status-edit", args=[status.pk]),
        {"status": Status.MET, "note": "sửa trộm", "version": 1},
    )
    assert response.status_code == 404
    assert (
        client_a.post(
            reverse("criteria:assessment-open", args=[commune_b.pk]),
            {"year": 2024, "framework": f318.key},
        ).status_code
        == 404
    )
    status.refresh_from_db()
    assert (status.status, status.note) == (Status.NOT_ASSESSED, "")


def test_anonymous_user_is_sent_to_login(client, assessment_a, commune_a):
    status = _status(assessment_a, "17.1")
    for url in [
        reverse("criteria:commune-list"),
        reverse("criteria:commune-detail", args=[commune_a.pk]),
        reverse("criteria:status-edit", args=[status.pk]),
        reverse("criteria:status-history", args=[status.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), (
            url
        )


def test_unknown_year_or_framework_is_not_found(client_a, commune_a):
    url = reverse("criteria:commune-detail", args=[commune_a.pk])
    assert client_a.get(url, {"year": "abc"}).status_code == 404
    assert client_a.get(url, {"framework": "khong-co"}).status_code == 404


# --- editing ------------------------------------------------------------------------------------


def test_official_records_a_result_and_sees_it_in_the_history(client_a, assessment_a, official_a):
    status = _status(assessment_a, "17.1")
    response = client_a.post(
        _edit_url(status),
        {"status": Status.MET, "value": "62,5", "note": "Nhà máy nước đã cấp", "version": 1},
    )
    assert response.status_code == 302
    status.refresh_from_db()
    assert (status.status, status.value, status.updated_by) == (
        Status.MET,
        Decimal("62.5"),
        official_a,
    )
    history = client_a.get(reverse("criteria:status-history", args=[status.pk])).content.decode()
    assert (
        "62,5" in history
        and "Nhà máy nước đã cấp" in history
        and official_a.display_name in history
    )


def test_supervising_office_may_read_but_not_edit(
    client, district_officer, assessment_a, commune_a
):
    client.force_login(district_officer)
    status = _status(assessment_a, "17.3")
    assert client.get(reverse("criteria:commune-detail", args=[commune_a.pk])).status_code == 200
    assert client.get(reverse("criteria:status-history", args=[status.pk])).status_code == 200
    assert client.get(_edit_url(status)).status_code == 403
    assert (
        client.post(
            _edit_url(status), {"status": Status.MET, "note": "x", "version": 1}
        ).status_code
        == 403
    )
    status.refresh_from_db()
    assert status.status == Status.NOT_ASSESSED


def test_official_limited_to_some_criteria_cannot_edit_others(client, commune_a, assessment_a):
    from criteria.models import Criterion

    culture = factories.official(
        commune_a,
        username="vanhoa",
        criteria=Criterion.objects.filter(framework=assessment_a.framework, number__in=[6, 16]),
    )
    client.force_login(culture)
    assert client.get(_edit_url(_status(assessment_a, "6.2"))).status_code == 200
    assert client.get(_edit_url(_status(assessment_a, "17.3"))).status_code == 403


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("2.1", "nhiều", "Giá trị phải là một số"),
        ("2.1", "-3", "không được âm"),
        ("2.1", "120", "không được vượt quá 100"),
    ],
)
def test_bad_values_rerender_with_a_vietnamese_message_and_change_nothing(
    client_a, assessment_a, code, value, message
):
    status = _status(assessment_a, code)
    response = client_a.post(
        _edit_url(status), {"value": value, "note": "ghi chú giữ lại", "version": 1}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "ghi chú giữ lại" in html  # the user's text is not lost
    status.refresh_from_db()
    assert (status.status, status.value, status.version) == (Status.NOT_ASSESSED, None, 1)


def test_disallowed_file_rerenders_and_stores_nothing(client_a, assessment_a):
    status = _status(assessment_a, "17.3")
    upload = SimpleUploadedFile("bien-ban.pdf", b"MZ not a pdf")
    response = client_a.post(
        _edit_url(status), {"status": Status.MET, "note": "Đạt", "version": 1, "evidence": upload}
    )
    assert response.status_code == 200
    assert "không đúng với phần mở rộng" in response.content.decode()
    status.refresh_from_db()
    assert status.status == Status.NOT_ASSESSED and not Evidence.objects.exists()


def test_concurrent_edit_is_refused_with_the_other_change_shown(client_a, assessment_a, commune_a):
    status = _status(assessment_a, "17.3")
    colleague = factories.official(commune_a, username="dongnghiep")
    services.status_update(
        status=status,
        actor=colleague,
        new_status=Status.NOT_MET,
        value=None,
        note="Còn nước thải",
        version=1,
    )
    response = client_a.post(
        _edit_url(status), {"status": Status.MET, "note": "Đạt rồi", "version": 1}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "vừa được" in html and "Còn nước thải" in html and "Đạt rồi" in html
    status.refresh_from_db()
    assert (status.status, status.note) == (Status.NOT_MET, "Còn nước thải")


def test_wrong_methods_are_refused(client_a, assessment_a, commune_a):
    status = _status(assessment_a, "17.3")
    assert client_a.put(_edit_url(status)).status_code == 405
    assert client_a.get(reverse("criteria:assessment-open", args=[commune_a.pk])).status_code == 405
    assert client_a.post(reverse("criteria:status-history", args=[status.pk])).status_code == 405


def test_official_opens_next_year_from_the_page(client_a, commune_a, assessment_a, f318):
    url = reverse("criteria:assessment-open", args=[commune_a.pk])
    # first what it will do, nothing written
    confirm = client_a.post(url, {"year": 2024, "framework": f318.key})
    assert confirm.status_code == 200 and not commune_a.assessments.filter(year=2024).exists()
    text = confirm.content.decode()
    assert "chép kết quả năm 2023" in text and "năm 2023 giữ nguyên" in text
    assert "trang xã sẽ mở năm 2024 thay cho năm 2023" in text
    response = client_a.post(url, {"year": 2024, "framework": f318.key, "confirm": "1"})
    assert response.status_code == 302
    assert commune_a.assessments.filter(year=2024).exists()
    response = client_a.post(
        reverse("criteria:assessment-open", args=[commune_a.pk]),
        {"year": "x", "framework": f318.key},
        follow=True,
    )
    assert "Năm không hợp lệ" in response.content.decode()


# --- evidence -----------------------------------------------------------------------------------


def test_evidence_is_served_only_to_users_who_may_see_the_commune(
    client, client_a, assessment_a, official_b
):
    status = _status(assessment_a, "17.3")
    client_a.post(
        _edit_url(status),
        {
            "status": Status.MET,
            "note": "Có biên bản",
            "version": 1,
            "evidence": SimpleUploadedFile("bb.pdf", b"%PDF-1.4 x"),
        },
    )
    evidence = Evidence.objects.get()
    url = reverse("criteria:evidence-download", args=[evidence.pk])
    response = client_a.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"
    client.force_login(official_b)
    assert client.get(url).status_code == 404


def test_merged_commune_links_to_its_predecessors_whose_records_stay_readable(
    client, other_province, f318, district_b
):
    import datetime

    old_a = factories.CommuneFactory(name="Nâm Nung", parent=district_b, framework=f318)
    old_b = factories.CommuneFactory(name="Nam Xuân", parent=district_b, framework=f318)
    services.assessment_open(commune=old_a, framework=f318, year=2024, actor=None)
    for old in (old_a, old_b):
        old.valid_to = datetime.date(2025, 6, 30)
        old.save(update_fields=["valid_to"])
    merged = factories.CommuneFactory(
        name="Nam Nung mới",
        parent=other_province,
        framework=f318,
        valid_from=datetime.date(2025, 7, 1),
    )
    merged.merged_from.set([old_a, old_b])
    client.force_login(factories.supervisor(other_province, username="vp_tinh_sau_sap_nhap"))

    page = client.get(reverse("criteria:commune-detail", args=[merged.pk])).content.decode()
    assert "Hình thành từ:" in page
    assert reverse("criteria:commune-detail", args=[old_a.pk]) in page
    old_page = client.get(reverse("criteria:commune-detail", args=[old_a.pk]))
    assert old_page.status_code == 200
    html = old_page.content.decode()
    assert (
        "đã hết hiệu lực từ 30/06/2025" in html
        and reverse("criteria:commune-detail", args=[merged.pk]) in html
    )


def test_commune_page_offers_the_full_export_to_the_supervising_office_only(
    client, client_a, commune_a, assessment_a, district_officer
):
    export = reverse("ops:unit-export", args=[commune_a.pk])
    page = reverse("criteria:commune-detail", args=[commune_a.pk])
    assert export not in client_a.get(page).content.decode()
    client.force_login(district_officer)
    assert export in client.get(page).content.decode()


def test_a_file_added_on_the_page_of_an_automatic_indicator_without_a_value_keeps_its_result(
    client_a, assessment_a
):
    # 2.1 has a numeric bar; the commune judged it Đạt without a measured value (as the demo
    # years are). The page hides the result field of such an indicator: the save adds a file.
    status = _status(assessment_a, "2.1")
    IndicatorStatus.objects.filter(pk=status.pk).update(status=Status.MET, note="Đạt theo rà soát")
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test")

    response = client_a.post(
        _edit_url(status),
        {"status": Status.MET, "note": "Đạt theo rà soát", "version": 1, "evidence": upload},
    )

    assert response.status_code == 302
    status.refresh_from_db()
    assert (status.status, status.version) == (Status.MET, 2)
    assert Evidence.objects.filter(status=status).count() == 1


def test_a_nul_in_a_note_or_a_withdrawal_reason_is_refused_in_vietnamese(client_a, assessment_a):
    """Django's own «Null characters are not allowed.» has no translation."""
    status = assessment_a.statuses.get(indicator__code="3.1")
    note = client_a.post(
        reverse("criteria:status-edit", args=[status.pk]),
        {"value": "85", "note": "Theo biên bản\x00", "version": status.version},
    )
    withdraw = client_a.post(
        reverse("criteria:assessment-withdraw", args=[assessment_a.pk]),
        {"reason": "mở nhầm\x00", "version": assessment_a.version},
    )
    for response in (note, withdraw):
        text = response.content.decode()
        assert "Null characters" not in text and "ký tự NUL" in text
    status.refresh_from_db()
    assert status.value is None


def test_a_hand_edited_actor_on_the_trail_is_ignored_not_a_server_error(
    client_a, commune_a, assessment_a
):
    page = client_a.get(reverse("criteria:commune-trail", args=[commune_a.pk]), {"actor": "9" * 23})
    assert page.status_code == 200


def test_a_value_with_three_decimals_is_shown_as_saved_not_rounded_onto_the_bar(
    client_a, assessment_a, official_a
):
    """79,996 against ≥ 80 % is «Chưa đạt»: the page shows 79,996 and the gap 0,004, not
    «80 % – còn thiếu 0 điểm %»; so does its history."""
    import re

    from criteria import rules
    from criteria.selectors import threshold_for_status

    status = factories.measured(assessment_a, "3.1", "79.996", official_a)
    assert status.status == IndicatorStatus.Status.NOT_MET
    gap = rules.gap_text(status.value, threshold_for_status(status))
    assert gap.startswith("còn thiếu 0,004 điểm %")
    page = client_a.get(
        reverse("criteria:criterion-entry", args=[assessment_a.commune_id, 3]),
        {"year": 2023, "framework": assessment_a.framework.key},
    ).content.decode()
    article = re.search(r'id="chi-tieu-3.1".*?</article>', page, re.S).group(0)
    current = re.search(r"Hiện tại:(.*?)</p>", article, re.S).group(1)
    assert "79,996 %" in current and "0,004 điểm %" in current
    history = client_a.get(reverse("criteria:status-history", args=[status.pk])).content.decode()
    assert "79,996" in history


@pytest.fixture
def sent_on_an_illustrative_set(province, province_office_a):
    """A 2026 year on a province's illustrative set, sent for review."""
    from criteria.models import Framework

    framework = factories.authored_framework(actor=province_office_a, province=province)
    Framework.objects.filter(pk=framework.pk).update(illustrative=True)
    commune = factories.CommuneFactory(name="Cẩm Tân mới", parent=province, region="btb")
    leader = factories.official(commune, username="leader26", kind="commune_leader")
    year = services.assessment_open(
        commune=commune, framework=Framework.objects.get(pk=framework.pk), year=2026, actor=leader
    )
    factories.measured(year, "1.1", "90", leader)
    factories.measured(year, "2.1", "60", leader)
    judged = year.statuses.get(indicator__code="1.2")
    services.status_update(
        status=judged, actor=leader, new_status=IndicatorStatus.Status.MET, value=None,
        note="Có quy chế", version=judged.version,
    )  # fmt: skip
    services.assessment_submit(assessment=year, actor=leader)
    return year


@pytest.mark.parametrize("page", ["review", "list", "history"])
def test_figures_on_an_illustrative_set_say_minh_hoa_wherever_they_show(
    client, province, sent_on_an_illustrative_set, page
):
    year = sent_on_an_illustrative_set
    client.force_login(factories.supervisor(province, username="vp_tinh"))
    url = {
        "review": reverse("criteria:assessment-review", args=[year.pk]),
        "list": reverse("criteria:commune-list"),
        "history": reverse(
            "criteria:status-history", args=[year.statuses.get(indicator__code="1.1").pk]
        ),
    }[page]
    text = client.get(url).content.decode()
    if page == "list":
        row = text.split("Cẩm Tân mới", 1)[1].split("</tr>", 1)[0]
        assert '<span class="tag illustrative">minh họa</span>' in row
    else:
        assert year.framework.ILLUSTRATIVE_LABEL[1:] in text
