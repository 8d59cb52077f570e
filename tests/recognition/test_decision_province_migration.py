"""recognition 0004: each decision gets its province; a row two provinces shared before is
split, each province's entries and history on its own decision, every move on record."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("recognition", "0002_province_completes_the_programme")]
AFTER = [("recognition", "0005_decision_unique_number_in_province")]


def _migrate(targets):
    """Migrate to `targets`; the models of that state, with the other apps at their latest
    (their tables are)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    others = [n for n in executor.loader.graph.leaf_nodes() if n[0] != "recognition"]
    return executor.loader.project_state([*targets, *others]).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_a_decision_two_provinces_shared_becomes_one_decision_each():
    apps = _migrate(BEFORE)
    try:
        Unit = apps.get_model("units", "Unit")
        Decision = apps.get_model("recognition", "Decision")
        Recognition = apps.get_model("recognition", "Recognition")
        Change = apps.get_model("recognition", "RecognitionChange")
        ha_tinh = Unit.objects.create(kind="province", code="m-ht", name="Hà Tĩnh", prefix="Tỉnh")
        dak_nong = Unit.objects.create(kind="province", code="m-dn", name="Đắk Nông", prefix="Tỉnh")
        tan, quan, sor = (
            Unit.objects.create(kind="commune", code=c, name=n, prefix="Xã", province=p, parent=p)
            for c, n, p in (
                ("m-1", "Cẩm Tân", ha_tinh),
                ("m-2", "Cẩm Quan", ha_tinh),
                ("m-3", "Đắk Sôr", dak_nong),
            )
        )
        shared = Decision.objects.create(
            kind="cong_nhan", number="15/QĐ-UBND", signed_on=date(2023, 12, 20), body="UBND tỉnh",
            number_key="15/qđ-ubnd", body_key="ubnd tinh", year=2023, file="quyet-dinh/2023/x.pdf",
        )  # fmt: skip
        alone = Decision.objects.create(
            kind="cong_nhan", number="16/QĐ-UBND", signed_on=date(2023, 12, 20), body="UBND tỉnh",
            number_key="16/qđ-ubnd", body_key="ubnd tinh", year=2023,
        )  # fmt: skip
        for unit in (tan, quan, sor):
            Recognition.objects.create(decision=shared, unit=unit, tier="xa_ntm", year=2023)
            Change.objects.create(action="recorded", unit=unit, tier="xa_ntm", decision=shared)
        Recognition.objects.create(decision=alone, unit=sor, tier="xa_ntm_nang_cao", year=2023)

        apps = _migrate(AFTER)

        Decision = apps.get_model("recognition", "Decision")
        Change = apps.get_model("recognition", "RecognitionChange")
        shared, alone = Decision.objects.get(pk=shared.pk), Decision.objects.get(pk=alone.pk)
        assert (shared.province_id, alone.province_id) == (ha_tinh.pk, dak_nong.pk)
        assert set(shared.entries.values_list("unit", flat=True)) == {tan.pk, quan.pk}
        split = Decision.objects.exclude(pk__in=[shared.pk, alone.pk]).get()
        assert (split.province_id, split.number, split.signed_on) == (
            dak_nong.pk, "15/QĐ-UBND", date(2023, 12, 20),
        )  # fmt: skip
        assert list(split.entries.values_list("unit", flat=True)) == [sor.pk]
        assert not split.file and shared.file  # the scan stays; its owner cannot be told
        assert set(Change.objects.filter(decision=split).values_list("action", flat=True)) == {
            "recorded",  # its history moved with it
            "corrected",  # and the split is on its record
        }
        told = Change.objects.filter(action="corrected", decision=shared)
        assert set(told.values_list("unit", flat=True)) == {tan.pk, quan.pk}  # check the scan
    finally:
        _migrate(_latest())
