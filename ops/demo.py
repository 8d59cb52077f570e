"""Demo data taken from the five seed plans (../shared/seeds/). Run only by `seed_demo`.

Every figure here is one a seed document states; where a seed names a failing criterion
but not the indicator, the indicator chosen is the one the seed's wording describes
(e.g. "chưa có sản phẩm được chứng nhận VietGAP" -> 13.3). Idempotent: running it twice
changes nothing.
"""

from decimal import Decimal

from django.contrib.auth.models import Permission
from django.db import transaction

from common.text import fold
from criteria.models import (
    Assessment,
    Framework,
    Indicator,
    IndicatorStatus,
    StatusChange,
    Threshold,
)
from criteria.services import assessment_open, assessment_recount, assessment_submit
from ops import demo_frameworks, demo_reform
from ops.demo_documents import seed_documents
from ops.demo_plans import seed_plans
from ops.demo_recognition import seed_recognition
from ops.demo_tasks import seed_assignments
from ops.seeds import KRONG_NO_TARGETS_2022
from units.models import Role, Unit, User

DEMO_PASSWORD = "ntm-demo"  # noqa: S105 – demo accounts only, created only by this module
Status = IndicatorStatus.Status

F318 = "xa_ntm_2021_2025"
F1980 = "xa_ntm_2016_2020"


def _unit(code, kind, prefix, name, parent=None, **extra):
    province = (
        parent
        if parent and parent.kind == Unit.Kind.PROVINCE
        else getattr(parent, "province", None)
    )
    defaults = {
        "kind": kind,
        "prefix": prefix,
        "name": name,
        "parent": parent,
        "province": province,
    }
    defaults.update(extra)
    unit, _ = Unit.objects.update_or_create(code=code, defaults=defaults)
    return unit


def _user(username, full_name, position, *, superuser=False):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "position": position,
            "is_superuser": superuser,
            "is_staff": superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _role(user, unit, kind):
    Role.objects.get_or_create(user=user, unit=unit, kind=kind)


def _record_year(
    commune, framework, year, failing: dict[str, str], values: dict[str, Decimal], met_note: str
):
    """Create a year's statuses once: every indicator met unless listed in `failing` (code -> reason)."""
    if Assessment.objects.filter(commune=commune, framework=framework, year=year).exists():
        return
    assessment = Assessment.objects.create(commune=commune, framework=framework, year=year)
    rows = []
    for indicator in Indicator.objects.filter(framework=framework).order_by("order"):
        failed = indicator.code in failing
        rows.append(
            IndicatorStatus(
                assessment=assessment,
                indicator=indicator,
                status=Status.NOT_MET if failed else Status.MET,
                value=values.get(indicator.code),
                note=failing.get(indicator.code, met_note),
                judged_automatically=indicator.code in values,
            )
        )
    IndicatorStatus.objects.bulk_create(rows)
    StatusChange.objects.bulk_create(
        StatusChange(
            status=s,
            action=StatusChange.Action.CREATE,
            new_status=s.status,
            new_value=s.value,
            new_note=s.note,
            detail="Dữ liệu mẫu từ kế hoạch của xã",
        )
        for s in IndicatorStatus.objects.filter(assessment=assessment)
    )
    assessment_recount(assessment)


# Seed 001 also gives where the communes end 2022 ("03 xã đạt 19 tiêu chí, 02 xã đạt 18 tiêu chí,
# 01 xã đạt 17 tiêu chí, 02 xã đạt 16 tiêu chí"): the five communes not finishing in 2022 start
# it with more unmet criteria than they registered. The plan does not name those; these demo
# choices make the counts match and are marked as such in their notes.
KRONG_NO_OTHER_UNMET_2021 = {
    "Đức Xuyên": [10],
    "Đắk Nang": [10],
    "Quảng Phú": [10, 11],
    "Tân Thành": [10, 11, 12],
    "Buôn Choah": [10, 11, 12],
}
KRONG_NO_NANG_CAO = {"Nam Đà", "Đắk Sôr", "Đắk Drô"}


