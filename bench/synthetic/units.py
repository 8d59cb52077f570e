"""Units, accounts and roles: `_units`, `_people`, the reform (`_reform`,
`_people_after`) and `_People`."""

import random
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from common.text import fold
from units import reorganisation
from units.models import Role, Unit, User

from .catalogue import _Catalogue
from .options import (
    MERGED,
    NAME,
    NEW_PREFIX,
    PREFIX,
    REFORM_BASIS,
    REFORM_DAY,
    REFORM_SOURCE,
    Options,
    Report,
    _split,
    layout,
    synthetic_units,
)


@dataclass
class _People:
    admin: User
    office_of: dict[int, User]  # supervising unit id -> its office's user
    official_of: dict[int, User]  # commune id -> official
    leader_of: dict[int, User]  # commune id -> chairman


def _units(options: Options, catalogue: _Catalogue, report: Report):
    """Provinces, districts, communes and villages. Returns the communes (in code order) and
    the supervising units (districts, or provinces without districts)."""
    plan = layout(options)
    rng = random.Random(f"{options.seed}-units")  # noqa: S311
    provinces = [
        Unit(
            kind=Unit.Kind.PROVINCE,
            code=f"{PREFIX}p{p:02d}",
            prefix="Tỉnh",
            name=f"{NAME} {p:02d}",
            search_name=fold(f"Tỉnh {NAME} {p:02d}"),
            region=region,
            is_synthetic=True,
        )
        for p, (region, _) in enumerate(plan.provinces, start=1)
    ]
    Unit.objects.bulk_create(provinces)
    parents = []  # (supervising unit, province, commune count)
    districts = []
    for p, (province, (_, sizes)) in enumerate(zip(provinces, plan.provinces, strict=True), 1):
        if not options.shape.districts:
            parents.append((province, province, sizes[0]))
            continue
        for d, size in enumerate(sizes, start=1):
            district = Unit(
                kind=Unit.Kind.DISTRICT,
                code=f"{PREFIX}p{p:02d}-d{d:02d}",
                prefix="Huyện",
                name=f"{NAME} {p:02d}-{d:02d}",
                search_name=fold(f"Huyện {NAME} {p:02d}-{d:02d}"),
                parent=province,
                province=province,
                region=province.region,
                is_synthetic=True,
            )
            districts.append(district)
            parents.append((district, province, size))
    Unit.objects.bulk_create(districts, batch_size=1000)
    communes = []
    number = 0
    for parent, province, size in parents:
        for _ in range(size):
            number += 1
            communes.append(
                Unit(
                    kind=Unit.Kind.COMMUNE,
                    code=f"{PREFIX}{number:05d}",
                    prefix="Xã",
                    name=f"{NAME} {number:05d}",
                    search_name=fold(f"Xã {NAME} {number:05d}"),
                    parent=parent,
                    province=province,
                    region=province.region,
                    uses_tdmnpb_thresholds=rng.random() < 0.05,
                    framework=catalogue.framework,
                    level_goal=rng.choices(
                        [Unit.LevelGoal.NTM, Unit.LevelGoal.NANG_CAO, Unit.LevelGoal.KIEU_MAU],
                        weights=[75, 20, 5],
                    )[0],
                    is_synthetic=True,
                )
            )
    Unit.objects.bulk_create(communes, batch_size=2000)
    villages = [
        Unit(
            kind=Unit.Kind.VILLAGE,
            code=f"{c.code}-t{v}",
            prefix="Thôn",
            name=f"{NAME} {c.code[len(PREFIX) :]}-{v}",
            search_name=fold(f"Thôn {NAME} {c.code[len(PREFIX) :]}-{v}"),
            parent=c,
            province_id=c.province_id,
            region=c.region,
            is_synthetic=True,
        )
        for c in communes
        for v in range(1, options.villages + 1)
    ]
    Unit.objects.bulk_create(villages, batch_size=2000)
    report.add("units", len(provinces) + len(districts) + len(communes) + len(villages))
    report.add("provinces", len(provinces))
    report.add("districts", len(districts))
    report.add("communes", len(communes))
    report.add("villages", len(villages))
    offices = [parent for parent, _, _ in parents]
    return communes, offices


def _people(options: Options, communes: list[Unit], offices: list[Unit], report: Report):
    """Accounts and roles. The password is hashed once and the same value given to every
    account (thousands of users for the price of one hash)."""
    rng = random.Random(f"{options.seed}-people")  # noqa: S311
    encoded = make_password(options.password or None)  # None: an unusable password
    users, roles = [], []

    def user(username: str, full_name: str, position: str = "") -> User:
        u = User(username=username, full_name=full_name, position=position, password=encoded)
        users.append(u)
        return u

    admin = User(
        username=f"{PREFIX}admin",
        full_name="Quản trị (giả lập)",
        password=make_password(None),
        is_superuser=True,
        is_staff=True,
    )
    users.append(admin)
    office_of, official_of, leader_of = {}, {}, {}
    provinces_with_districts = {}
    for unit in offices:
        office_of[unit.pk] = user(
            f"{PREFIX}vp-{unit.code[len(PREFIX) :]}", f"Văn phòng điều phối NTM {unit}"
        )
        roles.append((office_of[unit.pk], unit, Role.Kind.SUPERVISOR))
        if unit.kind == Unit.Kind.DISTRICT:
            provinces_with_districts[unit.province_id] = unit.province
    for province in provinces_with_districts.values():
        u = user(
            f"{PREFIX}vp-{province.code[len(PREFIX) :]}", f"Văn phòng điều phối NTM {province}"
        )
        roles.append((u, province, Role.Kind.PROVINCE_OFFICE))
    for c in communes:
        if rng.random() >= options.officials:
            continue
        number = c.code[len(PREFIX) :]
        official_of[c.pk] = user(
            f"{PREFIX}cb-{number}", f"Công chức xã {number}", "Công chức Văn hóa - xã hội"
        )
        leader_of[c.pk] = user(f"{PREFIX}ct-{number}", f"Chủ tịch xã {number}", "Chủ tịch UBND xã")
        roles.append((official_of[c.pk], c, Role.Kind.COMMUNE_OFFICIAL))
        roles.append((leader_of[c.pk], c, Role.Kind.COMMUNE_LEADER))
    User.objects.bulk_create(users, batch_size=2000)
    Role.objects.bulk_create(
        [Role(user=u, unit=unit, kind=kind) for u, unit, kind in roles], batch_size=2000
    )
    report.add("users", len(users))
    report.add("roles", len(roles))
    return _People(admin, office_of, official_of, leader_of)


