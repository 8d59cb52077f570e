"""A unit's dated figures (area, population, households, villages) and its legal basis of
creation: the service's rules and history, `facts_on` as of a date, the unit's page, and the
Excel import (kind "unit_facts": all or nothing, every bad row listed)."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from imports import services as import_services
from imports.models import ImportRun
from units import facts
from units.access import can_record_unit_facts, import_kinds
from units.models import UnitFact, UnitFactChange
from units.resources import FACT_COLUMNS
from units.selectors import facts_on

pytestmark = pytest.mark.django_db
Kind = UnitFact.Kind
BASIS = "Niên giám thống kê 2024"


def record(actor, unit, kind=Kind.POPULATION, value=8512, as_of=date(2024, 4, 1), basis=BASIS):
    return facts.record_fact(
        actor=actor, unit=unit, kind=kind, value=value, as_of=as_of, basis=basis
    )


# -- the service ---------------------------------------------------------------------------


def test_record_adds_then_changes_with_history(commune_a, province_office_a):
    fact = record(province_office_a, commune_a)
    assert fact.value == 8512 and fact.recorded_by == province_office_a
    record(province_office_a, commune_a, value=8600, basis="Điều tra dân số 01/4/2024")
    record(province_office_a, commune_a, value=8600, basis="Điều tra dân số 01/4/2024")  # same
    assert UnitFact.objects.count() == 1
    changes = list(UnitFactChange.objects.order_by("pk"))
    assert [(c.action, c.before, c.after) for c in changes] == [
        ("added", "", "8.512"),
        ("changed", "8.512", "8.600"),
    ]
    assert changes[1].actor == province_office_a
    assert changes[1].basis == "Điều tra dân số 01/4/2024"


def test_every_problem_listed(commune_a, province_office_a):
    commune_a.valid_from = date(2020, 1, 1)
    commune_a.save()
    with pytest.raises(ValidationError) as e:
        record(
            province_office_a, commune_a, value=Decimal("-1.5"), as_of=date(2019, 1, 1), basis=" "
        )
    messages = e.value.message_dict
    assert messages["value"] == ["Giá trị không được âm."]
    assert "trước khi" in messages["as_of"][0]
    assert messages["basis"] == ["Nhập căn cứ (nguồn số liệu hoặc văn bản)."]
    with pytest.raises(ValidationError) as e:
        record(province_office_a, commune_a, kind=Kind.HOUSEHOLDS, value=Decimal("10.5"),
               as_of=date(2999, 1, 1), basis="x" * 501)  # fmt: skip
    messages = e.value.message_dict
    assert messages["value"] == ["Số hộ phải là số nguyên."]
    assert "chưa tới" in messages["as_of"][0]
    assert "tối đa 500 ký tự" in messages["basis"][0]
    assert not UnitFact.objects.exists() and not UnitFactChange.objects.exists()


def test_date_on_or_after_valid_to_refused(commune_a, province_office_a):
    commune_a.valid_to = date(2025, 7, 1)
    commune_a.save()
    with pytest.raises(ValidationError, match="hết hiệu lực"):
        record(province_office_a, commune_a, as_of=date(2025, 7, 1))
    record(province_office_a, commune_a, as_of=date(2025, 6, 30))


def test_area_takes_decimals(commune_a, province_office_a):
    fact = record(province_office_a, commune_a, kind=Kind.AREA, value=Decimal("24.62"))
    assert UnitFactChange.objects.get().after == "24,62"
    assert fact.value == Decimal("24.62")


def test_creation_basis_with_history(commune_a, province_office_a):
    text = "Nghị quyết 1665/NQ-UBTVQH15 ngày 16/6/2025"
    facts.record_creation_basis(actor=province_office_a, unit=commune_a, basis=text)
    commune_a.refresh_from_db()
    assert commune_a.created_by_basis == text
    change = UnitFactChange.objects.get()
    assert (change.kind, change.action, change.after) == (
        UnitFactChange.CREATION_BASIS, "added", text,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        facts.record_creation_basis(actor=province_office_a, unit=commune_a, basis="")


# -- facts_on ------------------------------------------------------------------------------


def test_facts_on_picks_the_value_as_of_a_date(commune_a, commune_b, province_office_a):
    record(None, commune_a, value=8000, as_of=date(2019, 4, 1))
    record(None, commune_a, value=8512, as_of=date(2024, 4, 1))
    record(None, commune_a, kind=Kind.AREA, value=Decimal("24.62"), as_of=date(2019, 1, 1))
    record(None, commune_b, value=5000, as_of=date(2023, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        found = facts_on([commune_a, commune_b], date(2023, 12, 31))
    assert len(queries) == 1
    assert found[commune_a.pk][Kind.POPULATION].value == 8000
    assert found[commune_a.pk][Kind.AREA].value == Decimal("24.62")
    assert found[commune_b.pk][Kind.POPULATION].value == 5000
    assert facts_on([commune_a.pk], date(2024, 4, 1))[commune_a.pk][Kind.POPULATION].value == 8512
    assert facts_on([commune_a], date(2018, 1, 1)) == {}


# -- the unit's page -----------------------------------------------------------------------


def test_page_shows_latest_and_older(client_a, commune_a):
    record(None, commune_a, value=8000, as_of=date(2019, 4, 1), basis="Tổng điều tra 2019")
    record(None, commune_a, value=8512, as_of=date(2024, 4, 1))
    facts.record_creation_basis(actor=None, unit=commune_a, basis="Nghị quyết 1665/NQ-UBTVQH15")
    page = client_a.get(reverse("criteria:commune-detail", args=[commune_a.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Số liệu đơn vị" in text and "Dân số (người)" in text
    assert "8.512" in text and "01/04/2024" in text and BASIS in text
    assert "<details>" in text and "8.000" in text and "Tổng điều tra 2019" in text
    assert "Căn cứ thành lập: Nghị quyết 1665/NQ-UBTVQH15" in text


# -- who may record ------------------------------------------------------------------------


def test_who_records(commune_a, province_office_a, province_office_b, official_a, admin_user):
    assert can_record_unit_facts(province_office_a, commune_a)
    assert can_record_unit_facts(province_office_a, commune_a.province)
    assert can_record_unit_facts(admin_user, commune_a)
    assert not can_record_unit_facts(province_office_b, commune_a)
    assert not can_record_unit_facts(official_a, commune_a)
    assert "unit_facts" in import_kinds(province_office_a)
    assert "unit_facts" not in import_kinds(official_a)


# -- the import ----------------------------------------------------------------------------


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(FACT_COLUMNS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_run(content: bytes, actor) -> ImportRun:
    run = import_services.import_run_check(
        user=actor, kind=ImportRun.Kind.UNIT_FACTS, file_name="so-lieu.xlsx", content=content
    )
    if run.state == ImportRun.State.CHECKED:
        import_services.import_run_start(run=run, actor=actor)
        run.refresh_from_db()
    return run


def test_import_good_file(commune_a, province_office_a):
    record(None, commune_a, value=8000, as_of=date(2019, 4, 1), basis="Tổng điều tra 2019")
    content = xlsx([
        [commune_a.code, "Dân số (người)", "8.512", "01/04/2024", BASIS],
        [commune_a.code, "dien tich", 24.62, date(2024, 1, 1), BASIS],
        [commune_a.code, "so_ho", 2100, "01/04/2024", BASIS],
        [commune_a.code, "Dân số", 8000, "01/04/2019", "Tổng điều tra 2019"],  # unchanged
    ])  # fmt: skip
    run = import_run(content, province_office_a)
    assert run.state == ImportRun.State.DONE, run.errors
    found = facts_on([commune_a], date(2024, 12, 31))[commune_a.pk]
    assert found[Kind.POPULATION].value == 8512
    assert found[Kind.AREA].value == Decimal("24.62")
    assert found[Kind.HOUSEHOLDS].value == 2100
    assert UnitFactChange.objects.filter(actor=province_office_a).count() == 3


def test_import_bad_rows_write_nothing(commune_a, commune_b, province_office_a):
    commune_a.valid_to = date(2025, 7, 1)
    commune_a.save()
    content = xlsx([
        [commune_a.code, "Dân số", 8512, "01/04/2024", BASIS],  # good
        ["khong-co", "Dân số", 1, "01/04/2024", BASIS],  # 3: unknown code
        [commune_b.code, "Dân số", 1, "01/04/2024", BASIS],  # 4: another province
        [commune_a.code, "Diện tích đất", 1, "01/04/2024", BASIS],  # 5: bad kind
        [commune_a.code, "Số hộ", "abc", "01/04/2024", BASIS],  # 6: bad number
        [commune_a.code, "Số hộ", 10, "01/08/2025", BASIS],  # 7: after the unit's life
        [commune_a.code, "dan_so", 8512, "01/04/2024", BASIS],  # 8: duplicate of row 2
        [commune_a.code, "Số thôn", "7,5", "01/04/2024", ""],  # 9: not whole, no basis
    ])  # fmt: skip
    run = import_run(content, province_office_a)
    assert run.state == ImportRun.State.REFUSED
    assert not UnitFact.objects.exists() and not UnitFactChange.objects.exists()
    by_row: dict = {}
    for e in run.errors:
        by_row.setdefault(e["row"], []).append(e["message"])
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8, 9]
    assert "khong-co" in by_row[3][0]
    assert "không được ghi số liệu" in by_row[4][0]
    assert "không hợp lệ" in by_row[5][0]
    assert "phải là một số" in by_row[6][0]
    assert "hết hiệu lực" in by_row[7][0]
    assert "Trùng với dòng 2" in by_row[8][0]
    assert "số nguyên" in " ".join(by_row[9]) and "căn cứ" in " ".join(by_row[9])


def test_import_refused_to_other_province_office(commune_a, province_office_b):
    run = import_run(
        xlsx([[commune_a.code, "Dân số", 8512, "01/04/2024", BASIS]]), province_office_b
    )
    assert run.state == ImportRun.State.REFUSED
    assert not UnitFact.objects.exists()


def test_admin_records_through_the_service(client, admin_user, commune_a):
    client.force_login(admin_user)
    url = reverse("admin:units_unitfact_add")
    data = {"unit": commune_a.pk, "kind": "dan_so", "value": "8512", "as_of": "2024-04-01"}
    page = client.post(url, {**data, "value": "-5", "as_of": "2999-01-01", "basis": BASIS})
    errors = page.context["adminform"].form.errors
    assert errors["value"] == ["Giá trị không được âm."] and "chưa tới" in errors["as_of"][0]
    page = client.post(url, {**data, "basis": BASIS})
    assert page.status_code == 302
    assert UnitFactChange.objects.get().actor == admin_user
    assert client.get(reverse("admin:units_unitfactchange_changelist")).status_code == 200


# -- the page that records one figure ----------------------------------------------------------


def test_the_office_records_a_figure_on_the_page(client, commune_a, province_office_a):
    client.force_login(province_office_a)
    commune_page = client.get(reverse("criteria:commune-detail", args=[commune_a.pk]))
    url = reverse("units:unit-facts", args=[commune_a.pk])
    assert url in commune_page.content.decode()
    data = {"kind": "dan_so", "value": "8.512", "as_of": "01/04/2024", "basis": BASIS}
    response = client.post(url, data)
    assert response.status_code == 302
    fact = UnitFact.objects.get(unit=commune_a)
    assert (fact.kind, fact.value, fact.as_of, fact.recorded_by) == (
        Kind.POPULATION,
        Decimal("8512"),
        date(2024, 4, 1),
        province_office_a,
    )
    page = client.get(url).content.decode()
    assert "Đã ghi dân số (người): 8.512 (tính đến 01/04/2024)." in page
    assert "thêm số liệu, dân số (người) (01/04/2024): 8.512 – căn cứ: Niên giám" in page

    # refused, in Vietnamese, with what was typed kept and nothing written
    bad = client.post(url, {**data, "value": "8,5", "as_of": "01/04/2099"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Dân số (người) phải là số nguyên." in text and "Ngày 01/04/2099 chưa tới." in text
    assert 'value="8,5"' in text
    assert UnitFact.objects.count() == 1 and UnitFactChange.objects.count() == 1


def test_readers_see_the_figures_and_cannot_record(client, commune_a, official_a):
    record(None, commune_a)
    client.force_login(official_a)
    url = reverse("units:unit-facts", args=[commune_a.pk])
    page = client.get(url)
    assert page.status_code == 200 and "8.512" in page.content.decode()
    assert "Ghi số liệu</button>" not in page.content.decode()
    refused = client.post(
        url, {"kind": "dan_so", "value": "9000", "as_of": "01/04/2025", "basis": BASIS}
    )
    assert refused.status_code == 403 and UnitFact.objects.count() == 1


def test_a_figure_changed_elsewhere_since_the_admin_form_opened_is_not_overwritten(
    client, admin_user, commune_a
):
    from tests.admin_forms import admin_form_data

    fact = facts.record_fact(
        actor=None, unit=commune_a, kind="dan_so", value="8512", as_of=date(2024, 4, 1), basis=BASIS
    )
    client.force_login(admin_user)
    url = reverse("admin:units_unitfact_change", args=[fact.pk])
    stale = admin_form_data(client, url)
    facts.record_fact(  # corrected meanwhile, from the unit's page
        actor=None, unit=commune_a, kind="dan_so", value="8520", as_of=date(2024, 4, 1), basis=BASIS
    )
    refused = client.post(url, {**stale, "value": "8600"})
    assert "vừa được sửa ở nơi khác sau khi bạn mở trang" in refused.content.decode()
    fact.refresh_from_db()
    assert fact.value == 8520
    assert client.post(url, {**admin_form_data(client, url), "value": "8600"}).status_code == 302
    fact.refresh_from_db()
    assert fact.value == 8600
