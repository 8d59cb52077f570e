"""The district's (after 2025, the province's) «Báo cáo kết quả xây dựng nông thôn mới năm …»
(BC-UBND), drafted from the data: the communes below the unit in that year's hierarchy, each
one's results of the year on the xã NTM set in force that year (self-assessed and verified),
the communes meeting each criterion, the targets of the year against what was reached, and
the next year's targets as its directions.

Every figure comes from the data at drafting time; where it has nothing, the draft says so in
brackets for the office to write, and a warning names it. No band of communes ("từ 15 đến 18
tiêu chí") is assumed: the spread is by the counts the communes really reached. The layout,
the header, the signature and "./." are the plans' own (plans.drafting, plans.reports)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils import timezone
from django.utils.text import capfirst

from assignments.models import Task
from assignments.selectors import funding_by_source, funding_lines_of, funding_total
from common.money import vnd_short
from common.numbers import number_vi
from criteria.models import Assessment, Criterion, CriterionResult, Framework, IndicatorStatus
from units.models import Unit
from units.selectors import parent_in

from .drafting import (
    Section,
    _number2,
    _target_map,
    recognised_summary,
    unit_label,
)
from .drafting_district import communes_of_year, framework_label
from .models import Plan, Target
from .reports import ReportDraft, framework_basis, results_report, ubnd_of

MET = IndicatorStatus.Status.MET


@dataclass
class CommuneRow:
    """A commune below the unit in the report's year: its name as the report writes it, the
    xã NTM set of that year, its assessment of the year on that set (None: not assessed), the
    year's target, and the criteria that assessment meets (ids)."""

    commune: Unit
    name: str
    framework: Framework | None
    assessment: Assessment | None
    target: Target | None
    met: set[int]

    @property
    def verified(self) -> int | None:
        return self.assessment.verified_met_count if self.assessment else None

    def missed_target(self) -> tuple[int | None, list[Criterion]]:
        """What of the year's target the year's results miss: the count aimed at when it was
        not reached (else None), and the criteria targeted that are not met – for a target of
        the basic tier on this set only (a nâng cao target counts on its own set)."""
        t, a = self.target, self.assessment
        if t is None or a is None or t.level != Target.Level.NTM:
            return None, []
        if t.framework_id not in (None, a.framework_id):
            return None, []
        short = t.target_count if t.target_count and a.met_count < t.target_count else None
        targeted = [c for c in t.criteria.all() if c.framework_id == a.framework_id]
        return short, [c for c in targeted if c.pk not in self.met]


def commune_rows(unit: Unit, year: int) -> list[CommuneRow]:
    """The communes below `unit` in `year` (the hierarchy of that year), by name, each with its
    year's assessment on the xã NTM set in force that year in its province – or, when it was
    assessed that year on another set of that tier (its province's own), on that one."""
    communes, framework_of = communes_of_year(unit, year)
    assessments = {
        (a.commune_id, a.framework_id): a
        for a in Assessment.objects.filter(commune__in=communes, year=year)
        .select_related("framework")
        .order_by("pk")
    }
    other_basic: dict[int, Assessment] = {}
    for a in assessments.values():
        if a.framework.level == Framework.Level.XA_NTM:
            other_basic.setdefault(a.commune_id, a)
    met: dict[int, set[int]] = {}
    for assessment_id, criterion_id in CriterionResult.objects.filter(
        assessment__in=[a.pk for a in assessments.values()], status=MET
    ).values_list("assessment_id", "criterion_id"):
        met.setdefault(assessment_id, set()).add(criterion_id)
    targets = _target_map(communes, year)
    rows = []
    for c in communes:
        framework = framework_of[c.pk]
        a = assessments.get((c.pk, framework.pk if framework else None))
        if a is None and c.pk in other_basic:
            a = other_basic[c.pk]
            framework = a.framework
        in_district = c.parent is not None and c.parent.kind == Unit.Kind.DISTRICT
        name = f"{c.name} ({unit_label(c.parent)})" if in_district and c.parent != unit else c.name
        rows.append(
            CommuneRow(
                c, name, framework, a, targets.get(c.pk), met.get(a.pk, set()) if a else set()
            )
        )
    return rows


