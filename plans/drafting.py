"""Drafts of Kế hoạch documents built from the database, in the structure the seed plans use.

Every figure comes from the data at drafting time: statuses (criteria app), targets (this app)
and tasks (assignments app). The wording around the figures is the seeds' boilerplate; the
editor can change any of it afterwards. A builder returns a `Draft`; services.plan_draft
stores it.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import capfirst

from common.numbers import number_vi
from criteria.models import Assessment, Criterion, Framework, IndicatorStatus
from criteria.selectors import commune_year, default_framework, frameworks_for_unit
from recognition.models import COMMUNE_TIERS, TIER_NOUNS
from recognition.selectors import in_force_for, tier_figures
from units.models import Role, Unit
from units.selectors import placed_below

from .models import CriterionMeasure, Plan, PlanBasis, PlanRecipient, PlanSection, Target
from .text import ngay_thang_nam

Status = IndicatorStatus.Status
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


@dataclass
class Section:
    level: str
    heading: str = ""
    body: str = ""


@dataclass
class Draft:
    issuer: str
    kind: str
    body_lines: str
    parent_body: str
    symbol: str
    place: str
    title: str
    opening: str
    closing: str
    authority_lines: str
    signer_title: str
    signer_name: str
    bases: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def unit_label(unit: Unit) -> str:
    """ "xã Cẩm Tân", "huyện Krông Nô" – generic noun lower case, as in running text."""
    return f"{unit.prefix.lower()} {unit.name}".strip()


def _counts(data) -> str:
    """ "12/19 tiêu chí, 28/35 chỉ tiêu": the criteria as the commune page counts them, the
    indicators from the year's maintained summary (criteria.models.Assessment)."""
    a = data.assessment
    return Assessment.format_counts(
        data.met_count, data.criteria_count, a.indicator_met_count, a.indicator_count
    )


def body_lines_for(unit: Unit) -> str:
    return f"ỦY BAN NHÂN DÂN / {unit.prefix.upper()} {unit.name.upper()}".strip()


