"""Reorganisations of administrative units: operations by a legal act, never edits.

A reorganisation (a resolution such as NQ 1665/NQ-UBTVQH15, on one date) merges communes into a
new or an existing commune, ends districts (their units move under the province), merges
provinces and renames units or gives them another designation (a thị trấn become phường, a
huyện become thị xã: the unit continues, with its records). A `Plan` of steps is checked whole (`problems`: every problem, in Vietnamese, by the
row it comes from), described for a preview (`describe`) and applied (`apply`) in one
transaction that locks the units it names and checks them again, so two people applying the
same resolution at once end with it applied once. What it did is its record: the
Reorganisation and its steps (who, when, on what basis), the UnitPlacement rows it closed (each
unit's parent before), the units it ended (valid_to) or formed (valid_from, created_by_basis,
merged_from), and the roles it ended (RoleChange "ended", with the basis).

Applied in this order: districts ended, communes merged, provinces merged, units renamed – so
the communes of a district ended in the same resolution move under the province, and a new
commune's parent is by default where its predecessors go. What a unit was called before a
rename is its closed placement (UnitPlacement.name and prefix): a page or a document of an
earlier year names it as it was then (units.selectors.as_in).
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.limits import field_length_error

from . import services
from .models import Reorganisation, ReorganisationStep, Role, Unit, UnitPlacement, User

Action = ReorganisationStep.Action
COMMUNE, DISTRICT, PROVINCE = Unit.Kind.COMMUNE, Unit.Kind.DISTRICT, Unit.Kind.PROVINCE
# what each action takes and gives
LEVEL = {
    Action.MERGE_COMMUNES: COMMUNE,
    Action.ABOLISH_DISTRICT: DISTRICT,
    Action.MERGE_PROVINCES: PROVINCE,
}
RENAMED = (COMMUNE, DISTRICT, PROVINCE)  # the levels a rename applies to
ORDER = [Action.ABOLISH_DISTRICT, Action.MERGE_COMMUNES, Action.MERGE_PROVINCES, Action.RENAME]
KIND_WORD = {COMMUNE: "cấp xã", DISTRICT: "cấp huyện", PROVINCE: "cấp tỉnh", "village": "thôn"}


@dataclass
class Step:
    """One unit's part: `predecessor_code` merged into `successor_code` (an existing unit, or
    a new one named `successor_name` with `successor_prefix` under `parent_code`), a
    district ended (no successor: its province), or a unit renamed (`successor_name`,
    `successor_prefix`: the new name, designation or both; `successor_code` empty or its own).
    `row`: the sheet row, for errors."""

    action: str
    predecessor_code: str
    successor_code: str = ""
    successor_name: str = ""
    successor_prefix: str = ""
    parent_code: str = ""
    row: int | None = None


@dataclass
class Plan:
    basis: str
    effective: date | None
    steps: list[Step] = field(default_factory=list)
    note: str = ""


@dataclass
class Problem:
    row: int | None
    column: str  # action, predecessor, successor, name, prefix, parent, basis, effective
    message: str


class Refused(ValidationError):
    """The plan's problems (nothing was written)."""

    def __init__(self, problems: list[Problem]):
        super().__init__([p.message for p in problems])
        self.problems = problems


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


