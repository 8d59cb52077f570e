"""Demo targets and plans from the seeds (called by ops.demo.seed_demo, after the tasks)."""

from criteria.models import Criterion, Framework
from plans.models import Plan, Target
from plans.services import plan_draft, target_set
from units.models import Unit, User

# Seed 001: criteria each Krông Nô commune registered for 2022, by name as the plan writes them.
KRONG_NO_2022 = {
    "Nâm Nung": [
        "Trường học",
        "Nhà ở dân cư",
        "Văn hóa",
        "Hệ thống chính trị và tiếp cận pháp luật",
        "Quốc phòng và An ninh",
    ],
    "Nâm N'Đir": [
        "Trường học",
        "Y tế",
        "Hệ thống chính trị và tiếp cận pháp luật",
        "Quốc phòng và An ninh",
    ],
    "Nam Xuân": ["Nhà ở dân cư", "Hệ thống chính trị và tiếp cận pháp luật"],
    "Đức Xuyên": ["Y tế", "Văn hóa", "Hệ thống chính trị và tiếp cận pháp luật"],
    "Đắk Nang": [
        "Tổ chức sản xuất và phát triển kinh tế nông thôn",
        "Môi trường và an toàn thực phẩm",
        "Hệ thống chính trị và tiếp cận pháp luật",
    ],
    "Quảng Phú": ["Trường học", "Môi trường và an toàn thực phẩm"],
    "Tân Thành": ["Hệ thống chính trị và tiếp cận pháp luật"],
    "Buôn Choah": ["Hệ thống chính trị và tiếp cận pháp luật"],
}
KRONG_NO_NANG_CAO = ["Nam Đà", "Đắk Sôr", "Đắk Drô"]


def seed_plans() -> None:
    f318 = Framework.objects.get(key="xa_ntm_2021_2025")
    by_name = {c.name.lower(): c for c in Criterion.objects.filter(framework=f318)}
    krong_no = Unit.objects.get(code="dak-nong.krong-no")
    krongno = User.objects.get(username="krongno")
    for commune in Unit.objects.filter(parent=krong_no, kind=Unit.Kind.COMMUNE):
        if Target.objects.filter(unit=commune, year=2022).exists():
            continue
        if commune.name in KRONG_NO_NANG_CAO:
            target_set(
                unit=commune, year=2022, actor=krongno, level=Target.Level.NANG_CAO, criteria=[]
            )
            continue
        criteria = [by_name[n.lower()] for n in KRONG_NO_2022.get(commune.name, [])]
        target_set(
            unit=commune, year=2022, actor=krongno, level=Target.Level.NTM, criteria=criteria
        )

    # Seed 003: two villages of Song Vân to reach "thôn NTM kiểu mẫu" in quý IV/2024.
    for code in ("bac-giang.tan-yen.song-van.hoang-van", "bac-giang.tan-yen.song-van.tan-lap"):
        village = Unit.objects.get(code=code)
        if not Target.objects.filter(unit=village, year=2024).exists():
            target_set(
                unit=village,
                year=2024,
                actor=None,
                level=Target.Level.KIEU_MAU,
                criteria=[],
                deadline_text="Quý IV/2024",
            )

    # Seed 000: the Cẩm Tân 2023 consolidation plan, ready to open as a draft.
    cam_tan = Unit.objects.get(code="ha-tinh.cam-xuyen.cam-tan")
    if not Plan.objects.filter(unit=cam_tan, kind=Plan.Kind.CONSOLIDATE).exists():
        plan, _ = plan_draft(
            unit=cam_tan,
            kind=Plan.Kind.CONSOLIDATE,
            year_start=2023,
            year_end=2025,
            actor=User.objects.get(username="camtan"),
        )
        plan.opening = (
            "Thực hiện Thông báo số 81/TB-BCĐ ngày 10/7/2023 thông báo Kết luận của đồng chí Bí thư "
            "Huyện uỷ, Chủ tịch HĐND huyện - Trưởng Ban chỉ đạo thực hiện các Chương trình MTQG huyện "
            "tại Hội nghị sơ kết Chương trình MTQG xây dựng nông thôn mới 6 tháng đầu năm 2023.\n"
            + plan.opening
        )
        plan.save(update_fields=["opening"])