@transaction.atomic
def seed_demo() -> dict:
    f318 = Framework.objects.get(key=F318)
    f1980 = Framework.objects.get(key=F1980)

    admin = _user("admin", "Quản trị hệ thống", "Quản trị viên", superuser=True)

    # Seed 000 and 002: Hà Tĩnh, huyện Cẩm Xuyên, xã Cẩm Tân.
    ha_tinh = _unit("ha-tinh", Unit.Kind.PROVINCE, "Tỉnh", "Hà Tĩnh", region="btb")
    cam_xuyen = _unit(
        "ha-tinh.cam-xuyen", Unit.Kind.DISTRICT, "Huyện", "Cẩm Xuyên", ha_tinh, region="btb"
    )
    cam_tan = _unit(
        "ha-tinh.cam-xuyen.cam-tan",
        Unit.Kind.COMMUNE,
        "Xã",
        "Cẩm Tân",
        cam_xuyen,
        region="btb",
        framework=f318,
    )
    communes = {}
    for name, goal in [
        ("Cẩm Thành", Unit.LevelGoal.NANG_CAO),
        ("Cẩm Lạc", Unit.LevelGoal.NANG_CAO),
        ("Cẩm Quan", Unit.LevelGoal.NANG_CAO),
        ("Cẩm Duệ", Unit.LevelGoal.NANG_CAO),
        ("Cẩm Minh", Unit.LevelGoal.NANG_CAO),
        ("Cẩm Bình", Unit.LevelGoal.KIEU_MAU),
        ("Cẩm Vịnh", Unit.LevelGoal.KIEU_MAU),
    ]:
        slug = fold(name).replace(" ", "-")
        communes[name] = _unit(
            f"ha-tinh.cam-xuyen.{slug}",
            Unit.Kind.COMMUNE,
            "Xã",
            name,
            cam_xuyen,
            region="btb",
            framework=f318,
            level_goal=goal,
        )
    _record_year(
        cam_tan,
        f318,
        2023,
        failing={
            "5": "Xã chưa đạt về tiêu chuẩn cơ sở vật chất (trường Tiểu học đang hoàn thiện, dự kiến xong trước 30/10/2023).",
            "6.2": "Chưa có điểm vui chơi, giải trí và thể thao cho trẻ em và người cao tuổi theo quy định.",
            "11": "Chưa đạt tiêu chí nghèo đa chiều.",
            "12.2": "Chưa đủ lao động có văn bằng, chứng chỉ; các thôn đang thống kê lao động đi làm ăn xa.",
            "13.3": "Xã chưa có sản phẩm được chứng nhận VietGAP hoặc tương đương.",
            "15.2": "Bộ Y tế ban hành bộ tiêu chí mới (QĐ 1300/QĐ-BYT): Trạm y tế còn thiếu cơ sở vật chất và chỉ tiêu chuyên môn.",
            "17.1": "Xã chưa có nước sạch theo quy chuẩn; chờ dự án nhà máy nước sạch của huyện, tỉnh.",
            "17.3": "Còn tồn đọng nước thải sinh hoạt trong khu dân cư; các thôn vận động xây rãnh thoát nước có nắp đậy.",
            "18.2": "Năm 2022 chính quyền xã không được xếp loại hoàn thành tốt nhiệm vụ.",
            "19.2": "Năm 2021 có trọng án trên địa bàn xã (xét trong 3 năm liền kề).",
        },
        values={},
        met_note="Đạt theo kết quả rà soát của xã năm 2023.",
    )
    cam_thanh = communes[demo_frameworks.COMMUNE]
    _record_year(
        cam_thanh,
        f318,
        2023,
        failing={},
        values=demo_frameworks.VALUES_2023,
        met_note=demo_frameworks.NOTE,
    )
    camtan = _user(
        "camtan",
        "Công chức NTM xã Cẩm Tân",
        "Công chức Địa chính - Nông nghiệp - Xây dựng và Môi trường",
    )
    _role(camtan, cam_tan, Role.Kind.COMMUNE_OFFICIAL)
    leader = _user("camtan-ct", "Trịnh Minh Chung", "Phó Chủ tịch UBND xã Cẩm Tân")
    _role(leader, cam_tan, Role.Kind.COMMUNE_LEADER)
    hatinh = _user("hatinh", "Văn phòng điều phối NTM tỉnh Hà Tĩnh", "Văn phòng NTM tỉnh")
    _role(hatinh, ha_tinh, Role.Kind.PROVINCE_OFFICE)
    # since 01/07/2025 the province's office verifies the communes directly under it (Cẩm
    # Hưng, Cẩm Lộc; every Cẩm Xuyên commune after `seed_demo --reform`)
    _role(hatinh, ha_tinh, Role.Kind.SUPERVISOR)
    camxuyen = _user(
        "camxuyen", "Văn phòng điều phối NTM huyện Cẩm Xuyên", "Chánh Văn phòng NTM huyện"
    )
    _role(camxuyen, cam_xuyen, Role.Kind.SUPERVISOR)
    camthanh = _user("camthanh", "Công chức NTM xã Cẩm Thành", "Công chức xã (tài khoản minh họa)")
    _role(camthanh, cam_thanh, Role.Kind.COMMUNE_OFFICIAL)
    camthanh_ct = _user(
        "camthanh-ct", "Chủ tịch UBND xã Cẩm Thành (minh họa)", "Chủ tịch UBND xã (minh họa)"
    )
    _role(camthanh_ct, cam_thanh, Role.Kind.COMMUNE_LEADER)
    tw = _user("tw", "Văn phòng Điều phối nông thôn mới Trung ương", "Văn phòng Điều phối TW")
    tw.user_permissions.add(Permission.objects.get(codename="author_national"))
    # Hà Tĩnh's illustrative 2026–2030 set, through the Excel template (ops/demo_frameworks.py)
    demo_frameworks.seed_frameworks(
        ha_tinh=ha_tinh, office=hatinh, commune=cam_thanh, official=camthanh
    )

    # Seed 001: Đắk Nông, huyện Krông Nô and its eleven communes.
    dak_nong = _unit("dak-nong", Unit.Kind.PROVINCE, "Tỉnh", "Đắk Nông", region="tn")
    krong_no = _unit(
        "dak-nong.krong-no", Unit.Kind.DISTRICT, "Huyện", "Krông Nô", dak_nong, region="tn"
    )
    for i, (name, targets) in enumerate(KRONG_NO_TARGETS_2022.items(), start=1):
        commune = _unit(
            f"dak-nong.krong-no.{i:02d}",
            Unit.Kind.COMMUNE,
            "Xã",
            name,
            krong_no,
            region="tn",
            framework=f318,
            level_goal=Unit.LevelGoal.NANG_CAO if name in KRONG_NO_NANG_CAO else Unit.LevelGoal.NTM,
        )
        failing = {}
        for number in targets:
            first = (
                Indicator.objects.filter(framework=f318, criterion__number=number)
                .order_by("order")
                .first()
            )
            failing[first.code] = (
                "Đăng ký hoàn thành năm 2022 (Kế hoạch UBND huyện Krông Nô năm 2022)."
            )
        for number in KRONG_NO_OTHER_UNMET_2021.get(name, []):
            first = (
                Indicator.objects.filter(framework=f318, criterion__number=number)
                .order_by("order")
                .first()
            )
            failing[first.code] = (
                "Chưa đạt (dữ liệu minh họa: kế hoạch huyện chỉ nêu tổng số tiêu chí của xã)."
            )
        _record_year(
            commune, f318, 2021, failing=failing, values={}, met_note="Đạt (kết quả năm 2021)."
        )
        assessment_open(commune=commune, framework=f318, year=2022, actor=None)
    krongno = _user("krongno", "Văn phòng điều phối NTM huyện Krông Nô", "Văn phòng NTM huyện")
    _role(krongno, krong_no, Role.Kind.SUPERVISOR)

    # Seed 003: Bắc Giang, huyện Tân Yên, xã Song Vân with its villages.
    bac_giang = _unit("bac-giang", Unit.Kind.PROVINCE, "Tỉnh", "Bắc Giang", region="tdmnpb")
    tan_yen = _unit(
        "bac-giang.tan-yen", Unit.Kind.DISTRICT, "Huyện", "Tân Yên", bac_giang, region="tdmnpb"
    )
    song_van = _unit(
        "bac-giang.tan-yen.song-van",
        Unit.Kind.COMMUNE,
        "Xã",
        "Song Vân",
        tan_yen,
        region="tdmnpb",
        framework=f318,
        level_goal=Unit.LevelGoal.NANG_CAO,
    )
    villages = {}
    for slug, name in [
        ("hoang-van", "Hoàng Vân"),
        ("tan-lap", "Tân Lập"),
        ("dong-lai", "Đông Lai"),
        ("bui", "Bùi"),
    ]:
        villages[name] = _unit(
            f"bac-giang.tan-yen.song-van.{slug}",
            Unit.Kind.VILLAGE,
            "Thôn",
            name,
            song_van,
            region="tdmnpb",
        )
    _record_year(
        song_van,
        f318,
        2023,
        failing={},
        values={},
        met_note="Xã đã đạt chuẩn, tiếp tục duy trì và nâng cao.",
    )
    songvan = _user("songvan", "Dương Văn Mùa", "Chủ tịch UBND xã Song Vân")
    _role(songvan, song_van, Role.Kind.COMMUNE_LEADER)
    # thôn Hoàng Vân on an illustrative khu dân cư kiểu mẫu set (ops/demo_frameworks.py): 7/9
    demo_frameworks.seed_village_set(
        province=bac_giang, village=villages["Hoàng Vân"], official=songvan, actor=admin
    )

    # Seed 004: Tuyên Quang, huyện Sơn Dương, xã Thiện Kế on the 2016–2020 set.
    tuyen_quang = _unit("tuyen-quang", Unit.Kind.PROVINCE, "Tỉnh", "Tuyên Quang", region="tdmnpb")
    son_duong = _unit(
        "tuyen-quang.son-duong",
        Unit.Kind.DISTRICT,
        "Huyện",
        "Sơn Dương",
        tuyen_quang,
        region="tdmnpb",
    )
    thien_ke = _unit(
        "tuyen-quang.son-duong.thien-ke",
        Unit.Kind.COMMUNE,
        "Xã",
        "Thiện Kế",
        son_duong,
        region="tdmnpb",
        framework=f1980,
    )
    road = Indicator.objects.get(framework=f1980, code="2.4")
    Threshold.objects.get_or_create(
        indicator=road,
        province=tuyen_quang,
        category="",
        year=None,
        defaults={
            "value": Decimal(50),
            "comparator": ">=",
            "unit": "%",
            "text": "Tỷ lệ đường trục chính nội đồng được cứng hóa",
            "decision": "Bộ tiêu chí xã NTM tỉnh Tuyên Quang giai đoạn 2016–2020",
            "note": 'Theo KH của Đảng ủy xã Thiện Kế năm 2020: "cần xây dựng thêm 6,9 km để đạt trên 50%".',
        },
    )
    _record_year(
        thien_ke,
        f1980,
        2020,
        failing={
            "2.4": "Đường trục chính nội đồng hiện có 6,4 km, đạt 24,62 %; cần xây dựng thêm 6,9 km để đạt trên 50 %.",
            "13.2": "Chưa có mô hình liên kết sản xuất gắn với tiêu thụ sản phẩm bền vững; đang vận động thành lập HTX liên kết.",
            "15.2": "Trạm y tế nằm kẹp giữa 3 trường học, cần chuyển địa điểm xây dựng mới.",
            "17.5": "Chưa thành lập tổ thu gom rác thải đưa về bãi rác.",
        },
        values={"2.4": Decimal("24.62"), "15.1": Decimal("90.5"), "15.3": Decimal("12.8")},
        met_note="Đạt (kết quả rà soát năm 2020).",
    )
    thienke = _user("thienke", "Dương Đăng Lâm", "Công chức Địa chính - Xây dựng xã Thiện Kế")
    _role(thienke, thien_ke, Role.Kind.COMMUNE_OFFICIAL)
    # a real merger before the reform: Vân Sơn + Hồng Lạc → Hồng Sơn, 01/09/2024
    demo_reform.seed_son_duong_2024(son_duong, f318, admin)

    seed_assignments()
    seed_documents()  # the seeds' duties, recipients, signers, measures (before any draft)
    seed_plans()  # targets and the Cẩm Tân draft, drafted from the statuses and tasks above
    # decisions (illustrative numbers), the 2025 merger shown on illustrative communes, a
    # verified year that puts Cẩm Tân at risk, Song Vân's half-ready dossier
    seed_recognition(
        office={"ha-tinh": hatinh, "dak-nong": admin, "bac-giang": admin},
        reviewer=camxuyen,
        f318=f318,
    )
    # a year waiting for huyện Cẩm Xuyên's review, so that the office has one to verify
    cam_thanh_2023 = Assessment.objects.get(commune=cam_thanh, framework=f318, year=2023)
    if cam_thanh_2023.state == Assessment.State.DRAFT:
        assessment_submit(assessment=cam_thanh_2023, actor=camthanh_ct)
    return {
        "units": Unit.objects.count(),
        "users": User.objects.count(),
        "assessments": Assessment.objects.count(),
        "admin": admin.username,
    }