def signature_for(unit: Unit) -> tuple[str, str, str]:
    """Authority lines, title and name of the unit's leader, if one has an account."""
    leader = (
        Role.objects.filter(unit=unit, kind=Role.Kind.COMMUNE_LEADER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if leader is None:
        return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", ""
    position = leader.user.position.lower()
    name = leader.user.full_name or leader.user.get_full_name()
    if "phó chủ tịch" in position:
        return "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", name
    return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", name


def _number2(n: int) -> str:
    """Counts as the seeds write them: "05 tiêu chí", "02 tiêu chí"."""
    return f"{n:02d}"


def recognised_summary(unit: Unit, on: date | None = None) -> str:
    """ "Kết quả đạt được: đến ngày 06/12/2026, toàn huyện có 12 xã đạt chuẩn nông thôn mới,
    03 xã đạt chuẩn nông thôn mới nâng cao (theo quyết định công nhận)." – the communes that
    exist on `on` (today) and hold each tier by a decision in force (recognition register).
    A tier is never inferred from another tier's set nor from a commune's level goal."""
    on = on or timezone.localdate()
    parts = [
        f"{_number2(len(f.recognised))} xã {f.noun}"
        for f in tier_figures(placed_below(unit, Unit.Kind.COMMUNE), on=on)
        if f.recognised
    ]
    where = f"toàn {unit.prefix.lower()}".strip()
    if not parts:
        return (
            f"Kết quả đạt được: đến ngày {on:%d/%m/%Y}, chưa có quyết định công nhận xã đạt chuẩn "
            f"nào của {unit_label(unit)} được ghi trong hệ thống (bổ sung trước khi trình ký)."
        )
    return (
        f"Kết quả đạt được: đến ngày {on:%d/%m/%Y}, {where} có {', '.join(parts)} "
        "(theo quyết định công nhận)."
    )


def commune_recognition(commune: Unit, on: date | None = None) -> str:
    """ "- Xã đã được công nhận đạt chuẩn nông thôn mới (Quyết định số … ngày … của …)." for the
    tiers the commune holds by a decision in force; "" when it holds none."""
    held = [r for r in in_force_for(commune, on) if r.tier in COMMUNE_TIERS]
    if not held:
        return ""
    return (
        "- Xã đã được công nhận "
        + "; ".join(
            f"{TIER_NOUNS[r.tier]} (Quyết định số {r.decision.number} ngày "
            f"{r.decision.signed_on:%d/%m/%Y} của {r.decision.body})"
            for r in held
        )
        + "."
    )


def _tasks_by_criterion(unit: Unit, years: range) -> dict[int | None, list]:
    """Tasks of a unit for the plan's years, with parties and funding, grouped by criterion id."""
    from assignments.selectors import tasks_for_plan

    grouped: dict[int | None, list] = {}
    for task in tasks_for_plan(unit, years):
        criterion_id = task.criterion_id or (
            task.indicator.criterion_id if task.indicator_id else None
        )
        grouped.setdefault(criterion_id, []).append(task)
    return grouped


def _task_lines(tasks, titles: dict[int, str] | None = None) -> list[str]:
    """ "- Title: description." with its "+ Phân công", "+ Thời gian hoàn thành", "+ Kinh phí"
    lines; `titles` (task pk -> title) writes a task under another title."""
    from common.money import vnd_short

    lines = []
    for task in tasks:
        text = f"- {(titles or {}).get(task.pk, task.title)}"
        if task.description:
            text += f": {task.description}"
        lines.append(text.rstrip(".") + ".")
        parties = "; ".join(f"{p.label} {p.get_role_display().lower()}" for p in task.parties.all())
        if parties:
            lines.append(f"+ Phân công: {parties}.")
        if task.deadline_text:
            lines.append(f"+ Thời gian hoàn thành: {task.deadline_text}.")
        elif task.deadline:
            lines.append(f"+ Thời gian hoàn thành: {task.deadline:%d/%m/%Y}.")
        funding = [f for f in task.funding_lines.all() if f.planned]
        if funding:
            money = "; ".join(f"{f.get_source_display()}: {vnd_short(f.planned)}" for f in funding)
            lines.append(f"+ Kinh phí: {money}.")
    return lines


def _lower_first(label: str) -> str:
    """ "Đạt chuẩn NTM kiểu mẫu" in running text: "đạt chuẩn NTM kiểu mẫu" (NTM stays)."""
    return label[:1].lower() + label[1:]


def measures_of(commune: Unit, year: int) -> dict[int, CriterionMeasure]:
    """The commune's targets and measures per criterion for the year (plans' "Mục tiêu, giải
    pháp" page), by criterion id."""
    return {m.criterion_id: m for m in CriterionMeasure.objects.filter(unit=commune, year=year)}


def measure_lines(measure: CriterionMeasure | None) -> list[str]:
    """ "- Mục tiêu: …" and "- Giải pháp:" with the commune's lines under it (as bullets)."""
    if measure is None:
        return []
    lines = []
    if measure.target:
        lines.append(f"- Mục tiêu: {' '.join(measure.target.split())}")
    steps = [line.strip().lstrip("-–+• ").strip() for line in measure.measures.splitlines()]
    steps = [step for step in steps if step]
    if steps:
        lines.append("- Giải pháp:")
        lines += [f"+ {step.rstrip(';.')};" for step in steps[:-1]]
        lines.append(f"+ {steps[-1].rstrip(';.')}.")
    return lines


def _failing(criterion_row) -> list:
    return [r.status for r in criterion_row.rows if r.status.status != Status.MET]


def draft_commune_consolidation(commune: Unit, year_start: int, year_end: int) -> Draft:
    """Seed 000: "Hiện tại xã đạt X/19 tiêu chí … Còn lại N tiêu chí chưa đạt gồm:"."""
    framework = commune.framework
    period = f"{year_start}-{year_end}"
    warnings = []
    data = commune_year(None, commune, framework, year_start) if framework else None
    sections = [
        Section("muc", "I. MỤC ĐÍCH, YÊU CẦU"),
        Section(
            "khoan",
            "1. Mục đích",
            "Triển khai Chương trình gắn với thực hiện có hiệu quả cơ cấu lại ngành nông nghiệp, "
            "phát triển kinh tế nông thôn; xây dựng nông thôn mới toàn diện, bền vững; nâng cao "
            "đời sống vật chất và tinh thần của người dân nông thôn.",
        ),
        Section(
            "khoan",
            "2. Yêu cầu",
            "- Tập trung chỉ đạo thực hiện các tiêu chí chưa đạt, phân công rõ người, rõ việc, rõ "
            "thời gian hoàn thành.\n- Tiếp tục duy trì và nâng cao chất lượng các tiêu chí đã đạt.",
        ),
        Section("muc", "II. KẾ HOẠCH THỰC HIỆN"),
    ]
    if data is None or data.assessment is None:
        warnings.append(
            f"Chưa có kết quả đánh giá năm {year_start} của {unit_label(commune)}: dự thảo chỉ có "
            "khung, cần nhập kết quả các chỉ tiêu rồi lập lại dự thảo."
        )
        total = data.criteria_count if data else 19
        sections += [
            Section("khoan", "1. Mục tiêu", f"- Phấn đấu đạt {total}/{total} tiêu chí xã NTM."),
            Section(
                "khoan",
                "2. Nhiệm vụ",
                "(Chưa có số liệu đánh giá: bổ sung hiện trạng các tiêu chí.)",
            ),
        ]
        unmet = []
    else:
        total = data.criteria_count
        unmet = data.unmet
        lines = [
            f"Hiện tại xã đạt {_counts(data)} theo bộ tiêu chí giai đoạn "
            f"{framework.period_start}-{framework.period_end}."
            + (
                f" Còn lại {len(unmet)} tiêu chí chưa đạt gồm:"
                if unmet
                else " Xã đã đạt tất cả các tiêu chí."
            )
        ]
        for c in unmet:
            failing = _failing(c)
            detail = "; ".join(
                f"chỉ tiêu {s.indicator.code}{(' – ' + s.note.rstrip('.')) if s.note else ''}"
                for s in failing
            )
            lines.append(
                f"- Tiêu chí số {c.criterion.number} ({c.criterion.name}): {detail}."
                if detail
                else f"- Tiêu chí số {c.criterion.number} ({c.criterion.name})."
            )
        sections += [
            Section(
                "khoan",
                "1. Mục tiêu",
                f"- Phấn đấu đạt {total}/{total} tiêu chí xã NTM theo {framework.short_name or framework.name}.",
            ),
            Section("khoan", "2. Nhiệm vụ", "\n".join(lines)),
        ]
    sections.append(
        Section(
            "khoan",
            "3. Giải pháp",
            "- Tiếp tục tăng cường công tác tuyên truyền, phổ biến các chủ trương của Đảng, chính "
            "sách, pháp luật của Nhà nước về Chương trình MTQG xây dựng NTM.\n"
            "- Tăng cường công tác đào tạo, bồi dưỡng cho cán bộ thực hiện Chương trình xây dựng NTM xã, thôn.",
        )
    )
    if unmet:
        tasks = _tasks_by_criterion(commune, range(year_start, year_end + 1))
        measures = measures_of(commune, year_start)
        sections.append(Section("khoan", "4. Các tiêu chí chưa đạt"))
        for i, c in enumerate(unmet, start=1):
            body = [
                f"Chỉ tiêu {s.indicator.code} ({s.indicator.name}): {s.get_status_display().lower()}"
                + (f". {s.note}" if s.note else ".")
                for s in _failing(c)
            ]
            body += measure_lines(measures.get(c.criterion.pk))
            body += _task_lines(tasks.get(c.criterion.pk, []))
            sections.append(
                Section(
                    "khoan",
                    f"4.{i}. Tiêu chí {c.criterion.number}, {c.criterion.name}:",
                    "\n".join(body),
                )
            )
    sections += [
        Section("muc", "III. TỔ CHỨC THỰC HIỆN"),
        Section(
            "khoan",
            "1. Các công chức chuyên môn, các ban, ngành liên quan, thành viên BCĐ xã",
            "- Chịu trách nhiệm trực tiếp đối với các tiêu chí được giao phụ trách; đánh giá thực tế "
            "các tiêu chí để xã có cơ sở hoàn thiện hồ sơ trình cấp trên thẩm định.",
        ),
        Section(
            "khoan",
            "2. Đối với các thôn",
            "- Rà soát mức độ đạt chuẩn các tiêu chí thôn NTM; vận động Nhân dân duy trì vệ sinh môi "
            "trường, chỉnh trang nhà cửa, vườn hộ.",
        ),
    ]
    title = (
        "Thực hiện củng cố các tiêu chí chưa đạt và nâng cao chất lượng các tiêu chí đã đạt trong "
        f"Bộ tiêu chí quốc gia về xây dựng nông thôn mới giai đoạn {period} trên địa bàn {unit_label(commune)}"
    )
    authority, signer_title, signer = signature_for(commune)
    supervisor = commune.parent
    return Draft(
        issuer=Plan.Issuer.UBND,
        kind=Plan.Kind.CONSOLIDATE,
        body_lines=body_lines_for(commune),
        parent_body="",
        symbol="KH-UBND",
        place=commune.name,
        title=title,
        opening=(
            f"Để hoàn thành mục tiêu xây dựng NTM giai đoạn {period}, UBND {unit_label(commune)} xây "
            "dựng Kế hoạch thực hiện củng cố các tiêu chí chưa đạt và nâng cao chất lượng các tiêu chí "
            "đã đạt với các nội dung sau:"
        ),
        closing=(
            f"Trên đây là Kế hoạch {title[0].lower() + title[1:]}, đề nghị các ban, ngành, đoàn thể, các "
            "thôn theo chức năng, nhiệm vụ được giao tổ chức thực hiện hoàn thành các mục tiêu, chỉ "
            "tiêu theo Kế hoạch đã đề ra./."
        ),
        authority_lines=authority,
        signer_title=signer_title,
        signer_name=signer,
        sections=sections,
        recipients=[
            f"Văn phòng điều phối NTM {unit_label(supervisor)} (để b/c);"
            if supervisor
            else "Văn phòng điều phối NTM (để b/c);",
            "TT Đảng ủy, HĐND xã (để b/c);",
            "Chủ tịch, các PCT UBND xã;",
            "MTTQ và các đoàn thể chính trị;",
            "Thành viên BCĐ các CT MTQG xã;",
            "Các thôn;",
            "Lưu: VT, NN.",
        ],
        warnings=warnings,
    )


def _target_map(units, year: int) -> dict[int, Target]:
    targets = Target.objects.filter(unit__in=units, year=year).prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("number"))
    )
    return {t.unit_id: t for t in targets}


