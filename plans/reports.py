"""Drafts of a commune's recognition documents, built from the database: the «Báo cáo kết quả
xây dựng nông thôn mới năm …» (BC-UBND) and the «Tờ trình đề nghị thẩm định, xét công nhận»
(TTr-UBND) – the report and the request of a recognition dossier (QĐ 18/2022/QĐ-TTg;
shared/reference/cong-nhan-ntm.md §4–6).

Every figure comes from the data at drafting time: the year's assessment and its maintained
counts (criteria), the verified copies (the office's thẩm tra), the tasks (assignments) and the
commune's dossier (dossiers). Where the data has nothing, the draft says so in brackets for the
commune to write, and a warning names it; nothing is made up. The layout, the header, the
signature and "./." are the plans' own (plans.drafting builds the Kế hoạch drafts the same
way); services.plan_draft stores the `Draft` returned here, with its type, «Kính gửi» and tier.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import F
from django.utils import timezone
from django.utils.text import capfirst

from common.numbers import number_vi
from criteria.models import Assessment, CriterionResult, Framework, IndicatorStatus
from criteria.selectors import CommuneYear, commune_year, frameworks_for_unit
from recognition.models import TIER_NOUNS
from units.models import Unit, UnitFact
from units.selectors import facts_on, parent_in, province_in

from .drafting import (
    Draft,
    Section,
    body_lines_for,
    fit_draft,
    framework_named,
    signature_for,
    unit_label,
)
from .models import TIER_CHOICES, Plan, default_symbol
from .text import month_vi, ngay_thang_nam

Status = IndicatorStatus.Status
# QĐ 18/2022/QĐ-TTg, signed 02/8/2022 (cong-nhan-ntm.md §1): the recognition procedure
PROCEDURE_BASIS = (
    "Căn cứ Quyết định số 18/2022/QĐ-TTg ngày 02 tháng 8 năm 2022 của Thủ tướng Chính phủ quy "
    "định điều kiện, trình tự, thủ tục, hồ sơ xét, công nhận, công bố và thu hồi quyết định công "
    "nhận địa phương đạt chuẩn nông thôn mới, đạt chuẩn nông thôn mới nâng cao, đạt chuẩn nông "
    "thôn mới kiểu mẫu và hoàn thành nhiệm vụ xây dựng nông thôn mới giai đoạn 2021 - 2025"
)


@dataclass
class ReportDraft(Draft):
    """A Draft with what a báo cáo or tờ trình adds: its type, «Kính gửi» (ô 9a) and tier."""

    doc_type: str = Plan.DocType.BAO_CAO
    addressee: str = ""
    tier: str = ""


def build_report_draft(unit: Unit, kind: str, year: int, *, tier: str = "") -> ReportDraft:
    """The draft of a báo cáo or tờ trình of this kind, every text within its field's bound."""
    if kind == Plan.Kind.COMMUNE_REPORT:
        return fit_draft(draft_commune_report(unit, year))
    if kind == Plan.Kind.COMMUNE_PROPOSAL:
        return fit_draft(draft_commune_proposal(unit, year, tier))
    raise ValueError(f"not a report kind: {kind}")


# --- shared pieces --------------------------------------------------------------------------


def ubnd_of(unit: Unit | None) -> str:
    """ "Ủy ban nhân dân tỉnh Hà Tĩnh" (App. II: the type of body capitalised, then the unit)."""
    return f"Ủy ban nhân dân {unit_label(unit)}" if unit is not None else ""


def _short_date(d: date) -> str:
    """ "08/3/2022": dates in the body, the seeds' house style (Decree 30 padding)."""
    return f"{d.day:02d}/{month_vi(d.month)}/{d.year}"


def framework_basis(framework: Framework) -> str:
    """ "Căn cứ Quyết định số 318/QĐ-TTg ngày 08 tháng 3 năm 2022 của Thủ tướng Chính phủ ban
    hành Bộ tiêu chí …" from the framework's own decision (number, date, body); only its name
    when no decision is recorded."""
    if not framework.decision_number:
        return f"Căn cứ {framework.name}"
    text = f"Căn cứ Quyết định số {framework.decision_number}"
    if framework.decision_date:
        text += f" {ngay_thang_nam(framework.decision_date)}"
    if framework.decision_body:
        text += f" của {framework.decision_body}"
    return f"{text} ban hành {framework.name[0].lower()}{framework.name[1:]}"


