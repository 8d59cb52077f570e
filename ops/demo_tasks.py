"""Demo tasks taken from the seed plans (../shared/seeds/). Called by ops.demo.seed_demo.

Every task, person, role, deadline and amount here is one a seed document states:
- 000 (UBND xã Cẩm Tân, 2023): criteria 5, 6, 15, 17, 18, 19 with their deadlines and the
  12,8 tỷ đồng school investment. The plan gives criteria 11, 12, 13 and 17.1 no deadline, so
  they have no task. It gives no source for the 12,8 tỷ, so the line is "Nguồn khác" with a note.
  It names no officials, only "công chức chuyên môn" per criterion: the demo account `camtan`
  (công chức Địa chính - Nông nghiệp - Xây dựng và Môi trường) is put, as "tham mưu", on the
  two criteria of that field – 5 (xây dựng trường) and 17 (môi trường).
- 001 (UBND huyện Krông Nô, 2022): the 21 criteria the eight communes registered for 2022, and
  the three assignments to the district's own offices (section III), all due end of 2022.
- 002 (BCĐ huyện Cẩm Xuyên, 2021): each district criterion with its named leaders and advisers
  and its deadline. The catalogue's district set is 320/QĐ-TTg (2022), not the set this 2021
  plan worked to, so these tasks are general ones named after the plan's criterion.
- 003 (UBND xã Song Vân, 2024): the two model villages by quý IV/2024 with the reward of
  10 triệu đồng per village from the district's agricultural budget, and the villages' plans.
- 004 (Đảng ủy xã Thiện Kế, 2020): the review due "tháng 2/2020" and one task per criterion
  with the persons the plan lists (the account `thienke` is Dương Đăng Lâm). The plan sets no
  other date, so those tasks are due with the plan's year ("năm 2020").
No progress percentage is invented: a task is "chưa bắt đầu" unless the plan says work had
begun. Idempotent: a task that exists (same unit and title) is left alone.
"""

from django.db import transaction

from assignments.entries import FundingData, PartyData
from assignments.models import FundingLine, ResponsibleParty, Task, TaskChange
from assignments.services import task_create
from criteria.models import Criterion, Indicator
from ops.seeds import KRONG_NO_TARGETS_2022
from units.models import Unit, User

Role = ResponsibleParty.Role
Source = FundingLine.Source
Status = Task.Status
DETAIL = "Dữ liệu mẫu từ kế hoạch"


def person(role, name, position="", unit_name="", user=None) -> PartyData:
    return PartyData(
        role=role,
        name=name,
        position=position,
        unit_name=unit_name,
        user_id=user.pk if user else None,
    )


def org(role, name) -> PartyData:
    return PartyData(role=role, name=name, kind=ResponsibleParty.Kind.ORGANISATION)


def _add(unit, *, title, year, deadline, criterion=None, indicator=None, source="", **fields):
    if Task.objects.filter(unit=unit, title=title).exists():
        return 0
    criterion_obj = indicator_obj = None
    if indicator:
        indicator_obj = Indicator.objects.get(framework=unit.framework, code=indicator)
    if criterion:
        criterion_obj = Criterion.objects.get(framework=unit.framework, number=criterion)
    task_create(
        actor=None,
        unit=unit,
        title=title,
        plan_year=year,
        deadline_text=deadline,
        criterion=criterion_obj,
        indicator=indicator_obj,
        action=TaskChange.Action.CREATE,
        detail=f"{DETAIL} {source}".strip(),
        **fields,
    )
    return 1


