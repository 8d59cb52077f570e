"""The register answers who holds which tier on a day from the decisions alone: recording,
revoking, mergers, and bad input refused with every reason and nothing written."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.drafting import commune_recognition
from recognition import selectors, services
from recognition.models import Decision, Recognition, RecognitionChange
from tests import factories
from units.models import Unit

from .conftest import BODY, MERGER, record

pytestmark = pytest.mark.django_db


def _messages(excinfo) -> str:
    return " | ".join(excinfo.value.messages)


def test_a_recognition_holds_from_its_effective_day_and_leaves_a_record(office_a, commune_a):
    decision = record(
        office_a, commune_a, on=date(2022, 12, 20), in_force_from=date(2023, 1, 1), year=2022
    )
    key = (commune_a.pk, "xa_ntm")
    assert key not in selectors.standing([commune_a.pk], date(2022, 12, 31))
    held = selectors.standing([commune_a.pk], date(2023, 1, 1))[key]
    assert held.decision == decision and held.year == 2022
    change = RecognitionChange.objects.get(unit=commune_a)
    assert change.actor == office_a and change.action == "recorded"
    assert change.before == "chưa được công nhận"
    assert "Xã NTM năm 2022 theo QĐ 100/QĐ-UBND ngày 20/12/2022" in change.after
    assert change.legal_basis == str(decision)


def test_one_decision_names_many_communes_but_a_number_is_never_reused(
    office_a, commune_a, district_a, f318
):
    other = factories.CommuneFactory(name="Cẩm Bình", parent=district_a, framework=f318)
    first = record(office_a, commune_a, number="2345/QĐ-UBND")
    second = record(office_a, other, number="2345 / qđ-ubnd")  # the same number, typed loosely
    assert first == second and first.entries.count() == 2
    with pytest.raises(ValidationError) as refused:
        record(
            office_a, other, number="2345/QĐ-UBND", on=date(2022, 12, 21), tier="xa_ntm_nang_cao"
        )
    assert "đã được ghi với ngày ký 20/12/2022" in _messages(refused)
    with pytest.raises(ValidationError) as again:
        record(office_a, other, number="2345/QĐ-UBND")
    assert "đã có trong QĐ 2345/QĐ-UBND" in _messages(again)
    assert Recognition.objects.count() == 2


def test_bad_input_is_refused_with_every_reason_and_nothing_written(
    office_a, commune_a, district_a
):
    village = factories.UnitFactory(kind="village", name="Thôn 1", parent=commune_a)
    with pytest.raises(ValidationError) as refused:
        services.record_decision(
            actor=office_a,
            kind="thua_nhan",
            number="",
            signed_on=date(2099, 1, 1),
            in_force_from=date(2098, 1, 1),
            body="",
            entries=[services.Entry(village, "xa_ntm"), services.Entry(district_a, "xa_ntm")],
        )
    text = _messages(refused)
    for expected in (
        "Số quyết định không được để trống",
        "Cơ quan ban hành không được để trống",
        "Ngày ký 01/01/2099 chưa đến",
        "Ngày có hiệu lực 01/01/2098 trước ngày ký",
        "Quyết định thừa nhận phải ghi căn cứ",
        "Thôn 1 là thôn",
        "không thể công nhận hạng “Xã NTM”",
    ):
        assert expected in text
    assert not Decision.objects.exists() and not RecognitionChange.objects.exists()


def test_a_decision_cannot_name_a_unit_outside_its_lifetime(office_a, merged):
    new, old = merged
    with pytest.raises(ValidationError) as before:
        record(office_a, new, on=date(2024, 5, 1))
    assert "chỉ có từ 01/07/2025" in _messages(before)
    with pytest.raises(ValidationError) as after:
        record(office_a, old[0], on=date(2025, 8, 1))
    assert "đã hết hiệu lực từ 01/07/2025" in _messages(after)


def test_a_revocation_ends_the_standing_from_its_day_and_only_once(office_a, commune_a):
    record(office_a, commune_a, on=date(2021, 12, 1))
    entry = Recognition.objects.get()
    revocation = services.revoke(
        actor=office_a,
        entry=entry,
        number="55/QĐ-UBND",
        signed_on=date(2024, 3, 1),
        body=BODY,
        reason="Rà soát năm 2023: 7/19 tiêu chí không đạt",
        failing_criteria="10, 17",
    )
    assert revocation.revokes == entry
    assert (commune_a.pk, "xa_ntm") in selectors.standing([commune_a.pk], date(2024, 2, 29))
    assert (commune_a.pk, "xa_ntm") not in selectors.standing([commune_a.pk], date(2024, 3, 1))
    change = RecognitionChange.objects.get(action="revoked")
    assert "Xã NTM năm 2021" in change.before and "tiêu chí không đạt: 10, 17" in change.after
    with pytest.raises(ValidationError) as twice:
        services.revoke(
            actor=office_a,
            entry=entry,
            number="56/QĐ-UBND",
            signed_on=date(2024, 4, 1),
            body=BODY,
            reason="Lần nữa",
        )
    assert "đã bị thu hồi theo QĐ 55/QĐ-UBND" in _messages(twice)


def test_a_revocation_needs_a_reason_and_a_recognition_in_force_on_its_day(office_a, commune_a):
    record(office_a, commune_a, on=date(2023, 6, 1))
    entry = Recognition.objects.get()
    with pytest.raises(ValidationError) as refused:
        services.revoke(
            actor=office_a,
            entry=entry,
            number="1/QĐ-UBND",
            signed_on=date(2023, 1, 1),
            body=BODY,
            reason="",
        )
    text = _messages(refused)
    assert "Phải ghi lý do thu hồi" in text
    assert "trước khi công nhận có hiệu lực (01/06/2023)" in text
    assert Recognition.objects.count() == 1


def test_a_commune_that_takes_a_neighbour_in_must_obtain_the_standard_again(
    office_a, commune_a, district_a
):
    """The resolution merges Cẩm Quan into the existing Cẩm Tân (no new unit: Cẩm Tân keeps
    its code and its 2022 decision). From the merger Cẩm Tân holds nothing by it, and the
    list of merged communes to re-recognise names it."""
    from units import reorganisation

    quan = factories.CommuneFactory(name="Cẩm Quan", parent=district_a)
    record(office_a, commune_a, number="10/QĐ-UBND", on=date(2022, 12, 1))
    record(office_a, quan, number="11/QĐ-UBND", on=date(2023, 12, 1))
    reorganisation.apply(
        reorganisation.Plan(
            "NQ 1665/NQ-UBTVQH15 (minh họa)",
            MERGER,
            [reorganisation.Step(reorganisation.Action.MERGE_COMMUNES, quan.code, commune_a.code)],
        ),
        actor=None,
    )
    commune_a.refresh_from_db()
    assert commune_a.valid_from is None  # it is not a new unit

    assert [r.tier for r in selectors.in_force_for(commune_a, date(2025, 6, 30))] == ["xa_ntm"]
    assert selectors.in_force_for(commune_a, date(2025, 8, 1)) == []
    at_merger = {
        p.unit.name: [r.tier for r in p.held] for p in selectors.predecessors_at_merger(commune_a)
    }
    assert at_merger == {"Cẩm Quan": ["xa_ntm"]}
    [row] = selectors.lacking_rerecognition(Unit.objects.all(), date(2025, 8, 1))
    assert row.unit == commune_a and row.lacking == ["xa_ntm"]
    [figure] = [
        f
        for f in selectors.tier_figures(Unit.objects.all(), on=date(2025, 8, 1))
        if f.tier == "xa_ntm"
    ]
    assert commune_a not in figure.recognised


def test_a_recognised_commune_that_takes_in_an_unrecognised_neighbour_must_obtain_it_again(
    client, office_a, commune_a, district_a
):
    """docs/recognition.md: Cẩm Tân, recognised in 2022, takes in Cẩm Quan (never recognised):
    from the merger it lacks the tier it held, though no predecessor held one."""
    from units import reorganisation

    quan = factories.CommuneFactory(name="Cẩm Quan", parent=district_a)
    record(office_a, commune_a, number="10/QĐ-UBND", on=date(2022, 12, 1))
    reorganisation.apply(
        reorganisation.Plan(
            "NQ 1665/NQ-UBTVQH15 (minh họa)",
            MERGER,
            [reorganisation.Step(reorganisation.Action.MERGE_COMMUNES, quan.code, commune_a.code)],
        ),
        actor=None,
    )
    assert selectors.in_force_for(commune_a, date(2025, 8, 1)) == []
    [row] = selectors.lacking_rerecognition(Unit.objects.all(), date(2025, 8, 1))
    assert row.unit == commune_a and row.lacking == ["xa_ntm"]
    assert [r.tier for r in row.before] == ["xa_ntm"]
    [figure] = [
        f
        for f in selectors.tier_figures(Unit.objects.all(), on=date(2025, 8, 1))
        if f.tier == "xa_ntm"
    ]
    assert figure.lacking == [commune_a]
    client.force_login(office_a)
    page = client.get(reverse("recognition:lacking")).content.decode()
    assert "Xã Cẩm Tân trước sắp xếp (Xã NTM); Xã Cẩm Quan (chưa đạt chuẩn)" in page


def test_a_merged_commune_holds_nothing_by_its_predecessors_decisions(office_a, merged):
    new, (thinh, ha) = merged
    record(office_a, thinh, number="10/QĐ-UBND", on=date(2020, 12, 1))
    record(office_a, thinh, number="11/QĐ-UBND", on=date(2023, 12, 1), tier="xa_ntm_nang_cao")
    record(office_a, ha, number="10/QĐ-UBND", on=date(2020, 12, 1))

    assert selectors.in_force_for(new, date(2025, 8, 1)) == []
    at_merger = {
        p.unit.name: [r.tier for r in p.held] for p in selectors.predecessors_at_merger(new)
    }
    assert at_merger == {"Cẩm Hà": ["xa_ntm"], "Cẩm Thịnh": ["xa_ntm", "xa_ntm_nang_cao"]}
    [row] = selectors.lacking_rerecognition(Unit.objects.all(), date(2025, 8, 1))
    assert row.unit == new and row.lacking == ["xa_ntm", "xa_ntm_nang_cao"]

    with pytest.raises(ValidationError) as no_basis:
        record(office_a, new, kind="thua_nhan", number="900/QĐ-UBND", on=date(2025, 9, 1))
    assert "phải ghi căn cứ" in _messages(no_basis)
    record(
        office_a,
        new,
        kind="thua_nhan",
        number="900/QĐ-UBND",
        on=date(2025, 9, 1),
        basis="Văn bản 5424/BNN-VPĐP ngày 09/8/2023; QĐ 10/QĐ-UBND của các xã cũ",
    )
    assert [r.tier for r in selectors.in_force_for(new, date(2025, 9, 1))] == ["xa_ntm"]
    assert selectors.lacking_rerecognition(Unit.objects.all(), date(2025, 9, 1)) == []
    [row] = selectors.merged_communes(Unit.objects.all(), date(2025, 9, 1))
    assert row.lacking == ["xa_ntm_nang_cao"]  # still lacking the higher tier
    # the predecessors' own registers stay true to their time
    assert (thinh.pk, "xa_ntm_nang_cao") in selectors.standing([thinh.pk], date(2025, 6, 30))
    assert new.valid_from == MERGER


def test_a_commune_that_ended_holds_no_tier_after_its_end(client, office_a, merged):
    _, (thinh, _) = merged
    record(office_a, thinh, on=date(2020, 12, 1))
    assert selectors.in_force_for(thinh, date(2025, 6, 30))  # until the merger
    assert selectors.in_force_for(thinh, MERGER) == []
    assert selectors.standing([thinh.pk]) == {}
    assert commune_recognition(thinh, date(2025, 8, 1)) == ""  # a plan's text names no tier
    client.force_login(office_a)
    page = client.get(reverse("recognition:unit", args=[thinh.pk])).content.decode()
    assert "Còn hiệu lực" not in page and "Ghi thu hồi" not in page
    assert "Không còn hiệu lực" in page  # its decision stays on its page


def test_a_decision_file_is_stored_privately_and_replaced_with_a_record(office_a, commune_a, pdf):
    decision = record(office_a, commune_a, upload=pdf())
    assert (
        decision.file.name.startswith("quyet-dinh/2022/")
        and decision.original_name == "qd-cong-nhan.pdf"
    )
    assert decision.file.storage.exists(decision.file.name)
    old = decision.file.name
    with pytest.raises(ValidationError):
        services.attach_file(actor=office_a, decision=decision, upload=pdf("moi.pdf"), version=0)
    updated = services.attach_file(
        actor=office_a, decision=decision, upload=pdf("moi.pdf"), version=decision.version
    )
    assert updated.original_name == "moi.pdf" and updated.file.name != old
    change = RecognitionChange.objects.get(action="file")
    assert (change.before, change.after) == ("qd-cong-nhan.pdf", "moi.pdf")
    updated.file.delete(save=False)


def test_a_scan_added_with_a_later_entry_is_on_record_for_every_unit(
    office_a, commune_a, district_a, f318, pdf
):
    other = factories.CommuneFactory(name="Cẩm Quan", parent=district_a, framework=f318)
    decision = record(office_a, commune_a)  # QĐ 100/QĐ-UBND, no scan
    record(office_a, other, upload=pdf())  # the same decision, now with its scan
    updated = Decision.objects.get()
    assert updated.original_name == "qd-cong-nhan.pdf"
    assert updated.version == decision.version + 1  # an open «Đính kèm» page is now stale
    change = RecognitionChange.objects.get(action="file")
    assert (change.unit, change.actor, change.after) == (commune_a, office_a, "qd-cong-nhan.pdf")
    with pytest.raises(ValidationError):
        services.attach_file(
            actor=office_a, decision=updated, upload=pdf("khac.pdf"), version=decision.version
        )
    updated.file.delete(save=False)


def test_a_correction_keeps_the_identity_and_refuses_a_stale_page(office_a, commune_a):
    decision = record(office_a, commune_a)
    corrected = services.correct_decision(
        actor=office_a, decision=decision, version=decision.version, signer="Võ Trọng Hải"
    )
    assert corrected.signer == "Võ Trọng Hải" and corrected.version == decision.version + 1
    change = RecognitionChange.objects.get(action="corrected")
    assert "người ký: — → Võ Trọng Hải" in change.before
    with pytest.raises(ValidationError) as stale:
        services.correct_decision(
            actor=office_a, decision=decision, version=decision.version, note="Cũ"
        )
    assert "vừa được người khác sửa" in _messages(stale)


def test_a_correction_cannot_put_a_revocation_before_the_recognition_it_revokes(
    office_a, commune_a
):
    recognised = record(
        office_a, commune_a, number="1/QĐ-UBND", on=date(2024, 1, 1), in_force_from=date(2024, 2, 1)
    )
    revocation = services.revoke(
        actor=office_a,
        entry=recognised.entries.get(),
        number="9/QĐ-UBND",
        signed_on=date(2024, 1, 15),
        in_force_from=date(2024, 3, 1),
        body=BODY,
        reason="Rà soát năm 2023",
    )
    with pytest.raises(ValidationError) as later:
        services.correct_decision(
            actor=office_a,
            decision=recognised,
            version=recognised.version,
            in_force_from=date(2024, 6, 1),
        )
    assert "đã thu hồi công nhận này từ 01/03/2024, trước ngày hiệu lực mới 01/06/2024" in (
        _messages(later)
    )
    with pytest.raises(ValidationError) as earlier:
        services.correct_decision(
            actor=office_a,
            decision=revocation.decision,
            version=revocation.decision.version,
            in_force_from=date(2024, 1, 20),
        )
    assert "trước khi công nhận có hiệu lực (01/02/2024)" in _messages(earlier)
    recognised.refresh_from_db()
    assert recognised.in_force_from == date(2024, 2, 1)  # nothing written
    assert [r.tier for r in selectors.in_force_for(commune_a, date(2024, 2, 15))] == ["xa_ntm"]
    services.correct_decision(  # a day that keeps the order is corrected
        actor=office_a,
        decision=recognised,
        version=recognised.version,
        in_force_from=date(2024, 2, 10),
    )


def test_a_decision_named_again_must_say_what_it_said(office_a, commune_a, district_a, f318):
    other = factories.CommuneFactory(name="Cẩm Bình", parent=district_a, framework=f318)
    record(office_a, commune_a, number="9/QĐ-UBND", in_force_from=date(2023, 1, 1))
    with pytest.raises(ValidationError) as refused:
        record(office_a, other, number="9/QĐ-UBND", signer="Người khác")
    assert "người ký “để trống”" in _messages(refused)
    record(office_a, other, number="9/QĐ-UBND")  # what it leaves out is the recorded one's
    assert Decision.objects.get().entries.count() == 2


def test_a_revocation_by_a_recorded_decision_takes_effect_on_that_decisions_day(
    office_a, commune_a, district_a, f318
):
    other = factories.CommuneFactory(name="Cẩm Bình", parent=district_a, framework=f318)
    record(office_a, commune_a, number="1/QĐ-UBND", on=date(2024, 3, 1))
    record(office_a, other, number="2/QĐ-UBND", on=date(2024, 4, 1))
    first, second = Recognition.objects.order_by("pk")
    services.revoke(
        actor=office_a,
        entry=first,
        number="9/QĐ-UBND",
        signed_on=date(2024, 3, 10),
        in_force_from=date(2024, 6, 1),
        body=BODY,
        reason="Rà soát",
    )
    # the same decision names the second commune: it takes effect on 01/06/2024, after the
    # second recognition, though signed before it
    services.revoke(
        actor=office_a,
        entry=second,
        number="9/QĐ-UBND",
        signed_on=date(2024, 3, 10),
        body=BODY,
        reason="Rà soát",
    )
    assert Decision.objects.get(number="9/QĐ-UBND").entries.count() == 2
    assert selectors.standing([other.pk], date(2024, 5, 31))
    assert not selectors.standing([other.pk], date(2024, 6, 1))
