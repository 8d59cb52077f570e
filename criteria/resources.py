"""Indicator statuses of communes as a spreadsheet (the import kind "statuses"): the resource
that checks a file's rows (a dry run on common.importing's base) and `statuses_apply`, which
writes the checked plan through criteria.services (history, version check, the verified lock
and the recounts, as on the pages). The import pipeline (imports.services) runs both.
"""

import contextlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from import_export.fields import Field

from common.importing import (
    Check,
    Progress,
    RowFailed,
    RowsResource,
    parse_decimal,
    parse_int,
    row_written,
)
from common.importing import attempt as _attempt
from common.importing import choice as _choice
from common.numbers import number_vi
from common.spreadsheets import cell_text, note_text
from units.access import can_edit_criterion, communes_visible_to
from units.models import Unit, User

from . import rules
from .models import Assessment, Framework, Indicator, IndicatorStatus, StatusChange
from .selectors import category_of, province_id_in, thresholds_by_indicator
from .services import assessment_open, status_update
from .summaries import recounts_deferred

Status = IndicatorStatus.Status


S_CODE = "Mã xã"
S_NAME = "Tên xã"
S_YEAR = "Năm"
S_INDICATOR = "Mã chỉ tiêu"
S_INDICATOR_NAME = "Tên chỉ tiêu"
S_STATUS = "Kết quả"
S_VALUE = "Giá trị đo"
S_UNIT = "Đơn vị tính"
S_NOTE = "Ghi chú"


def status_key(commune_id: int, year: int, indicator_id: int) -> str:
    """How ImportRun.versions names a status row: the file's row, whether or not its year is
    open yet."""
    return f"{commune_id}:{year}:{indicator_id}"


# The version of a status a year's opening creates (criteria.services.assessment_open): a row of
# a year the check found unopened is written against it, so a year opened meanwhile by someone
# else is fine, but not a row they have changed since.
FRESH_VERSION = IndicatorStatus._meta.get_field("version").default


@dataclass
class StatusWrite:
    """One changed status, resolved."""

    row: int
    commune: Unit
    framework: Framework
    year: int
    indicator: Indicator
    status: str  # "" for an indicator judged from its value
    value: Decimal | None
    note: str
    opens_year: bool