@dataclass
class YearResults:
    """A commune's year on one framework, as the report and the request write it."""

    data: CommuneYear
    verified: dict[int, str]  # criterion id -> CriterionResult.verified_status ("" = none)

    @property
    def assessment(self) -> Assessment:
        return self.data.assessment

    @property
    def is_verified(self) -> bool:
        return self.assessment.verified_met_count is not None

    def criterion_rows(self):
        return [c for g in self.data.groups for c in g.criteria]

    def unmet(self) -> list[tuple]:
        """(criterion row, [indicator statuses not met]) for each criterion not met by the
        self-assessment or by the verified results, in the framework's order."""
        result = []
        for row in self.criterion_rows():
            verified = self.verified.get(row.criterion.pk, "")
            if row.status == Status.MET and verified in ("", Status.MET):
                continue
            failing = [
                r.status
                for r in row.rows
                if r.status.status != Status.MET or r.status.verified_status not in ("", Status.MET)
            ]
            result.append((row, failing))
        return result


def year_results(commune: Unit, framework: Framework, year: int) -> YearResults | None:
    """The year's results on the framework (criteria.selectors.commune_year, read as the system),
    with each criterion's verified status; None when the year has no assessment."""
    data = commune_year(None, commune, framework, year)
    if data.assessment is None:
        return None
    verified = dict(
        CriterionResult.objects.filter(assessment=data.assessment).values_list(
            "criterion_id", "verified_status"
        )
    )
    return YearResults(data=data, verified=verified)


def counts_lines(results: YearResults, framework: Framework, year: int) -> list[str]:
    """ "Năm 2024, theo bộ tiêu chí …, xã tự đánh giá đạt 17/19 tiêu chí, 54/56 chỉ tiêu." and
    the verified figure (or that there is none yet), from the maintained summary."""
    a = results.assessment
    lines = [f"Năm {year}, theo {framework_named(framework)}, xã tự đánh giá đạt {a.counts_text}."]
    if results.is_verified:
        when = f" ngày {_short_date(timezone.localdate(a.verified_at))}" if a.verified_at else ""
        still = "" if a.state == Assessment.State.VERIFIED else " (sau đó xã đã cập nhật lại)"
        lines.append(f"Kết quả thẩm tra{when}{still}: xã đạt {a.verified_counts_text}.")
    else:
        lines.append(
            f"Kết quả năm {year} chưa được thẩm tra (trạng thái: {a.get_state_display().lower()})."
        )
    return lines


def criteria_table(results: YearResults) -> str:
    """Every criterion with its self-assessed and verified status ("—" before verification)."""
    rows = ["| TT | Tiêu chí | Tự đánh giá | Thẩm tra |"]
    for row in results.criterion_rows():
        verified = results.verified.get(row.criterion.pk, "")
        rows.append(
            f"| {row.criterion.number} | {row.criterion.name} | {Status(row.status).label} | "
            f"{Status(verified).label if verified else '—'} |"
        )
    return "\n".join(rows)


def _indicator_line(status: IndicatorStatus) -> str:
    text = (
        f"+ Chỉ tiêu {status.indicator.code} ({status.indicator.name}): "
        f"{status.get_status_display().lower()}"
    )
    if status.verified_status and status.verified_status != status.status:
        text += f" (thẩm tra: {Status(status.verified_status).label.lower()})"
    note = " ".join(status.note.split()).rstrip(".")
    return text + (f"; {note}." if note else ".")


def unmet_lines(results: YearResults) -> list[str]:
    """ "- Tiêu chí số 17 (Môi trường …): chưa đạt." then "+ Chỉ tiêu 17.1 (…): chưa đạt; note."."""
    lines = []
    for row, failing in results.unmet():
        lines.append(
            f"- Tiêu chí số {row.criterion.number} ({row.criterion.name}): "
            f"{Status(row.status).label.lower()}."
        )
        lines += [_indicator_line(s) for s in failing]
    return lines


def _missing_assessment(commune: Unit, year: int) -> str:
    return (
        f"Chưa có kết quả đánh giá năm {year} của {unit_label(commune)}: dự thảo chỉ có khung, "
        "cần nhập kết quả các chỉ tiêu rồi lập lại dự thảo."
    )


# --- Báo cáo kết quả xây dựng nông thôn mới năm N --------------------------------------------


# how each dated figure reads in a sentence (units.models.UnitFact.Kind)
FACT_WORDS = {
    UnitFact.Kind.AREA: ("diện tích tự nhiên", "km²", 2),
    UnitFact.Kind.POPULATION: ("dân số", "người", 0),
    UnitFact.Kind.HOUSEHOLDS: ("", "hộ", 0),
    UnitFact.Kind.VILLAGES: ("", "thôn, khu dân cư", 0),
}


