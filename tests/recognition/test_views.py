"""The register's pages, as its users meet them: a province office records and revokes, a
commune reads, a bad form comes back with every reason and what was typed."""

from datetime import date

import pytest
from django.urls import reverse

from recognition.models import Decision, Recognition
from tests import factories

from .conftest import record

pytestmark = pytest.mark.django_db


def _post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


def test_the_office_records_a_decision_with_its_scan_and_the_page_shows_it(
    client, office_a, commune_a, pdf
):
    response = _post(
        client,
        office_a,
        reverse("recognition:add", args=[commune_a.pk]),
        {
            "kind": "cong_nhan",
            "tier": "xa_ntm",
            "number": "2345/QĐ-UBND",
            "signed_on": "20/12/2022",
            "body": "UBND tỉnh Hà Tĩnh",
            "signer": "Võ Trọng Hải",
            "year": "2022",
            "file": pdf(),
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.original_name == "qd-cong-nhan.pdf" and decision.recorded_by == office_a
    page = client.get(reverse("recognition:unit", args=[commune_a.pk])).content.decode()
    assert "Xã NTM</strong> năm 2022" in page and "QĐ 2345/QĐ-UBND ngày 20/12/2022" in page
    assert reverse("recognition:file", args=[decision.pk]) in page  # the scan in one tap
    scan = client.get(reverse("recognition:file", args=[decision.pk]))
    assert scan.status_code == 200 and scan["X-Content-Type-Options"] == "nosniff"
    assert b"".join(scan.streaming_content).startswith(b"%PDF")
    decision.file.delete(save=False)


def test_a_refused_form_keeps_what_was_typed_and_lists_every_reason(client, office_a, commune_a):
    response = _post(
        client,
        office_a,
        reverse("recognition:add", args=[commune_a.pk]),
        {
            "kind": "thua_nhan",
            "tier": "xa_ntm",
            "number": "77/QĐ-UBND",
            "signed_on": "31/02/2023",
            "body": "UBND tỉnh Hà Tĩnh",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ngày không hợp lệ" in page and 'value="77/QĐ-UBND"' in page
    response = _post(
        client,
        office_a,
        reverse("recognition:add", args=[commune_a.pk]),
        {
            "kind": "thua_nhan",
            "tier": "xa_ntm",
            "number": "77/QĐ-UBND",
            "signed_on": "28/02/2023",
            "body": "UBND tỉnh Hà Tĩnh",
        },
    )
    assert response.status_code == 400
    assert "Quyết định thừa nhận phải ghi căn cứ" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_commune_reads_its_register_without_the_forms(client, office_a, commune_a, official_a):
    record(office_a, commune_a)
    client.force_login(official_a)
    page = client.get(reverse("recognition:unit", args=[commune_a.pk])).content.decode()
    assert "QĐ 100/QĐ-UBND" in page
    assert "Ghi quyết định công nhận hoặc thừa nhận" not in page and "Ghi thu hồi" not in page
    detail = client.get(reverse("criteria:commune-detail", args=[commune_a.pk])).content.decode()
    assert reverse("recognition:unit", args=[commune_a.pk]) in detail


def test_a_nul_in_the_set_field_is_refused_in_vietnamese(client, office_a, commune_a):
    client.force_login(office_a)
    data = {
        "kind": "cong_nhan",
        "tier": "xa_ntm",
        "number": "5/QĐ-UBND",
        "signed_on": "01/02/2023",
        "body": "UBND tỉnh Hà Tĩnh",
        "framework": "1\x00",
    }
    response = client.post(reverse("recognition:add", args=[commune_a.pk]), data)
    page = response.content.decode()
    assert "Null characters are not allowed" not in page
    assert "ký tự NUL, mã 0" in page
    assert not Decision.objects.exists()


def test_the_office_revokes_from_the_page(client, office_a, commune_a):
    record(office_a, commune_a, on=date(2021, 12, 1))
    entry = Recognition.objects.get()
    url = reverse("recognition:revoke", args=[entry.pk])
    client.force_login(office_a)
    assert "Công nhận bị thu hồi" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "number": "55/QĐ-UBND",
            "signed_on": "01/03/2024",
            "body": "UBND tỉnh Hà Tĩnh",
            "reason": "7/19 tiêu chí không đạt",
            "failing_criteria": "10, 17",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("recognition:unit", args=[commune_a.pk])).content.decode()
    assert "Đã bị thu hồi" in page and "tiêu chí không đạt: 10, 17" in page
    assert "Chưa có quyết định công nhận nào còn hiệu lực" in page


def test_the_lacking_list_names_merged_communes_with_their_predecessors_tiers(
    client, office_a, merged, other_province, f318
):
    new, (thinh, ha) = merged
    record(office_a, thinh, number="10/QĐ-UBND", on=date(2020, 12, 1))
    record(office_a, thinh, number="11/QĐ-UBND", on=date(2023, 12, 1), tier="xa_ntm_nang_cao")
    elsewhere = factories.CommuneFactory(
        name="Đắk Sôr", parent=other_province, province=other_province, valid_from=date(2025, 7, 1)
    )
    elsewhere.merged_from.set([factories.CommuneFactory(name="Nam Xuân", parent=other_province)])
    client.force_login(office_a)
    page = client.get(reverse("recognition:lacking")).content.decode()
    assert "Cẩm Hưng" in page and "Cẩm Thịnh (Xã NTM, Xã NTM nâng cao)" in page
    assert "Cẩm Hà (chưa đạt chuẩn)" in page and "Xã NTM, Xã NTM nâng cao" in page
    assert "Đắk Sôr" not in page  # another province's commune: not this office's to see


def test_the_register_of_one_province(client, office_a, commune_a, commune_b, province):
    record(office_a, commune_a, number="1/QĐ-UBND")
    record(office_a, commune_b, number="2/QĐ-UBND", body="UBND tỉnh Đắk Nông")
    admin = factories.UserFactory(username="quan_tri", is_superuser=True)
    client.force_login(admin)
    everything = client.get(reverse("recognition:index")).content.decode()
    assert "QĐ 1/QĐ-UBND" in everything and "QĐ 2/QĐ-UBND" in everything
    one = client.get(reverse("recognition:index"), {"tinh": province.pk})
    page = one.content.decode()
    assert "QĐ 1/QĐ-UBND" in page and "QĐ 2/QĐ-UBND" not in page
    assert [len(f.recognised) for f in one.context["figures"]][:1] == [1]


def test_the_office_corrects_a_decision_and_a_stale_page_is_refused(client, office_a, commune_a):
    decision = record(office_a, commune_a)
    url = reverse("recognition:correct", args=[decision.pk])
    client.force_login(office_a)
    stale = decision.version
    response = client.post(url, {"signer": "Võ Trọng Hải", "version": stale})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.signer == "Võ Trọng Hải"
    again = client.post(url, {"signer": "Người khác", "version": stale})
    assert again.status_code == 400
    assert "vừa được người khác sửa" in again.content.decode()
    page = client.get(reverse("recognition:unit", args=[commune_a.pk])).content.decode()
    assert "người ký: — → Võ Trọng Hải" in page


def test_the_communes_dashboard_tells_its_standing_and_risk(client, office_a, commune_a, f318):
    from .conftest import verified

    record(office_a, commune_a, on=date(2022, 12, 1), year=2022)
    verified(commune_a, f318, 2024, not_met=[1, 2, 3, 4, 5, 17], actor=office_a)
    client.force_login(office_a)
    response = client.get(reverse("dashboards:commune", args=[commune_a.pk]), {"year": 2024})
    page = response.content.decode()
    assert "<strong>Xã NTM</strong> năm 2022 (công nhận đạt chuẩn – QĐ 100/QĐ-UBND" in page
    assert "không còn đạt tiêu chí 1, 2, 3, 4, 5, 17 – thuộc trường hợp thu hồi" in page
