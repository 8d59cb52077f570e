"""The criteria app's models, by concern: the sets (catalogue), the communes' results
(results) and their history (history). Import them from here."""

from .catalogue import (
    Criterion,
    CriterionGroup,
    Framework,
    FrameworkCategory,
    FrameworkChange,
    FrameworkMapping,
    FrameworkQuerySet,
    Indicator,
    IndicatorMapping,
    Origin,
    Threshold,
    UnitCategory,
)
from .history import AssessmentEvent, StatusChange, WithdrawnYear
from .results import Assessment, CriterionResult, Evidence, IndicatorStatus, evidence_path
from .storage import EvidenceStorage, evidence_storage

__all__ = [
    "Assessment",
    "AssessmentEvent",
    "Criterion",
    "CriterionGroup",
    "CriterionResult",
    "Evidence",
    "EvidenceStorage",
    "Framework",
    "FrameworkCategory",
    "FrameworkChange",
    "FrameworkMapping",
    "FrameworkQuerySet",
    "Indicator",
    "IndicatorMapping",
    "IndicatorStatus",
    "Origin",
    "StatusChange",
    "Threshold",
    "UnitCategory",
    "WithdrawnYear",
    "evidence_path",
    "evidence_storage",
]
