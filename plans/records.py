"""A row of the plans' data corrected on record – a text of the library of legal bases, a
term of a cấp ủy: the page's version checked under a lock, and each field that changes
listed from what to what as the page shows it (the history row's `changes`)."""

from django.core.exceptions import ValidationError
from django.db import models, transaction


def shown(value, choices: dict | None = None) -> str:
    """A value as a history line shows it: "" for nothing, "có"/"không", dd/mm/yyyy, and a
    choice by its label («Nghị quyết», not nghi_quyet) when `choices` are given."""
    if value is None or value == "":
        return ""
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return "có" if value else "không"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _choices(model: type[models.Model] | None, name: str) -> dict | None:
    if model is None:
        return None
    field = model._meta.get_field(name)
    return dict(field.flatchoices) if field.choices else None


def created_lines(
    values: dict, labels: dict[str, str], model: type[models.Model] | None = None
) -> list[list[str]]:
    """The history lines of a new row: each value given, from nothing (a choice of `model`'s
    by its label)."""
    return [[labels[k], "", shown(v, _choices(model, k))] for k, v in values.items() if shown(v)]


def correct(
    model: type[models.Model],
    pk: int,
    *,
    version: int | None,
    values: dict,
    labels: dict[str, str],
    stale: str,
    now,
) -> tuple[models.Model, list[list[str]]]:
    """Lock the row, refuse with `stale` when the page showed another version (None: not
    checked), write the values that changed with the version raised. Returns the row and its
    history lines (none: nothing changed, nothing written). Inside the caller's transaction."""
    row = model.objects.select_for_update().get(pk=pk)
    if version is not None and row.version != version:
        raise ValidationError(stale)
    changes = [
        [labels[k], shown(getattr(row, k), _choices(model, k)), shown(v, _choices(model, k))]
        for k, v in values.items()
        if getattr(row, k) != v
    ]
    if changes:
        for k, v in values.items():
            setattr(row, k, v)
        row.version += 1
        row.updated_at = now
        row.save()
    return row, changes


def write(
    model: type[models.Model],
    row: models.Model | None,
    *,
    version: int | None,
    values: dict,
    labels: dict[str, str],
    stale: str,
    now,
    **created,
) -> tuple[models.Model, list[list[str]], bool]:
    """A new row (`row` None: made of `values` and `created` – its unit, who made it) with its
    history lines from nothing, or `row` corrected (`correct`). Returns the row, its history
    lines and whether it is new. In a savepoint: a unique constraint a colleague's row has
    just taken raises IntegrityError, nothing written, for the caller to word."""
    with transaction.atomic():
        if row is None:
            row = model.objects.create(created_at=now, updated_at=now, **created, **values)
            return row, created_lines(values, labels, model), True
        row, changes = correct(
            model, row.pk, version=version, values=values, labels=labels, stale=stale, now=now
        )
        return row, changes, False