def _cam_tan(camtan) -> int:
    unit = Unit.objects.get(code="ha-tinh.cam-xuyen.cam-tan")
    ubnd = org(Role.LEAD, "UBND xã Cẩm Tân")
    source = "số /KH-UBND năm 2023 của UBND xã Cẩm Tân"
    mine = person(
        Role.ADVISE,
        camtan.full_name,
        camtan.position,
        "UBND xã Cẩm Tân",
        user=camtan,
    )
    added = _add(
        unit,
        criterion=5,
        indicator="5",
        title="Hoàn thiện cơ sở vật chất trường Tiểu học và trường THCS, công nhận lại chuẩn mức độ 1",
        description=(
            "UBND xã đã đầu tư kinh phí xây dựng các hạng mục công trình cho trường Tiểu học "
            "và trường THCS để đạt chuẩn về cơ sở vật chất và công nhận lại chuẩn mức độ 1. "
            "Trường THCS đã hoàn thiện; trường Tiểu học đang hoàn thiện, dự kiến xong trước "
            "30/10/2023."
        ),
        year=2023,
        deadline="trước 30/10/2023",
        status=Status.IN_PROGRESS,
        parties=[ubnd, mine],
        funding=[
            FundingData(
                Source.OTHER,
                12_800_000_000,
                note="Tổng nguồn vốn đầu tư cho hai trường; kế hoạch không tách theo nguồn",
            )
        ],
        source=source,
    )
    added += _add(
        unit,
        criterion=6,
        indicator="6.2",
        title="Mua sắm, lắp đặt dụng cụ vui chơi, giải trí và thể thao cho người cao tuổi và trẻ em",
        description="Công chức văn hóa và công chức kế toán tham mưu nguồn kinh phí để mua sắm, "
        "lắp đặt theo quy định.",
        year=2023,
        deadline="hoàn thành trước 30/10/2023",
        parties=[
            ubnd,
            person(Role.ADVISE, "Công chức văn hóa"),
            person(Role.ADVISE, "Công chức kế toán"),
        ],
        source=source,
    )
    added += _add(
        unit,
        criterion=15,
        indicator="15.2",
        title="Đầu tư, bổ sung cơ sở vật chất cho Trạm y tế; củng cố các chỉ tiêu chuyên môn",
        description="Xã chưa đạt chỉ tiêu 15.2 theo bộ tiêu chí mới của Bộ Y tế (QĐ 1300/QĐ-BYT). "
        "Năm 2024 bố trí nguồn kinh phí đầu tư cơ sở vật chất cho Trạm y tế; chỉ đạo cán bộ, "
        "nhân viên Trạm củng cố, nâng cao các chỉ tiêu chuyên môn.",
        year=2024,
        deadline="10/2024",
        parties=[ubnd, org(Role.CARRY_OUT, "Trạm y tế xã Cẩm Tân")],
        source=source,
    )
    added += _add(
        unit,
        criterion=15,
        title="Cài đặt ứng dụng sổ khám chữa bệnh điện tử cho nhân dân",
        year=2024,
        deadline="10/2024",
        parties=[
            org(Role.DIRECT, "UBND xã Cẩm Tân"),
            org(Role.CARRY_OUT, "Đoàn viên, thanh niên xã"),
        ],
        source=source,
    )
    added += _add(
        unit,
        criterion=17,
        indicator="17.3",
        title="Cảnh quan xanh - sạch - đẹp; rãnh thoát nước có nắp đậy, không tồn đọng nước thải "
        "trong khu dân cư",
        description="Tuyên truyền, vận động đoàn viên, hội viên và nhân dân chỉnh trang nhà cửa, "
        "vườn hộ, trồng cây, hoa tại các trục đường liên thôn và nhà văn hóa thôn; các thôn vận "
        "động xã hội hóa xây dựng rãnh thoát nước có nắp đậy trong khu dân cư.",
        year=2023,
        deadline="tháng 12/2023",
        parties=[
            org(Role.LEAD, "Mặt trận Tổ quốc xã"),
            org(Role.COOPERATE, "Các tổ chức chính trị - xã hội từ xã đến thôn"),
            org(Role.CARRY_OUT, "Các thôn"),
            mine,
        ],
        source=source,
    )
    added += _add(
        unit,
        criterion=18,
        indicator="18.2",
        title="Khắc phục tồn tại để chính quyền xã được đánh giá hoàn thành tốt nhiệm vụ năm 2023",
        description="Kế hoạch hành động thực hiện Nghị quyết của BCH Đảng bộ, HĐND; giao nhiệm "
        "vụ cụ thể cho từng bộ phận công chức chuyên môn.",
        year=2023,
        deadline="cuối năm 2023",
        parties=[ubnd, org(Role.CARRY_OUT, "Các bộ phận công chức chuyên môn")],
        source=source,
    )
    added += _add(
        unit,
        criterion=19,
        indicator="19.2",
        title="Tuyên truyền, phổ biến giáo dục pháp luật; được Công an cấp trên công nhận đạt "
        "tiêu chí Quốc phòng và an ninh",
        year=2023,
        deadline="năm 2023",
        parties=[
            org(Role.LEAD, "Ban Công an xã"),
            person(Role.COOPERATE, "Công chức Tư pháp"),
            org(Role.COOPERATE, "Trung tâm học tập cộng đồng"),
            org(Role.COOPERATE, "Các ban, ngành, đoàn thể"),
        ],
        source=source,
    )
    return added