class StatusResource(RowsResource):
    """Rows of (commune, year, indicator): result, measured value, note. The framework is the
    commune's; a missing year is opened (criteria.services.assessment_open), and only rows that
    change something are written (criteria.services.status_update)."""

    COLUMNS = [
        S_CODE,
        S_NAME,
        S_YEAR,
        S_INDICATOR,
        S_INDICATOR_NAME,
        S_STATUS,
        S_VALUE,
        S_UNIT,
        S_NOTE,
    ]
    REQUIRED = [S_CODE, S_YEAR, S_INDICATOR, S_STATUS]
    TITLE = "Kết quả chỉ tiêu của xã"
    HELP = [
        (S_CODE, "Mã đơn vị của xã, ví dụ dak-nong.krong-no.01. Bắt buộc."),
        (S_NAME, "Chỉ để đọc; khi nhập được bỏ qua."),
        (S_YEAR, "Năm đánh giá, ví dụ 2022. Năm chưa mở sẽ được mở (chép kết quả năm trước)."),
        (S_INDICATOR, "Mã chỉ tiêu trong bộ tiêu chí của xã, ví dụ 17.1 hoặc 5. Bắt buộc."),
        (S_INDICATOR_NAME, "Chỉ để đọc; khi nhập được bỏ qua."),
        (
            S_STATUS,
            "Đạt, Chưa đạt hoặc Chưa đánh giá. Chỉ tiêu có ngưỡng số được tính tự động từ "
            "Giá trị đo: để trống hoặc ghi đúng kết quả; không có giá trị đo thì cán bộ ghi kết "
            "quả kèm lý do ở cột Ghi chú, để trống là giữ kết quả hiện có.",
        ),
        (S_VALUE, "Số đo (dấu phẩy thập phân, ví dụ 24,62); để trống nếu không đo."),
        (S_UNIT, "Chỉ để đọc; khi nhập được bỏ qua."),
        (
            S_NOTE,
            "Lý do, căn cứ đánh giá. Bắt buộc khi cán bộ tự đánh giá Đạt/Chưa đạt một chỉ tiêu "
            "không có ngưỡng số.",
        ),
    ]

    code = Field(column_name=S_CODE)
    name = Field(column_name=S_NAME)
    year = Field(column_name=S_YEAR)
    indicator_code = Field(column_name=S_INDICATOR)
    indicator_name = Field(column_name=S_INDICATOR_NAME)
    result = Field(column_name=S_STATUS)
    measured = Field(column_name=S_VALUE)
    unit_text = Field(column_name=S_UNIT)
    note_cell = Field(column_name=S_NOTE)

    class Meta:
        model = IndicatorStatus
        fields = (
            "code",
            "name",
            "year",
            "indicator_code",
            "indicator_name",
            "result",
            "measured",
            "unit_text",
            "note_cell",
        )
        export_order = fields
        import_id_fields = ()
        skip_diff = True
        use_bulk = True  # no savepoint per row: the dry run writes nothing anyway

    # export
    def dehydrate_code(self, s):
        return s.assessment.commune.code

    def dehydrate_name(self, s):
        return str(s.assessment.commune)

    def dehydrate_year(self, s):
        return s.assessment.year

    def dehydrate_indicator_code(self, s):
        return s.indicator.code

    def dehydrate_indicator_name(self, s):
        return s.indicator.name

    def dehydrate_result(self, s):
        return s.get_status_display()

    def dehydrate_measured(self, s):
        if s.value is None:
            return ""
        return int(s.value) if s.value == s.value.to_integral_value() else float(s.value)

    def dehydrate_unit_text(self, s):
        return s.indicator.unit

    def dehydrate_note_cell(self, s):
        return s.note

    # import
    def prefetch(self, dataset) -> None:
        codes = {cell_text(v) for v in dataset[S_CODE]} - {""}
        self.communes = {
            c.code: c
            for c in communes_visible_to(self.user)
            .filter(code__in=codes)
            .select_related("framework", "province", "parent")
        }
        framework_ids = {c.framework_id for c in self.communes.values() if c.framework_id}
        self.indicators = {
            (i.framework_id, i.code): i
            for i in Indicator.objects.filter(framework_id__in=framework_ids).select_related(
                "criterion"
            )
        }
        framework_of = {c.pk: c.framework_id for c in self.communes.values()}
        self.assessments: dict[tuple[int, int], Assessment] = {
            (a.commune_id, a.year): a
            for a in Assessment.objects.filter(commune__in=list(self.communes.values()))
            if a.framework_id == framework_of[a.commune_id]  # the commune's own framework
        }
        years = set()
        for v in dataset[S_YEAR]:
            with contextlib.suppress(ValidationError):
                years.add(parse_int(cell_text(v), S_YEAR))
        wanted = {a.pk for (_, year), a in self.assessments.items() if year in years}
        self.statuses: dict[tuple[int, int], tuple] = {
            (aid, iid): (status, value, note, version)
            for aid, iid, status, value, note, version in IndicatorStatus.objects.filter(
                assessment_id__in=wanted
            ).values_list("assessment_id", "indicator_id", "status", "value", "note", "version")
        }
        self._thresholds: dict[tuple[int, int | None], dict] = {}
        self._categories: dict[tuple[int, int, int], str] = {}
        self._provinces: dict[tuple[int, int], int | None] = {}

    def _threshold(self, commune: Unit, framework: Framework, indicator: Indicator, year: int):
        province_key = (commune.pk, year)
        if province_key not in self._provinces:
            self._provinces[province_key] = province_id_in(commune, year)
        province_id = self._provinces[province_key]
        key = (framework.pk, province_id)
        if key not in self._thresholds:
            self._thresholds[key] = thresholds_by_indicator(framework, province_id)
        category_key = (framework.pk, commune.pk, year)
        if category_key not in self._categories:
            self._categories[category_key] = category_of(commune, framework, year)
        return rules.pick_threshold(
            self._thresholds[key].get(indicator.pk, []),
            province_id=province_id,
            category=self._categories[category_key],
            year=year,
        )

    def parse(self, row, number: int):
        errors: dict[str, list[str]] = {}
        code = cell_text(row.get(S_CODE))
        commune = self.communes.get(code)
        if not code:
            errors[S_CODE] = ["Nhập mã xã."]
        elif commune is None:
            errors[S_CODE] = [f"Không có xã mã “{code}” trong phạm vi bạn được xem."]
        elif commune.framework_id is None:
            errors[S_CODE] = [f"{commune} chưa được gán bộ tiêu chí."]
        framework = commune.framework if commune is not None else None
        year_text = cell_text(row.get(S_YEAR))
        year = _attempt(errors, S_YEAR, lambda: parse_int(year_text, S_YEAR)) if year_text else None
        if not year_text:
            errors[S_YEAR] = ["Nhập năm đánh giá."]
        elif (
            year is not None
            and framework is not None
            and not (framework.period_start - 10 <= year <= framework.period_end + 10)
        ):
            errors.setdefault(S_YEAR, []).append(
                f"Năm {year} nằm ngoài thời kỳ của bộ tiêu chí {framework}."
            )
            year = None
        indicator_code = cell_text(row.get(S_INDICATOR))
        indicator = None
        if not indicator_code:
            errors[S_INDICATOR] = ["Nhập mã chỉ tiêu."]
        elif framework is not None:
            indicator = self.indicators.get((framework.pk, indicator_code))
            if indicator is None:
                errors[S_INDICATOR] = [
                    f"Bộ tiêu chí {framework} không có chỉ tiêu “{indicator_code}”."
                ]
        status_text = cell_text(row.get(S_STATUS))
        status = (
            _attempt(errors, S_STATUS, lambda: _choice(status_text, Status.choices, "Kết quả"))
            if status_text
            else ""
        )
        value = _attempt(errors, S_VALUE, lambda: parse_decimal(row.get(S_VALUE)))
        note = note_text(row.get(S_NOTE))
        if len(note) > 4000:
            errors.setdefault(S_NOTE, []).append("Ghi chú dài quá 4.000 ký tự.")
        if commune and year and indicator:
            self.duplicate((commune.pk, year, indicator.pk), number, "xã, năm và chỉ tiêu")
        if errors or not (commune and year and indicator):
            raise ValidationError(errors)

        threshold = self._threshold(commune, framework, indicator, year)
        automatic = rules.is_automatic(threshold)
        assessment = self.assessments.get((commune.pk, year))
        opens = assessment is None
        key = status_key(commune.pk, year, indicator.pk)
        if opens:
            self.check.versions[key] = FRESH_VERSION
        else:
            found = self.statuses.get((assessment.pk, indicator.pk))
            if found is not None:  # (a row missing from an open year is refused when written)
                self.check.versions[key] = found[3]
            current = found or (Status.NOT_ASSESSED, None, "", None)
            same_status = status == current[0] or (automatic and not status)
            if same_status and (value, note) == (current[1], (current[2] or "").strip()):
                return None  # unchanged: written nowhere, whatever the row would be judged now
        # A changed row, or a row of a year the import opens (its rows are all handed to
        # status_update, which leaves alone those equal to what the year copied forward).
        if value is not None and value < 0:
            raise ValidationError({S_VALUE: ["Giá trị không được âm."]})
        if value is not None and rules.value_unit(indicator, threshold) == "%" and value > 100:
            raise ValidationError({S_VALUE: ["Tỷ lệ phần trăm không được vượt quá 100."]})
        if not can_edit_criterion(self.user, commune, indicator.criterion_id):
            raise ValidationError(
                {
                    S_INDICATOR: [
                        f"Bạn không được giao cập nhật tiêu chí {indicator.criterion.number} "
                        f"của {commune}."
                    ]
                }
            )
        if not opens and assessment.is_locked_for_commune:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        f"Kết quả năm {year} của {commune} đã gửi thẩm tra: chờ văn phòng NTM "
                        "trả lại hoặc thẩm tra xong rồi mới sửa được."
                    ]
                }
            )
        if automatic and value is not None:
            judged = rules.judge(value, threshold)
            if status and status != judged:
                shown = f"{number_vi(value, 4)} " if value is not None else "trống "
                raise ValidationError(
                    {
                        S_STATUS: [
                            f"Chỉ tiêu {indicator.code} được tính từ giá trị đo: giá trị "
                            f"{shown}là “{Status(judged).label}” so với ngưỡng "
                            f"{threshold.describe()}. Sửa cột Kết quả hoặc Giá trị đo."
                        ]
                    }
                )
            status = judged
        elif automatic and not status:
            # No value, no result: the row keeps the result (it changes the note), unless it
            # removes the value the result was judged from (criteria.services.status_update).
            if not opens and current[1] is not None:
                status = Status.NOT_ASSESSED
        elif not status:
            raise ValidationError({S_STATUS: ["Chọn kết quả: Đạt, Chưa đạt hoặc Chưa đánh giá."]})
        elif status != Status.NOT_ASSESSED and not note.strip():
            raise ValidationError(
                {S_NOTE: ["Chỉ tiêu này do cán bộ đánh giá: ghi rõ lý do hoặc căn cứ đánh giá."]}
            )
        return StatusWrite(
            row=number,
            commune=commune,
            framework=framework,
            year=year,
            indicator=indicator,
            status=status,
            value=value,
            note=note,
            opens_year=opens,
        )

    def describe(self, w: StatusWrite) -> str:
        value = (
            f" ({number_vi(w.value, 4)} {w.indicator.unit})".rstrip() if w.value is not None else ""
        )
        opened = f" – mở năm {w.year}" if w.opens_year else ""
        result = Status(w.status).label if w.status else "giữ kết quả"
        return f"{w.commune} {w.year}, chỉ tiêu {w.indicator.code}: {result}{value}{opened}"


