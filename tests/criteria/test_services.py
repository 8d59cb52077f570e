"""Writes: status updates with their history, judgement, concurrency, copy-forward."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from criteria import rules, selectors, services
from criteria.forms import validate_evidence
from criteria.models import (
    Assessment,
    Evidence,
    Indicator,
    IndicatorStatus,
    StatusChange,
    Threshold,
)
from tests import factories

Status = IndicatorStatus.Status
pytestmark = pytest.mark.django_db


def _status(assessment, code):
    return IndicatorStatus.objects.select_related(
        "indicator", "assessment__commune", "assessment__framework"
    ).get(assessment=assessment, indicator__code=code)


def _update(status, actor, **kwargs):
    params = {"new_status": None, "value": None, "note": "", "version": status.version}
    params.update(kwargs)
    return services.status_update(status=status, actor=actor, **params)


def test_opening_a_year_creates_every_indicator_unassessed(assessment_a, f318):
    assert assessment_a.statuses.count() == Indicator.objects.filter(framework=f318).count()
    assert set(assessment_a.statuses.values_list("status", flat=True)) == {Status.NOT_ASSESSED}
    assert (assessment_a.met_count, assessment_a.criteria_count) == (0, 19)
    assert (
        StatusChange.objects.filter(status__assessment=assessment_a, action="create").count()
        == assessment_a.statuses.count()
    )


def test_qualitative_indicator_takes_the_officials_judgement_with_history(assessment_a, official_a):
    status = _status(assessment_a, "17.3")
    assert _update(
        status, official_a, new_status=Status.MET, note="Đã xây rãnh thoát nước có nắp đậy"
    )
    status.refresh_from_db()
    assert (status.status, status.version, status.updated_by) == (Status.MET, 2, official_a)
    change = status.changes.get(action="update")
    assert (change.actor, change.old_status, change.new_status) == (
        official_a,
        Status.NOT_ASSESSED,
        Status.MET,
    )
    assert change.new_note == "Đã xây rãnh thoát nước có nắp đậy"


def test_official_judgement_without_a_reason_is_refused_and_nothing_changes(
    assessment_a, official_a
):
    status = _status(assessment_a, "17.3")
    with pytest.raises(ValidationError) as excinfo:
        _update(status, official_a, new_status=Status.MET, note="  ")
    assert "lý do" in str(excinfo.value)
    status.refresh_from_db()
    assert (status.status, status.version) == (Status.NOT_ASSESSED, 1)
    assert not status.changes.filter(action="update").exists()


def test_numeric_value_is_judged_against_the_regional_threshold(
    f1980, official_a, commune_a, district_b
):
    # 1980/QĐ-TTg income (10): 36 in TDMNPB, 50 in ĐBSH. The same 40 passes in one region only.
    north = factories.CommuneFactory(parent=district_b, region="tdmnpb", framework=f1980)
    delta = factories.CommuneFactory(parent=district_b, region="dbsh", framework=f1980)
    results = {}
    for commune in (north, delta):
        assessment = services.assessment_open(
            commune=commune, framework=f1980, year=2020, actor=None
        )
        status = _status(assessment, "10")
        _update(
            status, official_a, value=Decimal(40), new_status=Status.NOT_MET
        )  # status ignored: automatic
        status.refresh_from_db()
        results[commune.region] = (status.status, status.judged_automatically)
    assert results == {"tdmnpb": (Status.MET, True), "dbsh": (Status.NOT_MET, True)}


def test_special_tdmnpb_rule_switches_a_commune_to_the_northern_bars(f1980, district_b, official_a):
    poor = factories.CommuneFactory(
        parent=district_b, region="dbsh", uses_tdmnpb_thresholds=True, framework=f1980
    )
    assessment = services.assessment_open(commune=poor, framework=f1980, year=2020, actor=None)
    status = _status(assessment, "10")
    _update(status, official_a, value=Decimal(40))
    status.refresh_from_db()
    assert status.status == Status.MET


def test_provincial_threshold_overrides_the_national_one(f1980, commune_a, official_a):
    indicator = Indicator.objects.get(framework=f1980, code="15.1")  # national BHYT ≥ 85 %
    Threshold.objects.create(
        indicator=indicator,
        province=commune_a.province,
        value=Decimal(90),
        decision="Bộ tiêu chí tỉnh",
    )
    assessment = services.assessment_open(commune=commune_a, framework=f1980, year=2020, actor=None)
    status = _status(assessment, "15.1")
    _update(status, official_a, value=Decimal("88.5"))
    status.refresh_from_db()
    assert status.status == Status.NOT_MET


def test_criterion_turns_met_when_all_its_indicators_are_and_the_count_follows(
    assessment_a, official_a
):
    for status in assessment_a.statuses.select_related("indicator").exclude(
        indicator__criterion__number=17
    ):
        IndicatorStatus.objects.filter(pk=status.pk).update(status=Status.MET)
    services.assessment_recount(assessment_a)
    assert assessment_a.met_count == 18
    for status in assessment_a.statuses.select_related("indicator").filter(
        indicator__criterion__number=17
    ):
        status.assessment = assessment_a
        if status.indicator.code in ("17.1", "17.3"):
            continue
        IndicatorStatus.objects.filter(pk=status.pk).update(status=Status.MET)
    services.assessment_recount(assessment_a)
    assert assessment_a.met_count == 18  # 17.1 and 17.3 still open
    _update(
        _status(assessment_a, "17.1"),
        official_a,
        new_status=Status.MET,
        value=Decimal(62),
        note="Nhà máy nước đã cấp nước",
    )
    assessment_a.refresh_from_db()
    assert assessment_a.met_count == 18
    _update(_status(assessment_a, "17.3"), official_a, new_status=Status.MET, note="Cảnh quan đạt")
    assessment_a.refresh_from_db()
    assert assessment_a.met_count == 19


def test_stale_save_is_refused_and_shows_the_other_persons_change(
    assessment_a, official_a, commune_a
):
    colleague = factories.official(commune_a, username="dong_nghiep")
    colleague.full_name = "Lê Thị Hoa"
    colleague.save()
    first = _status(assessment_a, "17.3")
    second = _status(assessment_a, "17.3")  # both opened the form at version 1
    _update(first, colleague, new_status=Status.NOT_MET, note="Còn tồn đọng nước thải")
    with pytest.raises(ValidationError) as excinfo:
        _update(second, official_a, new_status=Status.MET, note="Đạt")
    message = str(excinfo.value)
    assert "Lê Thị Hoa" in message and "Chưa đạt" in message and "Còn tồn đọng nước thải" in message
    second.refresh_from_db()
    assert (second.status, second.note, second.version) == (
        Status.NOT_MET,
        "Còn tồn đọng nước thải",
        2,
    )
    assert second.changes.filter(action="update").count() == 1


def test_a_save_sent_again_after_its_answer_was_lost_is_no_conflict(assessment_a, official_a):
    # the phone lost the answer of a save that landed, and sends it again with the version
    # its page still holds: the row already says that, so nothing is written or refused
    status = _status(assessment_a, "17.3")
    page_version = status.version
    assert _update(status, official_a, new_status=Status.MET, note="Đạt") is True
    again = _status(assessment_a, "17.3")
    assert (
        _update(again, official_a, new_status=Status.MET, note="Đạt", version=page_version) is False
    )
    again.refresh_from_db()
    assert again.version == page_version + 1
    assert again.changes.filter(action="update").count() == 1
    # …but the same old version asking for something else is still a conflict
    with pytest.raises(ValidationError, match="Thay đổi của bạn chưa được lưu"):
        _update(
            again, official_a, new_status=Status.MET, note="Đạt, có biên bản", version=page_version
        )


def test_saving_the_same_values_writes_no_history(assessment_a, official_a):
    status = _status(assessment_a, "17.3")
    _update(status, official_a, new_status=Status.MET, note="Đạt")
    status.refresh_from_db()
    assert _update(status, official_a, new_status=Status.MET, note="Đạt") is False
    assert status.changes.filter(action="update").count() == 1


def test_evidence_is_stored_under_a_random_name_with_history(assessment_a, official_a, settings):
    status = _status(assessment_a, "17.3")
    upload = SimpleUploadedFile(
        "../../etc/bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf"
    )
    validate_evidence(upload)
    _update(status, official_a, new_status=Status.MET, note="Có biên bản", upload=upload)
    evidence = Evidence.objects.get(status=status)
    assert evidence.original_name.endswith("bien-ban.pdf")
    assert ".." not in evidence.file.name and evidence.file.name.endswith(".pdf")
    assert (settings.EVIDENCE_ROOT / evidence.file.name).read_bytes() == b"%PDF-1.4 test"
    assert status.changes.filter(action="evidence_added").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.exe", b"MZ....", "Loại tệp không được phép"),
        ("bao-cao.pdf", b"MZ this is a program", "không đúng với phần mở rộng"),
        ("bang.xlsx", b"PK\x03\x04 not really a zip", "bị hỏng"),
    ],
)
def test_bad_evidence_files_are_refused(name, content, message):
    with pytest.raises(ValidationError) as excinfo:
        validate_evidence(SimpleUploadedFile(name, content))
    assert message in str(excinfo.value)


def test_too_large_evidence_is_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError) as excinfo:
        validate_evidence(SimpleUploadedFile("a.pdf", b"%PDF-1.4 more than ten bytes"))
    assert "quá lớn" in str(excinfo.value)


def test_opening_a_new_year_copies_forward_without_touching_last_year(
    assessment_a, official_a, commune_a, f318
):
    _update(_status(assessment_a, "17.3"), official_a, new_status=Status.MET, note="Đạt năm 2023")
    _update(_status(assessment_a, "2.1"), official_a, value=Decimal(100))
    before = list(
        assessment_a.statuses.order_by("pk").values_list("status", "value", "note", "version")
    )

    new = services.assessment_open(commune=commune_a, framework=f318, year=2024, actor=official_a)

    assert (
        list(assessment_a.statuses.order_by("pk").values_list("status", "value", "note", "version"))
        == before
    )
    copied = {s.indicator.code: s for s in new.statuses.select_related("indicator")}
    assert (copied["17.3"].status, copied["17.3"].note) == (Status.MET, "Đạt năm 2023")
    assert (copied["2.1"].status, copied["2.1"].value) == (Status.MET, Decimal(100))
    assert copied["17.3"].changes.get().action == "copy_forward"
    # Opening it again changes nothing.
    again = services.assessment_open(commune=commune_a, framework=f318, year=2024, actor=official_a)
    assert again.pk == new.pk and Assessment.objects.filter(commune=commune_a).count() == 2


def test_a_255_character_evidence_name_is_stored_with_a_bounded_history_detail(
    assessment_a, official_a
):
    # The longest name an upload keeps (Django cuts names at 255): "Thêm minh chứng: " + the
    # name does not fit StatusChange.detail (255), which PostgreSQL refuses and SQLite stores
    # whole (a backup of it then fails to restore into PostgreSQL).
    name = "bien-ban-nghiem-thu-" + "x" * (255 - len("bien-ban-nghiem-thu-") - 4) + ".pdf"
    assert len(name) == 255
    status = _status(assessment_a, "17.3")
    upload = SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")
    validate_evidence(upload)

    _update(status, official_a, new_status=Status.MET, note="Có biên bản", upload=upload)

    evidence = Evidence.objects.get(status=status)
    assert evidence.original_name == name
    detail = status.changes.get(action="evidence_added").detail
    assert len(detail) <= 255
    assert detail.startswith("Thêm minh chứng: bien-ban-nghiem-thu-") and "…" in detail
    assert detail.endswith("xxxx.pdf")  # the end of the name, with its type, stays readable


def _judged_without_a_value(assessment, code, status=Status.MET, note="Đạt theo rà soát"):
    """An indicator with a numeric bar that the commune judged without a measured value, as
    every year of the demo has them."""
    row = _status(assessment, code)
    assert rules.is_automatic(selectors.threshold_for_status(row))
    IndicatorStatus.objects.filter(pk=row.pk).update(status=status, note=note)
    return _status(assessment, code)


def test_evidence_added_to_an_automatic_indicator_without_a_value_keeps_its_result(
    assessment_a, official_a
):
    status = _judged_without_a_value(assessment_a, "2.1")
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    validate_evidence(upload)

    assert _update(status, official_a, note="Đạt theo rà soát", upload=upload)

    status.refresh_from_db()
    assert (status.status, status.value, status.version) == (Status.MET, None, 2)
    assert [c.action for c in status.changes.exclude(action="create")] == ["evidence_added"]


def test_a_note_added_to_an_automatic_indicator_without_a_value_keeps_its_result(
    assessment_a, official_a
):
    status = _judged_without_a_value(assessment_a, "3.1", status=Status.NOT_MET, note="")
    _update(status, official_a, note="Đang lắp thêm trạm biến áp")
    status.refresh_from_db()
    assert (status.status, status.note) == (Status.NOT_MET, "Đang lắp thêm trạm biến áp")


def test_without_a_value_an_automatic_indicator_takes_the_officials_result_with_a_reason(
    assessment_a, official_a
):
    status = _status(assessment_a, "2.1")
    with pytest.raises(ValidationError) as excinfo:
        _update(status, official_a, new_status=Status.MET, note=" ")
    assert "note" in excinfo.value.message_dict
    _update(status, official_a, new_status=Status.MET, note="Biên bản nghiệm thu đường xã")
    status.refresh_from_db()
    assert (status.status, status.judged_automatically) == (Status.MET, False)


def test_a_value_removed_from_an_automatic_indicator_leaves_nothing_to_judge(
    assessment_a, official_a
):
    status = _status(assessment_a, "2.1")
    _update(status, official_a, value=Decimal(100))
    status.refresh_from_db()
    assert (status.status, status.judged_automatically) == (Status.MET, True)
    _update(status, official_a, value=None)  # the result was judged from the value alone
    status.refresh_from_db()
    assert (status.status, status.value, status.judged_automatically) == (
        Status.NOT_ASSESSED,
        None,
        False,
    )
