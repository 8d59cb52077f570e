"""A Party document's number runs from 01 for each type within a term of the cấp ủy, not a
calendar year (HD 36-HD/VPTW; shared/reference/van-ban-dang.md): the terms are data
(plans.numbering), checked on issuing and guaranteed by a unique constraint."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from plans import numbering, services
from plans.models import PartyTerm, PartyTermChange, Plan

from .conftest import PlanFactory

D = datetime.date
ISSUED = Plan.Status.ISSUED
PARTY = {
    "issuer": Plan.Issuer.DANG_UY,
    "doc_format": Plan.Format.PARTY,
    "symbol": "KH/ĐU",
    "body_lines": "ĐẢNG BỘ HUYỆN A / ĐẢNG ỦY XÃ A",
}


def _term(unit, closed, name=None, actor=None):
    return numbering.party_term_save(
        actor=actor,
        unit=unit,
        congress_closed_on=closed,
        name=name or f"Đại hội Đảng bộ xã nhiệm kỳ {closed.year}–{closed.year + 5}",
    )


def _party_draft(unit, day, number=1, title="Kế hoạch của Đảng ủy"):
    return PlanFactory(unit=unit, number=number, issue_date=day, title=title, **PARTY)


def _issue(plan, actor):
    services.plan_issue(plan=plan, actor=actor)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def two_terms(commune_a):
    """Congresses closed on 21/07/2020 and 15/08/2025."""
    return _term(commune_a, D(2020, 7, 21)), _term(commune_a, D(2025, 8, 15))


@pytest.mark.django_db
def test_a_party_document_is_not_issued_before_its_unit_has_a_term(commune_a, official_a):
    draft = _party_draft(commune_a, D(2024, 3, 5))

    with pytest.raises(ValidationError) as refused:
        services.plan_issue(plan=draft, actor=official_a)

    assert "chưa có nhiệm kỳ nào bắt đầu trước ngày 05/03/2024" in str(refused.value)
    assert "«Nhiệm kỳ cấp ủy»" in str(refused.value)
    draft.refresh_from_db()
    assert draft.status == Plan.Status.DRAFT and not draft.events.exists()


@pytest.mark.django_db
def test_a_party_number_is_once_per_term_whatever_the_year(commune_a, official_a, two_terms):
    old_term, new_term = two_terms
    first = _issue(_party_draft(commune_a, D(2024, 3, 5), title="Kế hoạch 2024"), official_a)
    assert first.party_term == old_term
    assert first.events.get().detail == "01-KH/ĐU – " + old_term.name

    # another year of the same term, and the day the next congress closed: still the old term
    for day in (D(2025, 3, 1), D(2025, 8, 15)):
        with pytest.raises(ValidationError) as refused:
            services.plan_issue(plan=_party_draft(commune_a, day), actor=official_a)
        assert (
            f"Số 01-KH/ĐU trong nhiệm kỳ {old_term.name} đã dùng cho kế hoạch “Kế hoạch 2024” "
            "ban hành ngày 05/03/2024"
        ) in str(refused.value)

    # the day after: a new term, numbered from 01 again, in the same calendar year
    again = _issue(_party_draft(commune_a, D(2025, 8, 16)), official_a)
    assert again.status == ISSUED and again.party_term == new_term
    # a State document keeps its own yearly series
    state = _issue(
        PlanFactory(unit=commune_a, number=1, issue_date=D(2025, 9, 1), title="Kế hoạch UBND"),
        official_a,
    )
    assert state.status == ISSUED and state.party_term is None


@pytest.mark.django_db
def test_a_document_issued_before_its_term_was_recorded_still_counts(commune_a, official_a):
    PlanFactory(unit=commune_a, number=4, issue_date=D(2021, 5, 4), status=ISSUED, **PARTY)
    _term(commune_a, D(2020, 7, 21))

    with pytest.raises(ValidationError, match="Số 04-KH/ĐU trong nhiệm kỳ"):
        services.plan_issue(plan=_party_draft(commune_a, D(2023, 1, 9), 4), actor=official_a)


@pytest.mark.django_db
def test_the_database_refuses_one_party_number_twice_in_a_term(commune_a, two_terms):
    old_term, new_term = two_terms
    fields = {"unit": commune_a, "number": 7, "status": ISSUED, **PARTY}
    PlanFactory(issue_date=D(2025, 3, 1), party_term=old_term, **fields)
    # the same year in the next term: no yearly constraint on Party documents
    PlanFactory(issue_date=D(2025, 9, 1), party_term=new_term, **fields)

    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(issue_date=D(2021, 1, 5), party_term=old_term, **fields)


@pytest.mark.django_db
def test_a_party_clash_the_check_missed_reads_as_number_used_in_the_term(
    commune_a, official_a, two_terms, monkeypatch
):
    _issue(_party_draft(commune_a, D(2021, 6, 1), title="Kế hoạch trước"), official_a)
    draft = _party_draft(commune_a, D(2022, 6, 1))
    check, missed = numbering.issued_clash, []

    def misses_once(plan, term=None):
        if not missed:
            missed.append(plan)
            return None
        return check(plan, term)

    monkeypatch.setattr(numbering, "issued_clash", misses_once)

    with pytest.raises(ValidationError, match="trong nhiệm kỳ .* “Kế hoạch trước”"):
        services.plan_issue(plan=draft, actor=official_a)
    draft.refresh_from_db()
    assert draft.status == Plan.Status.DRAFT


@pytest.mark.django_db
def test_a_term_and_its_correction_are_on_record(commune_a, official_a):
    term = _term(commune_a, D(2020, 7, 12), "Đại hội  Đảng bộ xã A\u0301", actor=official_a)
    assert term.name == "Đại hội Đảng bộ xã Á"  # spaces folded, precomposed
    created = term.changes.get()
    assert (created.actor, created.action) == (official_a, PartyTermChange.Action.CREATED)
    assert ["Ngày bế mạc đại hội", "", "12/07/2020"] in created.changes

    numbering.party_term_save(
        actor=official_a,
        unit=commune_a,
        congress_closed_on=D(2020, 7, 21),
        name=term.name,
        term=term,
        version=term.version,
    )

    edited = term.changes.first()
    assert edited.action == PartyTermChange.Action.EDITED
    assert edited.changes == [["Ngày bế mạc đại hội", "12/07/2020", "21/07/2020"]]
    with pytest.raises(ValidationError, match="vừa được người khác sửa"):
        numbering.party_term_save(
            actor=official_a,
            unit=commune_a,
            congress_closed_on=D(2020, 7, 22),
            name=term.name,
            term=term,
            version=term.version,  # the page before the correction
        )
    assert PartyTerm.objects.get().congress_closed_on == D(2020, 7, 21)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("closed", "name", "field", "message"),
    [
        (D(2099, 1, 1), "Đại hội", "congress_closed_on", "chưa đến"),
        (D(1929, 12, 31), "Đại hội", "congress_closed_on", "không trước năm 1930"),
        (D(2020, 7, 21), "Đại hội", "congress_closed_on", "đã có nhiệm kỳ sau đại hội"),
        (D(2015, 7, 1), "   ", "name", "Ghi tên đại hội"),
        (D(2015, 7, 1), "Đ" * 201, "name", "quá 200"),
    ],
)
def test_a_wrong_term_is_refused_in_vietnamese_and_nothing_written(
    commune_a, official_a, closed, name, field, message
):
    _term(commune_a, D(2020, 7, 21))

    with pytest.raises(ValidationError) as refused:
        numbering.party_term_save(
            actor=official_a, unit=commune_a, congress_closed_on=closed, name=name
        )

    assert message in " ".join(refused.value.message_dict[field])
    assert PartyTerm.objects.count() == 1 and PartyTermChange.objects.count() == 1


@pytest.mark.django_db
def test_the_commune_records_its_terms_and_its_office_reads_them(
    client, commune_a, official_a, district_officer
):
    url = reverse("plans:party-terms", args=[commune_a.pk])
    client.force_login(official_a)

    response = client.post(url, {"congress_closed_on": "21/07/2020", "name": "Đại hội XXI"})

    assert response.status_code == 302
    term = PartyTerm.objects.get(unit=commune_a)
    assert term.congress_closed_on == D(2020, 7, 21) and term.changes.get().actor == official_a
    page = client.get(url).content.decode()
    assert "Đại hội XXI</strong> – từ 22/07/2020 (đang diễn ra)" in page
    assert reverse("plans:party-term-edit", args=[term.pk]) in page

    client.force_login(district_officer)
    page = client.get(url).content.decode()
    assert "Đại hội XXI" in page and "Ghi nhiệm kỳ</button>" not in page
    assert client.post(url, {"congress_closed_on": "01/01/2015", "name": "x"}).status_code == 403
    assert PartyTerm.objects.count() == 1


@pytest.mark.django_db
def test_a_mistyped_date_is_refused_on_the_page_and_what_was_typed_stays(client, official_a):
    client.force_login(official_a)
    url = reverse("plans:party-terms", args=[official_a.roles.get().unit_id])

    response = client.post(url, {"congress_closed_on": "31/02/2020", "name": "Đại hội XXI"})

    assert response.status_code == 200
    assert not PartyTerm.objects.exists()
    page = response.content.decode()
    assert 'class="error" role="alert"' in page and 'value="Đại hội XXI"' in page


@pytest.mark.django_db
def test_a_drafts_page_names_its_series_and_the_next_number(client, commune_a, official_a):
    client.force_login(official_a)
    for number in (1, 2, 3, 5):
        PlanFactory(unit=commune_a, number=number, issue_date=D(2024, 2, number), status=ISSUED)
    state = PlanFactory(unit=commune_a, number=3, issue_date=D(2024, 6, 1))
    party = _party_draft(commune_a, D(2024, 6, 1))

    page = client.get(state.get_absolute_url()).content.decode()
    assert "Trong năm 2024: đã dùng số 01–03, 05; số tiếp theo 06." in page
    assert "Số 03 đã dùng." in page

    page = client.get(party.get_absolute_url()).content.decode()
    assert "chưa ghi nhiệm kỳ nào trước ngày ban hành" in page
    assert reverse("plans:party-terms", args=[commune_a.pk]) in page

    _term(commune_a, D(2020, 7, 21), "Đại hội XXI")
    page = client.get(party.get_absolute_url()).content.decode()
    assert "Trong nhiệm kỳ Đại hội XXI (từ 22/07/2020): chưa dùng số nào; số đầu tiên 01." in page


@pytest.mark.django_db
def test_a_document_follows_the_term_its_date_falls_in_when_the_terms_change(commune_a, official_a):
    """A congress recorded late: 01-KH/ĐU of 01/08/2025 was numbered in the 2020 term, the
    only one recorded; once the 2025 congress (20/07/2025) is recorded it belongs to that one,
    on its record, and 01-KH/ĐU of 01/05/2025 – truly the 2020 term's – can be issued."""
    old = _term(commune_a, D(2020, 7, 21))
    late = _issue(_party_draft(commune_a, D(2025, 8, 1), title="Kế hoạch tháng 8"), official_a)
    assert late.party_term == old

    new = _term(commune_a, D(2025, 7, 20), actor=official_a)

    late.refresh_from_db()
    assert late.party_term == new
    event = late.events.latest("pk")
    assert event.actor == official_a and event.detail.startswith(
        f"Nhiệm kỳ đánh số: {old.name} → {new.name}"
    )
    may = _issue(_party_draft(commune_a, D(2025, 5, 1), title="Kế hoạch tháng 5"), official_a)
    assert may.party_term == old

    # the 2025 congress date corrected to after both: both 01-KH/ĐU would be the 2020 term's
    with pytest.raises(ValidationError) as twice:
        numbering.party_term_save(
            actor=official_a,
            unit=commune_a,
            congress_closed_on=D(2025, 8, 5),
            name=new.name,
            term=new,
            version=new.version,
        )
    assert "Số 01-KH/ĐU sẽ được dùng hai lần trong" in twice.value.messages[0]
    new.refresh_from_db()
    late.refresh_from_db()
    assert new.congress_closed_on == D(2025, 7, 20) and late.party_term == new  # nothing written


