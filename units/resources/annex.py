"""The annex of a reorganisation's resolution as a sheet (import kind "reorganisation"): one
row per unit merged or district ended, read here row by row, then the whole plan checked by
units.reorganisation – so a file and the page refuse with the same words – and applied by
`reorganisation_apply` in the run's transaction."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export.fields import Field

from common.importing import Check, RowFailed, RowsResource
from common.importing import attempt as _attempt
from common.spreadsheets import cell_date, cell_text
from common.text import fold

from .. import reorganisation
from ..models import Unit, User

R_BASIS = "Căn cứ"
R_EFFECTIVE = "Ngày hiệu lực"
R_ACTION = "Thao tác"
R_OLD = "Mã đơn vị cũ"
R_OLD_NAME = "Tên đơn vị cũ"
R_NEW = "Mã đơn vị sau sắp xếp"
R_NEW_NAME = "Tên đơn vị sau sắp xếp"
R_NEW_PREFIX = "Loại đơn vị sau sắp xếp"
R_PARENT = "Mã đơn vị cấp trên"
REORG_COLUMNS = [
    R_BASIS,
    R_EFFECTIVE,
    R_ACTION,
    R_OLD,
    R_OLD_NAME,
    R_NEW,
    R_NEW_NAME,
    R_NEW_PREFIX,
    R_PARENT,
]
# units.reorganisation.Problem.column -> the sheet's column
REORG_PROBLEM_COLUMNS = {
    "basis": R_BASIS,
    "effective": R_EFFECTIVE,
    "action": R_ACTION,
    "predecessor": R_OLD,
    "successor": R_NEW,
    "name": R_NEW_NAME,
    "prefix": R_NEW_PREFIX,
    "parent": R_PARENT,
}


@dataclass
class ReorgRow:
    row: int
    basis: str
    effective: date
    step: reorganisation.Step
    is_new: bool = True


class ReorganisationResource(RowsResource):
    """The annex of one resolution: every row the same basis and date, one row per unit merged
    or district ended. Each row is read here; the whole plan is then checked by
    units.reorganisation (after_import), so a file and the page refuse with the same words."""

    COLUMNS = REORG_COLUMNS
    REQUIRED = [R_BASIS, R_EFFECTIVE, R_ACTION, R_OLD, R_NEW]
    TITLE = "Sắp xếp đơn vị"
    HELP = [
        (
            R_BASIS,
            "Nghị quyết sắp xếp, ví dụ Nghị quyết 1665/NQ-UBTVQH15 ngày 16/6/2025. Mọi dòng "
            "cùng một căn cứ: mỗi tệp là một nghị quyết. Bắt buộc.",
        ),
        (R_EFFECTIVE, "Ngày nghị quyết có hiệu lực, ví dụ 01/07/2025. Bắt buộc."),
        (
            R_ACTION,
            "Nhập xã (xã, phường, thị trấn nhập vào xã khác hoặc thành xã mới), Kết thúc cấp "
            "huyện (các đơn vị trực thuộc chuyển về tỉnh), Nhập tỉnh, hoặc Đổi tên, loại đơn "
            "vị (đơn vị giữ nguyên mã và hồ sơ, ví dụ thị trấn thành phường). Bắt buộc.",
        ),
        (R_OLD, "Mã đơn vị được sắp xếp, ví dụ ha-tinh.cam-xuyen.cam-tan. Bắt buộc."),
        (R_OLD_NAME, "Tên đơn vị cũ, để đối chiếu với mã (không bắt buộc)."),
        (
            R_NEW,
            "Mã đơn vị sau sắp xếp: một đơn vị đã có (nhập vào) hoặc mã mới (thành lập). Để "
            "trống ở dòng Kết thúc cấp huyện và Đổi tên, loại đơn vị.",
        ),
        (
            R_NEW_NAME,
            "Tên đơn vị mới thành lập, ví dụ Cẩm Tân (cần khi mã là mã mới); hoặc tên mới ở "
            "dòng Đổi tên, loại đơn vị (để trống: giữ tên).",
        ),
        (
            R_NEW_PREFIX,
            "Loại đơn vị mới: Xã, Phường, Thị trấn, Đặc khu (cấp xã); Huyện, Quận, Thị xã, "
            "Thành phố (cấp huyện, khi đổi loại); Tỉnh, Thành phố (cấp tỉnh).",
        ),
        (
            R_PARENT,
            "Mã đơn vị cấp trên của xã mới; để trống: nơi các xã cũ chuyển về (tỉnh, khi huyện "
            "kết thúc cùng nghị quyết).",
        ),
    ]

    basis = Field(column_name=R_BASIS)

    class Meta:
        model = Unit
        fields = ["basis"]
        import_id_fields = ()
        skip_diff = True

    def prefetch(self, dataset) -> None:
        codes = {cell_text(v) for v in dataset[R_OLD]} - {""}
        self.names = dict(Unit.objects.filter(code__in=codes).values_list("code", "name"))
        self.first: ReorgRow | None = None

    def parse(self, row, number: int):
        errors: dict[str, list[str]] = {}
        basis = cell_text(row.get(R_BASIS))
        if not basis:
            errors[R_BASIS] = ["Nhập căn cứ: số, ngày và cơ quan ban hành nghị quyết."]
        effective = _attempt(
            errors,
            R_EFFECTIVE,
            lambda: cell_date(row.get(R_EFFECTIVE), R_EFFECTIVE, example="01/07/2025"),
        )
        if effective is None and R_EFFECTIVE not in errors:
            errors[R_EFFECTIVE] = ["Nhập ngày nghị quyết có hiệu lực."]
        action_text = cell_text(row.get(R_ACTION))
        action = _ACTION_BY_TEXT.get(fold(action_text))
        if action is None:
            labels = ", ".join(f"“{a.label}”" for a in reorganisation.Action)
            errors[R_ACTION] = [
                f"Thao tác “{action_text}” không hợp lệ: dùng {labels}."
                if action_text
                else f"Ghi thao tác: {labels}."
            ]
        old = cell_text(row.get(R_OLD))
        old_name = cell_text(row.get(R_OLD_NAME))
        if old and old_name and old in self.names and fold(old_name) != fold(self.names[old]):
            errors[R_OLD_NAME] = [
                f"Mã “{old}” là đơn vị {self.names[old]}, không phải “{old_name}”: kiểm tra lại mã."
            ]
        first = self.first
        if (
            first is not None
            and basis
            and effective
            and (basis, effective)
            != (
                first.basis,
                first.effective,
            )
        ):
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                f"Căn cứ hoặc ngày hiệu lực khác dòng {first.row}: mỗi tệp là một nghị quyết."
            )
        if errors:
            raise ValidationError(errors)
        step = reorganisation.Step(
            action=action,
            predecessor_code=old,
            successor_code=cell_text(row.get(R_NEW)),
            successor_name=cell_text(row.get(R_NEW_NAME)),
            successor_prefix=cell_text(row.get(R_NEW_PREFIX)),
            parent_code=cell_text(row.get(R_PARENT)),
            row=number,
        )
        planned = ReorgRow(number, basis, effective, step)
        self.first = self.first or planned
        return planned

    def describe(self, w: ReorgRow) -> str:
        s = w.step
        target = f" → {s.successor_code}" if s.successor_code else ""
        return f"{reorganisation.Action(s.action).label}: {s.predecessor_code}{target}"

    def after_import(self, dataset, result, **kwargs):
        """The whole plan checked by units.reorganisation, once every row reads well; the
        preview then says what applying it does."""
        super().after_import(dataset, result, **kwargs)
        if result.has_validation_errors() or result.has_errors() or not self.check.plan:
            return
        plan = reorg_plan(self.check.plan)
        problems = reorganisation.problems(plan)
        for p in problems:
            self.check.errors.append(
                {
                    "row": p.row or "",
                    "column": REORG_PROBLEM_COLUMNS.get(p.column, ""),
                    "message": p.message,
                }
            )
        if not problems:
            self.check.preview = [
                {"row": "", "action": "Sắp xếp", "text": line}
                for line in reorganisation.describe(plan)
            ]


_ACTION_BY_TEXT = {fold(a.label): a.value for a in reorganisation.Action} | {
    a.value: a.value for a in reorganisation.Action
}


def reorg_plan(rows: list[ReorgRow]) -> reorganisation.Plan:
    return reorganisation.Plan(
        basis=rows[0].basis, effective=rows[0].effective, steps=[r.step for r in rows]
    )


def reorganisation_apply(result: Check, *, actor: User, file_name: str = "", **_) -> int:
    """Apply the checked annex as one reorganisation (units.reorganisation.apply, which checks
    it again on the locked units); a refusal rolls the run back with every problem listed."""
    try:
        reorganisation.apply(
            reorg_plan(result.plan), actor=actor, source=f"Tệp Excel {file_name}".strip()
        )
    except reorganisation.Refused as e:
        raise RowFailed(
            [
                {
                    "row": p.row or "",
                    "column": REORG_PROBLEM_COLUMNS.get(p.column, ""),
                    "message": p.message,
                }
                for p in e.problems
            ]
        ) from None
    return 0
