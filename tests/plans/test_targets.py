"""The targets page (/don-vi/<pk>/chi-tieu/): scoped to what the user may see, one version per
target so a stale page never overwrites a colleague, only changed rows written, every change
in the history (issue 13)."""

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Target
from plans.services import target_set
from tests import factories

pytestmark = pytest.mark.django_db
YEAR = 2024


def _page(client, unit, year=YEAR):
    """The page as the browser shows it, and its POST form."""
    url = reverse("plans:targets-edit", args=[unit.pk]) + f"?year={year}"
    response = client.get(url)
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    forms = [f for f in page.forms if f.method == "POST" and not f.get("action")]  # not logout
    return url, response, forms[0] if forms else None


def _submit(client, url, form, **changes):
    """Post the form as the browser would, with some fields changed."""
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    data.update(
        {name: value if isinstance(value, list) else [value] for name, value in changes.items()}
    )
    return client.post(url, data)


def _set(commune, actor, **fields):
    return target_set(
        unit=commune,
        year=YEAR,
        actor=actor,
        level=fields.pop("level", "ntm"),
        criteria=[],
        **fields,
    )


@pytest.fixture
def other_district_commune(province, f318):
    """Kỳ Tân, in another district of A's province, with a note meant for its own district."""
    district = factories.UnitFactory(
        kind="district", prefix="Huyện", name="Kỳ Anh", parent=province, province=province
    )
    commune = factories.CommuneFactory(name="Kỳ Tân", parent=district, framework=f318)
    Target.objects.create(unit=commune, year=YEAR, note="Ghi chú nội bộ huyện Kỳ Anh")
    return commune


@pytest.fixture
def commune_a2(district_a, f318):
    return factories.CommuneFactory(name="Cẩm Bình", parent=district_a, framework=f318)


@pytest.fixture
def colleague(district_a):
    return factories.supervisor(district_a, username="dong_nghiep")


# --- who sees what -------------------------------------------------------------------------


def test_a_commune_official_sees_only_their_own_commune_on_the_province_page(
    client_a, province, commune_a, other_district_commune
):
    _, response, form = _page(client_a, province)

    html = response.content.decode()
    assert "Cẩm Tân" in html
    assert "Kỳ Tân" not in html and "Ghi chú nội bộ huyện Kỳ Anh" not in html
    assert form is not None and not set(form.inputs.keys()) & {f"t{other_district_commune.pk}-note"}
    # a page to read: every box is shown disabled, and it says who sets the targets
    boxes = [
        el for el in form.inputs if el.get("type") not in ("hidden", None) or el.tag != "input"
    ]
    assert boxes and all(el.get("disabled") is not None for el in boxes)
    assert 'id="read-only"' in html


def test_a_commune_official_does_not_see_the_other_communes_of_their_district(
    client_a, district_a, commune_a, commune_a2, district_officer
):
    _set(commune_a2, district_officer, note="Nhắc riêng xã Cẩm Bình")
    _, response, _ = _page(client_a, district_a)

    html = response.content.decode()
    assert "Cẩm Tân" in html
    assert "Cẩm Bình" not in html and "Nhắc riêng xã Cẩm Bình" not in html


def test_a_district_officer_cannot_open_the_province_page(client, province, district_officer):
    client.force_login(district_officer)
    url = reverse("plans:targets-edit", args=[province.pk]) + f"?year={YEAR}"
    assert client.get(url).status_code == 404


def test_the_province_office_sees_every_district(
    client, province, commune_a, other_district_commune
):
    client.force_login(factories.supervisor(province, username="vp_tinh"))
    _, response, _ = _page(client, province)

    html = response.content.decode()
    assert "Cẩm Tân" in html and "Ghi chú nội bộ huyện Kỳ Anh" in html


# --- saving --------------------------------------------------------------------------------


