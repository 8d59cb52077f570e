"""The kinds of file the import pipeline takes, and for each: how it is checked, written,
offered as a template and exported. Who may import a kind is decided in units.access
(import_kinds), never here.

Sheet kinds (one sheet, read by common.importing.run_check with the resource beside the rows'
model): units, statuses, targets, tasks, officials, recognitions, unit_facts,
reorganisation. Workbook kinds (several
sheets, read by criteria.workbook): a criteria set, commune groups, mappings between sets.

Every `apply(result, *, actor, file_name, versions, progress)` runs inside the run's one
transaction and writes only through the services of the rows' own app; a refused row raises
common.importing.RowFailed, which rolls every row back. It returns the number of years it
opened (statuses only; 0 otherwise).
"""

from collections.abc import Callable
from dataclasses import dataclass

from assignments import resources as assignments_resources
from common.importing import Check, RowFailed, RowsResource, run_check
from common.importing import export_xlsx as sheet_export
from common.importing import template_xlsx as sheet_template
from criteria import resources as criteria_resources
from criteria import workbook
from plans import resources as plans_resources
from recognition import resources as recognition_resources
from units import resources as units_resources
from units.resources import annex as units_annex

from .models import ImportRun

Kind = ImportRun.Kind


@dataclass(frozen=True)
class ImportKind:
    key: str
    what: str  # what a row is, in the run's summary: "Đã nhập 3 dòng: thêm 1 {what} …"
    check: Callable[..., Check]  # (user, content) -> Check
    apply: Callable[..., int]
    template: Callable[..., bytes]  # (framework=None) -> bytes
    resource: type[RowsResource] | None = None  # sheet kinds: the current rows' export
    # offered by the "download current data" form, for a unit and a year (imports.selectors.
    # export_rows); workbooks have their exports on the framework pages
    unit_export: bool = False

    @property
    def label(self) -> str:
        return Kind(self.key).label

    def export(self, user, rows) -> bytes:
        return sheet_export(self.resource, user, rows, self.label)


def _sheet(
    key: str,
    what: str,
    resource: type[RowsResource],
    apply,
    unit_export: bool = True,
    title: str = "",
) -> ImportKind:
    return ImportKind(
        key=key,
        what=what,
        check=lambda user, content: run_check(resource, user, content, key),
        apply=apply,
        template=lambda framework=None: sheet_template(resource, title or Kind(key).label),
        resource=resource,
        unit_export=unit_export,
    )


def _workbook(key: str, what: str, check, write, template) -> ImportKind:
    def apply(result: Check, **kwargs) -> int:
        try:
            write(result.plan, **kwargs)
        except workbook.WriteRefused as e:
            raise RowFailed(e.errors) from None
        return 0

    def checked(user, content) -> Check:
        result = check(user, content)
        result.kind = key
        return result

    return ImportKind(key=key, what=what, check=checked, apply=apply, template=template)


def _framework_apply(plan, *, actor, file_name, **_):
    workbook.framework_apply(plan, actor=actor, file_name=file_name)


def _groups_apply(plan, *, actor, progress=None, **_):
    workbook.commune_groups_apply(plan, actor=actor, progress=progress)


def _mapping_apply(plan, *, actor, **_):
    workbook.mapping_apply(plan, actor=actor)


KINDS: dict[str, ImportKind] = {
    k.key: k
    for k in (
        _sheet(Kind.UNITS, "đơn vị", units_resources.UnitResource, units_resources.units_apply),
        _sheet(
            Kind.STATUSES,
            "chỉ tiêu",
            criteria_resources.StatusResource,
            criteria_resources.statuses_apply,
        ),
        _sheet(
            Kind.TARGETS,
            "chỉ tiêu năm",
            plans_resources.TargetResource,
            plans_resources.targets_apply,
        ),
        # tasks: exported from the task list (its filters), not by unit and year here
        _sheet(
            Kind.TASKS,
            "nhiệm vụ",
            assignments_resources.TaskResource,
            assignments_resources.tasks_apply,
            unit_export=False,
            title=assignments_resources.TaskResource.TITLE,
        ),
        # officials: exported from the admin (Vai trò → Xuất ra Excel)
        _sheet(
            Kind.OFFICIALS,
            "vai trò",
            units_resources.OfficialResource,
            units_resources.officials_apply,
            unit_export=False,
            title=units_resources.OfficialResource.TITLE,
        ),
        # recognition decisions: a unit's register (and everything below it), by year of signing
        _sheet(
            Kind.RECOGNITIONS,
            "quyết định",
            recognition_resources.RecognitionResource,
            recognition_resources.recognitions_apply,
            title=recognition_resources.RecognitionResource.TITLE,
        ),
        # dated figures of units (area, population …): exported from nowhere yet
        _sheet(
            Kind.UNIT_FACTS,
            "số liệu",
            units_resources.UnitFactResource,
            units_resources.unit_facts_apply,
            unit_export=False,
            title=units_resources.UnitFactResource.TITLE,
        ),
        # a reorganisation: the annex of one resolution, applied whole (units.reorganisation)
        _sheet(
            Kind.REORGANISATION,
            "đơn vị được sắp xếp",
            units_annex.ReorganisationResource,
            units_annex.reorganisation_apply,
            unit_export=False,
            title=units_annex.ReorganisationResource.TITLE,
        ),
        _workbook(
            Kind.FRAMEWORK,
            "mục của bộ tiêu chí (tiêu chí, chỉ tiêu, vùng/nhóm…)",
            workbook.framework_check,
            _framework_apply,
            lambda framework=None: workbook.framework_template_xlsx(framework),
        ),
        _workbook(
            Kind.COMMUNE_GROUPS,
            "nhóm xã",
            workbook.commune_groups_check,
            _groups_apply,
            lambda framework=None: workbook.commune_groups_template_xlsx(),
        ),
        _workbook(
            Kind.MAPPING,
            "dòng chuyển đổi",
            workbook.mapping_check,
            _mapping_apply,
            lambda framework=None: workbook.mapping_template_xlsx(),
        ),
    )
}
# Workbooks of the criteria catalogue, checked and written by criteria.workbook.
WORKBOOK_KINDS = (Kind.FRAMEWORK, Kind.COMMUNE_GROUPS, Kind.MAPPING)


def kind(key: str) -> ImportKind:
    return KINDS[key]


def check(key: str, user, content: bytes) -> Check:
    """A dry run over the whole file: the plan of writes, or every bad row (nothing written)."""
    return KINDS[key].check(user, content)


def template_xlsx(key: str, framework=None) -> bytes:
    """The empty template of a kind (a criteria set's may come pre-filled with `framework`)."""
    return KINDS[key].template(framework)


def export_xlsx(key: str, user, rows) -> bytes:
    """The given rows (already scoped to the user) as a sheet that imports back unchanged."""
    return KINDS[key].export(user, rows)