def years_to_open(result: Check) -> dict[tuple[int, int], tuple]:
    return {
        (w.commune.pk, w.year): (w.commune, w.framework, w.year)
        for w in result.plan
        if w.opens_year
    }


def statuses_apply(
    result: Check,
    *,
    actor: User,
    file_name: str,
    versions: dict[str, int],
    progress: Progress = None,
    **_,
) -> int:
    """Record each changed status with status_update (history, version check and the verified
    lock as on the pages), year by year: a year the file names but the commune has not opened
    is opened first (criteria.services.assessment_open copies forward the year before, as the
    file left it). Each row is written against the version the check read (`versions`, the
    run's), so a row changed by someone since the preview is refused with who changed it.
    Returns the number of years opened."""
    started = timezone.now()
    to_open = years_to_open(result)
    by_year: dict[int, list] = {}
    for w in result.plan:
        by_year.setdefault(w.year, []).append(w)
    touched: set[int] = set()
    done = 0
    with recounts_deferred():  # each year's summary once, at the end, in this transaction
        for year in sorted(by_year):
            for commune, framework, y in to_open.values():
                if y == year:
                    assessment_open(commune=commune, framework=framework, year=year, actor=actor)
            rows = by_year[year]
            statuses = _statuses_of(rows)
            touched |= {s.assessment_id for s in statuses.values()}
            for w in rows:
                status = statuses.get((w.commune.pk, w.indicator.pk))
                if status is None:
                    raise RowFailed.of(
                        w.row,
                        f"Năm {w.year} của {w.commune} không có chỉ tiêu {w.indicator.code}.",
                        S_INDICATOR,
                    )
                checked = versions.get(status_key(w.commune.pk, w.year, w.indicator.pk))
                if checked is None:  # a run checked before versions were kept
                    raise RowFailed.of(
                        w.row, "Dòng này chưa được kiểm tra: hãy tải tệp lên lại.", S_INDICATOR
                    )
                try:
                    status_update(
                        status=status,
                        actor=actor,
                        new_status=w.status or None,
                        value=w.value,
                        note=w.note,
                        version=checked,
                    )
                except ValidationError as e:
                    raise RowFailed.of(w.row, e, columns=WRITE_COLUMNS) from None
                done += 1
                row_written(progress, done, len(result.plan))
    # The history rows these updates wrote say where they came from.
    StatusChange.objects.filter(
        status__assessment_id__in=list(touched),
        actor=actor,
        action=StatusChange.Action.UPDATE,
        at__gte=started,
        detail="",
    ).update(detail=f"Nhập từ Excel: {file_name}"[:255])
    return len(to_open)


WRITE_COLUMNS = {"status": S_STATUS, "value": S_VALUE, "note": S_NOTE}


def _statuses_of(rows) -> dict[tuple[int, int], IndicatorStatus]:
    """The statuses the rows of one year change, keyed by (commune, indicator), each sharing
    its year's assessment object, so a year reopened by one row is seen by the next. Two
    queries."""
    year = rows[0].year
    wanted = {w.commune.pk: w.framework.pk for w in rows}
    assessments = {
        a.pk: a
        for a in Assessment.objects.filter(commune_id__in=list(wanted), year=year).select_related(
            "commune__province", "commune__parent", "framework"
        )
        if wanted.get(a.commune_id) == a.framework_id
    }
    statuses = {}
    for s in IndicatorStatus.objects.filter(assessment_id__in=list(assessments)).select_related(
        "indicator"
    ):
        s.assessment = assessments[s.assessment_id]
        statuses[(s.assessment.commune_id, s.indicator_id)] = s
    return statuses