def _cam_xuyen() -> int:
    unit = Unit.objects.get(code="ha-tinh.cam-xuyen")
    source = "số 07-KH/BCĐ ngày 22/01/2021 của BCĐ huyện Cẩm Xuyên"
    pct = "Phó Chủ tịch UBND huyện, phó Ban chỉ đạo"
    hoang_anh = person(Role.DIRECT, "Phạm Hoàng Anh", pct)
    quang = person(Role.ADVISE, "Trần Ngọc Quang", "Trưởng phòng KTHT")
    phong = person(Role.ADVISE, "Nguyễn Thanh Phong", "Trưởng Ban QLDA huyện")
    thang = person(Role.DIRECT, "Phạm Văn Thắng", pct)
    ha = person(Role.DIRECT, "Lê Ngọc Hà", pct)
    tasks = [
        {
            "title": "Tiêu chí Quy hoạch: quy hoạch vùng huyện được UBND tỉnh phê duyệt",
            "deadline": "tháng 1/2021",
            "parties": [hoang_anh, quang],
        },
        {
            "title": "Tiêu chí Quy hoạch: hoàn thành các nội dung còn lại",
            "deadline": "quý I/2021",
            "parties": [hoang_anh, quang],
        },
        {
            "title": "Tiêu chí Giao thông: hoàn thành ĐH 124, đường Cẩm Dương – Cẩm Thịnh, ĐH 133",
            "description": "Các công trình đã khởi công.",
            "deadline": "chậm nhất trước ngày 10/2/2021",
            "status": Status.IN_PROGRESS,
            "parties": [hoang_anh, phong, quang],
        },
        {
            "title": "Tiêu chí Giao thông: xây dựng mới đường huyện, đường liên xã",
            "description": "Nâng cao mức độ đạt chuẩn và tạo điểm nhấn tua tuyến: khởi công trong "
            "tháng 2/2021, hoàn thành chậm nhất trong tháng 6/2021.",
            "deadline": "tháng 6/2021",
            "parties": [hoang_anh, phong, quang],
        },
        {
            "title": "Tiêu chí Văn hóa – Giáo dục – Y tế: hoàn thành các công trình xây dựng cơ bản",
            "deadline": "tháng 6/2021",
            "parties": [
                thang,
                phong,
                person(Role.ADVISE, "Phạm Danh Cường", "Giám đốc TTVHHTT"),
                person(Role.ADVISE, "Trần Huy Nghĩa", "Giám đốc TTYT"),
                person(Role.ADVISE, "Nguyễn Thị Xuân Hoàng", "Trưởng phòng GD&ĐT"),
            ],
        },
        {
            "title": "Tiêu chí Sản xuất: đề án sản xuất vụ Xuân, liên kết theo chuỗi giá trị",
            "description": "Sản xuất liên kết theo chuỗi giá trị trên 10 % các sản phẩm chủ lực "
            "của huyện: lúa, lạc, lợn, rau màu, tôm.",
            "deadline": "trước 31/3/2021",
            "parties": [
                ha,
                person(Role.ADVISE, "Lê Văn Danh", "Trưởng phòng NN&PTNT"),
                org(Role.COOPERATE, "Hội Nông dân huyện"),
            ],
        },
        {
            "title": "Tiêu chí Môi trường: thoát nước cụm công nghiệp Bắc Cẩm Xuyên, thu gom và "
            "xử lý rác thải",
            "description": "Hoàn thành hệ thống thoát nước cụm công nghiệp Bắc Cẩm Xuyên; vận "
            "chuyển, xử lý rác thải hữu cơ, vô cơ, bao vỏ thuốc BVTV, rác thải y tế; khắc phục "
            "các công trình bảo vệ môi trường của cơ sở sản xuất kinh doanh.",
            "deadline": "trước 31/3/2021",
            "parties": [
                ha,
                person(Role.ADVISE, "Biện Văn Thanh", "Phó trưởng phòng TN&MT"),
                phong,
                org(Role.COOPERATE, "Hội LHPN huyện"),
            ],
        },
        {
            "title": "Tiêu chí An ninh trật tự xã hội: lắp đặt hệ thống camera giám sát an ninh",
            "deadline": "tháng 4/2021",
            "parties": [thang, person(Role.DIRECT, "Phan Ngọc Tố", "Trưởng Công an huyện")],
        },
        {
            "title": "Hoàn thiện hồ sơ các tiêu chí xã NTM, tiêu chí huyện NTM và hồ sơ huyện đạt "
            "chuẩn nông thôn mới",
            "deadline": "trước 31/3/2021",
            "parties": [
                person(Role.DIRECT, "Lê Ngọc Hà", "Phó Chủ tịch UBND huyện"),
                org(Role.LEAD, "Văn phòng điều phối NTM huyện"),
                org(Role.CARRY_OUT, "Các phòng, ngành liên quan"),
            ],
        },
        {
            "title": "Trình hồ sơ đề nghị UBND tỉnh thẩm định huyện đạt chuẩn nông thôn mới",
            "deadline": "trước ngày 10/4/2021",
            "parties": [
                person(Role.DIRECT, "Lê Ngọc Hà", "Phó Chủ tịch UBND huyện"),
                org(Role.LEAD, "Văn phòng điều phối NTM huyện"),
            ],
        },
        {
            "title": "Lấy phiếu hài lòng của người dân",
            "deadline": "tháng 4/2021",
            "parties": [
                person(Role.DIRECT, "Lê Ngọc Hà", "Phó Chủ tịch UBND huyện"),
                org(Role.LEAD, "Ủy ban MTTQ huyện"),
            ],
        },
        {
            "title": "Củng cố 100 % số xã đạt chuẩn tiêu chí xã nông thôn mới",
            "deadline": "quý I/2021",
            "parties": [org(Role.LEAD, "Ban chỉ đạo NTM các xã")],
        },
    ]
    added = 0
    for t in tasks:
        added += _add(unit, year=2021, source=source, **t)
    return added