def facts_sentence(unit: Unit, on: date) -> str:
    """ "Xã có diện tích tự nhiên 24,5 km² (01/01/2024), dân số 8.512 người (01/04/2024), 2.130
    hộ (…), 9 thôn, khu dân cư (…)." from the unit's dated figures as of `on`; "" without any."""
    facts = facts_on([unit], on).get(unit.pk, {})
    parts = []
    for kind, (words, measure, places) in FACT_WORDS.items():
        if fact := facts.get(kind):
            value = f"{number_vi(fact.value, places)} {measure}"
            parts.append(f"{words} {value}".strip() + f" (tính đến {fact.as_of:%d/%m/%Y})")
    if not parts:
        return ""
    return f"{capfirst(unit_label(unit))} có {', '.join(parts)}."


def _no_results(commune: Unit, framework, year: int, warnings: list[str]) -> Section:
    """The place of a year without results: a bracket for the commune to fill, and a warning
    when the set is known but the year was not assessed."""
    if framework is not None:
        warnings.append(_missing_assessment(commune, year))
    return Section(
        "text",
        "",
        f"(Chưa có kết quả đánh giá năm {year} trong hệ thống: bổ sung kết quả thực hiện các "
        "tiêu chí.)",
    )


def draft_commune_report(commune: Unit, year: int) -> ReportDraft:
    """«BÁO CÁO Kết quả xây dựng nông thôn mới năm N»: I. the criteria (counts, a table, the
    indicators not met), II. what is not met, III. the tasks ahead (from assignments)."""
    framework = report_framework(commune, year)
    warnings = []
    results = year_results(commune, framework, year) if framework else None
    sections = [Section("muc", "I. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ")]
    if situation := facts_sentence(commune, date(year, 12, 31)):
        sections.append(Section("text", "", situation))
    if framework is None:
        warnings.append(f"{capfirst(unit_label(commune))} chưa được gán bộ tiêu chí.")
    if results is None:
        sections.append(_no_results(commune, framework, year, warnings))
        shortfalls = ["(Bổ sung các tiêu chí, chỉ tiêu chưa đạt.)"]
    else:
        sections += [
            Section("khoan", "1. Kết quả chung", "\n".join(counts_lines(results, framework, year))),
            Section("khoan", "2. Kết quả từng tiêu chí", criteria_table(results)),
        ]
        unmet = results.unmet()
        if unmet:
            sections.append(
                Section("khoan", "3. Các tiêu chí chưa đạt", "\n".join(unmet_lines(results)))
            )
        shortfalls = _shortfalls(results, unmet)
    sections += [
        Section("muc", "II. TỒN TẠI, HẠN CHẾ"),
        Section("text", "", "\n".join(shortfalls)),
        Section("muc", f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}"),
        Section("text", "", "\n".join(_directions(commune, year))),
    ]
    addressee = ubnd_of(parent_in(commune, year) or commune.province)  # the one above it then
    recipients = ["Như trên;"] if addressee else []
    recipients += [
        "TT Đảng ủy, HĐND xã (để b/c);",
        "Ủy ban MTTQ và các tổ chức chính trị - xã hội xã (để tham gia ý kiến);",
        "Các thôn;",
        "Lưu: VT.",
    ]
    return results_report(
        commune,
        year,
        kind=Plan.Kind.COMMUNE_REPORT,
        addressee=addressee,
        sections=sections,
        recipients=recipients,
        warnings=warnings,
    )


def results_report(unit: Unit, year: int, *, kind: str, where: str = "", **parts) -> ReportDraft:
    """The «BÁO CÁO Kết quả xây dựng nông thôn mới năm N» of the unit's People's Committee
    around its `parts` (addressee, sections, recipients, warnings, bases): the header, the
    trích yếu, the opening («… báo cáo kết quả … năm N[ where] như sau:»), the closing and the
    leader's signature, as the commune's and the district's reports share them."""
    authority, signer_title, signer = signature_for(unit)
    return ReportDraft(
        issuer=Plan.Issuer.UBND,
        kind=kind,
        doc_type=Plan.DocType.BAO_CAO,
        body_lines=body_lines_for(unit),
        parent_body="",
        symbol=default_symbol(Plan.DocType.BAO_CAO),
        place=unit.name,
        title=f"Kết quả xây dựng nông thôn mới năm {year}",
        opening=(
            f"Ủy ban nhân dân {unit_label(unit)} báo cáo kết quả xây dựng nông thôn mới năm "
            f"{year}{where} như sau:"
        ),
        closing=(
            f"Trên đây là Báo cáo kết quả xây dựng nông thôn mới năm {year} của Ủy ban nhân dân "
            f"{unit_label(unit)}./."
        ),
        authority_lines=authority,
        signer_title=signer_title,
        signer_name=signer,
        **parts,
    )