def _reform(options: Options, catalogue: _Catalogue, communes: list[Unit], report: Report):
    """The reorganisation of 01/07/2025, through units.reorganisation.apply like a real one:
    every district ended, the communes of each district merged about MERGED into one new
    commune (under the province, the reorganisation's default). Returns the new communes (in
    code order) and the provinces (their supervising units)."""
    rng = random.Random(f"{options.seed}-reform")  # noqa: S311
    by_district: dict[int, list[Unit]] = {}
    for c in communes:
        by_district.setdefault(c.parent_id, []).append(c)
    districts = Unit.objects.in_bulk(list(by_district))
    steps = [
        reorganisation.Step(reorganisation.Action.ABOLISH_DISTRICT, districts[pk].code)
        for pk in sorted(by_district, key=lambda pk: districts[pk].code)
    ]
    number = 0
    for pk in sorted(by_district, key=lambda pk: districts[pk].code):
        olds = by_district[pk]
        start = 0
        for size in _split(len(olds), max(1, round(len(olds) / MERGED)), rng):
            number += 1
            steps += [
                reorganisation.Step(
                    reorganisation.Action.MERGE_COMMUNES,
                    old.code,
                    successor_code=f"{NEW_PREFIX}{number:05d}",
                    successor_name=f"{NAME} X{number:05d}",
                    successor_prefix="Xã",
                )
                for old in olds[start : start + size]
            ]
            start += size
    plan = reorganisation.Plan(REFORM_BASIS, REFORM_DAY, steps)
    began = time.perf_counter()
    reorganisation.apply(plan, actor=None, source=REFORM_SOURCE)
    report.seconds_reform = time.perf_counter() - began
    new = Unit.objects.filter(code__startswith=NEW_PREFIX, created_by_basis=REFORM_BASIS)
    new.update(is_synthetic=True)
    codes = sorted(new.values_list("code", flat=True))
    # the mark of the new communes (the reorganisation gives the defaults), as _units draws them
    goals = [Unit.LevelGoal.NTM, Unit.LevelGoal.NANG_CAO, Unit.LevelGoal.KIEU_MAU]
    drawn: dict[tuple[bool, str], list[str]] = {}
    for code in codes:
        tdmnpb = rng.random() < 0.05
        drawn.setdefault((tdmnpb, rng.choices(goals, weights=[75, 20, 5])[0]), []).append(code)
    for (tdmnpb, goal), group in drawn.items():
        if tdmnpb or goal != Unit.LevelGoal.NTM:
            new.filter(code__in=group).update(uses_tdmnpb_thresholds=tdmnpb, level_goal=goal)
    report.add("new communes", len(codes))
    report.add("communes", len(codes))
    report.add("units", len(codes))
    report.add("reorganisation steps", len(steps))
    provinces = list(synthetic_units().filter(kind=Unit.Kind.PROVINCE).order_by("code"))
    return list(new.select_related("province").order_by("code")), provinces


def _people_after(options, communes, provinces, people: _People, report: Report) -> _People:
    """The accounts of the new communes (an official and a chairman in some); their province's
    office supervises them (a supervisor's role at the province, as in the post2025 shape)."""
    rng = random.Random(f"{options.seed}-people-after")  # noqa: S311
    encoded = make_password(options.password or None)
    office_of = {
        r.unit_id: r.user
        for r in Role.objects.filter(unit__in=provinces, kind=Role.Kind.PROVINCE_OFFICE)
        .select_related("user")
        .order_by("pk")
    }
    users, official_of, leader_of = [], {}, {}
    roles = [Role(user=u, unit_id=pk, kind=Role.Kind.SUPERVISOR) for pk, u in office_of.items()]
    for c in communes:
        if rng.random() >= options.officials:
            continue
        number = c.code[len(PREFIX) :]
        official_of[c.pk] = User(
            username=f"{PREFIX}cb-{number}",
            full_name=f"Công chức xã {number}",
            position="Công chức Văn hóa - xã hội",
            password=encoded,
        )
        leader_of[c.pk] = User(
            username=f"{PREFIX}ct-{number}",
            full_name=f"Chủ tịch xã {number}",
            position="Chủ tịch UBND xã",
            password=encoded,
        )
        users += [official_of[c.pk], leader_of[c.pk]]
        roles.append(Role(user=official_of[c.pk], unit=c, kind=Role.Kind.COMMUNE_OFFICIAL))
        roles.append(Role(user=leader_of[c.pk], unit=c, kind=Role.Kind.COMMUNE_LEADER))
    User.objects.bulk_create(users, batch_size=2000)
    for role in roles:
        role.user_id = role.user.pk
    Role.objects.bulk_create(roles, batch_size=2000)
    report.add("users", len(users))
    report.add("roles", len(roles))
    return _People(people.admin, office_of, official_of, leader_of)