def _krong_no() -> int:

    district = Unit.objects.get(code="dak-nong.krong-no")
    source = "triển khai Chương trình MTQG xây dựng NTM huyện Krông Nô năm 2022"
    office = org(Role.DIRECT, "Văn phòng NTM huyện Krông Nô")
    added = _add(
        district,
        title="Tham mưu phân bổ nguồn vốn tỉnh hỗ trợ trực tiếp cho Chương trình; bố trí ngân "
        "sách huyện",
        year=2022,
        deadline="năm 2022",
        parties=[
            org(Role.LEAD, "Phòng Tài chính - Kế hoạch"),
            org(Role.COOPERATE, "Phòng Nông nghiệp và Phát triển nông thôn"),
            org(Role.COOPERATE, "Văn phòng NTM huyện"),
        ],
        source=source,
    )
    added += _add(
        district,
        title="Giám sát thực hiện; đánh giá sự hài lòng của người dân khi xét công nhận xã đạt chuẩn",
        year=2022,
        deadline="năm 2022",
        parties=[org(Role.LEAD, "Ủy ban MTTQ Việt Nam huyện")],
        source=source,
    )
    added += _add(
        district,
        title="Đôn đốc UBND các xã và các phòng, ban triển khai kế hoạch; kiểm tra, hướng dẫn các xã",
        year=2022,
        deadline="năm 2022",
        parties=[org(Role.LEAD, "Văn phòng NTM huyện")],
        source=source,
    )
    finishing = {"Nâm Nung", "Nâm N'Đir", "Nam Xuân"}  # "hoàn thành 19 tiêu chí cuối năm 2022"
    for i, (name, numbers) in enumerate(KRONG_NO_TARGETS_2022.items(), start=1):
        commune = Unit.objects.get(code=f"dak-nong.krong-no.{i:02d}")
        for number in numbers:
            criterion = Criterion.objects.get(framework=commune.framework, number=number)
            added += _add(
                commune,
                criterion=number,
                title=f"Hoàn thành tiêu chí số {number} ({criterion.name}) – đăng ký năm 2022",
                year=2022,
                deadline="cuối năm 2022" if name in finishing else "năm 2022",
                parties=[org(Role.LEAD, f"Ban quản lý xây dựng NTM xã {name}"), office],
                source=source,
            )
    return added