def report_framework(commune: Unit, year: int) -> Framework | None:
    """The set the year's report is on: the commune's own set when the year is assessed on it
    (as the Kế hoạch drafts read it), else the set the year is assessed on (the basic tier
    first), else the commune's own set (the draft then says the year has no results)."""
    years = Assessment.objects.filter(commune=commune, year=year).select_related("framework")
    assessed = {a.framework_id: a.framework for a in years.order_by("framework__level", "pk")}
    if commune.framework_id in assessed or not assessed:
        return commune.framework
    return next(iter(assessed.values()))


def _shortfalls(results: YearResults, unmet) -> list[str]:
    if not unmet:
        a = results.assessment
        return [
            f"- Xã đạt {a.met_count}/{a.criteria_count} tiêu chí theo kết quả tự đánh giá; cần "
            "tiếp tục duy trì, nâng cao chất lượng các tiêu chí đã đạt.",
            "- (UBND xã bổ sung những tồn tại, hạn chế khác nếu có.)",
        ]
    criteria = "; ".join(f"số {row.criterion.number} ({row.criterion.name})" for row, _ in unmet)
    codes = [s.indicator.code for _, failing in unmet for s in failing]
    lines = [f"- Còn {len(unmet)} tiêu chí chưa đạt: {criteria}."]
    if codes:
        lines.append(f"- Còn {len(codes)} chỉ tiêu chưa đạt: {', '.join(codes)}.")
    lines.append("- Nguyên nhân: (UBND xã bổ sung nguyên nhân của các tồn tại, hạn chế.)")
    return lines


def _directions(commune: Unit, year: int) -> list[str]:
    """The next year's tasks (assignments); else this year's unfinished ones; else a placeholder
    for the commune to write."""
    from assignments.models import Task
    from assignments.selectors import tasks_for_plan

    from .drafting import _task_lines  # the Kế hoạch's own task lines (parties, deadline, money)

    ahead = list(tasks_for_plan(commune, [year + 1]))
    if ahead:
        return [f"Các nhiệm vụ năm {year + 1} đã giao:", *_task_lines(ahead)]
    open_tasks = [t for t in tasks_for_plan(commune, [year]) if t.status != Task.Status.DONE]
    if open_tasks:
        return [f"Tiếp tục thực hiện các nhiệm vụ năm {year} chưa hoàn thành:"] + _task_lines(
            open_tasks
        )
    return [
        f"(Chưa có nhiệm vụ năm {year + 1} trong hệ thống: UBND xã xây dựng phương hướng, "
        "nhiệm vụ, giải pháp cho năm tới.)"
    ]


# --- Tờ trình đề nghị thẩm định, xét công nhận ---------------------------------------------


def tier_noun(tier: str) -> str:
    """ "đạt chuẩn nông thôn mới nâng cao" (recognition's own wording of each tier)."""
    return TIER_NOUNS.get(tier, "đạt chuẩn nông thôn mới")


def tier_framework(commune: Unit, year: int, tier: str) -> tuple[Framework | None, bool]:
    """The set the tier is judged on (never another tier's set): the one the commune has an
    assessment of in the year, else the commune's own if of that level, else one in force for
    it (a province's own set before the national one). The flag says whether the year has an
    assessment on it."""
    own_first = F("framework__province_id").desc(nulls_last=True)  # the province's own set
    assessment = (
        Assessment.objects.filter(commune=commune, year=year, framework__level=tier)
        .select_related("framework")
        .order_by(own_first, "framework__key")
        .first()
    )
    if assessment is not None:
        return assessment.framework, True
    if commune.framework is not None and commune.framework.level == tier:
        return commune.framework, False
    in_force = frameworks_for_unit(commune, year).filter(level=tier)
    return in_force.order_by(F("province_id").desc(nulls_last=True), "key").first(), False


def _dossier(commune: Unit, tier: str, year: int):
    from dossiers.selectors import commune_dossiers

    return next((d for d in commune_dossiers(commune) if d.tier == tier and d.year == year), None)


