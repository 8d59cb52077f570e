"""A commune's dossier: its documents, readiness ("7/9 hồ sơ"), sending (refused with the list
of what is missing), returning, versions, access, files and history."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from criteria.forms import validate_evidence
from dossiers import selectors, services
from dossiers.models import ChecklistItem, Dossier, DossierChange, DossierItem
from tests import factories

pytestmark = pytest.mark.django_db
Status = DossierItem.Status
State = Dossier.State


@pytest.fixture
def dossier(commune_a, official_a):
    dossier, created = services.dossier_open(
        commune=commune_a, tier="xa_ntm", year=2025, actor=official_a
    )
    assert created
    return dossier


def _item(dossier, starts_with) -> DossierItem:
    return dossier.items.select_related("checklist_item", "dossier").get(
        checklist_item__name__startswith=starts_with
    )


def _ready_all_required(dossier, actor, except_names=()):
    for item in dossier.items.select_related("checklist_item", "dossier"):
        if item.checklist_item.required and item.checklist_item.name not in except_names:
            services.item_update(
                item=item, actor=actor, status=Status.READY, note="", version=item.version
            )


def _snapshot(dossier):
    dossier.refresh_from_db()
    return (
        dossier.state,
        dossier.version,
        dossier.submitted_at,
        list(dossier.items.order_by("pk").values_list("pk", "status", "note", "version", "file")),
        DossierChange.objects.count(),
    )


def test_opening_takes_the_checklist_in_force_and_is_recorded(dossier, official_a):
    assert dossier.state == State.PREPARING and dossier.checklist_province is None
    items = list(dossier.items.select_related("checklist_item"))
    assert len(items) == 11 and {i.status for i in items} == {Status.MISSING}
    change = DossierChange.objects.get(dossier=dossier)
    assert (change.action, change.actor, change.after) == (
        "opened",
        official_a,
        "11 hồ sơ thành phần theo danh mục mặc định",
    )
    # opening again finds the same dossier
    again, created = services.dossier_open(
        commune=dossier.commune, tier="xa_ntm", year=2025, actor=official_a
    )
    assert (again, created) == (dossier, False)


def test_readiness_counts_the_required_documents_in_force(
    client, commune_a, official_a, district_officer, province, province_office_a
):
    """A province list of 12: 10 required (one of them retired), 2 optional. 7 of the 9 counted
    are ready, one is being prepared, one missing; an optional one is ready, the other not
    applicable: "7/9", missing exactly the two."""
    for n in range(1, 11):
        services.checklist_add(
            province=province, tier="xa_ntm", actor=province_office_a, name=f"Hồ sơ {n:02d}"
        )
    for name in ("Phụ lục A", "Phụ lục B"):
        services.checklist_add(
            province=province, tier="xa_ntm", actor=province_office_a, name=name, required=False
        )
    dossier, _ = services.dossier_open(
        commune=commune_a, tier="xa_ntm", year=2025, actor=official_a
    )
    retired = ChecklistItem.objects.get(province=province, name="Hồ sơ 10")
    services.checklist_item_retire(
        item=retired,
        actor=province_office_a,
        on=timezone.localdate() - timedelta(days=1),
        version=retired.version,
    )
    plan = {f"Hồ sơ {n:02d}": Status.READY for n in range(1, 8)}
    plan |= {"Hồ sơ 08": Status.PREPARING, "Phụ lục A": Status.READY}
    plan |= {"Phụ lục B": Status.NOT_APPLICABLE}
    for name, status in plan.items():
        item = _item(dossier, name)
        services.item_update(item=item, actor=official_a, status=status, note="", version=1)

    result = selectors.readiness(dossier.items.select_related("checklist_item"))

    assert (result.done, result.total, str(result)) == (7, 9, "7/9")
    assert result.missing == ["Hồ sơ 08", "Hồ sơ 09"]
    client.force_login(district_officer)
    page = client.get(reverse("dossiers:readiness"), {"tier": "xa_ntm", "year": 2025})
    text = " ".join(page.content.decode().split())
    assert (
        "Cẩm Tân</a> — <strong>7/9 hồ sơ</strong> — đang chuẩn bị — thiếu: Hồ sơ 08; Hồ sơ 09"
        in text
    )
    detail = client.get(dossier.get_absolute_url()).content.decode()
    assert '<strong id="readiness-count">7/9</strong>' in detail


def test_sending_with_a_required_document_missing_is_refused_with_the_list(
    dossier, official_a, leader_a
):
    missing = ["Biên bản họp đề nghị", "Xác nhận không có nợ đọng"]
    full_names = [_item(dossier, m).checklist_item.name for m in missing]
    _ready_all_required(dossier, official_a, except_names=full_names)
    before = _snapshot(dossier)

    with pytest.raises(services.MissingDocuments) as refused:
        services.dossier_submit(dossier=dossier, actor=leader_a, version=dossier.version)

    assert refused.value.missing == full_names
    message = refused.value.messages[0]
    assert message.startswith("Chưa gửi được hồ sơ: còn thiếu 2 hồ sơ bắt buộc: ")
    for name in full_names:
        assert f"“{name}”" in message
    # the optional ones are not asked for
    assert "Báo cáo thẩm tra" not in message
    assert _snapshot(dossier) == before


def test_the_refusal_is_shown_on_the_page(client, dossier, leader_a):
    client.force_login(leader_a)
    response = client.post(
        reverse("dossiers:submit", args=[dossier.pk]), {"version": dossier.version}, follow=True
    )
    page = response.content.decode()
    assert "Chưa gửi được hồ sơ: còn thiếu 9 hồ sơ bắt buộc" in page
    assert "“Biên bản họp đề nghị xét công nhận xã đạt chuẩn nông thôn mới”" in page
    dossier.refresh_from_db()
    assert dossier.state == State.PREPARING


def test_sending_a_complete_dossier_changes_its_state_and_is_recorded(
    client, dossier, official_a, leader_a, district_officer
):
    _ready_all_required(dossier, official_a)
    client.force_login(leader_a)

    response = client.post(
        reverse("dossiers:submit", args=[dossier.pk]), {"version": dossier.version}
    )

    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.state, dossier.submitted_by, dossier.version) == (State.SUBMITTED, leader_a, 2)
    assert dossier.submitted_at is not None
    change = dossier.changes.get(action="submitted")
    assert (change.actor, change.before, change.after) == (leader_a, "Đang chuẩn bị", "Đã gửi")
    # while sent the commune cannot change it
    item = _item(dossier, "Tờ trình")
    with pytest.raises(ValidationError, match="Hồ sơ đã gửi"):
        services.item_update(
            item=item, actor=official_a, status=Status.PREPARING, note="", version=item.version
        )
    # the office returns it, saying why
    client.force_login(district_officer)
    response = client.post(
        reverse("dossiers:return", args=[dossier.pk]),
        {"tra-lai-comment": "Bổ sung chữ ký vào biên bản", "tra-lai-version": dossier.version},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.state, dossier.return_comment) == (
        State.RETURNED,
        "Bổ sung chữ ký vào biên bản",
    )
    returned = dossier.changes.get(action="returned")
    assert returned.actor == district_officer
    assert returned.after == "Trả lại: Bổ sung chữ ký vào biên bản"


def test_a_return_without_a_reason_keeps_nothing_and_says_why(
    client, dossier, official_a, leader_a, district_officer
):
    _ready_all_required(dossier, official_a)
    services.dossier_submit(dossier=dossier, actor=leader_a, version=dossier.version)
    client.force_login(district_officer)
    response = client.post(
        reverse("dossiers:return", args=[dossier.pk]),
        {"tra-lai-comment": "x" * 1001, "tra-lai-version": dossier.version},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "dài 1.001 ký tự, tối đa 1.000 ký tự." in page
    assert "x" * 1001 in page  # what was typed comes back
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED


def test_a_change_from_an_old_page_is_refused_naming_who_changed_it(dossier, official_a):
    colleague = factories.official(dossier.commune, username="cong_chuc_2")
    item = _item(dossier, "Tờ trình")
    page_version = item.version
    services.item_update(
        item=_item(dossier, "Tờ trình"),
        actor=colleague,
        status=Status.PREPARING,
        note="Đang trình ký",
        version=page_version,
    )
    before = _snapshot(dossier)

    with pytest.raises(ValidationError) as refused:
        services.item_update(
            item=item, actor=official_a, status=Status.READY, note="", version=page_version
        )

    assert refused.value.code == "stale"
    message = refused.value.messages[0]
    assert f"vừa được {colleague.display_name} cập nhật lúc" in message
    assert "Đang chuẩn bị; ghi chú: Đang trình ký" in message
    assert "Thay đổi của bạn chưa được lưu" in message
    assert _snapshot(dossier) == before
    # the same for sending: a page from before a step is refused
    with pytest.raises(ValidationError, match="hồ sơ đã thay đổi từ lúc bạn mở trang"):
        services.dossier_submit(dossier=dossier, actor=official_a, version=dossier.version - 1)


def test_the_stale_page_keeps_what_was_typed(client, dossier, official_a):
    item = _item(dossier, "Tờ trình")
    services.item_update(
        item=_item(dossier, "Tờ trình"), actor=official_a, status=Status.PREPARING, note="",
        version=item.version,
    )  # fmt: skip
    client.force_login(official_a)
    response = client.post(
        reverse("dossiers:item-edit", args=[item.pk]),
        {"status": Status.READY, "note": "Ghi chú tôi vừa gõ", "version": item.version},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Thay đổi của bạn chưa được lưu" in page and "Ghi chú tôi vừa gõ" in page
    assert response.context["form"]["version"].value() == str(item.version + 1)


def test_a_file_makes_the_document_ready_unless_said_otherwise(dossier, official_a, pdf):
    item = _item(dossier, "Tờ trình")
    upload = pdf()
    validate_evidence(upload)
    services.item_update(
        item=item, actor=official_a, status=None, note="Bản ký", version=1, upload=upload
    )
    item.refresh_from_db()
    assert (item.status, item.original_name, item.content_type) == (
        Status.READY,
        "to-trinh.pdf",
        "application/pdf",
    )
    assert item.file.name.startswith(f"ho-so/{dossier.commune_id}/2025/")
    assert item.file.read() == pdf().read()

    draft = _item(dossier, "Báo cáo kết quả thực hiện")
    upload = pdf("du-thao.pdf")
    validate_evidence(upload)
    services.item_update(
        item=draft, actor=official_a, status=Status.PREPARING, note="", version=1, upload=upload
    )
    draft.refresh_from_db()
    assert draft.status == Status.PREPARING and draft.original_name == "du-thao.pdf"


def test_a_required_document_cannot_be_not_applicable(client, dossier, official_a):
    item = _item(dossier, "Tờ trình")
    with pytest.raises(ValidationError, match="là hồ sơ bắt buộc"):
        services.item_update(
            item=item, actor=official_a, status=Status.NOT_APPLICABLE, note="", version=1
        )
    client.force_login(official_a)
    response = client.post(
        reverse("dossiers:item-edit", args=[item.pk]),
        {"status": Status.NOT_APPLICABLE, "note": "", "version": 1},
    )
    assert response.status_code == 200
    assert "là hồ sơ bắt buộc: không chọn “Không áp dụng” được." in response.content.decode()
    optional = _item(dossier, "Báo cáo thẩm tra")
    services.item_update(
        item=optional, actor=official_a, status=Status.NOT_APPLICABLE, note="", version=1
    )
    optional.refresh_from_db()
    assert optional.status == Status.NOT_APPLICABLE


def test_a_disallowed_file_is_refused_in_vietnamese_and_nothing_is_lost(
    client, dossier, official_a, pdf
):
    item = _item(dossier, "Tờ trình")
    before = _snapshot(dossier)
    client.force_login(official_a)

    response = client.post(
        reverse("dossiers:item-edit", args=[item.pk]),
        {
            "status": Status.PREPARING,
            "note": "Chờ chủ tịch ký",
            "version": item.version,
            "file": pdf("to-trinh.exe", b"MZ\x90\x00"),
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Loại tệp không được phép. Chỉ nhận:" in page
    assert "Chờ chủ tịch ký" in page  # the note typed comes back
    assert 'value="dang_chuan_bi" selected' in page  # and the status chosen
    assert "chọn lại tệp" in page
    assert _snapshot(dossier) == before
    # a PDF that is not one: refused too
    response = client.post(
        reverse("dossiers:item-edit", args=[item.pk]),
        {"status": Status.READY, "note": "", "version": 1, "file": pdf("a.pdf", b"MZ")},
    )
    assert "Nội dung tệp không đúng với phần mở rộng của tên tệp." in response.content.decode()
    assert _snapshot(dossier) == before


def test_a_note_over_its_bound_is_refused(client, dossier, official_a):
    item = _item(dossier, "Tờ trình")
    before = _snapshot(dossier)
    client.force_login(official_a)
    response = client.post(
        reverse("dossiers:item-edit", args=[item.pk]),
        {"status": Status.PREPARING, "note": "đ" * 1001, "version": 1},
    )
    assert response.status_code == 200
    assert "Ghi chú dài 1.001 ký tự, tối đa 1.000 ký tự." in response.content.decode()
    assert _snapshot(dossier) == before
    with pytest.raises(ValidationError, match="Ghi chú dài 1.001 ký tự"):
        services.item_update(
            item=item, actor=official_a, status=Status.PREPARING, note="đ" * 1001, version=1
        )
    assert _snapshot(dossier) == before


def test_the_history_records_who_when_from_what_to_what(client, dossier, official_a, pdf):
    item = _item(dossier, "Biên bản họp")
    start = timezone.now()
    client.force_login(official_a)
    response = client.post(
        reverse("dossiers:item-edit", args=[item.pk]),
        {"status": Status.MISSING, "note": "Bản có chữ ký", "version": 1, "file": pdf("bb.pdf")},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.READY and item.updated_by == official_a

    change = dossier.changes.get(action="item")
    assert change.actor == official_a and start <= change.at <= timezone.now()
    assert change.item_name == item.checklist_item.name
    assert (change.before, change.after) == ("Chưa có", "Đã có; tệp bb.pdf; ghi chú: Bản có chữ ký")
    # replacing the file is recorded from the old file to the new
    services.item_update(
        item=item, actor=official_a, status=None, note="Bản có chữ ký", version=item.version,
        upload=_checked(pdf("bb-ban-2.pdf")),
    )  # fmt: skip
    latest = dossier.changes.filter(action="item").first()
    assert (latest.before, latest.after) == (
        "Đã có; tệp bb.pdf; ghi chú: Bản có chữ ký",
        "Đã có; tệp bb-ban-2.pdf; ghi chú: Bản có chữ ký",
    )
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Đã có; tệp bb-ban-2.pdf; ghi chú: Bản có chữ ký" in page
    assert official_a.display_name in page


def _checked(upload):
    validate_evidence(upload)
    return upload


def test_another_communes_dossier_and_its_file_are_404(
    client, dossier, official_a, official_b, district_b, pdf
):
    item = _item(dossier, "Tờ trình")
    services.item_update(
        item=item, actor=official_a, status=None, note="", version=1, upload=_checked(pdf())
    )
    urls = [
        reverse("dossiers:detail", args=[dossier.pk]),
        reverse("dossiers:item-edit", args=[item.pk]),
        reverse("dossiers:item-file", args=[item.pk]),
        reverse("dossiers:commune", args=[dossier.commune_id]),
    ]
    client.force_login(official_b)
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.force_login(factories.supervisor(district_b, username="vp_b"))
    assert client.get(urls[2]).status_code == 404
    # the reader above gets the file, as an attachment, and nothing is guessed from it
    client.force_login(official_a)
    response = client.get(urls[2])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf().read()
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_readiness_list_shows_only_the_communes_one_may_read(
    client, dossier, commune_b, official_b, district_officer
):
    services.dossier_open(commune=commune_b, tier="xa_ntm", year=2025, actor=official_b)
    client.force_login(district_officer)
    page = client.get(reverse("dossiers:readiness"), {"year": 2025, "opened": "on"})
    names = [row.commune for row in page.context["rows"]]
    assert names == [dossier.commune]


def test_half_complete_demo(commune_a, official_a):
    dossier = services.demo_half_complete(commune_a, "xa_ntm", 2025, official_a)
    result = selectors.readiness(dossier.items.select_related("checklist_item"))
    assert (result.done, result.total) == (4, 9)
    assert dossier.items.filter(status=Status.PREPARING).count() == 1
    assert dossier.items.exclude(file="").count() == 4
    assert dossier.changes.filter(action="item").count() == 5
