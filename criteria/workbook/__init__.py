"""Criteria sets as Excel workbooks: the framework workbook, commune groups and mappings.

Three files an NTM office keeps, read and written beside the models they fill:

- the **framework workbook** (bộ tiêu chí): sheets "Bộ tiêu chí" (the set's own fields, one
  per row), "Vùng-nhóm", "Nhóm tiêu chí", "Tiêu chí", "Chỉ tiêu" (one "Ngưỡng <khóa>" column per
  region or commune group, and "Ngưỡng chung") and a guide. `framework_template_xlsx` gives it
  empty or pre-filled with a set's structure (51/2025: its 10 criteria and 3 commune groups, so
  the office types only the indicators), `framework_export_xlsx` filled with everything, and
  `framework_export_yaml` the catalogue form `load_criteria` reads;
- **commune groups** (sheet "Nhóm xã"): a commune's group on a set, from a date, by a decision;
- **mappings** (sheet "Chuyển đổi"): which old indicator carries over to which new one.

Each `*_check(user, content)` reads the whole file and checks every row – every bad row is
listed with its sheet, row and column, in Vietnamese – and plans the writes without writing
anything; the import pipeline (imports.services) then calls `*_apply(plan, …)` in its
one transaction, which writes only through the services of criteria.authoring, so the record
(FrameworkChange), the rights and the reach into the years in progress are those of the pages.

What lives where (each module imports only those above it):

- `columns`: the sheet names, the fields of "Bộ tiêu chí" and the column headers;
- `cells`: the error classes, reading a file's sheets and rows, parsing cells (dates, years,
  words, thresholds), and the sets a user may name;
- `output`: writing workbooks – the framework template and export (xlsx), and the YAML;
- `plan`: the framework workbook's planned writes and `framework_apply`;
- `framework_rows`: checking "Vùng-nhóm", "Nhóm tiêu chí", "Tiêu chí" and "Chỉ tiêu";
- `frameworks`: checking "Bộ tiêu chí", the basis and publishing; `framework_check`;
- `groups`: commune groups – template, check, apply;
- `mappings`: mappings – template, check, apply.
"""

from .cells import WorkbookError, WriteRefused
from .columns import FIELDS, FRAMEWORK_SHEET
from .frameworks import framework_check
from .groups import (
    UnitCategoryWrite,
    commune_groups_apply,
    commune_groups_check,
    commune_groups_template_xlsx,
)
from .mappings import MappingWrite, mapping_apply, mapping_check, mapping_template_xlsx
from .output import framework_export_xlsx, framework_export_yaml, framework_template_xlsx
from .plan import _IndicatorAdd, framework_apply

__all__ = [
    "FIELDS",
    "FRAMEWORK_SHEET",
    "MappingWrite",
    "UnitCategoryWrite",
    "WorkbookError",
    "WriteRefused",
    "_IndicatorAdd",
    "commune_groups_apply",
    "commune_groups_check",
    "commune_groups_template_xlsx",
    "framework_apply",
    "framework_check",
    "framework_export_xlsx",
    "framework_export_yaml",
    "framework_template_xlsx",
    "mapping_apply",
    "mapping_check",
    "mapping_template_xlsx",
]
