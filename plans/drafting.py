"""Drafts of Kế hoạch documents built from the database, in the structure the seed plans use.

Every figure comes from the data at drafting time: statuses (criteria app), targets (this app)
and tasks (assignments app). The wording around the figures is the seeds' boilerplate; the
editor can change any of it afterwards. A builder returns a `Draft`; services.plan_draft
stores it.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import capfirst

from common.numbers import number_vi
from criteria.models import Assessment, Criterion, IndicatorStatus
from criteria.selectors import commune_year
from recognition.models import COMMUNE_TIERS, TIER_NOUNS
from recognition.selectors import in_force_for, tier_figures
from units.models import Role, Unit
from units.selectors import parent_in, placed_below

from .models import (
    CriterionMeasure,
    Plan,
    PlanBasis,
    PlanItem,
    PlanRecipient,
    PlanSection,
    Target,
    format_for,
)
from .selectors import DEFAULTS_PAGE_NAME, items_for

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


def framework_named(framework) -> str:
    """A set as a document names it: «bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn
    2021 - 2025 (318/QĐ-TTg)» – its name and decision, never the app's short name."""
    name = framework.name[0].lower() + framework.name[1:]
    if framework.decision_number and framework.decision_number not in name:
        return f"{name} ({framework.decision_number})"
    return name


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
    """Authority lines, title and name of the unit's leader, if one has an account, signing for
    the people's committee: a leader whose position names no chairmanship signs as chairman."""
    leader = (
        Role.objects.filter(unit=unit, kind=Role.Kind.COMMUNE_LEADER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if leader is None:
        return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", ""
    name = leader.user.full_name or leader.user.get_full_name()
    authority, title, name = signature_block(name, leader.user.position, Plan.Issuer.UBND)
    return (authority, title, name) if authority else ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", name)


_STATE_MARKS = {"T/M ": "TM. ", "K/T ": "KT. "}


def signature_block(
    name: str, position: str, issuer: str, doc_format: str = ""
) -> tuple[str, str, str]:
    """(authority lines, title, name) as `_signature_block`, its «T/M»/«K/T» written «TM.»/
    «KT.» when the document is in the State's format (Decree 30; `doc_format`, by default the
    issuer's): a Ban Chỉ đạo's document switched to it signs «KT. TRƯỞNG BAN»."""
    authority, title, name = _signature_block(name, position, issuer)
    return marks_in(authority, doc_format or format_for(issuer)), title, name


def marks_in(authority: str, doc_format: str) -> str:
    """The authority line with the marks of the document's format: «TM.»/«KT.» in the
    State's (Decree 30), «T/M»/«K/T» in the Party's (HD 36)."""
    pairs = _STATE_MARKS.items()
    if doc_format != Plan.Format.STATE:
        pairs = [(state, party) for party, state in pairs]
    for old, new in pairs:
        if authority.startswith(old):
            return new + authority.removeprefix(old)
    return authority


def _signature_block(name: str, position: str, issuer: str) -> tuple[str, str, str]:
    """(authority lines, title, name) for someone of this position signing a document of
    `issuer`: "Phó Chủ tịch UBND xã" signs «KT. CHỦ TỊCH / PHÓ CHỦ TỊCH», "Quyền Chủ tịch"
    «TM. ỦY BAN NHÂN DÂN / Q. CHỦ TỊCH»; a Party committee's
    secretary «T/M ĐẢNG ỦY / BÍ THƯ» (HD 36: T/M for every member of a cấp ủy); a steering
    committee's head «TRƯỞNG BAN» (under it the office they hold, «BÍ THƯ HUYỆN ỦY», when that
    is how they are named), their deputy «K/T TRƯỞNG BAN»."""
    position = " ".join((position or "").split())
    folded = position.lower()
    committee = {
        Plan.Issuer.DANG_UY: "T/M ĐẢNG ỦY",
        Plan.Issuer.HUYEN_UY: "T/M BAN THƯỜNG VỤ",
    }.get(issuer)
    if committee:
        title = "PHÓ BÍ THƯ" if "phó bí thư" in folded else "BÍ THƯ"
        return committee, title, name
    if issuer == Plan.Issuer.BCD:
        if "phó trưởng ban" in folded:
            return "K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", name
        if position and "trưởng ban" not in folded:
            return "TRƯỞNG BAN", position.upper(), name
        return "", "TRƯỞNG BAN", name
    if "phó chủ tịch" in folded:
        return "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", name
    if "quyền chủ tịch" in folded or folded.startswith("q. chủ tịch"):
        return "TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH", name  # Decree 30: Q. – the acting head
    if "chủ tịch" in folded:
        return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", name
    return "", position.upper(), name


def _number2(n: int) -> str:
    """Counts as the seeds write them: "05 tiêu chí", "02 tiêu chí"."""
    return f"{n:02d}"


def as_of(year: int) -> date:
    """The day a document of `year` speaks of: today, or 31/12 of a year already over."""
    return min(timezone.localdate(), date(year, 12, 31))


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


def reward_lines(tasks) -> list[str]:
    """The rewards the tasks' money is for, as their funding notes say («Khen thưởng đối với
    thôn đạt chuẩn … là 10 triệu đồng/thôn. Nguồn kinh phí: …»), each once."""
    notes = []
    for task in tasks:
        for line in task.funding_lines.all():
            if "thưởng" in line.note.lower() and line.note.strip() not in notes:
                notes.append(line.note.strip())
    return [f"- {note.rstrip('.')}." for note in notes]


def _lower_first(label: str) -> str:
    """ "Đạt chuẩn NTM kiểu mẫu" in running text: "đạt chuẩn NTM kiểu mẫu" (NTM stays)."""
    return label[:1].lower() + label[1:]


def measures_of(commune: Unit, year: int) -> dict[int, CriterionMeasure]:
    """The commune's targets and measures per criterion for the year (plans' "Mục tiêu, giải
    pháp" page), by criterion id."""
    return {m.criterion_id: m for m in CriterionMeasure.objects.filter(unit=commune, year=year)}


def _steps(measures: str) -> list[str]:
    """The commune's measures one a line, without the dash or bullet it typed."""
    steps = (line.strip().lstrip("-–+• ").strip() for line in measures.splitlines())
    return [step for step in steps if step]


def measure_lines(measure: CriterionMeasure | None) -> list[str]:
    """ "- Mục tiêu: …" and "- Giải pháp:" with the commune's lines under it (as bullets)."""
    if measure is None:
        return []
    lines = []
    if measure.target:
        lines.append(f"- Mục tiêu: {' '.join(measure.target.split())}")
    steps = _steps(measure.measures)
    if steps:
        lines.append("- Giải pháp:")
        lines += [f"+ {step.rstrip(';.')};" for step in steps[:-1]]
        lines.append(f"+ {steps[-1].rstrip(';.')}.")
    return lines


def own_items(unit: Unit, year: int, part: str, warnings: list[str]) -> list[tuple[str, str]]:
    """The unit's own items of a part for the year as (heading, text) (plans' page «Giải pháp,
    tổ chức thực hiện …»); carried from an earlier year, the draft says so in `warnings`."""
    items = items_for(unit, year, part)
    if items.rows and items.source:
        warnings.append(
            f"{PlanItem.Part(part).label} lấy từ {items.source}: xem lại và ghi cho năm {year} ở "
            f"trang “{DEFAULTS_PAGE_NAME}”."
        )
    return items.rows


def own_goal_lines(unit: Unit, year: int, warnings: list[str]) -> list[str]:
    """The unit's own targets of the year as lines («- Các xã phấn đấu tăng …»), each line of
    each item, headed by its heading when it has one."""
    lines = []
    for heading, text in own_items(unit, year, PlanItem.Part.GOALS, warnings):
        if heading:
            lines.append(f"{heading.rstrip(':')}:")
        lines += [line.strip() for line in text.splitlines() if line.strip()]
    return lines


def group_sections(rows: list[tuple[str, str]], prefix: str, start: int = 1) -> list[Section]:
    """One khoản per group, numbered «{prefix}{n}.»: its heading over its text, or its text
    alone when it has no heading."""
    return [
        Section("khoan", f"{prefix}{n}. {heading}", text)
        if heading
        else Section("text", "", f"{prefix}{n}. {text}")
        for n, (heading, text) in enumerate(rows, start)
    ]


def criterion_measure_lines(commune: Unit, year: int) -> list[str]:
    """«- Tiêu chí 10, Thu nhập: <target>» with the commune's measures under it («+ …»), for
    each criterion it wrote some for that year, by number."""
    lines = []
    for m in (
        CriterionMeasure.objects.filter(unit=commune, year=year)
        .select_related("criterion")
        .order_by("criterion__number")
    ):
        steps = _steps(m.measures)
        if not m.target and not steps:
            continue
        target = " ".join(m.target.split())
        lines.append(
            f"- Tiêu chí {m.criterion.number}, {m.criterion.name}:"
            + (f" {target}" if target else "")
        )
        lines += [f"+ {step}" for step in steps]
    return lines


def duty_sections(rows: list[tuple[str, str]]) -> list[Section]:
    """§ «Tổ chức thực hiện» from a unit's duties of bodies, numbered 1., 2. …: a body whose
    duties are bullets («- …») heads them (seed 000: «2. Đối với các thôn»); otherwise one
    paragraph «N. Body: duties» (seeds 002, 003), or «N. duties» where the sentence names the
    body itself (seed 001: «3. Giao Phòng Tài chính - Kế hoạch chủ trì …»)."""
    sections: list[Section] = []
    paragraphs: list[str] = []

    def flush():
        if paragraphs:
            sections.append(Section("text", "", "\n".join(paragraphs)))
            paragraphs.clear()

    for n, (body, duties) in enumerate(rows, 1):
        if body and (not duties or duties.lstrip().startswith(("- ", "+ "))):
            flush()
            sections.append(Section("khoan", f"{n}. {body}", duties))
        else:
            paragraphs.append(f"{n}. {body}: {duties}" if body else f"{n}. {duties}")
    flush()
    return sections


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
    goals = own_goal_lines(commune, year_start, warnings)
    if data is None or data.assessment is None:
        warnings.append(
            f"Chưa có kết quả đánh giá năm {year_start} của {unit_label(commune)}: dự thảo chỉ có "
            "khung, cần nhập kết quả các chỉ tiêu rồi lập lại dự thảo."
        )
        total = data.criteria_count if data else 19
        sections += [
            Section(
                "khoan",
                "1. Mục tiêu",
                "\n".join([f"- Phấn đấu đạt {total}/{total} tiêu chí xã NTM.", *goals]),
            ),
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
                "\n".join(
                    [
                        f"- Phấn đấu đạt {total}/{total} tiêu chí xã NTM theo {framework_named(framework)}.",
                        *goals,
                    ]
                ),
            ),
            Section("khoan", "2. Nhiệm vụ", "\n".join(lines)),
        ]
    own = own_items(commune, year_start, PlanItem.Part.MEASURES, warnings)
    if len(own) == 1 and own[0][0].strip().rstrip(":").lower() in ("", "giải pháp"):
        sections.append(Section("khoan", "3. Giải pháp", own[0][1]))  # the commune's own words
    elif own:
        sections.append(Section("khoan", "3. Giải pháp"))
        sections += group_sections(own, "3.")
    else:
        sections.append(
            Section(
                "khoan",
                "3. Giải pháp",
                "- Tiếp tục tăng cường công tác tuyên truyền, phổ biến các chủ trương của Đảng, "
                "chính sách, pháp luật của Nhà nước về Chương trình MTQG xây dựng NTM.\n"
                "- Tăng cường công tác đào tạo, bồi dưỡng cho cán bộ thực hiện Chương trình xây "
                "dựng NTM xã, thôn.",
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
    supervisor = parent_in(commune, year_start)  # the office above it then
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
    if recognised := commune_recognition(commune, as_of(year)):
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
        Section("khoan", "1. Mục tiêu", "\n".join(goal + own_goal_lines(commune, year, warnings))),
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
    own = own_items(commune, year, PlanItem.Part.MEASURES, warnings)
    by_criterion = criterion_measure_lines(commune, year)
    if own or by_criterion:  # the commune's own words, then what it was given to do
        sections.append(Section("khoan", f"{number}. Nhiệm vụ và giải pháp"))
        sections += group_sections(own, f"{number}.")
        sub = len(own)
        for heading, lines in (
            ("Duy trì, nâng cao chất lượng đối với từng tiêu chí nông thôn mới", by_criterion),
            ("Các nhiệm vụ được giao", task_lines),
        ):
            if lines:
                sub += 1
                sections.append(Section("khoan", f"{number}.{sub}. {heading}", "\n".join(lines)))
    else:
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
            "\n".join(
                _task_lines(rewards)
                + reward_lines([t for ts in tasks.values() for t in ts] + others)
            )
            or "(Ghi mức thưởng và nguồn kinh phí.)",
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


def build_draft(unit: Unit, kind: str, year_start: int, year_end: int) -> Draft:
    """The draft of a plan of this kind, every text within its field's bound (fit_draft)."""
    return fit_draft(_build_draft(unit, kind, year_start, year_end))


def _build_draft(unit: Unit, kind: str, year_start: int, year_end: int) -> Draft:
    from .drafting_district import draft_district_annual, draft_district_criteria

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
