"""Reads of dossiers and checklists, scoped by the user through units.access."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404

from units.access import can_read_checklist, dossier_communes
from units.models import Unit, User
from units.selectors import existing_in, placed_in, provinces_in

from .models import ChecklistItem, Dossier, DossierChange, DossierItem

NOT_FOUND = "Không tìm thấy hồ sơ hoặc bạn không có quyền xem."


# --- the checklist in force -----------------------------------------------------------------


def list_province(province: Unit | None, tier: str) -> Unit | None:
    """Whose list applies to the communes of `province` at `tier`: the province's own once it
    has any item for that tier (retired ones too), else the national defaults (None)."""
    if province is not None and ChecklistItem.objects.filter(province=province, tier=tier).exists():
        return province
    return None


def checklist(province: Unit | None, tier: str):
    """Every item of one list (retired ones too), in order."""
    items = ChecklistItem.objects.filter(tier=tier).select_related("updated_by")
    if province is None:
        return items.filter(province__isnull=True).order_by("order", "pk")
    return items.filter(province=province).order_by("order", "pk")


def checklist_in_force(province: Unit | None, tier: str):
    """The items of one list in force today, in order."""
    return checklist(province, tier).in_force()


def get_checklist_item_for_user(user: User, pk: int) -> ChecklistItem:
    """An item of a list the user may read (404 otherwise)."""
    item = ChecklistItem.objects.select_related("province", "updated_by").filter(pk=pk).first()
    if item is None or not can_read_checklist(user, item.province):
        raise Http404("Không tìm thấy mục hồ sơ hoặc bạn không có quyền xem.")
    return item


def checklist_history(province: Unit | None, tier: str, limit: int = 100):
    changes = DossierChange.objects.filter(dossier__isnull=True, tier=tier).select_related("actor")
    if province is None:
        changes = changes.filter(province__isnull=True)
    else:
        changes = changes.filter(province=province)
    return list(changes.order_by("-at", "-pk")[:limit])


# --- dossiers -------------------------------------------------------------------------------


def get_dossier_for_user(user: User, pk: int) -> Dossier:
    """A dossier of a commune the user may read; another's is a 404."""
    try:
        return Dossier.objects.select_related(
            "commune__parent", "commune__province", "submitted_by", "checklist_province"
        ).get(pk=pk, commune__in=dossier_communes(user))
    except Dossier.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def get_item_for_user(user: User, pk: int) -> DossierItem:
    """A document of a dossier the user may read; another's (and its file) is a 404."""
    try:
        return DossierItem.objects.select_related(
            "dossier__commune__parent",
            "dossier__commune__province",
            "checklist_item",
            "updated_by",
        ).get(pk=pk, dossier__commune__in=dossier_communes(user))
    except DossierItem.DoesNotExist:
        raise Http404("Không tìm thấy hồ sơ thành phần hoặc bạn không có quyền xem.") from None


def commune_dossiers(commune: Unit) -> list[Dossier]:
    dossiers = list(
        Dossier.objects.filter(commune=commune).order_by("-year", "tier").prefetch_related(_items())
    )
    for dossier in dossiers:
        dossier.readiness = readiness(dossier.items.all())
    return dossiers


def _items():
    return Prefetch(
        "items",
        queryset=DossierItem.objects.select_related("checklist_item", "updated_by").order_by(
            "checklist_item__order", "checklist_item_id"
        ),
    )


@dataclass
class Readiness:
    """The required documents in force: how many are ready ("đã có"), and which are not."""

    done: int = 0
    total: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.total > 0 and not self.missing

    def __str__(self):
        return f"{self.done}/{self.total}"


def counts(item: DossierItem) -> bool:
    """Whether a document counts towards readiness: required, and its checklist item in force."""
    return item.checklist_item.required and not item.checklist_item.is_retired


def readiness(items) -> Readiness:
    result = Readiness()
    for item in items:
        if not counts(item):
            continue
        result.total += 1
        if item.is_ready:
            result.done += 1
        else:
            result.missing.append(item.checklist_item.name)
    return result


def missing_required(dossier: Dossier) -> list[str]:
    """The names of the required documents in force that are not "đã có", in order."""
    items = DossierItem.objects.filter(dossier=dossier).select_related("checklist_item")
    return readiness(items.order_by("checklist_item__order", "checklist_item_id")).missing


@dataclass
class DossierPage:
    dossier: Dossier
    items: list[DossierItem]  # in force
    retired: list[DossierItem]  # items whose checklist item was retired
    readiness: Readiness
    history: list[DossierChange]


def dossier_page(dossier: Dossier) -> DossierPage:
    items = list(
        dossier.items.select_related("checklist_item", "updated_by").order_by(
            "checklist_item__order", "checklist_item_id"
        )
    )
    history = list(dossier.changes.select_related("actor").order_by("-at", "-pk")[:200])
    return DossierPage(
        dossier=dossier,
        items=[i for i in items if not i.checklist_item.is_retired],
        retired=[i for i in items if i.checklist_item.is_retired],
        readiness=readiness(items),
        history=history,
    )


@dataclass
class ReadinessRow:
    commune: Unit
    dossier: Dossier | None
    readiness: Readiness | None


def default_readiness_year(user: User, tier: str, this_year: int) -> int:
    """The latest year with a dossier at `tier` among the communes the user reads (this year
    when there is none)."""
    latest = (
        Dossier.objects.filter(commune__in=dossier_communes(user), tier=tier)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest or this_year


def readiness_communes(user: User, *, only_opened: bool, tier: str, year: int):
    """The communes of the readiness list: those the user may read that existed in `year`
    (none merged away before it, none formed after it), with a dossier for the tier and year
    if `only_opened`."""
    communes = existing_in(dossier_communes(user), year).select_related("parent", "province")
    if only_opened:
        communes = communes.filter(dossiers__tier=tier, dossiers__year=year)
    return communes.order_by("province__name", "parent__name", "name", "pk")


def readiness_rows(communes, *, tier: str, year: int) -> list[ReadinessRow]:
    """One row per commune (of one page): its dossier for the tier and year and its readiness;
    each commune placed and named as it was in `year` (units.selectors.placed_in)."""
    communes = placed_in(communes, year)
    _in_province_of(communes, year)
    dossiers = {
        d.commune_id: d
        for d in Dossier.objects.filter(
            commune__in=communes, tier=tier, year=year
        ).prefetch_related(_items())
    }
    rows = []
    for commune in communes:
        dossier = dossiers.get(commune.pk)
        rows.append(
            ReadinessRow(
                commune=commune,
                dossier=dossier,
                readiness=readiness(dossier.items.all()) if dossier else None,
            )
        )
    return rows


def _in_province_of(communes: list[Unit], year: int) -> None:
    """Each commune shown in the province it was in during `year` (a 2024 commune of Đắk
    Nông is not listed as Lâm Đồng's): read-only rows (placed_in's rule)."""
    then = provinces_in(communes, year)
    moved = {c.pk: then[c.pk] for c in communes if then[c.pk] != c.province_id}
    if not moved:
        return
    known = Unit.objects.in_bulk({pid for pid in moved.values() if pid is not None})
    for c in communes:
        if c.pk in moved:
            c.province = known.get(moved[c.pk])
            c.as_of_year = year


def provinces_with_lists(provinces) -> set[tuple[int, str]]:
    """(province id, tier) of the provinces among `provinces` that have their own list."""
    return set(
        ChecklistItem.objects.filter(province__in=provinces)
        .values_list("province_id", "tier")
        .distinct()
    )