@pytest.mark.django_db
def test_the_terms_page_counts_each_terms_documents(client, commune_a, official_a, two_terms):
    old_term, new_term = two_terms
    _issue(_party_draft(commune_a, D(2024, 3, 5)), official_a)
    _issue(_party_draft(commune_a, D(2024, 4, 5), 2), official_a)
    # issued before any term was recorded: counted by its date
    PlanFactory(unit=commune_a, number=1, issue_date=D(2025, 9, 1), status=ISSUED, **PARTY)
    client.force_login(official_a)

    page = client.get(reverse("plans:party-terms", args=[commune_a.pk])).content.decode()

    assert f"{new_term.name}</strong> – từ 16/08/2025 (đang diễn ra); 1 văn bản" in page
    assert f"{old_term.name}</strong> – từ 22/07/2020 đến 15/08/2025; 2 văn bản" in page


@pytest.mark.django_db
def test_the_edit_form_names_the_series_beside_the_number(client, commune_a, official_a):
    PlanFactory(unit=commune_a, number=4, issue_date=D(2024, 2, 1), status=ISSUED)
    draft = PlanFactory(unit=commune_a, issue_date=D(2024, 6, 1))
    client.force_login(official_a)

    page = client.get(reverse("plans:plan-edit", args=[draft.pk])).content.decode()

    assert "Trong năm 2024: đã dùng số 04; số tiếp theo 05." in page


@pytest.mark.django_db
def test_a_revision_is_numbered_in_the_term_of_its_own_date(commune_a, official_a, two_terms):
    old_term, new_term = two_terms
    issued = _issue(_party_draft(commune_a, D(2024, 3, 5)), official_a)

    revision = services.plan_revise(plan=issued, actor=official_a)

    assert revision.party_term is None and revision.number is None
    revision.number, revision.issue_date = 1, D(2025, 10, 1)
    revision.save(update_fields=["number", "issue_date"])
    assert _issue(revision, official_a).party_term == new_term
