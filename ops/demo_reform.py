"""The demo's 2025 reorganisation of Hà Tĩnh, as a resolution's annex in Excel (issue 16).

On 01/7/2025 huyện Cẩm Xuyên ends (its communes move under the province) and Cẩm Tân merges
with its neighbour Cẩm Quan into a new commune. Which communes really merged, and under which
resolution, is not in any source this project holds: the resolution's name and the new
commune say "minh họa", and none of it is a real annex.

`seed_son_duong_2024()` (part of every `seed_demo`) is a real merger before the reform, in the
province of seed 004: xã Vân Sơn and xã Hồng Lạc of huyện Sơn Dương, Tuyên Quang, arranged into
xã Hồng Sơn from 01/09/2024 by NQ 1106/NQ-UBTVQH15. Two sources agree on it: the GSO code lists
as kept by github.com/daohoangson/dvhcvn (update of 01/09/2024, "1106/NQ-UBTVQH15: Nghị quyết
sắp xếp đơn vị hành chính cấp xã giai đoạn 2023-2025 của tỉnh Tuyên Quang": 02593 Vân Sơn
removed, 02608 Hồng Lạc renamed Hồng Sơn) and github.com/thanglequoc/vietnamese-provinces-database
(its 1106/NQ-UBTVQH15 data patch, the same two rows). Nothing else of it is invented: the
resolution's own date of issue (one source only) is left out, and the three communes carry no
NTM figures, which no source gives.

`workbook()` is the file a user uploads on the import page ("Sắp xếp đơn vị hành chính");
`apply_demo_reform()` (`manage.py seed_demo --reform`) runs the same file through the same
pipeline as the administrator, then gives Cẩm Tân's two officials their roles at the new
commune (recorded, as the province would after the merger), so they read Cẩm Tân's years as
the new commune's history.
"""

from datetime import date

import tablib

from imports import services as imports_services
from imports.models import ImportRun
from units import reorganisation
from units import services as units_services
from units.models import Reorganisation, Role, Unit, User
from units.resources.annex import (
    R_ACTION,
    R_BASIS,
    R_EFFECTIVE,
    R_NEW,
    R_NEW_NAME,
    R_NEW_PREFIX,
    R_OLD,
    R_OLD_NAME,
    REORG_COLUMNS,
)

BASIS = (
    "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp các đơn vị hành chính cấp xã của "
    "tỉnh Hà Tĩnh năm 2025 (minh họa: các dòng không chép từ phụ lục thật)"
)
EFFECTIVE = "01/07/2025"
NEW_CODE = "ha-tinh.cam-tan-quan-mh"
NEW_NAME = "Cẩm Tân Quan (minh họa)"
FILE_NAME = "sap-xep-ha-tinh-2025-minh-hoa.xlsx"


def rows() -> list[dict]:
    base = {R_BASIS: BASIS, R_EFFECTIVE: EFFECTIVE}
    return [
        base
        | {R_ACTION: "Kết thúc cấp huyện", R_OLD: "ha-tinh.cam-xuyen", R_OLD_NAME: "Cẩm Xuyên"},
        base
        | {
            R_ACTION: "Nhập xã",
            R_OLD: "ha-tinh.cam-xuyen.cam-tan",
            R_OLD_NAME: "Cẩm Tân",
            R_NEW: NEW_CODE,
            R_NEW_NAME: NEW_NAME,
            R_NEW_PREFIX: "Xã",
        },
        base
        | {
            R_ACTION: "Nhập xã",
            R_OLD: "ha-tinh.cam-xuyen.cam-quan",
            R_OLD_NAME: "Cẩm Quan",
            R_NEW: NEW_CODE,
            R_NEW_NAME: NEW_NAME,
            R_NEW_PREFIX: "Xã",
        },
    ]


def workbook() -> bytes:
    """The annex as the import template's sheet."""
    sheet = tablib.Dataset(headers=REORG_COLUMNS, title="Sắp xếp đơn vị")
    for row in rows():
        sheet.append([row.get(c, "") for c in REORG_COLUMNS])
    return tablib.Databook([sheet]).export("xlsx")


def apply_demo_reform(admin: User) -> ImportRun:
    """Upload, check and apply the workbook as `admin` (refused runs are returned as they
    are, with their errors); then Cẩm Tân's officials work for the new commune."""
    run = imports_services.import_run_check(
        user=admin, kind=ImportRun.Kind.REORGANISATION, file_name=FILE_NAME, content=workbook()
    )
    if run.state != ImportRun.State.CHECKED:
        return run
    imports_services.import_run_start(run=run, actor=admin)
    run.refresh_from_db()
    new = Unit.objects.filter(code=NEW_CODE).first()
    if run.state == ImportRun.State.DONE and new is not None:
        for username, kind in (
            ("camtan", Role.Kind.COMMUNE_OFFICIAL),
            ("camtan-ct", Role.Kind.COMMUNE_LEADER),
        ):
            user = User.objects.filter(username=username).first()
            if user and not Role.objects.filter(user=user, unit=new, kind=kind).exists():
                units_services.role_create(actor=admin, user=user, unit=new, kind=kind)
    return run


SON_DUONG_BASIS = (
    "Nghị quyết số 1106/NQ-UBTVQH15 của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành "
    "chính cấp xã giai đoạn 2023 – 2025 của tỉnh Tuyên Quang"
)
SON_DUONG_EFFECTIVE = date(2024, 9, 1)
HONG_SON = "tuyen-quang.son-duong.hong-son"


def seed_son_duong_2024(son_duong: Unit, framework, actor: User) -> Reorganisation:
    """Vân Sơn and Hồng Lạc (communes of huyện Sơn Dương until 01/09/2024) become xã Hồng Sơn,
    applied as any reorganisation is (units.reorganisation.apply); once only. `framework`: the
    set the communes were assessed on then (318/QĐ-TTg)."""
    done = Reorganisation.objects.filter(basis=SON_DUONG_BASIS).first()
    if done is not None:
        return done
    old = []
    for slug, name in (("van-son", "Vân Sơn"), ("hong-lac", "Hồng Lạc")):
        unit, _ = Unit.objects.get_or_create(
            code=f"{son_duong.code}.{slug}",
            defaults={
                "kind": Unit.Kind.COMMUNE,
                "prefix": "Xã",
                "name": name,
                "parent": son_duong,
                "province": son_duong.province,
                "region": son_duong.region,
                "framework": framework,
            },
        )
        old.append(unit)
    steps = [
        reorganisation.Step(
            action=reorganisation.Action.MERGE_COMMUNES,
            predecessor_code=unit.code,
            successor_code=HONG_SON,
            successor_name="Hồng Sơn",
            successor_prefix="Xã",
            parent_code=son_duong.code,
        )
        for unit in old
    ]
    plan = reorganisation.Plan(
        basis=SON_DUONG_BASIS,
        effective=SON_DUONG_EFFECTIVE,
        steps=steps,
        note="Mã đơn vị hành chính của xã Hồng Sơn: 02608 (mã cũ của xã Hồng Lạc).",
    )
    return reorganisation.apply(plan, actor=actor, source="Dữ liệu mẫu (seed_demo)")