def test_a_stale_row_is_refused_naming_the_commune_and_who_changed_it(
    client, district_a, commune_a, district_officer, colleague
):
    _set(commune_a, district_officer, note="Ban đầu")
    client.force_login(district_officer)
    url, _, stale = _page(client, district_a)
    other = Client()
    other.force_login(colleague)
    _, _, fresh = _page(other, district_a)
    assert (
        _submit(other, url, fresh, **{f"t{commune_a.pk}-note": "Của đồng nghiệp"}).status_code
        == 302
    )

    response = _submit(client, url, stale, **{f"t{commune_a.pk}-note": "Của tôi"})

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Chỉ tiêu của xã Cẩm Tân vừa được {colleague.display_name} sửa lúc" in html
    assert "Của tôi" in html  # what was typed stays on the page
    assert Target.objects.get(unit=commune_a, year=YEAR).note == "Của đồng nghiệp"


def test_a_stale_page_leaves_the_rows_it_did_not_change(
    client, district_a, commune_a, commune_a2, district_officer, colleague
):
    _set(commune_a, district_officer, note="Ban đầu")
    client.force_login(district_officer)
    url, _, stale = _page(client, district_a)
    _set(commune_a, colleague, note="Của đồng nghiệp")

    response = _submit(client, url, stale, **{f"t{commune_a2.pk}-note": "Xã mới giao"})

    assert response.status_code == 302
    assert Target.objects.get(unit=commune_a, year=YEAR).note == "Của đồng nghiệp"
    assert Target.objects.get(unit=commune_a2, year=YEAR).note == "Xã mới giao"


def test_only_the_rows_that_changed_are_written(
    client, district_a, commune_a, commune_a2, district_officer, colleague
):
    _set(commune_a, colleague, note="Xã A")
    _set(commune_a2, colleague, note="Xã B")

    def untouched():
        return list(Target.objects.filter(unit=commune_a2).values_list("updated_at", "set_by"))

    before = untouched()
    client.force_login(district_officer)
    url, _, form = _page(client, district_a)

    assert _submit(client, url, form, **{f"t{commune_a.pk}-note": "Xã A, sửa"}).status_code == 302

    assert untouched() == before
    assert Target.objects.get(unit=commune_a).set_by == district_officer


def test_each_change_is_recorded_with_old_and_new_and_shown_on_the_page(
    client, district_a, commune_a, district_officer
):
    from plans.models import TargetChange

    client.force_login(district_officer)
    url, _, form = _page(client, district_a)
    _submit(client, url, form, **{f"t{commune_a.pk}-note": "Ưu tiên tiêu chí 5"})
    url, _, form = _page(client, district_a)
    _submit(
        client,
        url,
        form,
        **{
            f"t{commune_a.pk}-note": "Ưu tiên tiêu chí 5 và 9",
            f"t{commune_a.pk}-deadline_text": "Quý IV/2024",
        },
    )

    target = Target.objects.get(unit=commune_a, year=YEAR)
    first, second = TargetChange.objects.filter(target=target).order_by("pk")
    assert (second.actor, target.version) == (district_officer, 2)
    assert [(c["label"], c["old"], c["new"]) for c in second.changes] == [
        ("Thời hạn", "", "Quý IV/2024"),
        ("Ghi chú", "Ưu tiên tiêu chí 5", "Ưu tiên tiêu chí 5 và 9"),
    ]
    assert ("Ghi chú", "", "Ưu tiên tiêu chí 5") in [
        (c["label"], c["old"], c["new"]) for c in first.changes
    ]
    _, response, _ = _page(client, district_a)
    history = response.content.decode().split("Lịch sử thay đổi", 1)[1]
    assert district_officer.display_name in history
    assert "Ưu tiên tiêu chí 5 và 9" in history and "Quý IV/2024" in history