def _song_van() -> int:
    unit = Unit.objects.get(code="bac-giang.tan-yen.song-van")
    source = "số 30/KH-UBND ngày 05/3/2024 của UBND xã Song Vân"
    # seed 003 §II.2.8, word for word
    reward = (
        "Khen thưởng đối với thôn đạt chuẩn thôn Nông thôn mới kiểu mẫu năm 2024 là 10 triệu "
        "đồng/thôn. Nguồn kinh phí: Từ kinh phí sự nghiệp nông nghiệp huyện năm 2024"
    )
    added = 0
    for village in ("Hoàng Vân", "Tân Lập"):
        added += _add(
            unit,
            title=f"Xây dựng thôn {village} đạt chuẩn thôn nông thôn mới kiểu mẫu",
            description="Chỉnh trang nhà văn hóa thôn, cải tạo cảnh quan môi trường, đảm bảo an "
            "ninh trật tự, điện chiếu sáng đường trong khu dân cư, giảm tỷ lệ hộ nghèo.",
            year=2024,
            deadline="quý IV/2024",
            parties=[
                org(Role.LEAD, "Ban chỉ đạo NTM xã"),
                person(Role.ADVISE, "Công chức Văn hóa - xã hội"),
                person(Role.ADVISE, "Công chức Tài chính - kế toán"),
                org(Role.CARRY_OUT, f"Ban phát triển thôn {village}"),
            ],
            funding=[FundingData(Source.DISTRICT, 10_000_000, note=reward)],
            source=source,
        )
        added += _add(
            unit,
            title=f"Lập, trình UBND xã phê duyệt phương án xây dựng thôn NTM kiểu mẫu – thôn {village}",
            year=2024,
            deadline="xong trước ngày 01/4/2024",
            parties=[org(Role.CARRY_OUT, f"Ban phát triển thôn {village}")],
            source=source,
        )
    added += _add(
        unit,
        title="Các thôn xây dựng kế hoạch thực hiện năm 2024",
        year=2024,
        deadline="xong trước ngày 05/4/2024",
        parties=[org(Role.CARRY_OUT, "Ban phát triển các thôn")],
        source=source,
    )
    return added


