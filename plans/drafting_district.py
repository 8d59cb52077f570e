"""Drafts of the district's (after 2025, the province's) plans, from the data: the yearly plan
with each commune's target (seed 001, Krông Nô) and the plan to reach the district-level criteria
with its dossier roadmap (seed 002, the BCĐ of Cẩm Xuyên). Shared parts in plans.drafting."""

import re

from django.utils.text import capfirst

from common.numbers import number_vi
from criteria.models import Assessment, Criterion, CriterionResult, Framework, IndicatorStatus
from criteria.selectors import default_framework, frameworks_for_unit
from units.models import Unit
from units.selectors import placed_below, placed_in

from .drafting import (
    Draft,
    Section,
    _number2,
    _target_map,
    _task_lines,
    _tasks_by_criterion,
    as_of,
    body_lines_for,
    group_sections,
    items_number,
    own_goal_lines,
    own_items,
    recognised_summary,
    unit_label,
)
from .models import Plan, PlanItem, Target
from .text import ngay_thang_nam

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


def communes_of_year(unit: Unit, year: int) -> tuple[list[Unit], dict[int, Framework | None]]:
    """The communes below `unit` in `year` (the hierarchy of that year), by name, and for each
    the xã NTM set in force that year in its province (year_framework, once per province; the
    commune's own set when none covers the year)."""
    communes = placed_in(
        placed_below(unit, Unit.Kind.COMMUNE, year)
        .select_related("framework", "parent")
        .order_by("name"),
        year,
    )
    by_province: dict[int | None, Framework | None] = {}
    framework_of = {}
    for c in communes:
        if c.province_id not in by_province:
            by_province[c.province_id] = year_framework(c, year)
        framework_of[c.pk] = by_province[c.province_id] or c.framework
    return communes, framework_of