def draft_commune_annual(commune: Unit, year: int) -> Draft:
    """Seed 003: targets per criterion for the year, village targets, rewards, tasks per office."""
    framework = commune.framework
    data = commune_year(None, commune, framework, year) if framework else None
    warnings = []
    since = year
    if framework and (data is None or data.assessment is None):
        # a plan made early in the year stands on the last result there is (seed 003, 3/2024,
        # on the 2023 figures), and says from which year
        earlier = (
            Assessment.objects.filter(commune=commune, framework=framework, year__lt=year)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        if earlier:
            data, since = commune_year(None, commune, framework, earlier), earlier
    villages = list(commune.children.filter(kind=Unit.Kind.VILLAGE).order_by("name"))
    targets = _target_map([commune, *villages], year)
    own = targets.get(commune.pk)
    goal = []
    if data is None or data.assessment is None:
        warnings.append(f"Chưa có kết quả đánh giá năm {year}: dự thảo chỉ có khung.")
        goal.append("- (Bổ sung hiện trạng và mục tiêu các tiêu chí.)")
    else:
        when = f" (kết quả năm {since})" if since != year else ""
        goal.append(
            f"- Hiện xã đạt {_counts(data)}{when}; tiếp tục giữ vững, nâng cao "
            "chất lượng các tiêu chí đã đạt."
        )
        if own and own.criteria.all():
            names = "; ".join(c.name for c in own.criteria.all())
            goal.append(
                f"- Phấn đấu đạt thêm {_number2(len(own.criteria.all()))} tiêu chí ({names})."
            )
        if own:
            goal.append(f"- Mức phấn đấu năm {year}: {_lower_first(own.get_level_display())}.")
    if recognised := commune_recognition(commune):
        goal.insert(0, recognised)  # from the register, whatever the year's results say
    village_lines = [
        f"- Thôn {v.name}: {_lower_first(targets[v.pk].get_level_display())}"
        + (f", {targets[v.pk].deadline_text}" if targets[v.pk].deadline_text else "")
        + "."
        for v in villages
        if v.pk in targets
    ]
    sections = [
        Section("muc", "I. MỤC ĐÍCH, YÊU CẦU"),
        Section(
            "khoan",
            "1. Mục đích",
            "- Nâng cao chất lượng các tiêu chí xã nông thôn mới, tiến tới xã nông thôn mới nâng cao, "
            "thôn nông thôn mới kiểu mẫu.",
        ),
        Section(
            "khoan",
            "2. Yêu cầu",
            "- Sử dụng có hiệu quả các nguồn vốn, phát huy nội lực của cộng đồng dân cư.",
        ),
        Section("muc", "II. MỤC TIÊU, NHIỆM VỤ, GIẢI PHÁP"),
        Section("khoan", "1. Mục tiêu", "\n".join(goal)),
    ]
    number = 1  # the khoản of II are numbered as they are written: no "1." then "3."
    if data and data.assessment:
        rows = ["| Tiêu chí | Hiện trạng | Mục tiêu năm " + str(year) + " |"]
        wanted = {c.pk for c in own.criteria.all()} if own else set()
        measures = measures_of(commune, year)
        for g in data.groups:
            for c in g.criteria:
                now = "Đạt" if c.status == Status.MET else "Chưa đạt"
                aim = (
                    "Phấn đấu đạt"
                    if c.criterion.pk in wanted
                    else ("Duy trì, nâng cao" if c.status == Status.MET else "Tiếp tục thực hiện")
                )
                written = measures.get(c.criterion.pk)
                if written and written.target:  # the commune's own words and figures
                    aim = " ".join(written.target.replace("|", "/").split())
                rows.append(f"| {c.criterion.number}. {c.criterion.name} | {now} | {aim} |")
        number += 1
        sections.append(Section("khoan", f"{number}. Mục tiêu từng tiêu chí", "\n".join(rows)))
    number += 1
    sections.append(
        Section(
            "khoan",
            f"{number}. Xây dựng thôn NTM kiểu mẫu",
            "\n".join(village_lines) if village_lines else "(Chưa giao chỉ tiêu cho thôn.)",
        )
    )
    tasks = _tasks_by_criterion(commune, range(year, year + 1))
    general = tasks.pop(None, [])
    rewards = [t for t in general if "thưởng" in t.title.lower()]
    others = [t for t in general if t not in rewards]
    task_lines = []
    for _criterion_id, items in sorted(tasks.items(), key=lambda kv: items_number(kv[1])):
        task_lines += _task_lines(items)
    task_lines += _task_lines(others)
    number += 1
    sections.append(
        Section(
            "khoan",
            f"{number}. Nhiệm vụ và giải pháp",
            "\n".join(task_lines) or "(Chưa có nhiệm vụ được giao.)",
        )
    )
    number += 1
    sections.append(
        Section(
            "khoan",
            f"{number}. Hình thức khen thưởng",
            "\n".join(_task_lines(rewards)) or "(Ghi mức thưởng và nguồn kinh phí.)",
        )
    )
    sections.append(Section("muc", "III. TỔ CHỨC THỰC HIỆN"))
    sections.append(Section("text", "", _parties_summary(commune, year)))
    authority, signer_title, signer = signature_for(commune)
    title = f"Thực hiện Chương trình mục tiêu quốc gia xây dựng Nông thôn mới {unit_label(commune)}, năm {year}"
    return Draft(
        issuer=Plan.Issuer.UBND,
        kind=Plan.Kind.COMMUNE_ANNUAL,
        body_lines=body_lines_for(commune),
        parent_body="",
        symbol="KH-UBND",
        place=commune.name,
        title=title,
        opening=f"UBND {unit_label(commune)} xây dựng Kế hoạch thực hiện Chương trình MTQG xây dựng Nông thôn mới năm {year} như sau:",
        closing=f"Trên đây là Kế hoạch {title[0].lower() + title[1:]}./.",
        authority_lines=authority,
        signer_title=signer_title,
        signer_name=signer,
        sections=sections,
        recipients=["TT. ĐU-HĐND, UBND, UBMTTQ xã (b/c);", "BCĐ NTM xã;", "Các thôn;", "Lưu: VT."],
        warnings=warnings,
    )


def items_number(tasks) -> int:
    first = tasks[0]
    if first.criterion_id:
        return first.criterion.number
    return first.indicator.criterion.number if first.indicator_id else 99


def _parties_summary(unit: Unit, year: int) -> str:
    """ "1. Đ/c …: chủ trì …" – who is responsible for what, from the tasks."""
    from assignments.selectors import tasks_for_plan

    by_party: dict[str, list[str]] = {}
    for task in tasks_for_plan(unit, range(year, year + 1)):
        for party in task.parties.all():
            by_party.setdefault(party.label, []).append(
                f"{party.get_role_display().lower()} {task.title[0].lower() + task.title[1:]}"
            )
    if not by_party:
        return "Các ban, ngành, đoàn thể và các thôn căn cứ chức năng, nhiệm vụ tổ chức thực hiện Kế hoạch này."
    return "\n".join(
        f"{i}. **{name}**: {'; '.join(items)}."
        for i, (name, items) in enumerate(by_party.items(), start=1)
    )


# Levels of a yearly target that are worked on a higher tier's set than the basic xã NTM one.
HIGHER_TIERS = {
    Target.Level.NANG_CAO: Framework.Level.XA_NTM_NANG_CAO,
    Target.Level.KIEU_MAU: Framework.Level.XA_NTM_KIEU_MAU,
}


def year_framework(commune: Unit, year: int, level: str = Framework.Level.XA_NTM):
    """The set of that tier in force in `year` for the commune (the national one first), so a
    2022 plan counts on 318/QĐ-TTg whatever set the commune is on today; the commune's own set
    when no set of the tier covers the year."""
    if level == Framework.Level.XA_NTM:
        found = default_framework(commune, year)
    else:
        found = next(
            (f for f in frameworks_for_unit(commune, year) if f.level == level and f.covers(year)),
            None,
        )
    if found is None and level == Framework.Level.XA_NTM:
        return commune.framework
    return found


def framework_label(framework: Framework) -> str:
    """ "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025 (318/QĐ-TTg)"."""
    if framework.decision_number and framework.decision_number not in framework.name:
        return f"{framework.name} ({framework.decision_number})"
    return framework.name


def _framework_basis(frameworks) -> str:
    """ "Căn cứ Quyết định số 318/QĐ-TTg ngày 08 tháng 3 năm 2022 của Thủ tướng Chính phủ ban
    hành Bộ tiêu chí … xã nông thôn mới … và Bộ tiêu chí … nâng cao …": the decision of the
    year's sets, one basis for the sets it issued (the first set's decision)."""
    sets = [f for f in frameworks if f]
    first = sets[0]
    same = [f for f in sets if f.decision_number == first.decision_number]
    when = f" {ngay_thang_nam(first.decision_date)}" if first.decision_date else ""
    body = next((f.decision_body for f in same if f.decision_body), "") or "Thủ tướng Chính phủ"
    names = " và ".join(dict.fromkeys(f.name for f in same))
    return f"Căn cứ Quyết định số {first.decision_number}{when} của {body} ban hành {names}"


def district_summary(unit: Unit, year: int):
    """Per commune below the unit that year (the hierarchy of the year): current count, target
    criteria, resulting count – for the district plan.

    Every count is on the xã NTM set in force that year (`framework`), never on the commune's
    set of today nor on another tier's set. A commune whose target that year is a higher tier
    (nâng cao, kiểu mẫu) works on that tier's set: its row says so (`higher`) and the district
    figures on the xã NTM set leave it out."""
    communes = list(
        placed_below(unit, Unit.Kind.COMMUNE, year).select_related("framework").order_by("name")
    )
    targets = _target_map(communes, year)
    framework_of = {}
    by_province: dict[int | None, Framework | None] = {}
    for c in communes:
        if c.province_id not in by_province:
            by_province[c.province_id] = year_framework(c, year)
        framework_of[c.pk] = by_province[c.province_id] or c.framework
    assessments = {}
    # The year's own assessment, else the latest earlier one, on the year's xã NTM set.
    for a in Assessment.objects.filter(commune__in=communes, year__lte=year).order_by(
        "commune_id", "-year"
    ):
        framework = framework_of[a.commune_id]
        if framework is not None and a.framework_id == framework.pk:
            assessments.setdefault(a.commune_id, a)
    rows = []
    for c in communes:
        a = assessments.get(c.pk)
        t = targets.get(c.pk)
        framework = framework_of[c.pk]
        adding = list(t.criteria.all()) if t else []
        current = a.met_count if a else None
        total = (
            a.criteria_count
            if a
            else (Criterion.objects.filter(framework=framework).count() if framework else 0)
        )
        rows.append(
            {
                "commune": c,
                "framework": framework,
                "current": current,
                "total": total,
                "adding": adding,
                "target": t,
                "higher": HIGHER_TIERS.get(t.level) if t else None,
                "after": (current or 0) + len(adding) if current is not None else None,
            }
        )
    return rows


def _average_lines(unit: Unit, rows) -> list[str]:
    """ "- Số tiêu chí bình quân toàn huyện đạt 17,8 tiêu chí/xã trở lên (03 xã đạt 19 tiêu chí,
    …), tính trên 08 xã thực hiện Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025
    (318/QĐ-TTg); không tính 03 xã thực hiện tiêu chí nông thôn mới nâng cao (…)." – one line
    per xã NTM set (one in practice), on the communes assessed on it that work on it that
    year; those working on a higher tier's set are named as left out."""
    where = f"toàn {unit.prefix.lower()}".strip()
    higher = [r for r in rows if r["higher"]]
    by_framework: dict[int, list] = {}
    frameworks = {}
    for r in rows:
        if r["higher"] or r["after"] is None or r["framework"] is None:
            continue
        by_framework.setdefault(r["framework"].pk, []).append(r)
        frameworks[r["framework"].pk] = r["framework"]
    lines = []
    for pk, group in by_framework.items():
        average = sum(r["after"] for r in group) / len(group)
        by_count: dict[int, int] = {}
        for r in group:
            by_count[r["after"]] = by_count.get(r["after"], 0) + 1
        distribution = ", ".join(
            f"{_number2(n)} xã đạt {k} tiêu chí" for k, n in sorted(by_count.items(), reverse=True)
        )
        line = (
            f"- Số tiêu chí bình quân {where} đạt {number_vi(average, 1)} tiêu chí/xã trở lên "
            f"({distribution}), tính trên {_number2(len(group))} xã thực hiện "
            f"{framework_label(frameworks[pk])}"
        )
        if higher:
            tiers = " / ".join(
                noun
                for level, noun in (
                    (Framework.Level.XA_NTM_NANG_CAO, "nâng cao"),
                    (Framework.Level.XA_NTM_KIEU_MAU, "kiểu mẫu"),
                )
                if any(r["higher"] == level for r in higher)
            )
            line += (
                f"; không tính {_number2(len(higher))} xã thực hiện tiêu chí nông thôn mới "
                f"{tiers} ({', '.join(r['commune'].name for r in higher)})"
            )
        lines.append(line + ".")
    return lines


def draft_district_annual(unit: Unit, year: int) -> Draft:
    """Seed 001: the district target and "Xã …: 0N tiêu chí (…names…)" per commune."""
    rows = district_summary(unit, year)
    warnings = []
    missing = [r["commune"].name for r in rows if r["current"] is None]
    if missing:
        warnings.append("Chưa có kết quả đánh giá của: " + ", ".join(missing) + ".")
    if not rows:
        warnings.append(f"{unit_label(unit).capitalize()} chưa có xã nào trong hệ thống.")
    added = sum(len(r["adding"]) for r in rows)
    finishing = [
        r
        for r in rows
        if not r["higher"]
        and r["after"] is not None
        and r["adding"]
        and r["after"] >= r["total"] > r["current"]
    ]
    general = [f"- Phấn đấu hoàn thành tổng cộng thêm {added} tiêu chí;"]
    if finishing:
        general.append(
            f"- {_number2(len(finishing))} xã về đích nông thôn mới năm {year}: "
            + ", ".join(
                f"{r['commune'].name} phấn đấu đạt {_number2(len(r['adding']))} tiêu chí"
                for r in finishing
            )
            + ";"
        )
    general += _average_lines(unit, rows)
    per_commune = [
        f"- {r['commune'].prefix} {r['commune'].name}: {_number2(len(r['adding']))} tiêu chí ({'; '.join(c.name for c in r['adding'])})."
        for r in rows
        if r["adding"]
    ]
    nang_cao = [r for r in rows if r["higher"] == Framework.Level.XA_NTM_NANG_CAO]
    nang_cao_set = (
        year_framework(nang_cao[0]["commune"], year, Framework.Level.XA_NTM_NANG_CAO)
        if nang_cao
        else None
    )
    framework = next((r["framework"] for r in rows if r["framework"]), None) or (
        Framework.objects.filter(key="xa_ntm_2021_2025").first()
    )
    table = ["| Xã | Hiện trạng | Tiêu chí phấn đấu năm " + str(year) + " | Dự kiến cuối năm |"]
    for r in rows:
        now = f"{r['current']}/{r['total']}" if r["current"] is not None else "Chưa đánh giá"
        after = f"{r['after']}/{r['total']}" if r["after"] is not None else "—"
        table.append(
            f"| {r['commune'].name} | {now} | {', '.join(str(c.number) for c in r['adding']) or '—'} | {after} |"
        )
    sections = [
        Section("text", "", recognised_summary(unit)),
        Section("muc", "I. MỤC TIÊU"),
        Section(
            "khoan", f"1. Mục tiêu chung toàn {unit.prefix.lower()} năm {year}", "\n".join(general)
        ),
        Section("khoan", "2. Mục tiêu cụ thể cho từng xã"),
        Section(
            "khoan",
            "2.1. Thực hiện tiêu chí xã nông thôn mới",
            "\n".join(per_commune) or "(Chưa giao chỉ tiêu cho các xã.)",
        ),
        Section(
            "khoan",
            "2.2. Thực hiện tiêu chí xã nông thôn mới nâng cao",
            (
                f"Các xã {', '.join(r['commune'].name for r in nang_cao)} tiếp tục duy trì và "
                "thực hiện các tiêu chí nông thôn mới nâng cao"
                + (f" theo {framework_label(nang_cao_set)}" if nang_cao_set else "")
                + "."
            )
            if nang_cao
            else "(Không có xã phấn đấu đạt chuẩn NTM nâng cao trong năm.)",
        ),
        Section(
            "khoan",
            "2.3. Tổng hợp theo xã",
            (f"Số tiêu chí theo {framework_label(framework)}.\n" if framework else "")
            + "\n".join(table),
        ),
        Section("muc", "II. NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN"),
        Section(
            "text",
            "",
            "1. Kiện toàn Ban chỉ đạo các chương trình mục tiêu quốc gia; phân công nhiệm vụ cho các thành viên.\n"
            "2. Tiếp tục đẩy mạnh công tác tuyên truyền, đào tạo, tập huấn Bộ tiêu chí xây dựng nông thôn mới.\n"
            "3. Các xã phấn đấu đạt chuẩn tập trung các nguồn lực cho các tiêu chí đã đăng ký.",
        ),
        Section("muc", "III. TỔ CHỨC THỰC HIỆN"),
        Section(
            "text",
            "",
            f"1. Giao Văn phòng nông thôn mới {unit_label(unit)} đôn đốc UBND các xã và các phòng, ban, "
            "ngành liên quan triển khai thực hiện kế hoạch này.\n"
            "2. Ban chỉ đạo, Ban quản lý xây dựng nông thôn mới các xã căn cứ kế hoạch này điều chỉnh "
            "kế hoạch của xã cho phù hợp.",
        ),
    ]
    bases = [
        "Căn cứ Quyết định số 263/QĐ-TTg ngày 22 tháng 02 năm 2022 của Thủ tướng Chính phủ phê duyệt Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025",
    ]
    if framework and framework.decision_number:
        bases.append(_framework_basis([framework, nang_cao_set]))
    title = f"Về việc triển khai thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới trên địa bàn {unit_label(unit)} năm {year}"
    return Draft(
        issuer=Plan.Issuer.UBND,
        kind=Plan.Kind.DISTRICT_ANNUAL,
        body_lines=body_lines_for(unit),
        parent_body="",
        symbol="KH-UBND",
        place=unit.name,
        title=title,
        opening=f"Ủy ban nhân dân {unit_label(unit)} ban hành Kế hoạch triển khai thực hiện Chương trình mục tiêu quốc gia về xây dựng nông thôn mới năm {year}. Cụ thể như sau:",
        closing=f"Trên đây là Kế hoạch triển khai thực hiện Chương trình mục tiêu quốc gia về xây dựng nông thôn mới năm {year} trên địa bàn {unit_label(unit)}, yêu cầu các phòng, ban, ngành; UBND các xã và các đơn vị có liên quan tập trung tổ chức thực hiện./.",
        authority_lines="KT. CHỦ TỊCH",
        signer_title="PHÓ CHỦ TỊCH",
        signer_name="",
        bases=bases,
        sections=sections,
        recipients=[
            "BCĐ các chương trình MTQG tỉnh;",
            "Văn phòng Điều phối NTM tỉnh;",
            f"TT. HĐND {unit.prefix.lower()};",
            "Các thành viên BCĐ;",
            "UBND các xã;",
            "Lưu: VT.",
        ],
        warnings=warnings,
    )


CRITERION_PREFIX = re.compile(r"^Tiêu chí\s+(?P<name>[^:]{1,120}?)\s*:\s*(?P<rest>.*)$", re.S)


def _criterion_groups(tasks_by_criterion: dict) -> tuple[list[tuple[str, list]], list]:
    """The district's tasks under their criterion, in the set's order, and the rest (the dossier
    roadmap). A task without a criterion whose title starts "Tiêu chí Giao thông: …" belongs
    under that criterion (a district plan names criteria of the set it worked to, which may
    not be in the catalogue); it is written without the prefix. Returns ([(name, [(task,
    title)])], [(task, title)])."""
    groups: dict[str, list] = {}
    for _criterion_id, items in sorted(
        ((k, v) for k, v in tasks_by_criterion.items() if k is not None),
        key=lambda kv: items_number(kv[1]),
    ):
        first = items[0]
        criterion = first.criterion or first.indicator.criterion
        for task in items:
            match = CRITERION_PREFIX.match(task.title)
            same = match and match["name"].lower() == criterion.name.lower()
            title = capfirst(match["rest"]) if same and match["rest"] else task.title
            groups.setdefault(criterion.name, []).append((task, title))
    rest = []
    for task in tasks_by_criterion.get(None, []):
        match = CRITERION_PREFIX.match(task.title)
        if match and match["rest"]:
            name = capfirst(match["name"].strip())
            key = next((k for k in groups if k.lower() == name.lower()), name)
            groups.setdefault(key, []).append((task, capfirst(match["rest"])))
        else:
            rest.append((task, task.title))
    return list(groups.items()), rest


def _titled_task_lines(pairs) -> list[str]:
    """_task_lines for (task, title to write) pairs."""
    return _task_lines([task for task, _ in pairs], {task.pk: title for task, title in pairs})


def draft_district_criteria(unit: Unit, year: int) -> Draft:
    """Seed 002: the unit's own criteria with named leaders and advisers, and a dossier roadmap.

    Each task is written under its criterion (1.), the others under the roadmap (2.); a heading
    is written only with something under it, and the khoản are numbered in order."""
    groups, roadmap = _criterion_groups(_tasks_by_criterion(unit, range(year, year + 1)))
    level = unit.prefix.lower() or "đơn vị"
    sections = [
        Section("muc", "I. MỤC ĐÍCH, YÊU CẦU"),
        Section(
            "text",
            "",
            "Định hướng mục tiêu, nhiệm vụ, tiến độ, giải pháp thực hiện các nội dung, tiêu chí; làm cơ sở "
            "để các địa phương, các phòng, ngành tập trung lãnh đạo, chỉ đạo, huy động nguồn lực thực hiện.",
        ),
        Section("muc", "II. NỘI DUNG KẾ HOẠCH"),
    ]
    letters = "abcdđeghiklmnopqrstuvxy"
    number = 0
    if groups:
        number += 1
        sections.append(Section("khoan", f"{number}. Thực hiện các tiêu chí {level} nông thôn mới"))
        for i, (name, pairs) in enumerate(groups):
            sections.append(
                Section(
                    "khoan",
                    f"{letters[i % len(letters)]}) Tiêu chí {name}:",
                    "\n".join(_titled_task_lines(pairs)),
                )
            )
    if roadmap:
        number += 1
        sections.append(
            Section(
                "khoan",
                f"{number}. Lộ trình xây dựng hồ sơ trình thẩm định {level} đạt chuẩn nông thôn mới",
                "\n".join(_titled_task_lines(roadmap)),
            )
        )
    if not groups and not roadmap:
        sections.append(Section("text", "", "(Chưa có nhiệm vụ được giao cho đơn vị trong năm.)"))
    sections += [
        Section("muc", "III. TỔ CHỨC THỰC HIỆN"),
        Section(
            "text",
            "",
            "Các phòng, ngành phụ trách tiêu chí theo nội dung được phân công, soát xét, đánh giá mức độ đạt "
            "chuẩn, lập kế hoạch thực hiện tiêu chí; Văn phòng điều phối NTM chủ trì, tham mưu hoàn thiện hồ sơ theo lộ trình.",
        ),
    ]
    title = f"Xây dựng {unit_label(unit)} đạt chuẩn nông thôn mới năm {year}"
    return Draft(
        issuer=Plan.Issuer.BCD,
        kind=Plan.Kind.DISTRICT_CRITERIA,
        body_lines="BAN CHỈ ĐẠO XÂY DỰNG NÔNG THÔN MỚI",
        parent_body=f"UBND {unit.prefix.upper()} {unit.name.upper()}",
        symbol="KH/BCĐ",  # «Số 07-KH/BCĐ» (seed 002): the Party's order
        place=unit.name,
        title=title,
        opening=f"Ban chỉ đạo chương trình MTQG xây dựng nông thôn mới {unit_label(unit)} xây dựng Kế hoạch {title[0].lower() + title[1:]} như sau:",
        closing=f"Trên đây là kế hoạch {title[0].lower() + title[1:]}; yêu cầu các địa phương, các phòng, ngành, thành viên BCĐ nghiêm túc triển khai thực hiện./.",
        authority_lines="TRƯỞNG BAN",
        signer_title="",
        signer_name="",
        sections=sections,
        recipients=[
            "UBND " + unit_label(unit) + ";",
            "Các thành viên BCĐ;",
            "Các phòng, ban, ngành, đoàn thể;",
            "UBND các xã;",
            "Lưu: VT.",
        ],
        warnings=[]
        if groups or roadmap
        else ["Chưa có nhiệm vụ nào của đơn vị trong năm: dự thảo chỉ có khung."],
    )


def build_draft(unit: Unit, kind: str, year_start: int, year_end: int) -> Draft:
    """The draft of a plan of this kind, every text within its field's bound (fit_draft)."""
    return fit_draft(_build_draft(unit, kind, year_start, year_end))


def _build_draft(unit: Unit, kind: str, year_start: int, year_end: int) -> Draft:
    if kind == Plan.Kind.CONSOLIDATE:
        return draft_commune_consolidation(unit, year_start, year_end)
    if kind == Plan.Kind.COMMUNE_ANNUAL:
        return draft_commune_annual(unit, year_start)
    if kind == Plan.Kind.DISTRICT_ANNUAL:
        return draft_district_annual(unit, year_start)
    if kind == Plan.Kind.DISTRICT_CRITERIA:
        return draft_district_criteria(unit, year_start)
    return Draft(
        issuer=Plan.Issuer.UBND,
        kind=Plan.Kind.BLANK,
        body_lines=body_lines_for(unit),
        parent_body="",
        symbol="KH-UBND",
        place=unit.name,
        title="",
        opening="",
        closing="Trên đây là Kế hoạch …./.",
        authority_lines="TM. ỦY BAN NHÂN DÂN",
        signer_title="CHỦ TỊCH",
        signer_name="",
        recipients=["Lưu: VT."],
    )


# --- bounds ---------------------------------------------------------------------------------

CUT_NOTE = (
    "… (Dự thảo lược bớt {cut} ký tự cuối cho vừa giới hạn {limit} ký tự của {what}; "
    "xem đầy đủ trong số liệu gốc: nhiệm vụ, kết quả đánh giá.)"
)


def fit(text: str, limit: int, what: str) -> str:
    """The text if it fits, else its beginning (at a line end when one is near) and a note,
    starting with "…", saying how much was left out: never longer than `limit`."""
    if len(text) <= limit:
        return text
    widest = CUT_NOTE.format(cut=number_vi(len(text), 0), limit=number_vi(limit, 0), what=what)
    room = limit - len(widest) - 1
    head = text[:room]
    line_end = head.rfind("\n")
    if line_end > room * 3 // 4:
        head = head[:line_end]
    head = head.rstrip()
    note = CUT_NOTE.format(
        cut=number_vi(len(text) - len(head), 0), limit=number_vi(limit, 0), what=what
    )
    separator = "\n" if "\n" in text else " "
    return f"{head}{separator}{note}"


def fit_draft(draft: Draft) -> Draft:
    """Cut what is longer than its field allows, visibly ("…" and a note in the text) and with
    a warning naming the place, so a draft from a huge task or a long list of communes can be
    stored, edited and printed (issue 13). Nothing is cut silently."""

    def bounded(model, field: str, text: str, what: str, where: str) -> str:
        limit = model._meta.get_field(field).max_length
        if len(text) <= limit:
            return text
        draft.warnings.append(
            f"{where} dài {number_vi(len(text), 0)} ký tự, quá giới hạn {number_vi(limit, 0)} "
            "ký tự: dự thảo đã lược bớt phần cuối (đánh dấu “…”). Kiểm tra lại trước khi trình ký."
        )
        return fit(text, limit, what)

    for name, what in (("title", "trích yếu"), ("opening", "đoạn mở đầu"), ("closing", "đoạn kết")):
        text = getattr(draft, name)
        setattr(draft, name, bounded(Plan, name, text, what, capfirst(what)))
    draft.bases = [
        bounded(PlanBasis, "text", text, "một căn cứ", f"Căn cứ thứ {i}")
        for i, text in enumerate(draft.bases, start=1)
    ]
    for section in draft.sections:
        where = f"Mục “{section.heading}”" if section.heading else "Một đoạn văn"
        section.heading = bounded(PlanSection, "heading", section.heading, "tiêu đề", where)
        section.body = bounded(PlanSection, "body", section.body, "một mục", where)
    draft.recipients = [
        bounded(PlanRecipient, "text", text, "một nơi nhận", f"Nơi nhận thứ {i}")
        for i, text in enumerate(draft.recipients, start=1)
    ]
    return draft