def _percent(part: int, whole: int) -> str:
    return number_vi(100 * part / whole, 1) if whole else "—"


def general_lines(unit: Unit, year: int, rows: list[CommuneRow], framework: Framework) -> list[str]:
    """ "- Năm 2023, toàn huyện có 08 xã thực hiện …; 07 xã đã tự đánh giá, 05 xã đã được
    thẩm tra." then the average and spread of the self-assessed and of the verified counts,
    and the communes with no results of the year."""
    where = f"toàn {unit.prefix.lower()}".strip()
    assessed = [r for r in rows if r.assessment]
    verified = [r for r in assessed if r.verified is not None]
    lines = [
        f"- Năm {year}, {where} có {_number2(len(rows))} xã thực hiện {framework_label(framework)}; "
        f"{_number2(len(assessed))} xã đã có kết quả tự đánh giá, {_number2(len(verified))} xã "
        "đã được thẩm tra."
    ]
    for label, counted in (
        ("theo kết quả tự đánh giá", [r.assessment.met_count for r in assessed]),
        ("theo kết quả thẩm tra", [r.verified for r in verified]),
    ):
        if not counted:
            continue
        spread: dict[int, int] = {}
        for n in counted:
            spread[n] = spread.get(n, 0) + 1
        described = ", ".join(
            f"{_number2(k)} xã đạt {n} tiêu chí" for n, k in sorted(spread.items(), reverse=True)
        )
        total = assessed[0].assessment.criteria_count
        lines.append(
            f"- Bình quân {label}: {number_vi(sum(counted) / len(counted), 1)}/{total} tiêu "
            f"chí/xã ({described})."
        )
    missing = [r.name for r in rows if r.assessment is None]
    if missing:
        lines.append(f"- Chưa có kết quả đánh giá năm {year}: {', '.join(missing)}.")
    return lines


def criteria_met(rows: list[CommuneRow], framework: Framework) -> list[tuple[Criterion, int, int]]:
    """(criterion, communes meeting it by self-assessment, communes assessed) in the set's
    order, over the communes assessed on that set."""
    assessed = [r for r in rows if r.assessment]
    criteria = Criterion.objects.filter(framework=framework).order_by("number")
    return [(c, sum(c.pk in r.met for r in assessed), len(assessed)) for c in criteria]


def criteria_table(by_criterion) -> str:
    rows = ["| TT | Tiêu chí | Số xã đạt | Tỷ lệ (%) |"]
    for criterion, met, assessed in by_criterion:
        rows.append(
            f"| {criterion.number} | {criterion.name} | {met}/{assessed} | "
            f"{_percent(met, assessed)} |"
        )
    return "\n".join(rows)


def _target_text(target: Target | None, total: int | None) -> str:
    """ "17/19", "+2 tiêu chí", "Đạt chuẩn NTM nâng cao" or "—": the year's target, briefly."""
    if target is None:
        return "—"
    if target.level != Target.Level.NTM:  # counted on its own tier's set
        return target.get_level_display()
    if target.target_count:
        return f"{target.target_count}/{total}" if total else str(target.target_count)
    added = target.criteria.count()
    if target.level == Target.Level.NTM and added:
        return f"+{added} tiêu chí"
    return target.get_level_display()


def communes_table(rows: list[CommuneRow], year: int) -> str:
    """Each commune: its self-assessed and verified counts and its target of the year."""
    table = [f"| TT | Xã | Tự đánh giá | Thẩm tra | Chỉ tiêu giao năm {year} |"]
    for n, r in enumerate(rows, 1):
        a = r.assessment
        own = f"{a.met_count}/{a.criteria_count}" if a else "Chưa đánh giá"
        checked = f"{r.verified}/{a.criteria_count}" if a and r.verified is not None else "—"
        aimed = _target_text(r.target, a.criteria_count if a else None)
        table.append(f"| {n} | {r.name} | {own} | {checked} | {aimed} |")
    return "\n".join(table)