# Seed 004, section IV.4: the persons per criterion (1980/QĐ-TTg numbering).
THIEN_KE_CRITERIA = [
    (3, "Thủy lợi", [("Trương Minh Đăng", Role.LEAD), ("Hà Văn Bình", Role.CARRY_OUT)]),
    (4, "Điện", [("Ôn Văn Ba", Role.LEAD)]),
    (7, "Cơ sở hạ tầng thương mại", [("Hoàng Thanh Trì", Role.LEAD)]),
    (8, "Thông tin truyền thông", [("Hoàng Thanh Trì", Role.LEAD)]),
    (9, "Nhà ở", [("Trần Quốc Thành", Role.LEAD)]),
    (10, "Thu nhập", [("Lê Ngọc Đông", Role.LEAD)]),
    (11, "Hộ nghèo", [("Diệp Xuân Chính", Role.LEAD)]),
    (12, "Lao động, việc làm", [("Vũ Văn Quyết", Role.LEAD)]),
    (14, "Giáo dục, đào tạo", [("Phan Thị Bình", Role.LEAD)]),
    (16, "Văn hóa", [("Nguyễn Bá Sơn", Role.LEAD)]),
    (
        18,
        "Hệ thống chính trị và tiếp cận pháp luật",
        [("Phạm Ngọc Điệp", Role.LEAD), ("Nguyễn Thị Lệ", Role.LEAD)],
    ),
    (
        19,
        "An ninh",
        [
            ("Trần Văn Kháng", Role.LEAD),
            ("Ôn Văn Chung", Role.LEAD),
            ("Dương Thị Phương", Role.LEAD),
        ],
    ),
]


