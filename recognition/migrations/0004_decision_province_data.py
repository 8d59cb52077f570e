"""Each decision gets the province whose register holds it: that of the units it names.

Before 0003 one number of one body in one year was one decision for every province, so two
provinces that wrote the same body ("UBND tỉnh") and number shared one row. Such a row is split:
it stays the decision of the province of its first entry, and each other province's entries, and
their history, move to a copy of it of their own (without the scan, whose owner cannot be told).
Every move is on the record of the units it touches (RecognitionChange)."""

from django.db import migrations
from django.utils import timezone

COPIED = (
    "kind", "number", "signed_on", "in_force_from", "body", "signer", "basis", "note",
    "number_key", "body_key", "year", "recorded_by_id", "recorded_at",
)
SOURCE = "Chuyển đổi dữ liệu: mỗi tỉnh một sổ quyết định (recognition 0004)"


def _text(decision) -> str:
    return f"Quyết định số {decision.number} ngày {decision.signed_on:%d/%m/%Y} của {decision.body}"


def forwards(apps, schema_editor):
    Decision = apps.get_model("recognition", "Decision")
    Recognition = apps.get_model("recognition", "Recognition")
    RecognitionChange = apps.get_model("recognition", "RecognitionChange")
    now = timezone.now()
    for decision in Decision.objects.order_by("pk").iterator():
        groups: dict = {}  # province id -> its entries, in the order of the first of each
        for entry in (
            Recognition.objects.filter(decision=decision).select_related("unit").order_by("pk")
        ):
            unit = entry.unit
            province = unit.pk if unit.kind == "province" else unit.province_id
            groups.setdefault(province, []).append(entry)
        if not groups:
            continue
        first, *others = groups
        Decision.objects.filter(pk=decision.pk).update(province_id=first)
        for province in others:
            copy = Decision.objects.create(
                **{name: getattr(decision, name) for name in COPIED}, province_id=province
            )
            moved = groups[province]
            units = {e.unit_id for e in moved}
            Recognition.objects.filter(pk__in=[e.pk for e in moved]).update(decision=copy)
            RecognitionChange.objects.filter(decision=decision, unit_id__in=units).update(
                decision=copy
            )
            scan = (
                "; bản chụp đã đính kèm ở lại bản ghi của tỉnh kia: đính kèm lại bản chụp "
                "của tỉnh mình"
                if decision.file
                else ""
            )
            for unit_id, tier in sorted({(e.unit_id, e.tier) for e in moved}):
                RecognitionChange.objects.create(
                    at=now,
                    action="corrected",
                    unit_id=unit_id,
                    tier=tier,
                    decision=copy,
                    before="Chung một bản ghi với quyết định cùng số, cơ quan ban hành và năm "
                    "ký của tỉnh khác",
                    after=f"Tách thành quyết định riêng trong sổ của tỉnh{scan}"[:1000],
                    legal_basis=_text(copy)[:255],
                    source=SOURCE[:255],
                )
        if others and decision.file:
            for unit_id, tier in sorted({(e.unit_id, e.tier) for e in groups[first]}):
                RecognitionChange.objects.create(
                    at=now,
                    action="corrected",
                    unit_id=unit_id,
                    tier=tier,
                    decision=decision,
                    before="Chung một bản ghi với quyết định cùng số của tỉnh khác",
                    after="Quyết định của tỉnh khác đã tách ra; bản chụp đính kèm có thể là "
                    "của tỉnh đó: kiểm tra lại bản chụp",
                    legal_basis=_text(decision)[:255],
                    source=SOURCE[:255],
                )


class Migration(migrations.Migration):

    dependencies = [
        ("recognition", "0003_decision_province"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
    ]