class _Reading:
    """A plan read against the units it names (one query), with every problem found."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.problems: list[Problem] = []
        codes = {s.predecessor_code for s in plan.steps} | {s.successor_code for s in plan.steps}
        codes |= {s.parent_code for s in plan.steps}
        self.units = {
            u.code: u
            for u in Unit.objects.filter(code__in=codes - {""}).select_related("parent", "province")
        }
        self.steps = [
            s
            for s in plan.steps
            if s.action == Action.RENAME or s.successor_code != s.predecessor_code
        ]
        self.ending = {  # the units it ends
            u.pk for s in self.steps if s.action != Action.RENAME and (u := self.predecessor(s))
        }
        # province id -> its successor's id (a new province: its code)
        self._province_merged = {
            old.pk: (new.pk if (new := self.successor(s)) else s.successor_code)
            for s in self.steps
            if s.action == Action.MERGE_PROVINCES and (old := self.predecessor(s))
        }
        self._check()

    def problem(self, step: Step | None, column: str, message: str) -> None:
        self.problems.append(Problem(step.row if step else None, column, message))

    # the units a step names ------------------------------------------------------------

    def predecessor(self, step: Step) -> Unit | None:
        return self.units.get(step.predecessor_code)

    def successor(self, step: Step) -> Unit | None:
        """The existing successor, or the province of a district ended; None for a new one."""
        if step.action == Action.ABOLISH_DISTRICT:
            old = self.predecessor(step)
            return (old.parent or old.province) if old else None
        return self.units.get(step.successor_code)

    def province_after(self, province_id: int | None) -> int | None:
        """A province's id after the plan's province mergers (a new province: its code)."""
        return self._province_merged.get(province_id, province_id)

    def default_parent(self, step: Step) -> Unit | None:
        """Where a new commune goes: its predecessor's parent, or that parent's province when
        the plan ends it."""
        old = self.predecessor(step)
        if old is None or old.parent is None:
            return None
        if old.parent_id in self.ending:
            return old.parent.parent or old.parent.province
        return old.parent

    # the rules ------------------------------------------------------------------------

    def _check(self) -> None:
        plan, day = self.plan, self.plan.effective
        basis = (plan.basis or "").strip()
        if not basis:
            self.problem(None, "basis", "Nhập căn cứ: số, ngày và cơ quan ban hành nghị quyết.")
        elif error := field_length_error(Reorganisation, "basis", basis):
            self.problem(None, "basis", error)
        if error := field_length_error(Reorganisation, "note", plan.note or ""):
            self.problem(None, "note", error)
        if day is None:
            self.problem(None, "effective", "Nhập ngày nghị quyết có hiệu lực.")
        elif day > timezone.localdate():
            self.problem(
                None,
                "effective",
                f"Ngày hiệu lực {_d(day)} chưa tới: ghi lần sắp xếp khi nghị quyết có hiệu lực.",
            )
        if not plan.steps:
            self.problem(None, "", "Chưa có đơn vị nào được sắp xếp.")
        elif not self.steps:  # only units that continue as themselves: nothing would change
            self.problem(
                None,
                "",
                "Chưa có đơn vị nào được sắp xếp: mọi dòng đều giữ nguyên đơn vị (mã đơn vị "
                "mới trùng mã đơn vị cũ), không có gì thay đổi để ghi.",
            )
        seen: dict[str, Step] = {}
        for step in plan.steps:
            self._check_step(step, seen)
        if day is not None:
            self._check_successors()

    def _check_step(self, step: Step, seen: dict[str, Step]) -> None:
        if step.action not in Action.values:
            labels = ", ".join(f"“{a.label}”" for a in Action)
            self.problem(step, "action", f"Thao tác “{step.action}” không hợp lệ: dùng {labels}.")
            return
        code = step.predecessor_code
        old = self.units.get(code)
        if not code:
            self.problem(step, "predecessor", "Thiếu mã đơn vị cũ.")
            return
        if old is None:
            self.problem(step, "predecessor", f"Không có đơn vị nào mang mã “{code}”.")
            return
        if step.action == Action.RENAME:
            self._check_rename(step, old, seen)
            return
        if step.successor_code == code:
            return  # the unit that takes the others in, listed among them: it continues
        level = LEVEL[step.action]
        if old.kind != level:
            self.problem(
                step,
                "predecessor",
                f"{old} là đơn vị {KIND_WORD.get(old.kind, old.kind)}: thao tác "
                f"“{Action(step.action).label}” chỉ áp dụng cho đơn vị {KIND_WORD[level]}.",
            )
        if f"rename:{code}" in seen:
            self._renamed_and_ended(step, old, seen[f"rename:{code}"])
        if code in seen:
            first = seen[code]
            where = f" (dòng {first.row})" if first.row else ""
            self.problem(
                step,
                "predecessor",
                f"{old} được sắp xếp hai lần trong cùng nghị quyết{where}: mỗi đơn vị chỉ "
                "nhập vào một đơn vị.",
            )
        seen.setdefault(code, step)
        self._check_alive(step, old)

    def _check_alive(self, step: Step, old: Unit) -> None:
        day = self.plan.effective
        if day is None:
            return
        if old.valid_to is not None and old.valid_to <= day:
            self.problem(
                step,
                "predecessor",
                f"{old} đã hết hiệu lực từ {_d(old.valid_to)}: không còn tồn tại vào ngày "
                f"{_d(day)} để sắp xếp.",
            )
        if old.valid_from is not None and old.valid_from >= day:
            self.problem(
                step,
                "predecessor",
                f"Ngày sắp xếp {_d(day)} không sau ngày {old} được thành lập "
                f"({_d(old.valid_from)}).",
            )
        if old.placed_since is not None and old.placed_since > day:
            self.problem(
                step,
                "predecessor",
                f"{old} đã được chuyển đơn vị cấp trên từ {_d(old.placed_since)}, sau ngày "
                f"{_d(day)}: ghi các lần sắp xếp theo thứ tự thời gian.",
            )

    def _check_rename(self, step: Step, unit: Unit, seen: dict[str, Step]) -> None:
        """A rename: a unit of a level that has names to change, not ended by this plan,
        given a new name or designation of its level."""
        if unit.kind not in RENAMED:
            self.problem(
                step,
                "predecessor",
                f"{unit} là {KIND_WORD.get(unit.kind, unit.kind)}: thao tác “{Action.RENAME.label}” "
                "áp dụng cho đơn vị cấp xã, cấp huyện, cấp tỉnh.",
            )
            return
        if step.successor_code and step.successor_code != unit.code:
            self.problem(
                step,
                "successor",
                f"Đổi tên, loại đơn vị giữ nguyên đơn vị và mã của nó: để trống mã đơn vị sau "
                f"sắp xếp hoặc ghi chính mã “{unit.code}”.",
            )
        key = f"rename:{unit.code}"
        if unit.code in seen:
            self._renamed_and_ended(step, unit, seen[unit.code])
        if key in seen:
            self.problem(
                step,
                "predecessor",
                f"{unit} được đổi tên hai lần trong cùng nghị quyết (dòng {seen[key].row}): ghi "
                "tên, loại đơn vị mới trên một dòng.",
            )
        seen.setdefault(key, step)
        name, prefix = step.successor_name.strip(), step.successor_prefix.strip()
        if name and (error := field_length_error(Unit, "name", name)):
            self.problem(step, "name", error)
        allowed = Unit.PREFIXES[unit.kind]
        if prefix and prefix not in allowed:
            self.problem(
                step,
                "prefix",
                f"Loại đơn vị “{prefix}” không dùng cho đơn vị {KIND_WORD[unit.kind]}: ghi một "
                f"trong {', '.join(allowed)}.",
            )
        if (name or unit.name, prefix or unit.prefix) == (unit.name, unit.prefix):
            self.problem(
                step,
                "name",
                f"Ghi tên mới hoặc loại đơn vị mới của {unit}: dòng này không đổi gì.",
            )
        self._check_alive(step, unit)

    def _renamed_and_ended(self, step: Step, unit: Unit, other: Step) -> None:
        where = f" (dòng {other.row})" if other.row else ""
        self.problem(
            step,
            "predecessor",
            f"{unit} vừa được đổi tên vừa hết hiệu lực trong cùng nghị quyết{where}: đơn vị "
            "nhập vào đơn vị khác hoặc kết thúc thì không đổi tên; tên mới là của đơn vị sau "
            "sắp xếp.",
        )

    def _check_successors(self) -> None:
        day = self.plan.effective
        ending = self.ending
        new: dict[str, Step] = {}
        groups: dict[str, list[Step]] = {}
        for step in self.steps:
            if step.action in (Action.ABOLISH_DISTRICT, Action.RENAME):
                continue
            level = LEVEL[step.action]
            code = step.successor_code
            if not code:
                self.problem(step, "successor", "Thiếu mã đơn vị sau sắp xếp.")
                continue
            groups.setdefault(code, []).append(step)
            target = self.units.get(code)
            if target is not None:
                if target.kind != level:
                    self.problem(
                        step,
                        "successor",
                        f"Đơn vị sau sắp xếp {target} là đơn vị "
                        f"{KIND_WORD.get(target.kind, target.kind)}, không phải đơn vị "
                        f"{KIND_WORD[level]}.",
                    )
                elif target.pk in ending:
                    self.problem(
                        step,
                        "successor",
                        f"{target} cũng được nhập vào đơn vị khác trong nghị quyết này: không "
                        "nhận đơn vị khác được.",
                    )
                elif target.valid_to is not None and target.valid_to <= day:
                    self.problem(
                        step,
                        "successor",
                        f"{target} đã hết hiệu lực từ {_d(target.valid_to)}.",
                    )
                elif target.valid_from is not None and target.valid_from > day:
                    self.problem(
                        step,
                        "successor",
                        f"{target} chỉ có hiệu lực từ {_d(target.valid_from)}, sau ngày {_d(day)}.",
                    )
                continue
            self._check_new(step, level, new)
        for code, steps in groups.items():
            self._check_group(code, steps)

    def _check_new(self, step: Step, level: str, new: dict[str, Step]) -> None:
        name, prefix = step.successor_name.strip(), step.successor_prefix.strip()
        if error := field_length_error(Unit, "code", step.successor_code):
            self.problem(step, "successor", error)
        if not name:
            self.problem(
                step,
                "name",
                f"Không có đơn vị nào mang mã “{step.successor_code}”: để thành lập đơn vị "
                "mới, ghi tên đơn vị sau sắp xếp.",
            )
        elif error := field_length_error(Unit, "name", name):
            self.problem(step, "name", error)
        allowed = Unit.PREFIXES[level]
        if prefix not in allowed:
            words = ", ".join(allowed)
            self.problem(
                step,
                "prefix",
                f"Loại đơn vị “{prefix}” không dùng cho đơn vị {KIND_WORD[level]}: ghi một "
                f"trong {words}."
                if prefix
                else f"Ghi loại đơn vị mới: {words}.",
            )
        first = new.setdefault(step.successor_code, step)
        if first is not step and (
            (first.successor_name.strip(), first.successor_prefix.strip(), first.parent_code)
            != (name, prefix, step.parent_code)
        ):
            self.problem(
                step,
                "name",
                f"Đơn vị mới “{step.successor_code}” ghi tên, loại hoặc cấp trên khác với dòng "
                f"{first.row}.",
            )

    def _check_group(self, code: str, steps: list[Step]) -> None:
        """The predecessors of one successor: one province after the plan (and the
        successor's), one parent for a new commune."""
        target = self.units.get(code)
        olds = [(s, u) for s in steps if (u := self.predecessor(s)) and u.kind == LEVEL[s.action]]
        if not olds:
            return
        if steps[0].action == Action.MERGE_COMMUNES:
            provinces = {self.province_after(u.province_id) for _, u in olds}
            if target is not None:
                provinces.add(self.province_after(target.province_id))
            if len(provinces) > 1:
                self.problem(
                    steps[-1],
                    "successor",
                    f"Các xã nhập vào “{code}” thuộc các tỉnh khác nhau: nhập tỉnh trước (một "
                    "nghị quyết riêng) rồi mới nhập các xã.",
                )
            if target is None:
                self._check_parent(steps[0], olds)

    def _check_parent(self, step: Step, olds: list[tuple[Step, Unit]]) -> None:
        if step.parent_code:
            parent = self.units.get(step.parent_code)
            if parent is None:
                self.problem(step, "parent", f"Không có đơn vị nào mang mã “{step.parent_code}”.")
            elif parent.kind not in (DISTRICT, PROVINCE):
                self.problem(step, "parent", f"{parent} không phải đơn vị cấp huyện hay tỉnh.")
            elif parent.pk in self.ending or (
                parent.valid_to is not None and parent.valid_to <= self.plan.effective
            ):
                self.problem(
                    step,
                    "parent",
                    f"{parent} không còn tồn tại sau ngày {_d(self.plan.effective)}.",
                )
            return
        parents = {p.pk if (p := self.default_parent(s)) else None for s, _ in olds}
        if len(parents) > 1 or None in parents:
            self.problem(
                step,
                "parent",
                f"Các xã nhập vào “{step.successor_code}” thuộc các đơn vị cấp trên khác nhau: "
                "ghi mã đơn vị cấp trên của xã mới.",
            )


def problems(plan: Plan) -> list[Problem]:
    """Every problem of the plan (empty: it may be applied)."""
    return _Reading(plan).problems


def fingerprint(plan: Plan) -> str:
    """A short digest of what the plan does: the page applies only the plan it previewed."""
    text = repr((plan.basis.strip(), plan.effective, (plan.note or "").strip(), plan.steps))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def describe(plan: Plan) -> list[str]:
    """The preview: what applying the plan does, one line per successor (a checked plan)."""
    reading = _Reading(plan)
    ending = reading.ending
    lines: list[str] = []
    by_successor: dict[str, list[Unit]] = {}
    firsts: dict[str, Step] = {}
    for step in reading.steps:
        old = reading.predecessor(step)
        if old is None:
            continue
        if step.action == Action.RENAME:
            lines.append(
                f"{Action.RENAME.label}: {old} thành {new_label(old, step)} (giữ nguyên mã "
                f"{old.code} và hồ sơ; văn bản, trang của các năm trước vẫn ghi tên cũ)."
            )
            continue
        if step.action == Action.ABOLISH_DISTRICT:
            alive = _alive_below(old, plan.effective).values_list("pk", flat=True)
            below = sum(1 for pk in alive if pk not in ending)  # not a NOT IN of every unit
            lines.append(
                f"Kết thúc {old}: {below} đơn vị trực thuộc chuyển về trực thuộc "
                f"{reading.successor(step)}."
            )
            continue
        by_successor.setdefault(step.successor_code, []).append(old)
        firsts.setdefault(step.successor_code, step)
    for code, olds in by_successor.items():
        step = firsts[code]
        target = reading.successor(step)
        names = ", ".join(str(u) for u in olds)
        if target is not None:
            lines.append(f"{Action(step.action).label}: {names} nhập vào {target} (đã có).")
        else:
            parent = reading.units.get(step.parent_code) or reading.default_parent(step)
            where = f", trực thuộc {parent}" if parent else ""
            lines.append(
                f"{Action(step.action).label}: {names} → thành lập "
                f"{step.successor_prefix} {step.successor_name} (mã {code}{where})."
            )
    roles = Role.objects.filter(unit_id__in=ending).count()
    if roles:
        lines.append(
            f"{roles} vai trò tại các đơn vị hết hiệu lực kết thúc từ {_d(plan.effective)}."
        )
    return lines


def new_label(unit: Unit, step: Step) -> str:
    """What a rename step calls the unit: its new designation and name (each kept if blank)."""
    prefix = step.successor_prefix.strip() or unit.prefix
    return f"{prefix} {step.successor_name.strip() or unit.name}".strip()


def _alive_below(unit: Unit, day: date):
    return Unit.objects.filter(parent=unit).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def apply(plan: Plan, *, actor: User | None, source: str = "") -> Reorganisation:
    """Apply the plan in one transaction: lock the units it names, check it again, then end,
    form and move the units, leaving the record. Raises Refused (nothing written)."""
    with transaction.atomic():
        codes = {s.predecessor_code for s in plan.steps} | {s.successor_code for s in plan.steps}
        list(Unit.objects.select_for_update().filter(code__in=codes - {""}).order_by("pk"))
        reading = _Reading(plan)
        if reading.problems:
            raise Refused(reading.problems)
        return _Applier(reading, actor, source).run()


class _Applier:
    def __init__(self, reading: _Reading, actor: User | None, source: str):
        self.reading, self.actor, self.plan = reading, actor, reading.plan
        self.day = reading.plan.effective
        self.ending = reading.ending
        self.reorg = Reorganisation.objects.create(
            basis=self.plan.basis.strip(),
            effective=self.day,
            note=(self.plan.note or "").strip(),
            source=source[:255],
            recorded_by=actor,
        )
        self.created: dict[str, Unit] = {}
        self.ended: list[int] = []
        # written in bulk once every step is done (a country's reform has 10 000 steps)
        self.steps: list[ReorganisationStep] = []
        self.links: list = []  # Unit.merged_from rows

    def run(self) -> Reorganisation:
        for action in ORDER:
            for step in self.reading.steps:
                if step.action == action:
                    self.step(step)
        ReorganisationStep.objects.bulk_create(self.steps, batch_size=1000)
        Unit.merged_from.through.objects.bulk_create(
            self.links, batch_size=1000, ignore_conflicts=True
        )
        Unit.objects.filter(pk__in=self.ended).update(valid_to=self.day)
        services.end_roles(
            actor=self.actor, units=self.ended, basis=f"{self.plan.basis.strip()}"[:500]
        )
        return self.reorg

    def move(self, units, *, parent: Unit | None = None, province: Unit | None = None) -> int:
        """Close the placement of each unit (alive, not ending) and place it under `parent`
        (kept when None) in `province` from the day; a unit already moved today keeps the one
        row of its placement before. Returns how many moved."""
        units = units.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=self.day))
        # the units the plan ends stay where they were: left out here, not in SQL (a country's
        # reform ends 10 000 units, and a NOT IN list that long cost 0,17 s a query)
        rows = [
            r
            for r in units.values(
                "pk", "parent_id", "province_id", "prefix", "name", "placed_since"
            )
            if r["pk"] not in self.ending
        ]
        UnitPlacement.objects.bulk_create(
            UnitPlacement(
                unit_id=r["pk"],
                parent_id=r["parent_id"],
                province_id=r["province_id"],
                prefix=r["prefix"],
                name=r["name"],
                valid_from=r["placed_since"],
                valid_to=self.day,
                ended_by=self.reorg,
            )
            for r in rows
            if r["placed_since"] != self.day
        )
        changes = {"placed_since": self.day}
        if parent is not None:
            changes["parent"] = parent
        if province is not None:
            changes["province"] = province
        Unit.objects.filter(pk__in=[r["pk"] for r in rows]).update(**changes)
        return len(rows)

    def successor(self, step: Step) -> tuple[Unit, bool]:
        target = self.reading.successor(step)
        if target is not None:
            target.refresh_from_db()
            return target, False
        code = step.successor_code
        if code in self.created:
            return self.created[code], False
        old = self.reading.predecessor(step)
        if step.action == Action.MERGE_PROVINCES:
            parent = None
        else:
            parent = self.reading.units.get(step.parent_code) or self.reading.default_parent(step)
            parent.refresh_from_db()
        unit = Unit.objects.create(
            kind=LEVEL[step.action],
            code=code,
            name=step.successor_name.strip(),
            prefix=step.successor_prefix.strip(),
            parent=parent,
            province=(parent if parent.kind == PROVINCE else parent.province) if parent else None,
            region=old.region,
            framework=old.framework,
            valid_from=self.day,
            created_by_basis=self.plan.basis.strip(),
        )
        self.created[code] = unit
        return unit, True

    def step(self, step: Step) -> None:
        # read after the units were locked (apply), and never moved here: the plan's own
        # units are left where they are
        old = self.reading.predecessor(step)
        if step.action == Action.RENAME:
            self.rename(step, old)
            return
        if step.action == Action.ABOLISH_DISTRICT:
            new = old.parent or old.province
            moved, created = self.move(Unit.objects.filter(parent=old), parent=new), False
        elif step.action == Action.MERGE_COMMUNES:
            new, created = self.successor(step)
            moved = self.move(Unit.objects.filter(parent=old), parent=new, province=new.province)
            self.links.append(Unit.merged_from.through(from_unit_id=new.pk, to_unit_id=old.pk))
        else:
            new, created = self.successor(step)
            below = Unit.objects.filter(province=old)
            moved = self.move(below.filter(parent=old), parent=new, province=new)
            moved += self.move(below.exclude(parent=old), province=new)
            self.links.append(Unit.merged_from.through(from_unit_id=new.pk, to_unit_id=old.pk))
        self.ended.append(old.pk)
        self.steps.append(
            ReorganisationStep(
                reorganisation=self.reorg,
                action=step.action,
                predecessor=old,
                successor=new,
                successor_created=created,
                moved=moved,
            )
        )

    def rename(self, step: Step, unit: Unit) -> None:
        """The unit continues under its new name or designation; the one it had is kept in
        the placement closed today (by this step, or by a move of the same plan before it)."""
        unit.refresh_from_db()
        was = str(unit)
        self.move(Unit.objects.filter(pk=unit.pk))
        unit.refresh_from_db()
        unit.prefix = step.successor_prefix.strip() or unit.prefix
        unit.name = step.successor_name.strip() or unit.name
        unit.save(update_fields=["prefix", "name"])
        self.steps.append(
            ReorganisationStep(
                reorganisation=self.reorg,
                action=step.action,
                predecessor=unit,
                successor=unit,
                was=was,
                became=str(unit),
            )
        )