def _thien_ke(thienke) -> int:
    unit = Unit.objects.get(code="tuyen-quang.son-duong.thien-ke")
    source = "năm 2020 của Đảng ủy xã Thiện Kế"
    lam = person(Role.CARRY_OUT, "Dương Đăng Lâm", "Công chức địa chính, xây dựng", user=thienke)
    ubnd = org(Role.LEAD, "UBND xã Thiện Kế")
    pct = person(Role.LEAD, "Phó Chủ tịch UBND xã")
    truong = person(Role.DIRECT, "Diệp Thanh Trường", "phụ trách chung tiêu chí Môi trường")
    son = person(Role.CARRY_OUT, "Nguyễn Bá Sơn")
    year, deadline = 2020, "năm 2020"
    added = _add(
        unit,
        title="Rà soát thực trạng toàn bộ các tiêu chí (đã đạt và chưa đạt)",
        description="Đánh giá đúng thực trạng từng nội dung, từng tiêu chí để có phương án củng "
        "cố, nâng cao các tiêu chí đã đạt và sớm hoàn thành các tiêu chí chưa đạt.",
        year=year,
        deadline="hoàn thành trong tháng 2/2020",
        parties=[ubnd, lam],
        source=source,
    )
    added += _add(
        unit,
        criterion=2,
        indicator="2.4",
        title="Xây dựng thêm 6,9 km đường trục chính nội đồng để đạt trên 50 %",
        description="Hiện có 6,4 km, đạt 24,62 %. Giao chỉ tiêu cho từng thôn, tranh thủ mùa khô.",
        year=year,
        deadline=deadline,
        parties=[pct, lam],
        source=source,
    )
    added += _add(
        unit,
        criterion=13,
        indicator="13.2",
        title="Thành lập HTX liên kết sản xuất, tiêu thụ sản phẩm bền vững",
        year=year,
        deadline=deadline,
        parties=[
            person(Role.LEAD, "Trương Minh Đăng", unit_name="Hội Nông dân xã"),
            org(Role.COOPERATE, "Lãnh đạo UBND xã"),
            org(Role.COOPERATE, "Hội Nông dân xã"),
        ],
        source=source,
    )
    added += _add(
        unit,
        criterion=15,
        title="Duy trì, nâng cao tỷ lệ tham gia BHYT (90,5 %) và giảm suy dinh dưỡng thể thấp còi "
        "(12,8 %)",
        year=year,
        deadline=deadline,
        parties=[
            person(Role.LEAD, "Chủ tịch Hội Phụ nữ xã"),
            org(Role.COOPERATE, "Trạm y tế xã"),
            person(Role.COOPERATE, "Cán bộ văn hóa xã hội"),
        ],
        source=source,
    )
    added += _add(
        unit,
        criterion=1,
        title="Điều chỉnh quy hoạch: chuyển địa điểm Trạm y tế và sân vận động trung tâm xã",
        description="Trạm y tế nằm kẹp giữa 3 trường học; lấy đất Trạm y tế mở rộng trường THCS, "
        "đất sân vận động mở rộng trường Mầm non; đề nghị dùng quỹ đất công ích 5 % để đổi đất.",
        year=year,
        deadline=deadline,
        parties=[person(Role.LEAD, "Chủ tịch UBND xã")],
        source=source,
    )
    added += _add(
        unit,
        criterion=17,
        title="Tuyên truyền vệ sinh môi trường; mô hình tự quản bảo vệ môi trường",
        year=year,
        deadline=deadline,
        parties=[
            truong,
            org(Role.LEAD, "Mặt trận Tổ quốc xã"),
            person(Role.CARRY_OUT, "Công chức văn hóa"),
            person(Role.CARRY_OUT, "Công chức địa chính môi trường"),
            org(Role.CARRY_OUT, "Trạm y tế xã"),
            org(Role.COOPERATE, "Các trưởng đoàn thể, các thôn"),
        ],
        source=source,
    )
    added += _add(
        unit,
        criterion=17,
        title="Xây dựng đường hoa, đèn chiếu sáng",
        year=year,
        deadline=deadline,
        parties=[
            truong,
            org(Role.LEAD, "Hội Phụ nữ xã"),
            org(Role.COOPERATE, "Đoàn Thanh niên xã"),
        ],
        source=source,
    )
    added += _add(
        unit,
        criterion=17,
        indicator="17.5",
        title="Thành lập tổ thu gom rác thải đưa về bãi rác; vận động mai táng tập trung",
        year=year,
        deadline=deadline,
        parties=[truong, pct],
        source=source,
    )
    added += _add(
        unit,
        criterion=6,
        title="Trang bị thiết bị nhà sinh hoạt cộng đồng, khu thể thao cho 14 thôn; sân vận động "
        "và khu vui chơi",
        year=year,
        deadline=deadline,
        parties=[ubnd, son],
        source=source,
    )
    added += _add(
        unit,
        criterion=5,
        title="Rà soát cơ sở vật chất trường học, huy động xã hội hóa; duy trì phổ cập giáo dục",
        year=year,
        deadline=deadline,
        parties=[ubnd, org(Role.COOPERATE, "Các trường học"), son],
        source=source,
    )
    for number, name, people in THIEN_KE_CRITERIA:
        added += _add(
            unit,
            criterion=number,
            title=f"Rà soát, củng cố, nâng cao chất lượng tiêu chí {name}",
            description="Rà soát từng nội dung so với quy định, có giải pháp củng cố, hoàn thiện "
            "hồ sơ đề nghị công nhận tiêu chí.",
            year=year,
            deadline=deadline,
            parties=[person(role, who) for who, role in people],
            source=source,
        )
    return added


@transaction.atomic
def seed_assignments() -> int:
    """Create the demo tasks once; returns how many were added."""
    camtan = User.objects.get(username="camtan")
    thienke = User.objects.get(username="thienke")
    return _cam_tan(camtan) + _cam_xuyen() + _krong_no() + _song_van() + _thien_ke(thienke)
