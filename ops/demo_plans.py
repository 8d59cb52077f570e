"""Demo targets and plans from the seeds (called by ops.demo.seed_demo, after the tasks)."""

from datetime import date

from criteria.models import Criterion, Framework
from plans.library import legal_document_save
from plans.models import LegalDocument, Plan, Target
from plans.services import plan_draft, target_set
from units.models import Unit, User

K = LegalDocument.Kind
# The legal texts the seed plans cite, as they cite them (library: None = national, else the
# unit's code): number, date, body and title word for word from the seeds (000, 001, 004).
LEGAL_LIBRARY = [
    (
        None,
        K.NGHI_QUYET,
        "25/2021/QH15",
        date(2021, 7, 28),
        "Quốc hội khóa XIV, nhiệm kỳ 2016-2021, kỳ họp thứ 15",
        "",
    ),
    (
        None,
        K.QUYET_DINH,
        "263/QĐ-TTg",
        date(2022, 2, 22),
        "Thủ tướng Chính phủ",
        "phê duyệt Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025",
    ),
    (
        None,
        K.QUYET_DINH,
        "318/QĐ-TTg",
        date(2022, 3, 8),
        "Thủ tướng Chính phủ",
        "Ban hành Bộ tiêu chí quốc gia về xã nông thôn mới và Bộ tiêu chí quốc gia về xã nông "
        "thôn mới nâng cao giai đoạn 2021-2025",
    ),
    (
        None,
        K.QUYET_DINH,
        "1600/QĐ-TTg",
        date(2016, 8, 16),
        "Thủ tướng Chính phủ",
        "về Phê duyệt Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2016 - 2020",
    ),
    (
        None,
        K.QUYET_DINH,
        "1980/QĐ-TTg",
        date(2016, 10, 17),
        "Thủ tướng Chính phủ",
        "về việc ban hành Bộ tiêu chí Quốc gia về xã nông thôn mới giai đoạn 2016 - 2020",
    ),
    (
        "dak-nong",
        K.NGHI_QUYET,
        "12-NQ/TU",
        date(2021, 12, 16),
        "Tỉnh ủy Đắk Nông",
        "về xây dựng nông thôn mới giai đoạn 2021-2025",
    ),
    (
        "dak-nong.krong-no",
        K.NGHI_QUYET,
        "205/NQ-HĐND",
        date(2021, 12, 21),
        "HĐND huyện",
        "về việc thông qua kế hoạch phát triển Kinh tế - Xã hội, đảm bảo Quốc phòng - An ninh "
        "huyện Krông Nô năm 2022",
    ),
    (
        "dak-nong.krong-no",
        K.QUYET_DINH,
        "5168/QĐ-UBND",
        date(2021, 12, 22),
        "UBND huyện",
        "về việc giao chỉ tiêu kế hoạch phát triển Kinh tế - Xã hội, đảm bảo Quốc phòng - An "
        "ninh huyện Krông Nô năm 2022",
    ),
    (
        "tuyen-quang",
        K.NGHI_QUYET,
        "27-NQ/TU",
        date(2011, 11, 23),
        "Ban Chấp hành Đảng bộ tỉnh (khoá XV)",
        "về xây dựng nông thôn mới giai đoạn 2011-2015, định hướng đến năm 2020",
    ),
    (
        "ha-tinh.cam-xuyen",
        K.THONG_BAO,
        "81/TB-BCĐ",
        date(2023, 7, 10),
        "Ban chỉ đạo thực hiện các Chương trình MTQG huyện",
        "thông báo Kết luận của đồng chí Bí thư Huyện uỷ, Chủ tịch HĐND huyện - Trưởng Ban chỉ "
        "đạo thực hiện các Chương trình MTQG huyện tại Hội nghị sơ kết Chương trình MTQG xây "
        "dựng nông thôn mới 6 tháng đầu năm 2023",
    ),
]


# Cited by every new draft in these years (the programme's texts of each period, and the
# resolutions the province and district plans of the seeds stand on).
CITE_BY_DEFAULT = {
    "25/2021/QH15": (2021, 2025),
    "263/QĐ-TTg": (2021, 2025),
    "318/QĐ-TTg": (2021, 2025),
    "1600/QĐ-TTg": (2016, 2020),
    "1980/QĐ-TTg": (2016, 2020),
    "12-NQ/TU": (2021, 2025),
    "205/NQ-HĐND": (2022, 2022),
    "5168/QĐ-UBND": (2022, 2022),
    "27-NQ/TU": (2011, 2020),
    # the district's conclusions of mid-2023, which its communes' plans of 2023 act on (seed 000)
    "81/TB-BCĐ": (2023, 2023),
}


def seed_legal_library(entries=None, cite=None) -> None:
    """The texts the seeds cite, in the national library and their units' (once). `entries`
    as LEGAL_LIBRARY (number "" for a text cited by its name, the body); `cite`: the years in
    which every new draft cites a text, by number (or name)."""
    entries = LEGAL_LIBRARY if entries is None else entries
    cite = CITE_BY_DEFAULT if cite is None else cite
    for code, kind, number, signed_on, body, title in entries:
        unit = Unit.objects.get(code=code) if code else None
        same = LegalDocument.objects.filter(unit=unit, number=number)
        if (same if number else same.filter(body=body)).exists():
            continue
        years = cite.get(number or body)
        legal_document_save(
            actor=None,
            unit=unit,
            values={
                "kind": kind,
                "number": number,
                "signed_on": signed_on,
                "body": body,
                "title": title,
                "cite_by_default": years is not None,
                "cite_from": years[0] if years else None,
                "cite_to": years[1] if years else None,
            },
        )


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
# Seed 002 (l.30–31): «Chỉ đạo xây dựng xã nông thôn mới nâng cao: Cẩm Thành, Cẩm Lạc, Cẩm Quan,
# Cẩm Duệ, Cẩm Minh»; «… kiểu mẫu: Cẩm Bình, Cẩm Vịnh».
CAM_XUYEN_2021 = {
    Target.Level.NANG_CAO: ["Cẩm Thành", "Cẩm Lạc", "Cẩm Quan", "Cẩm Duệ", "Cẩm Minh"],
    Target.Level.KIEU_MAU: ["Cẩm Bình", "Cẩm Vịnh"],
}


def seed_plans() -> None:
    seed_legal_library()
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

    # Seed 002: the Cẩm Xuyên communes the district leads to nâng cao and kiểu mẫu in 2021.
    camxuyen = User.objects.get(username="camxuyen")
    for level, names in CAM_XUYEN_2021.items():
        for name in names:
            commune = Unit.objects.get(code__startswith="ha-tinh.cam-xuyen.", name=name)
            if not Target.objects.filter(unit=commune, year=2021).exists():
                target_set(unit=commune, year=2021, actor=camxuyen, level=level, criteria=[])

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
        plan_draft(  # TB 81/TB-BCĐ of 10/7/2023 among its bases (the district's library)
            unit=cam_tan,
            kind=Plan.Kind.CONSOLIDATE,
            year_start=2023,
            year_end=2025,
            actor=User.objects.get(username="camtan"),
        )
