"""Tasks (with their parties, funding lines and history) and the last year's targets."""

import random
from datetime import date, timedelta

from assignments.models import FundingLine, ResponsibleParty, Task, TaskChange
from common.text import fold
from plans.models import Target
from units.models import Unit

from .options import Report
from .sink import _at
from .units import _People

PARTY_NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]
PARTY_POSITIONS = [
    "Công chức Địa chính - Xây dựng",
    "Công chức Văn hóa - xã hội",
    "Phó Chủ tịch UBND xã",
    "Công chức Tài chính - Kế toán",
]
ORGANISATIONS = ["Hội Nông dân xã", "Đoàn Thanh niên xã", "Hội Liên hiệp Phụ nữ xã"]
TASK_TITLES = [
    "Nâng cấp đường trục thôn",
    "Xây dựng nhà văn hóa thôn",
    "Hoàn thiện hồ sơ tiêu chí",
    "Cải tạo hệ thống thủy lợi nội đồng",
    "Tuyên truyền phân loại rác thải tại nguồn",
    "Hỗ trợ mô hình sản xuất liên kết",
]


def _tasks(options, catalogue, communes, offices, people: _People, report: Report, unmet):
    """Tasks of some communes (mostly on the criteria they did not meet, `unmet`) and of every
    supervising unit, with their parties, funding lines and creation history."""
    rng = random.Random(f"{options.seed}-tasks")  # noqa: S311
    by_id = {c.pk: c for c in catalogue.criteria}
    plan_years = options.years[-2:]
    units = [(c, people.official_of.get(c.pk)) for c in communes if rng.random() < options.tasks]
    units += [(o, people.office_of.get(o.pk)) for o in offices]
    tasks, owners = [], []
    for unit, owner in units:
        missing = unmet.get(unit.pk, [])
        for _ in range(rng.randint(2, 5) if unit.kind == Unit.Kind.COMMUNE else rng.randint(1, 3)):
            year = rng.choice(plan_years)
            month = rng.randint(3, 12)
            deadline = date(year, month, 28)
            # not started 20 %, in progress 35 %, done 40 %, paused 5 %
            status = rng.choices(list(Task.Status.values), weights=[20, 35, 40, 5])[0]
            done = status == Task.Status.DONE
            if missing and rng.random() < 0.8:
                criterion = by_id[rng.choice(missing)]
            else:
                criterion = rng.choice(catalogue.criteria)
            tasks.append(
                Task(
                    unit=unit,
                    criterion=criterion,
                    title=f"{rng.choice(TASK_TITLES)} ({year})",
                    plan_year=year,
                    deadline=deadline,
                    deadline_text=f"28/{month:02d}/{year}",
                    status=status,
                    progress=100 if done else rng.choice([0, 10, 30, 50, 70, 90]),
                    completed_on=deadline - timedelta(days=rng.randint(0, 40)) if done else None,
                    created_by=owner,
                    created_at=_at(year, 1, 20),
                    updated_by=owner,
                    updated_at=_at(year, 2, 15),
                )
            )
            owners.append(owner)
    Task.objects.bulk_create(tasks, batch_size=2000)
    parties, lines, changes = [], [], []
    for task, owner in zip(tasks, owners, strict=True):
        name, position = rng.choice(PARTY_NAMES), rng.choice(PARTY_POSITIONS)
        lead = ResponsibleParty(
            task=task,
            kind=ResponsibleParty.Kind.PERSON,
            role=ResponsibleParty.Role.LEAD,
            name=name,
            position=position,
            user=owner,
            order=0,
            search_name=fold(
                " ".join(
                    [name, position, "", *([owner.full_name, owner.username] if owner else [])]
                )
            ),
        )
        parties.append(lead)
        if rng.random() < 0.6:
            org = rng.choice(ORGANISATIONS)
            parties.append(
                ResponsibleParty(
                    task=task,
                    kind=ResponsibleParty.Kind.ORGANISATION,
                    role=ResponsibleParty.Role.COOPERATE,
                    name=org,
                    order=1,
                    search_name=fold(org),
                )
            )
        for i, source in enumerate(rng.sample(list(FundingLine.Source.values), rng.randint(1, 3))):
            planned = rng.randint(5, 2000) * 1_000_000
            lines.append(
                FundingLine(
                    task=task,
                    source=source,
                    planned=planned,
                    disbursed=planned
                    if task.status == Task.Status.DONE
                    else planned * rng.randint(0, 9) // 10,
                    order=i,
                )
            )
        changes.append(
            TaskChange(task=task, actor=owner, at=task.created_at, action=TaskChange.Action.CREATE)
        )
    ResponsibleParty.objects.bulk_create(parties, batch_size=2000)
    FundingLine.objects.bulk_create(lines, batch_size=2000)
    TaskChange.objects.bulk_create(changes, batch_size=2000)
    report.add("tasks", len(tasks))
    report.add("parties", len(parties))
    report.add("funding lines", len(lines))


LEVEL_TARGET = {
    Unit.LevelGoal.NTM: Target.Level.NTM,
    Unit.LevelGoal.NANG_CAO: Target.Level.NANG_CAO,
    Unit.LevelGoal.KIEU_MAU: Target.Level.KIEU_MAU,
}


def _targets(options, catalogue, communes, people: _People, report: Report, unmet):
    """The last year's targets: most communes register up to three of the criteria they did
    not meet the year before (`unmet`, criteria in number order)."""
    rng = random.Random(f"{options.seed}-targets")  # noqa: S311
    last = options.years[-1]
    by_id = {c.pk: c for c in catalogue.criteria}
    targets, chosen = [], []
    for c in communes:
        if rng.random() >= 0.8:
            continue
        missing = unmet.get(c.pk, [])
        picks = rng.sample(missing, min(len(missing), rng.randint(1, 3))) if missing else []
        targets.append(
            Target(
                unit=c,
                year=last,
                framework=catalogue.framework,
                level=LEVEL_TARGET[c.level_goal] if missing else Target.Level.MAINTAIN,
                deadline_text=f"12/{last}",
                set_by=people.office_of.get(c.parent_id),
                updated_at=_at(last, 1, 10),
            )
        )
        chosen.append(sorted(picks, key=lambda pk: by_id[pk].number))
    Target.objects.bulk_create(targets, batch_size=2000)
    through = Target.criteria.through
    through.objects.bulk_create(
        [
            through(target_id=t.pk, criterion_id=cid)
            for t, picks in zip(targets, chosen, strict=True)
            for cid in picks
        ],
        batch_size=5000,
    )
    report.add("targets", len(targets))