def district_summary(unit: Unit, year: int):
    """Per commune below the unit that year (the hierarchy of the year): current count, target
    criteria, resulting count – for the district plan.

    Every count is on the xã NTM set in force that year (`framework`), never on the commune's
    set of today nor on another tier's set. A commune whose target that year is a higher tier
    (nâng cao, kiểu mẫu) works on that tier's set: its row says so (`higher`) and the district
    figures on the xã NTM set leave it out."""
    communes, framework_of = communes_of_year(unit, year)
    targets = _target_map(communes, year)
    assessments = {}
    # The year's own assessment, else the latest earlier one, on the year's xã NTM set.
    for a in Assessment.objects.filter(commune__in=communes, year__lte=year).order_by(
        "commune_id", "-year"
    ):
        framework = framework_of[a.commune_id]
        if framework is not None and a.framework_id == framework.pk:
            assessments.setdefault(a.commune_id, a)
    # a target's criteria already met in that assessment (it may be the year's own, updated
    # since the target was set) add nothing to the count at the end of the year: the results
    # of the targeted criteria only, none read when no target names one
    targeted = {c.pk for t in targets.values() for c in t.criteria.all()}
    met: dict[int, set[int]] = {}
    for assessment_id, criterion_id in (
        CriterionResult.objects.filter(
            assessment__in=[a.pk for a in assessments.values()],
            criterion__in=targeted,
            status=IndicatorStatus.Status.MET,
        ).values_list("assessment_id", "criterion_id")
        if targeted
        else []
    ):
        met.setdefault(assessment_id, set()).add(criterion_id)
    rows = []
    for c in communes:
        a = assessments.get(c.pk)
        t = targets.get(c.pk)
        framework = framework_of[c.pk]
        adding = list(t.criteria.all()) if t else []
        current = a.met_count if a else None
        still = [x for x in adding if x.pk not in met.get(a.pk, ())] if a else adding
        total = (
            a.criteria_count
            if a
            else (Criterion.objects.filter(framework=framework).count() if framework else 0)
        )
        rows.append(
            {
                "commune": c,
                # a province's plan names each commune with its district of that year
                "name": (
                    f"{c.name} ({unit_label(c.parent)})"
                    if c.parent is not None
                    and c.parent.pk != unit.pk
                    and c.parent.kind == Unit.Kind.DISTRICT
                    else c.name
                ),
                "framework": framework,
                "current": current,
                "total": total,
                "adding": adding,
                "target": t,
                "higher": HIGHER_TIERS.get(t.level) if t else None,
                "after": current + len(still) if current is not None else None,
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
                f"{tiers} ({', '.join(r['name'] for r in higher)})"
            )
        lines.append(line + ".")
    return lines


COUNT_TABLE_HEADING = "Tổng hợp theo số tiêu chí đạt"


def count_table(rows: list[dict], year: int) -> list[str]:
    """The last of § I's khoản: a row per count of criteria met ("18/19"), how many communes
    are at it now and how many are expected at it by the end of the year, and which (by the
    count they are expected at), with a row "Chưa đánh giá" for the communes not yet assessed.

    One row per count, not per commune: 2.1 already names each commune with its criteria, and
    what a plan's reader weighs is the spread ("03 xã đạt 19"). A province of 170 communes
    reads it in a page instead of six, and prints in a third of the time (docs/benchmarks.md).
    `rows`: dicts with name, current, total and after (None when not assessed)."""
    now: dict = {}
    then: dict = {}
    for r in rows:
        assessed = r["current"] is not None
        key_now = (r["current"], r["total"]) if assessed else None
        key_then = (r["after"], r["total"]) if assessed else None
        now[key_now] = now.get(key_now, 0) + 1
        then.setdefault(key_then, []).append(r["name"])
    counts = sorted(
        {k for k in (*now, *then) if k is not None},
        key=lambda k: (-(k[0] / k[1]) if k[1] else 0, -k[0]),
    )
    table = [
        f"| Tiêu chí đạt | Số xã hiện nay | Số xã cuối năm {year} "
        f"| Các xã (theo số tiêu chí dự kiến cuối năm {year}) |"
    ]
    for key in counts + ([None] if None in now else []):
        label = f"{key[0]}/{key[1]}" if key else "Chưa đánh giá"
        names = ", ".join(then.get(key, [])) or "—"
        table.append(f"| {label} | {now.get(key, 0)} | {len(then.get(key, []))} | {names} |")
    return table


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
                f"{r['name']} phấn đấu đạt {_number2(len(r['adding']))} tiêu chí" for r in finishing
            )
            + ";"
        )
    general += _average_lines(unit, rows)
    general += own_goal_lines(unit, year, warnings)  # the district's own words
    per_commune = [
        f"- {r['commune'].prefix} {r['name']}: {_number2(len(r['adding']))} tiêu chí ({'; '.join(c.name for c in r['adding'])})."
        for r in rows
        if r["adding"]
    ]
    nang_cao = [r for r in rows if r["higher"] == Framework.Level.XA_NTM_NANG_CAO]
    nang_cao_set = (
        year_framework(nang_cao[0]["commune"], year, Framework.Level.XA_NTM_NANG_CAO)
        if nang_cao
        else None
    )
    kieu_mau = [r for r in rows if r["higher"] == Framework.Level.XA_NTM_KIEU_MAU]
    kieu_mau_set = (
        year_framework(kieu_mau[0]["commune"], year, Framework.Level.XA_NTM_KIEU_MAU)
        if kieu_mau
        else None
    )
    framework = next((r["framework"] for r in rows if r["framework"]), None) or (
        Framework.objects.filter(key="xa_ntm_2021_2025").first()
    )
    table = count_table(rows, year)
    # 2.1, 2.2 … : the communes of each tier's targets (kiểu mẫu only when one aims at it)
    by_tier = [
        (
            "Thực hiện tiêu chí xã nông thôn mới",
            "\n".join(per_commune) or "(Chưa giao chỉ tiêu cho các xã.)",
        ),
        (
            "Thực hiện tiêu chí xã nông thôn mới nâng cao",
            (
                f"Các xã {', '.join(r['name'] for r in nang_cao)} tiếp tục duy trì và thực hiện "
                "các tiêu chí nông thôn mới nâng cao"
                + (f" theo {framework_label(nang_cao_set)}" if nang_cao_set else "")
                + "."
            )
            if nang_cao
            else "(Không có xã phấn đấu đạt chuẩn NTM nâng cao trong năm.)",
        ),
    ]
    if kieu_mau:
        by_tier.append(
            (
                "Thực hiện tiêu chí xã nông thôn mới kiểu mẫu",
                f"Các xã {', '.join(r['name'] for r in kieu_mau)} xây dựng xã nông thôn mới kiểu "
                "mẫu" + (f" theo {framework_label(kieu_mau_set)}" if kieu_mau_set else "") + ".",
            )
        )
    by_tier.append(
        (
            COUNT_TABLE_HEADING,
            (f"Số tiêu chí theo {framework_label(framework)}.\n" if framework else "")
            + "\n".join(table),
        )
    )
    sections = [
        Section("text", "", recognised_summary(unit, as_of(year))),
        Section("muc", "I. MỤC TIÊU"),
        Section(
            "khoan", f"1. Mục tiêu chung toàn {unit.prefix.lower()} năm {year}", "\n".join(general)
        ),
        Section("khoan", "2. Mục tiêu cụ thể cho từng xã"),
        *(
            Section("khoan", f"2.{n}. {heading}", body)
            for n, (heading, body) in enumerate(by_tier, 1)
        ),
        Section("muc", "II. NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN"),
        *(
            group_sections(own, "")
            if (own := own_items(unit, year, PlanItem.Part.MEASURES, warnings))
            else [
                Section(
                    "text",
                    "",
                    "1. Kiện toàn Ban chỉ đạo các chương trình mục tiêu quốc gia; phân công nhiệm vụ cho các thành viên.\n"
                    "2. Tiếp tục đẩy mạnh công tác tuyên truyền, đào tạo, tập huấn Bộ tiêu chí xây dựng nông thôn mới.\n"
                    "3. Các xã phấn đấu đạt chuẩn tập trung các nguồn lực cho các tiêu chí đã đăng ký.",
                )
            ]
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


# How a district plan names the communes it leads to each tier in the year (seed 002, l.30–31).
TIER_TARGET_WORDS = {
    Target.Level.NTM: "Chỉ đạo xây dựng xã đạt chuẩn nông thôn mới",
    Target.Level.NANG_CAO: "Chỉ đạo xây dựng xã nông thôn mới nâng cao",
    Target.Level.KIEU_MAU: "Chỉ đạo xây dựng xã nông thôn mới kiểu mẫu",
    Target.Level.MAINTAIN: "Củng cố, nâng cao chất lượng các tiêu chí ở các xã",
}


def tier_target_lines(unit: Unit, year: int) -> list[str]:
    """«- Chỉ đạo xây dựng xã nông thôn mới nâng cao: Cẩm Thành, Cẩm Lạc …» per tier, from the
    year's targets of the communes below the unit that year (by name). Two queries."""
    communes = placed_below(unit, Unit.Kind.COMMUNE, year)
    names: dict[str, list[str]] = {}
    for level, name in (
        Target.objects.filter(unit__in=communes, year=year)
        .order_by("unit__name")
        .values_list("level", "unit__name")
    ):
        names.setdefault(level, []).append(name)
    return [
        f"- {words}: {', '.join(names[level])}."
        for level, words in TIER_TARGET_WORDS.items()
        if names.get(level)
    ]


def draft_district_criteria(unit: Unit, year: int) -> Draft:
    """Seed 002: the unit's own criteria with named leaders and advisers, and a dossier roadmap.

    The communes led to each tier that year first (their targets), then each task under its
    criterion, the others under the roadmap; a heading is written only with something under
    it, and the khoản are numbered in order."""
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
    warnings: list[str] = []
    targets = own_goal_lines(unit, year, warnings) + tier_target_lines(unit, year)
    if targets:
        number += 1
        sections.append(Section("khoan", f"{number}. Chỉ tiêu kế hoạch", "\n".join(targets)))
    own = own_items(unit, year, PlanItem.Part.MEASURES, warnings)
    sections += group_sections(own, "", start=number + 1)  # the unit's own measures, in order
    number += len(own)
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
        warnings=warnings
        + (
            []
            if groups or roadmap
            else ["Chưa có nhiệm vụ nào của đơn vị trong năm: dự thảo chỉ có khung."]
        ),
    )