def shortfall_lines(rows: list[CommuneRow], by_criterion, year: int) -> list[str]:
    """The criteria the communes miss (each that any commune misses, the most missed first),
    then the communes short of their year's target: the count aimed at, the criteria
    targeted and not met."""
    lines = []
    missed = sorted(
        ((c, assessed - met, assessed) for c, met, assessed in by_criterion if met < assessed),
        key=lambda t: (-t[1], t[0].number),
    )
    if missed:
        lines.append(
            "- Các tiêu chí còn xã chưa đạt: "
            + "; ".join(f"số {c.number} ({c.name}): {k}/{n} xã chưa đạt" for c, k, n in missed)
            + "."
        )
    short = []
    for r in rows:
        count, criteria = r.missed_target()
        parts = []
        if count is not None:
            parts.append(f"giao đạt {count} tiêu chí, đạt {r.assessment.met_count}")
        if criteria:
            parts.append("chưa đạt tiêu chí giao số " + ", ".join(str(c.number) for c in criteria))
        if parts:
            short.append(f"{r.name} ({'; '.join(parts)})")
    if short:
        lines.append(f"- Xã chưa đạt chỉ tiêu giao năm {year}: {'; '.join(short)}.")
    return lines


def direction_lines(unit: Unit, year: int, rows: list[CommuneRow]) -> list[str]:
    """The next year's targets of the communes, as the directions; a bracket without any."""
    targets = _target_map([r.commune for r in rows], year + 1)
    lines = []
    for r in rows:
        t = targets.get(r.commune.pk)
        if t is None:
            continue
        added = list(t.criteria.all())
        what = f"{t.get_level_display()}" + (
            f", phấn đấu đạt thêm {_number2(len(added))} tiêu chí "
            f"({'; '.join(c.name for c in added)})"
            if added
            else ""
        )
        lines.append(f"- {r.commune.prefix} {r.name}: {what}.")
    if not lines:
        return [
            f"(Chưa giao chỉ tiêu năm {year + 1} cho các xã trong hệ thống: bổ sung phương "
            "hướng, nhiệm vụ.)"
        ]
    return [f"Chỉ tiêu giao các xã năm {year + 1}:", *lines, "(Bổ sung các nhiệm vụ, giải pháp.)"]


def work_lines(unit: Unit, year: int, rows: list[CommuneRow]) -> list[str]:
    """The year's tasks of the unit and of its communes (assignments): how many, by status,
    how many past their deadline and not done; then their money by source, planned and
    disbursed (a table), or a bracket when none is recorded."""
    tasks = Task.objects.filter(unit__in=[unit.pk, *(r.commune.pk for r in rows)], plan_year=year)
    by_status = dict(tasks.order_by().values_list("status").annotate(n=Count("pk")))
    total = sum(by_status.values())
    if not total:
        return [
            f"(Chưa có nhiệm vụ năm {year} của {unit_label(unit)} và các xã trong hệ thống: bổ "
            "sung kết quả thực hiện nhiệm vụ và huy động nguồn lực.)"
        ]
    parts = ", ".join(
        f"{_number2(by_status[s])} {label.lower()}"
        for s, label in Task.Status.choices
        if s in by_status
    )
    late = tasks.exclude(status=Task.Status.DONE).filter(deadline__lt=timezone.localdate()).count()
    lines = [
        f"- Năm {year} có {_number2(total)} nhiệm vụ của {unit_label(unit)} và các xã: {parts}"
        + (f"; {_number2(late)} nhiệm vụ quá hạn chưa hoàn thành." if late else ".")
    ]
    money = funding_lines_of(tasks)
    sources = funding_by_source(money)
    if not sources:
        return [*lines, "(Chưa ghi kinh phí của các nhiệm vụ: bổ sung kết quả huy động nguồn lực.)"]
    whole = funding_total(money)
    lines.append("| Nguồn vốn | Kế hoạch | Đã giải ngân | Tỷ lệ giải ngân (%) |")
    for s in [*sources, whole]:
        label = s.label or "Tổng cộng"
        lines.append(
            f"| {label} | {vnd_short(s.planned)} | {vnd_short(s.disbursed)} | "
            f"{_percent(s.disbursed, s.planned)} |"
        )
    return lines