def test_the_page_reads_in_the_same_number_of_queries_for_more_communes(
    client, district_a, commune_a, district_officer, f318
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _page(client, district_a)
        return len(queries)

    school = f318.criteria.get(number=5)
    client.force_login(district_officer)
    target_set(unit=commune_a, year=YEAR, actor=district_officer, level="ntm", criteria=[school])
    few = count()
    for i in range(4):
        commune = factories.CommuneFactory(name=f"Cẩm {i}", parent=district_a, framework=f318)
        user = factories.supervisor(district_a, username=f"cb_{i}")
        target_set(unit=commune, year=YEAR, actor=user, level="ntm", criteria=[school])
    assert count() == few


# --- the services --------------------------------------------------------------------------


def test_target_set_keeps_its_signature_and_records_history(commune_a, district_officer, f318):
    from plans.models import TargetChange

    school = f318.criteria.get(number=5)
    kwargs = {"unit": commune_a, "year": YEAR, "actor": district_officer, "target_count": None}
    target = target_set(**kwargs, level="ntm", criteria=[school], deadline_text="", note="")
    target_set(**kwargs, level="nang_cao", criteria=[school], deadline_text="", note="Nâng cao")

    target.refresh_from_db()
    changes = [
        [(c["label"], c["old"], c["new"]) for c in change.changes]
        for change in TargetChange.objects.filter(target=target).order_by("pk")
    ]
    assert target.version == 2 and len(changes) == 2
    assert ("Tiêu chí phấn đấu đạt thêm", "", "5") in changes[0]
    assert changes[1] == [
        ("Mức phấn đấu", "Đạt chuẩn NTM", "Đạt chuẩn NTM nâng cao"),
        ("Ghi chú", "", "Nâng cao"),
    ]


def test_targets_save_refuses_a_row_based_on_an_older_version(
    district_a, commune_a, district_officer, colleague
):
    from plans.services import TargetRow, targets_save

    _set(commune_a, district_officer, note="Bản 1")
    _set(commune_a, colleague, note="Bản 2")
    row = TargetRow(
        commune=commune_a,
        version=1,
        level="ntm",
        criteria=[],
        target_count=None,
        deadline_text="",
        note="Sửa từ bản 1",
    )

    with pytest.raises(ValidationError, match=f"vừa được {colleague.display_name} sửa"):
        targets_save(unit=district_a, year=YEAR, rows=[row], actor=district_officer)

    assert Target.objects.get(unit=commune_a).note == "Bản 2"


def test_targets_save_writes_only_communes_under_the_unit(district_a, commune_b, district_officer):
    from plans.services import TargetRow, targets_save

    row = TargetRow(
        commune=commune_b,
        version=None,
        level="ntm",
        criteria=[],
        target_count=None,
        deadline_text="",
        note="",
    )
    with pytest.raises(ValidationError):
        targets_save(unit=district_a, year=YEAR, rows=[row], actor=district_officer)
    assert not Target.objects.filter(unit=commune_b).exists()


def test_a_note_over_its_bound_is_refused_by_the_service(commune_a, district_officer):
    with pytest.raises(ValidationError, match="Ghi chú dài 1.001 ký tự, tối đa 1.000 ký tự."):
        _set(commune_a, district_officer, note="x" * 1001)
    assert not Target.objects.exists()


def test_the_targets_of_a_year_count_on_the_set_in_force_that_year(
    district_a, commune_a, district_officer, f318
):
    """A commune still on 318/QĐ-TTg gets its 2026 targets on the 2026–2030 set: its page
    offers that set's criteria, the target is written on it, a criterion of 318 is refused."""
    from criteria.models import Framework
    from plans.selectors import targets_page

    f2026 = Framework.objects.get(key="xa_ntm_2026_2030")
    assert commune_a.framework == f318

    [row_2026] = targets_page(district_officer, district_a, 2026).rows
    [row_2024] = targets_page(district_officer, district_a, 2024).rows
    assert {c.framework for c in row_2026.criteria} == {f2026}
    assert {c.framework for c in row_2024.criteria} == {f318}

    first = f2026.criteria.order_by("number").first()
    target = target_set(
        unit=commune_a, year=2026, actor=district_officer, level="ntm", criteria=[first]
    )
    assert target.framework == f2026
    old = f318.criteria.get(number=17)
    with pytest.raises(ValidationError) as refused:
        target_set(unit=commune_a, year=2026, actor=district_officer, level="ntm", criteria=[old])
    assert refused.value.messages == ["Tiêu chí không thuộc bộ tiêu chí của xã: 17"]
    assert _set(commune_a, district_officer, target_count=19).framework == f318  # 2024