def dossier_lines(dossier) -> list[str]:
    """The dossier's documents in force, each with its status, and how many required ones are
    ready (dossiers.selectors.readiness)."""
    items = [i for i in dossier.items.all() if not i.checklist_item.is_retired]
    rows = ["| TT | Hồ sơ | Bắt buộc | Tình trạng |"]
    rows += [
        f"| {n} | {i.checklist_item.name} | {'Có' if i.checklist_item.required else 'Không'} | "
        f"{i.get_status_display()} |"
        for n, i in enumerate(items, start=1)
    ]
    readiness = dossier.readiness
    lines = [
        f"Hồ sơ đề nghị công nhận gồm {len(items)} thành phần (trạng thái trong hệ thống: "
        f"{dossier.get_state_display().lower()}); đã có {readiness.done}/{readiness.total} hồ sơ "
        "bắt buộc:"
    ]
    return [*lines, *rows]


def draft_commune_proposal(commune: Unit, year: int, tier: str) -> ReportDraft:
    """«TỜ TRÌNH Về việc thẩm định, xét, công nhận xã … đạt chuẩn nông thôn mới năm …»
    (cong-nhan-ntm.md §6): căn cứ, results, the dossier's documents, the request."""
    if tier not in dict(TIER_CHOICES):
        raise ValueError(f"not a commune tier: {tier}")
    noun = tier_noun(tier)
    label = unit_label(commune)
    warnings = []
    province = province_in(commune, year) or commune.province  # the province of that year
    addressee = ubnd_of(province)
    warnings.append(
        f"«Kính gửi» mặc định là {addressee or 'cấp có thẩm quyền'}: cơ quan nhận tờ trình "
        "từ 01/7/2025 chưa được xác nhận, kiểm tra và sửa trước khi trình ký."
    )
    framework, assessed = tier_framework(commune, year, tier)
    bases = [PROCEDURE_BASIS]
    if framework is not None:
        bases.append(framework_basis(framework))
    else:
        warnings.append(
            f"Không có bộ tiêu chí {noun.removeprefix('đạt chuẩn ')} áp dụng cho {label} năm "
            f"{year}: bổ sung căn cứ."
        )
    results = year_results(commune, framework, year) if assessed else None
    sections = [Section("muc", "I. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ")]
    if results is None:
        sections.append(_no_results(commune, framework, year, warnings))
    else:
        lines = counts_lines(results, framework, year)
        unmet = results.unmet()
        if unmet:
            lines.append("Các tiêu chí chưa đạt:")
            lines += unmet_lines(results)
            warnings.append(
                f"Theo số liệu năm {year}, {label} còn {len(unmet)} tiêu chí chưa đạt: kiểm tra "
                "trước khi trình đề nghị công nhận."
            )
        elif not results.is_verified:
            warnings.append(f"Kết quả năm {year} chưa được thẩm tra.")
        sections.append(Section("text", "", "\n".join(lines)))
    sections.append(Section("muc", "II. HỒ SƠ KÈM THEO"))
    dossier = _dossier(commune, tier, year)
    if dossier is None:
        warnings.append(
            f"Chưa mở hồ sơ đề nghị công nhận {label} {noun} năm {year} trong hệ thống: "
            "bổ sung danh mục hồ sơ kèm theo."
        )
        sections.append(
            Section(
                "text", "", "(Liệt kê các hồ sơ gửi kèm tờ trình: chưa có hồ sơ trong hệ thống.)"
            )
        )
    else:
        sections.append(Section("text", "", "\n".join(dossier_lines(dossier))))
        if dossier.readiness.missing:
            warnings.append("Hồ sơ bắt buộc chưa có: " + "; ".join(dossier.readiness.missing) + ".")
    to = addressee or "cấp có thẩm quyền"
    sections += [
        Section("muc", "III. ĐỀ NGHỊ"),
        Section(
            "text",
            "",
            f"UBND {label} kính đề nghị {to} thẩm định, xét công nhận {label} {noun} năm {year}.",
        ),
    ]
    authority, signer_title, signer = signature_for(commune)
    return ReportDraft(
        issuer=Plan.Issuer.UBND,
        kind=Plan.Kind.COMMUNE_PROPOSAL,
        doc_type=Plan.DocType.TO_TRINH,
        addressee=addressee,
        tier=tier,
        body_lines=body_lines_for(commune),
        parent_body="",
        symbol=default_symbol(Plan.DocType.TO_TRINH),
        place=commune.name,
        title=f"Về việc thẩm định, xét, công nhận {label} {noun} năm {year}",
        opening=(
            f"Ủy ban nhân dân {label} trình đề nghị thẩm định, xét công nhận {label} {noun} năm "
            f"{year} với các nội dung sau:"
        ),
        closing=f"Ủy ban nhân dân {label} kính trình {to} xem xét, quyết định./.",
        authority_lines=authority,
        signer_title=signer_title,
        signer_name=signer,
        bases=bases,
        sections=sections,
        recipients=["Như trên;", "Lưu: VT."],
        warnings=warnings,
    )