def draft_district_report(unit: Unit, year: int) -> ReportDraft:
    """«BÁO CÁO Kết quả xây dựng nông thôn mới năm N» of a district's or province's people's
    committee: I. the results (in general, by criterion, by commune), II. what falls short,
    III. the directions of the next year (its targets)."""
    warnings = []
    rows = commune_rows(unit, year)
    on = min(timezone.localdate(), date(year, 12, 31))
    sections = [
        Section("text", "", recognised_summary(unit, on)),
        Section("muc", f"I. KẾT QUẢ THỰC HIỆN NĂM {year}"),
    ]
    if not rows:
        warnings.append(f"{capfirst(unit_label(unit))} chưa có xã nào trong hệ thống năm {year}.")
    frameworks = list({r.framework.pk: r.framework for r in rows if r.framework}.values())
    shortfalls, bases = [], []
    number = 0
    for framework in frameworks:
        own = [r for r in rows if r.framework == framework]
        by_criterion = criteria_met(own, framework)
        of = f" ({framework_label(framework)})" if len(frameworks) > 1 else ""
        general = "\n".join(general_lines(unit, year, own, framework))
        if any(r.assessment for r in own):
            by_criterion_text = criteria_table(by_criterion)
        else:
            by_criterion_text = (
                f"(Chưa có xã nào có kết quả đánh giá năm {year} theo bộ tiêu chí này.)"
            )
        sections += [
            Section("khoan", f"{number + 1}. Kết quả chung{of}", general),
            Section("khoan", f"{number + 2}. Kết quả từng tiêu chí{of}", by_criterion_text),
            Section("khoan", f"{number + 3}. Kết quả từng xã{of}", communes_table(own, year)),
        ]
        number += 3
        shortfalls += shortfall_lines(own, by_criterion, year)
        bases.append(framework_basis(framework))
    work = f"{number + 1}. Nhiệm vụ và nguồn lực năm {year}"
    sections.append(Section("khoan", work, "\n".join(work_lines(unit, year, rows))))
    missing = [r.name for r in rows if r.assessment is None]
    if missing:
        warnings.append(f"Chưa có kết quả đánh giá năm {year} của: {', '.join(missing)}.")
    sections += [
        Section("muc", "II. TỒN TẠI, HẠN CHẾ"),
        Section(
            "text",
            "",
            "\n".join([*shortfalls, "- (Bổ sung những tồn tại, hạn chế khác và nguyên nhân.)"]),
        ),
        Section("muc", f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}"),
        Section("text", "", "\n".join(direction_lines(unit, year, rows))),
    ]
    supervisor = parent_in(unit, year) or unit.province  # the one above it then
    addressee = ubnd_of(supervisor)
    if not addressee:
        warnings.append("Ghi nơi nhận báo cáo (ô «Kính gửi») trước khi trình ký.")
    level = unit.prefix.lower()
    return results_report(
        unit,
        year,
        kind=Plan.Kind.DISTRICT_REPORT,
        where=f" trên địa bàn {level}",
        addressee=addressee,
        bases=bases,
        sections=sections,
        recipients=[
            *(["Như trên;"] if addressee else []),
            f"Thường trực cấp ủy, HĐND {level} (để b/c);",
            "UBND các xã;",
            "Lưu: VT.",
        ],
        warnings=warnings,
    )
