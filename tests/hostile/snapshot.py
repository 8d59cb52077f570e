"""Everything the forms and imports could write, to compare before and after a request."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

WRITTEN = [
    "units.User",
    "units.Role",
    "units.RoleChange",
    "criteria.Assessment",
    "criteria.IndicatorStatus",
    "criteria.StatusChange",
    "criteria.AssessmentEvent",
    "criteria.Evidence",
    "assignments.Task",
    "assignments.ResponsibleParty",
    "assignments.FundingLine",
    "assignments.TaskChange",
    "plans.Plan",
    "plans.PlanSection",
    "plans.PlanBasis",
    "plans.PlanRecipient",
    "plans.PlanEvent",
    "plans.Target",
]


def snapshot() -> dict:
    """Every row of every table above, and the files in the evidence folder."""
    rows = {
        label: list(apps.get_model(label).objects.order_by("pk").values_list()) for label in WRITTEN
    }
    root = Path(settings.EVIDENCE_ROOT)
    rows["files"] = sorted(str(p) for p in root.rglob("*")) if root.exists() else []
    return rows


def changed_tables(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]
