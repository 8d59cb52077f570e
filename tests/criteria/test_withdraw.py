"""Undo "Mở năm": a year opened by mistake and untouched since is withdrawn, on record; any
other year is kept, and an edit racing the withdrawal is never lost silently."""

import time
from collections import Counter
from decimal import Decimal
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from criteria import services
from criteria.models import Assessment, IndicatorStatus, StatusChange, WithdrawnYear
from tests.shared import race

Status = IndicatorStatus.Status


@pytest.fixture
def mistake(commune_a, f318, assessment_a, official_a):
    """Cẩm Tân: 2023 is the real year; 2024 was opened by mistake (a copy of 2023)."""
    assessment_a.statuses.filter(indicator__code="17.3").update(status=Status.MET, note="Đạt")
    return services.assessment_open(commune=commune_a, framework=f318, year=2024, actor=official_a)


def _url(year):
    return reverse("criteria:assessment-withdraw", args=[year.pk])


@pytest.mark.django_db
def test_an_untouched_year_is_withdrawn_and_the_withdrawal_is_on_record(
    client_a, mistake, assessment_a, commune_a, official_a
):
    before = list(assessment_a.statuses.values_list("pk", "status", "note", "version"))
    page = client_a.get(reverse("criteria:commune-detail", args=[commune_a.pk]))
    assert f'href="{_url(mistake)}"' in page.content.decode()  # the latest year: 2024
    html = client_a.get(_url(mistake)).content.decode()
    assert "Rút lại sẽ" in html and "Không rút lại được" not in html

    response = client_a.post(_url(mistake), {"version": mistake.version, "reason": "Mở nhầm 2024"})

    assert response.status_code == 302 and response.url == commune_a.get_absolute_url()
    assert not Assessment.objects.filter(pk=mistake.pk).exists()
    assert not IndicatorStatus.objects.filter(assessment_id=mistake.pk).exists()
    record = WithdrawnYear.objects.get()
    assert (record.commune, record.year, record.reason) == (commune_a, 2024, "Mở nhầm 2024")
    assert record.opened_by == official_a and record.withdrawn_by == official_a
    assert record.opened_at == mistake.created_at
    # 2023 is as it was, and the commune page opens it again
    assert list(assessment_a.statuses.values_list("pk", "status", "note", "version")) == before
    page = client_a.get(commune_a.get_absolute_url())
    assert page.context["data"].year == 2023
    # the commune's trail tells it
    trail = client_a.get(reverse("criteria:commune-trail", args=[commune_a.pk]))
    text = trail.content.decode()
    assert "Rút lại năm mở nhầm" in text and "Mở nhầm 2024" in text


@pytest.mark.django_db
def test_a_year_someone_changed_is_kept(client_a, mistake, official_a):
    status = mistake.statuses.get(indicator__code="17.3")
    services.status_update(
        status=status,
        actor=official_a,
        new_status=Status.NOT_MET,
        value=None,
        note="Còn 2 thôn chưa có rãnh",
        version=status.version,
    )
    html = client_a.get(_url(mistake)).content.decode()
    assert "Không rút lại được" in html and "1 lần cập nhật chỉ tiêu" in html
    assert 'name="reason"' not in html

    response = client_a.post(_url(mistake), {"version": mistake.version, "reason": "Nhầm"})

    assert response.status_code == 302
    assert Assessment.objects.filter(pk=mistake.pk).exists()
    assert not WithdrawnYear.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("1 lần cập nhật chỉ tiêu" in m for m in messages)


@pytest.mark.django_db
def test_a_sent_year_is_kept(mistake, official_a):
    Assessment.objects.filter(pk=mistake.pk).update(state=Assessment.State.SUBMITTED)
    mistake.refresh_from_db()
    with pytest.raises(ValidationError, match="chỉ rút lại được năm đang cập nhật"):
        services.assessment_withdraw(assessment=mistake, actor=official_a, reason="x")
    assert Assessment.objects.filter(pk=mistake.pk).exists()


@pytest.mark.django_db
def test_the_reason_is_asked_for_and_bounded_and_nothing_is_lost(client_a, mistake):
    response = client_a.post(_url(mistake), {"version": mistake.version, "reason": ""})
    assert response.status_code == 200
    assert "Nhập lý do rút lại năm" in response.content.decode()
    response = client_a.post(_url(mistake), {"version": mistake.version, "reason": "x" * 501})
    assert "dài quá 500 ký tự (đang có 501)" in response.content.decode()
    assert Assessment.objects.filter(pk=mistake.pk).exists()
    assert not WithdrawnYear.objects.exists()


@pytest.mark.django_db
def test_a_page_older_than_the_year_is_refused(client_a, mistake):
    Assessment.objects.filter(pk=mistake.pk).update(version=mistake.version + 1)
    response = client_a.post(_url(mistake), {"version": mistake.version, "reason": "Nhầm"})
    assert response.status_code == 302
    assert Assessment.objects.filter(pk=mistake.pk).exists()


@pytest.mark.django_db
def test_an_edit_after_the_withdrawal_is_refused_in_vietnamese(mistake, official_a):
    status = mistake.statuses.get(indicator__code="17.3")  # the edit page, read before
    services.assessment_withdraw(assessment=mistake, actor=official_a, reason="Nhầm")
    with pytest.raises(ValidationError, match="vừa được rút lại"):
        services.status_update(
            status=status,
            actor=official_a,
            new_status=Status.NOT_MET,
            value=Decimal(1),
            note="",
            version=status.version,
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="needs a server that makes writers wait: PostgreSQL"
)
def test_an_edit_racing_the_withdrawal_lands_first_or_is_refused(commune_a, official_a):
    import io

    from django.core.management import call_command

    from criteria.models import Framework

    if not Framework.objects.filter(key="xa_ntm_2021_2025").exists():
        call_command("load_criteria", verbosity=0, stdout=io.StringIO())
    f318 = Framework.objects.get(key="xa_ntm_2021_2025")
    started, outcomes = time.monotonic(), Counter()
    for i in range(20):
        year = services.assessment_open(
            commune=commune_a, framework=f318, year=2024, actor=official_a
        )
        status = year.statuses.select_related("assessment", "indicator").get(indicator__code="17.3")
        edit = partial(
            services.status_update,
            status=status,
            actor=official_a,
            new_status=Status.MET,
            value=None,
            note=f"Vòng {i}",
            version=status.version,
        )
        withdraw = partial(
            services.assessment_withdraw, assessment=year, actor=official_a, reason="Nhầm"
        )
        edited, withdrawn = race(edit, withdraw)
        kept = Assessment.objects.filter(pk=year.pk).exists()
        if withdrawn == "ok":
            outcomes["withdrawn, edit refused"] += 1
            assert edited.startswith("refused:") and "vừa được rút lại" in edited, edited
            assert not kept
        else:
            outcomes["edited, withdrawal refused"] += 1
            assert edited == "ok", edited
            assert withdrawn.startswith("refused:") and "lần cập nhật" in withdrawn, withdrawn
            assert (
                kept
                and StatusChange.objects.filter(
                    status__assessment=year, new_note=f"Vòng {i}"
                ).exists()
            )
            Assessment.objects.filter(pk=year.pk).delete()
    print(f"\nedit vs withdraw: {dict(outcomes)} in {time.monotonic() - started:.1f} s")
    assert sum(outcomes.values()) == 20
    assert WithdrawnYear.objects.count() == outcomes["withdrawn, edit refused"]
