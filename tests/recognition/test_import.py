"""A province's list of recognition decisions from a real .xlsx, through the one import pipeline
(imports app, kind "recognitions"): all or nothing, every bad row listed with its number and a
Vietnamese reason, rows of one decision recorded as one decision, a "Thu hồi" row revoking the
entry in force on its day, history rows naming the file, and the export imported back unchanged.

Row numbers are the ones Excel shows: the header is row 1, the first decision row 2.
"""

import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from imports import registry
from imports import services as import_services
from imports.models import ImportRun
from recognition import resources, selectors, services
from recognition.models import Decision, Recognition, RecognitionChange
from recognition.resources import COLUMNS
from tests import factories
from units.access import import_kinds
from units.models import Unit

pytestmark = pytest.mark.django_db
State = ImportRun.State
BODY = "UBND tỉnh Hà Tĩnh"
MERGED_ON = date(2025, 7, 1)
FILE = "ds-cong-nhan-2023.xlsx"


def xlsx(rows, headers=COLUMNS) -> bytes:
    """A sheet of `rows`, each {header: value} (missing cells empty); dates may be date cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(unit, **cells):
    """A "Công nhận" row of QĐ 2345/QĐ-UBND of 20/12/2023 for `unit` at Xã NTM."""
    base = {
        "Mã đơn vị": unit.code,
        "Tên đơn vị": str(unit),
        "Hạng": "Xã NTM",
        "Loại quyết định": "Công nhận",
        "Số quyết định": "2345/QĐ-UBND",
        "Ngày ký": "20/12/2023",
        "Cơ quan ban hành": BODY,
        "Người ký": "Nguyễn Hồng Lĩnh",
    }
    base.update(cells)
    return base


def import_run(content: bytes, actor, name=FILE) -> ImportRun:
    """What the pipeline does on upload and confirmation: check the whole file, then (a clean
    file) write it in one transaction. The recorded run."""
    run = import_services.import_run_check(
        user=actor, kind=ImportRun.Kind.RECOGNITIONS, file_name=name, content=content
    )
    if run.state == State.CHECKED:
        import_services.import_run_start(run=run, actor=actor)
        run.refresh_from_db()
    return run


def problems_of(run: ImportRun) -> list[str]:
    """The run's errors, one line per row ("Dòng 4: …", its messages joined)."""
    lines: dict = {}
    for e in run.errors:
        lines.setdefault(e["row"], []).append(e["message"])
    return [f"Dòng {r}: {' '.join(m)}" if r else " ".join(m) for r, m in lines.items()]


def counts():
    return (
        Decision.objects.count(),
        Recognition.objects.count(),
        RecognitionChange.objects.count(),
    )


def record(actor, unit, *, number="100/QĐ-UBND", on=date(2019, 12, 20), tier="xa_ntm", **kw):
    """An entry recorded on the register's page (the service), before the file."""
    decision = services.record_decision(
        actor=actor,
        kind=kw.pop("kind", Decision.Kind.RECOGNITION),
        number=number,
        signed_on=on,
        body=kw.pop("body", BODY),
        entries=[services.Entry(unit, tier, kw.pop("year", None))],
        **kw,
    )
    return decision.entries.get(unit=unit, tier=tier)


@pytest.fixture
def communes(commune_a, district_a, f318):
    """Cẩm Tân (commune_a) and three more communes of Cẩm Xuyên (Hà Tĩnh)."""
    others = [
        factories.CommuneFactory(name=name, parent=district_a, framework=f318)
        for name in ("Cẩm Bình", "Cẩm Thành", "Cẩm Quang")
    ]
    return [commune_a, *others]


@pytest.fixture
def merged_commune(province, district_a, f318):
    """Xã Cẩm Hưng (from 01/07/2025) formed from Cẩm Thịnh and Cẩm Hà (until 01/07/2025)."""
    old = [
        factories.CommuneFactory(
            name=name, parent=district_a, framework=f318, valid_to=MERGED_ON, code=f"cu-{i}"
        )
        for i, name in enumerate(["Cẩm Thịnh", "Cẩm Hà"])
    ]
    new = factories.CommuneFactory(
        name="Cẩm Hưng", parent=province, province=province, framework=f318, valid_from=MERGED_ON
    )
    new.merged_from.set(old)
    return new


# --- the template, the kind on the import page -----------------------------------------------


def test_the_template_has_the_headers_and_a_guide(client, province_office_a):
    client.force_login(province_office_a)
    response = client.get(reverse("imports:import-template", args=["recognitions"]))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Quyết định công nhận", "Hướng dẫn"]
    assert list(book.active.values)[0] == tuple(COLUMNS)
    assert COLUMNS[:4] == ["Mã đơn vị", "Tên đơn vị", "Hạng", "Loại quyết định"]
    guide = dict(list(book["Hướng dẫn"].values)[1:])
    assert "bắt buộc với dòng thừa nhận" in guide["Căn cứ"]
    assert set(guide) == set(COLUMNS)


def test_the_province_office_is_offered_the_kind_and_commune_staff_are_not(
    client, province_office_a, official_a, district_officer, communes
):
    assert "recognitions" in import_kinds(province_office_a)
    assert "recognitions" not in import_kinds(official_a)
    assert "recognitions" not in import_kinds(district_officer)
    client.force_login(province_office_a)
    page = client.get(reverse("imports:import") + "?kind=recognitions").content.decode()
    assert 'name="kind" value="recognitions"' in page
    assert "Quyết định công nhận đạt chuẩn" in page

    with pytest.raises(PermissionDenied):
        import_services.import_run_check(
            user=official_a, kind="recognitions", file_name=FILE, content=xlsx([row(communes[0])])
        )
    assert not ImportRun.objects.exists()


# --- a good file -----------------------------------------------------------------------------


def test_a_province_list_is_recorded_through_the_pipeline_with_its_history(
    province_office_a, communes, merged_commune
):
    cam_tan, cam_binh, cam_thanh, cam_quang = communes
    earlier = record(province_office_a, cam_quang, number="88/QĐ-UBND", on=date(2019, 12, 20))
    rows = [
        # one decision naming three communes (a date cell, texts, a year of the standard)
        row(cam_tan, **{"Ngày ký": date(2023, 12, 20), "Năm đạt chuẩn": 2023}),
        row(cam_binh, **{"Có hiệu lực từ": None}),
        row(cam_thanh, **{"Hạng": "xa ntm", "Loại quyết định": "cong nhan"}),
        # the merged commune acknowledged, on the basis the ministry's letter gives
        row(
            merged_commune,
            **{
                "Loại quyết định": "Thừa nhận",
                "Số quyết định": "1502/QĐ-UBND",
                "Ngày ký": "15/08/2025",
                "Căn cứ": "Văn bản 5424/BNN-VPĐP ngày 09/8/2023",
                "Ghi chú": "Xã hình thành từ Cẩm Thịnh và Cẩm Hà",
            },
        ),
        # Cẩm Quang's recognition of 2019 revoked
        row(
            cam_quang,
            **{
                "Loại quyết định": "THU HỒI",
                "Số quyết định": "77/QĐ-UBND",
                "Ngày ký": "10/03/2024",
                "Có hiệu lực từ": "15/03/2024",
                "Lý do thu hồi": "Tiêu chí Môi trường không còn đạt",
                "Tiêu chí không đạt": "17",
            },
        ),
        {},  # an empty line of the sheet
    ]

    run = import_run(xlsx(rows), province_office_a)

    assert problems_of(run) == []
    assert run.state == State.DONE
    assert (run.rows, run.created, run.changed, run.unchanged) == (5, 5, 0, 0)
    assert run.summary == "Đã nhập 5 dòng: thêm 5 quyết định, sửa 0, 0 dòng không đổi."
    assert run.content == b""
    decision = Decision.objects.get(number="2345/QĐ-UBND")
    assert (decision.kind, decision.signed_on, decision.body, decision.signer) == (
        "cong_nhan",
        date(2023, 12, 20),
        BODY,
        "Nguyễn Hồng Lĩnh",
    )
    assert decision.recorded_by == province_office_a
    assert sorted(decision.entries.values_list("unit__name", "tier", "year")) == [
        ("Cẩm Bình", "xa_ntm", 2023),
        ("Cẩm Thành", "xa_ntm", 2023),
        ("Cẩm Tân", "xa_ntm", 2023),
    ]
    acknowledged = Decision.objects.get(number="1502/QĐ-UBND")
    assert acknowledged.kind == "thua_nhan"
    assert acknowledged.basis == "Văn bản 5424/BNN-VPĐP ngày 09/8/2023"
    assert acknowledged.note == "Xã hình thành từ Cẩm Thịnh và Cẩm Hà"
    revocation = Recognition.objects.get(decision__number="77/QĐ-UBND")
    assert revocation.revokes == earlier
    assert (revocation.reason, revocation.failing_criteria) == (
        "Tiêu chí Môi trường không còn đạt",
        "17",
    )
    assert revocation.decision.in_force_from == date(2024, 3, 15)
    # the register answers from the decisions
    on = date(2025, 9, 1)
    held = selectors.standing([u.pk for u in [*communes, merged_commune]], on)
    assert sorted(held) == sorted(
        [(u.pk, "xa_ntm") for u in (cam_tan, cam_binh, cam_thanh, merged_commune)]
    )
    assert (cam_quang.pk, "xa_ntm") in selectors.standing([cam_quang.pk], date(2024, 3, 14))
    # one history row per row of the file, naming the file
    changes = RecognitionChange.objects.exclude(decision__number="88/QĐ-UBND").order_by("pk")
    assert [(c.unit, c.action, c.actor, c.source) for c in changes] == [
        (cam_tan, "recorded", province_office_a, f"Tệp Excel {FILE}"),
        (cam_binh, "recorded", province_office_a, f"Tệp Excel {FILE}"),
        (cam_thanh, "recorded", province_office_a, f"Tệp Excel {FILE}"),
        (merged_commune, "recorded", province_office_a, f"Tệp Excel {FILE}"),
        (cam_quang, "revoked", province_office_a, f"Tệp Excel {FILE}"),
    ]
    assert changes.last().before == "Xã NTM năm 2019 theo QĐ 88/QĐ-UBND ngày 20/12/2019"


def test_the_preview_shows_the_plan_and_writes_nothing(province_office_a, communes):
    earlier = record(province_office_a, communes[3], number="88/QĐ-UBND")
    revoke = row(
        communes[3],
        **{"Loại quyết định": "Thu hồi", "Số quyết định": "77/QĐ-UBND", "Ngày ký": "10/03/2024"},
        **{"Lý do thu hồi": "Không còn đạt tiêu chí 17"},
    )
    before = counts()

    run = import_services.import_run_check(
        user=province_office_a,
        kind="recognitions",
        file_name=FILE,
        content=xlsx([row(communes[0]), row(communes[1], **{"Năm đạt chuẩn": 2023}), revoke]),
    )

    assert run.state == State.CHECKED and run.errors == []
    assert run.summary == "Sẽ nhập 3 dòng: thêm 3 quyết định, sửa 0, 0 dòng không đổi."
    assert [(p["row"], p["action"], p["text"]) for p in run.preview] == [
        (2, "Thêm mới", "Công nhận: Xã Cẩm Tân – Xã NTM năm 2023; theo QĐ 2345/QĐ-UBND ngày "
         f"20/12/2023 của {BODY}"),
        (3, "Thêm mới", "Công nhận: Xã Cẩm Bình – Xã NTM năm 2023; theo QĐ 2345/QĐ-UBND ngày "
         f"20/12/2023 của {BODY}"),
        (4, "Thêm mới", "Thu hồi: Xã Cẩm Quang – Xã NTM năm 2019 theo QĐ 88/QĐ-UBND ngày "
         f"20/12/2019; theo QĐ 77/QĐ-UBND ngày 10/03/2024 của {BODY}"),
    ]  # fmt: skip
    assert counts() == before
    assert not earlier.revoked_by.exists()


def test_a_revocation_may_revoke_an_entry_recorded_by_a_row_above(province_office_a, communes):
    cam_tan = communes[0]
    rows = [
        row(cam_tan, **{"Số quyết định": "12/QĐ-UBND", "Ngày ký": "20/12/2019"}),
        row(
            cam_tan,
            **{"Loại quyết định": "Thu hồi", "Số quyết định": "77/QĐ-UBND"},
            **{"Ngày ký": "10/03/2024", "Lý do thu hồi": "Không còn đạt tiêu chí 17"},
        ),
        row(cam_tan, **{"Số quyết định": "5/QĐ-UBND", "Ngày ký": "05/01/2025"}),
    ]

    run = import_run(xlsx(rows), province_office_a)

    assert problems_of(run) == [] and run.state == State.DONE
    first = Recognition.objects.get(decision__number="12/QĐ-UBND")
    assert Recognition.objects.get(decision__number="77/QĐ-UBND").revokes == first
    key = (cam_tan.pk, "xa_ntm")
    assert key not in selectors.standing([cam_tan.pk], date(2024, 6, 1))
    assert selectors.standing([cam_tan.pk], date(2025, 6, 1))[key].decision.number == "5/QĐ-UBND"


def test_rows_of_a_decision_already_recorded_add_entries_to_it(province_office_a, communes):
    decision = record(
        province_office_a,
        communes[0],
        number="2345/QĐ-UBND",
        on=date(2023, 12, 20),
        signer="Nguyễn Hồng Lĩnh",
    ).decision

    content = xlsx([row(communes[1], **{"Số quyết định": "2345 / qđ-ubnd"})])  # typed loosely
    run = import_run(content, province_office_a)

    assert problems_of(run) == [] and run.state == State.DONE
    assert Decision.objects.count() == 1
    assert sorted(decision.entries.values_list("unit__name", flat=True)) == ["Cẩm Bình", "Cẩm Tân"]


# --- all or nothing, every bad row ------------------------------------------------------------


def test_one_bad_row_imports_nothing(province_office_a, communes):
    rows = [row(communes[0]), row(communes[1]), row(communes[2], **{"Mã đơn vị": "KHONG-CO"})]
    before = counts()

    run = import_run(xlsx(rows), province_office_a)

    assert run.state == State.REFUSED
    assert problems_of(run) == ["Dòng 4: Không có đơn vị nào mang mã “KHONG-CO”."]
    assert run.errors[0]["column"] == "Mã đơn vị"
    assert run.summary == "Tệp có 1 lỗi: không nhập dòng nào."
    assert counts() == before


def test_every_bad_row_is_listed_with_its_number_and_reason(
    province_office_a, communes, merged_commune
):
    cam_tan, cam_binh, cam_thanh, cam_quang = communes
    old = merged_commune.merged_from.order_by("name").first()  # Cẩm Hà, until 01/07/2025
    village = factories.UnitFactory(
        kind="village", prefix="Thôn", name="Thôn 1", parent=cam_tan, province=cam_tan.province
    )
    record(province_office_a, cam_quang, number="9/QĐ-UBND", on=date(2022, 5, 5))
    rows = [
        row(cam_tan),  # 2: good
        row(cam_binh, **{"Mã đơn vị": "ha-tinh.khong-co"}),  # 3
        row(village),  # 4: a village is never "Xã NTM"
        row(cam_binh, **{"Hạng": "Huyện NTM"}),  # 5
        row(merged_commune, **{"Số quyết định": "3/QĐ-UBND", "Ngày ký": "30/06/2025"}),  # 6
        row(old, **{"Số quyết định": "4/QĐ-UBND", "Ngày ký": "01/07/2025"}),  # 7
        row(
            cam_thanh,
            **{"Loại quyết định": "Thu hồi", "Số quyết định": "77/QĐ-UBND"},
            **{"Lý do thu hồi": "Không đạt tiêu chí 17"},
        ),  # 8: nothing in force to revoke
        row(
            merged_commune,
            **{
                "Loại quyết định": "Thừa nhận",
                "Số quyết định": "6/QĐ-UBND",
                "Ngày ký": "15/08/2025",
            },
        ),  # 9: a thừa nhận without its basis
        row(cam_thanh, **{"Ngày ký": "21/12/2023"}),  # 10: the decision of row 2, another date
        row(cam_quang, **{"Loại quyết định": "Thừa nhận", "Căn cứ": "Văn bản 5424"}),  # 11
        row(cam_tan, **{"Hạng": "xã nông thôn mới"}),  # 12: row 2 again
        row(
            cam_binh, **{"Số quyết định": "9 / QĐ-UBND", "Ngày ký": "06/05/2022", "Người ký": None}
        ),  # 13: the decision recorded on 05/05/2022
        row(cam_binh, **{"Số quyết định": "1" * 61}),  # 14
        row(cam_quang, **{"Hạng": "Xã NTM cao cấp", "Loại quyết định": "Khen thưởng"}),  # 15
        row(cam_quang, **{"Ngày ký": "31/02/2023", "Số quyết định": "8/QĐ-UBND"}),  # 16
        row(cam_quang, **{"Loại quyết định": "Thu hồi", "Số quyết định": "78/QĐ-UBND"}),  # 17
        row(cam_binh, **{"Người ký": "Trần Văn B"}),  # 18: the signer of row 2 is another
    ]
    before = counts()

    run = import_run(xlsx(rows), province_office_a)

    assert run.state == State.REFUSED
    assert problems_of(run) == [
        "Dòng 3: Không có đơn vị nào mang mã “ha-tinh.khong-co”.",
        "Dòng 4: Thôn Thôn 1 là thôn: không thể công nhận hạng “Xã NTM” (hạng này dành cho xã).",
        "Dòng 5: Xã Cẩm Bình là xã: không thể công nhận hạng “Huyện NTM” (hạng này dành cho "
        "huyện/thị xã).",
        "Dòng 6: Xã Cẩm Hưng chỉ có từ 01/07/2025: quyết định ký ngày 30/06/2025 không thể ghi "
        "cho đơn vị này (quyết định cho các đơn vị trước sắp xếp ghi ở trang của từng đơn vị "
        "cũ).",
        "Dòng 7: Xã Cẩm Hà đã hết hiệu lực từ 01/07/2025: không ghi quyết định ký ngày "
        "01/07/2025 cho đơn vị này.",
        "Dòng 8: Ngày 20/12/2023, Xã Cẩm Thành không được công nhận hạng “Xã NTM” (trong hệ "
        "thống hoặc ở các dòng phía trên): không có gì để thu hồi.",
        "Dòng 9: Quyết định thừa nhận phải ghi căn cứ (ví dụ Văn bản 5424/BNN-VPĐP ngày "
        "09/8/2023 và các quyết định công nhận của các xã trước sắp xếp).",
        "Dòng 10: Dòng 2 ghi quyết định số 2345/QĐ-UBND của UBND tỉnh Hà Tĩnh với ngày ký "
        "20/12/2023: các dòng của cùng một quyết định (cùng số, cơ quan ban hành và năm ký) "
        "phải cùng ngày ký và loại quyết định.",
        "Dòng 11: Dòng 2 ghi quyết định số 2345/QĐ-UBND của UBND tỉnh Hà Tĩnh với loại “Công "
        "nhận đạt chuẩn”: các dòng của cùng một quyết định (cùng số, cơ quan ban hành và năm "
        "ký) phải cùng ngày ký và loại quyết định.",
        "Dòng 12: Trùng với dòng 2: cùng quyết định, đơn vị và hạng.",
        "Dòng 13: Quyết định số 9/QĐ-UBND của UBND tỉnh Hà Tĩnh đã được ghi với ngày ký "
        "05/05/2022: kiểm tra lại số, ngày và loại quyết định.",
        "Dòng 14: Số quyết định dài 61 ký tự, tối đa 60 ký tự.",
        "Dòng 15: Hạng “Xã NTM cao cấp” không hợp lệ: dùng “Xã NTM”, “Xã NTM nâng cao”, “Xã "
        "NTM kiểu mẫu”, “Xã NTM hiện đại”, “Khu dân cư kiểu mẫu”, “Huyện NTM”, “Tỉnh hoàn thành "
        "nhiệm vụ xây dựng NTM”. Loại quyết định “Khen thưởng” không hợp lệ: dùng “Công nhận”, "
        "“Thừa nhận” hoặc “Thu hồi”.",
        "Dòng 16: Ngày ký “31/02/2023” không hợp lệ: ghi ngày/tháng/năm, ví dụ 29/12/2023.",
        "Dòng 17: Dòng thu hồi phải ghi lý do thu hồi.",
        "Dòng 18: Dòng 2 ghi quyết định 2345/QĐ-UBND với người ký “Nguyễn Hồng Lĩnh”, dòng "
        "này ghi “Trần Văn B”: các dòng của cùng một quyết định ghi giống nhau (hoặc để trống).",
    ]
    assert {e["column"] for e in run.errors if e["row"] == 16} == {"Ngày ký"}
    assert counts() == before


def test_a_decision_recorded_with_another_kind_is_refused(province_office_a, communes):
    record(
        province_office_a,
        communes[0],
        number="2345/QĐ-UBND",
        on=date(2023, 12, 20),
        in_force_from=date(2024, 1, 1),
    )
    rows = [
        row(communes[1], **{"Loại quyết định": "Thừa nhận", "Căn cứ": "Văn bản 5424"}),
        row(communes[2], **{"Có hiệu lực từ": "01/01/2024", "Người ký": None}),  # as recorded
        row(communes[3], **{"Có hiệu lực từ": "02/01/2024"}),
    ]

    run = import_run(xlsx(rows), province_office_a)

    assert problems_of(run) == [
        "Dòng 2: Quyết định số 2345/QĐ-UBND của UBND tỉnh Hà Tĩnh đã được ghi với loại “Công "
        "nhận đạt chuẩn”: kiểm tra lại số, ngày và loại quyết định.",
        "Dòng 4: QĐ 2345/QĐ-UBND ngày 20/12/2023 đã được ghi với có hiệu lực từ 01/01/2024, "
        "tệp ghi 02/01/2024: để trống cột này hoặc ghi như đã ghi (sửa thông tin quyết định ở "
        "trang của quyết định). QĐ 2345/QĐ-UBND ngày 20/12/2023 đã được ghi với người ký để "
        "trống, tệp ghi “Nguyễn Hồng Lĩnh”: để trống cột này hoặc ghi như đã ghi (sửa thông tin "
        "quyết định ở trang của quyết định).",
    ]


def test_rows_that_say_what_only_a_revocation_says_are_refused(province_office_a, communes):
    record(province_office_a, communes[1], number="9/QĐ-UBND", on=date(2022, 5, 5))
    rows = [
        row(communes[0], **{"Lý do thu hồi": "Sai", "Tiêu chí không đạt": "17"}),
        row(
            communes[1],
            **{"Loại quyết định": "Thu hồi", "Số quyết định": "77/QĐ-UBND"},
            **{"Lý do thu hồi": "Không đạt", "Năm đạt chuẩn": 2022, "Ghi chú": "x"},
        ),
        row(communes[2], **{"Năm đạt chuẩn": 2026, "Có hiệu lực từ": "19/12/2023"}),
        row(communes[3], **{"Ghi chú": "x" * 2001, "Ngày ký": "01/01/2009"}),
    ]

    run = import_run(xlsx(rows), province_office_a)

    assert problems_of(run) == [
        "Dòng 2: Chỉ dòng thu hồi mới ghi lý do thu hồi. Chỉ dòng thu hồi mới ghi tiêu chí "
        "không đạt.",
        "Dòng 3: Dòng thu hồi không ghi năm đạt chuẩn: để trống cột này. Quyết định thu hồi "
        "không có ghi chú: để trống cột này, ghi vào lý do thu hồi.",
        "Dòng 4: Ngày có hiệu lực 19/12/2023 trước ngày ký 20/12/2023: kiểm tra lại. Năm đạt "
        "chuẩn 2026 sau năm ký quyết định (2023): kiểm tra lại.",
        "Dòng 5: Ngày ký 01/01/2009 trước khi có Chương trình (2010). Ghi chú dài 2.001 ký tự, "
        "tối đa 2.000 ký tự.",
    ]


def test_a_refusal_while_writing_rolls_every_row_back(province_office_a, communes, monkeypatch):
    """The data moved between the re-check and the writing of the last row: the service's
    refusal fails the run on that row and the rows written before it are rolled back."""
    record(province_office_a, communes[3], number="88/QĐ-UBND")
    rows = [
        row(communes[0]),
        row(communes[1]),
        row(
            communes[3],
            **{"Loại quyết định": "Thu hồi", "Số quyết định": "77/QĐ-UBND"},
            **{"Ngày ký": "10/03/2024", "Lý do thu hồi": "Không còn đạt tiêu chí 17"},
        ),
    ]
    run = import_services.import_run_check(
        user=province_office_a, kind="recognitions", file_name=FILE, content=xlsx(rows)
    )
    assert run.state == State.CHECKED
    before = counts()
    # as if another office revoked it just now: the writer finds nothing in force
    monkeypatch.setattr(resources.selectors, "standing", lambda *a, **k: {})

    import_services.import_run_start(run=run, actor=province_office_a)
    run.refresh_from_db()

    assert run.state == State.FAILED
    assert problems_of(run) == [
        "Dòng 4: Sổ công nhận của Xã Cẩm Quang đã thay đổi từ lúc kiểm tra tệp (ngày "
        "10/03/2024: không còn công nhận nào): tải tệp lên lại để kiểm tra."
    ]
    assert counts() == before


# --- rights -----------------------------------------------------------------------------------


def test_a_province_office_records_only_the_units_of_its_province(
    province_office_a, province_office_b, communes, commune_b
):
    rows = [row(commune_b, **{"Cơ quan ban hành": "UBND tỉnh Đắk Nông"}), row(communes[0])]

    run = import_run(xlsx(rows), province_office_a)
    other = import_run(xlsx(rows), province_office_b)

    assert problems_of(run) == [
        f"Dòng 2: Đơn vị mã “{commune_b.code}” không thuộc tỉnh bạn được ghi quyết định công nhận."
    ]
    assert problems_of(other) == [
        f"Dòng 3: Đơn vị mã “{communes[0].code}” không thuộc tỉnh bạn được ghi quyết định công "
        "nhận."
    ]
    assert counts() == (0, 0, 0)


# --- the export, imported back ----------------------------------------------------------------


def test_the_export_of_a_province_imports_back_unchanged(
    client, province_office_a, communes, merged_commune
):
    rows = [
        row(communes[0], **{"Số quyết định": "12/QĐ-UBND", "Ngày ký": "20/12/2019"}),
        row(communes[1], **{"Số quyết định": "12/QĐ-UBND", "Ngày ký": "20/12/2019"}),
        row(
            communes[0],
            **{"Loại quyết định": "Thu hồi", "Số quyết định": "77/QĐ-UBND"},
            **{"Ngày ký": "10/03/2024", "Lý do thu hồi": "Không còn đạt", "Căn cứ": "Báo cáo"},
        ),
        row(
            merged_commune,
            **{"Loại quyết định": "Thừa nhận", "Số quyết định": "6/QĐ-UBND"},
            **{"Ngày ký": "15/08/2025", "Căn cứ": "Văn bản 5424", "Ghi chú": "Dòng 1\nDòng 2"},
        ),
    ]
    assert problems_of(import_run(xlsx(rows), province_office_a)) == []
    before = counts()
    client.force_login(province_office_a)

    response = client.get(
        reverse("imports:data-export"), {"kind": "recognitions", "unit": communes[0].province_id}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    exported = [[c.value for c in r] for r in sheet.iter_rows()]
    assert exported[0] == COLUMNS
    assert [r[:5] for r in exported[1:]] == [
        [communes[1].code, "Xã Cẩm Bình", "Xã NTM", "Công nhận", "12/QĐ-UBND"],
        [communes[0].code, "Xã Cẩm Tân", "Xã NTM", "Công nhận", "12/QĐ-UBND"],
        [communes[0].code, "Xã Cẩm Tân", "Xã NTM", "Thu hồi", "77/QĐ-UBND"],
        [merged_commune.code, "Xã Cẩm Hưng", "Xã NTM", "Thừa nhận", "6/QĐ-UBND"],
    ]
    run = import_run(response.content, province_office_a, name="so-cong-nhan.xlsx")

    assert run.errors == [] and run.state == State.DONE
    assert (run.created, run.changed, run.unchanged) == (0, 0, 4)
    assert counts() == before
    # the year filters by the year of signing; other provinces' units are not in it
    response = client.get(
        reverse("imports:data-export"),
        {"kind": "recognitions", "unit": communes[0].province_id, "year": 2024},
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [r[4].value for r in sheet.iter_rows(min_row=2)] == ["77/QĐ-UBND"]


def test_the_check_and_the_apply_agree_on_the_registry(province_office_a, communes):
    """The registry's kind checks and writes through this app's resource."""
    kind = registry.kind("recognitions")
    assert kind.resource is resources.RecognitionResource
    assert kind.unit_export and kind.what == "quyết định"
    result = registry.check("recognitions", province_office_a, xlsx([row(communes[0])]))
    assert result.ok and len(result.plan) == 1


def test_formula_text_is_exported_harmless_and_read_back_as_typed(
    client, province_office_a, communes
):
    record(province_office_a, communes[0], signer='=HYPERLINK("http://x")', note="+84 912")
    client.force_login(province_office_a)

    response = client.get(
        reverse("imports:data-export"), {"kind": "recognitions", "unit": communes[0].pk}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = dict(zip(COLUMNS, [c.value for c in sheet[2]], strict=True))
    assert (cells["Người ký"], cells["Ghi chú"]) == ('\'=HYPERLINK("http://x")', "'+84 912")
    run = import_run(response.content, province_office_a)
    assert run.errors == [] and run.unchanged == 1


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("Xã NTM nâng cao", "xa_ntm_nang_cao"),
        ("xa ntm nang cao", "xa_ntm_nang_cao"),
        ("Xã nông thôn mới kiểu mẫu", "xa_ntm_kieu_mau"),
        ("xa_ntm_hien_dai", "xa_ntm_hien_dai"),
        ("Khu dân cư kiểu mẫu", "kdc_kieu_mau"),
        ("Huyện đạt chuẩn nông thôn mới", "huyen_ntm"),
    ],
)
def test_a_tier_is_read_from_its_label_or_code_folded(text, tier):
    assert resources.parse_tier(text) == tier


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Công nhận", "cong_nhan"),
        ("CONG NHAN DAT CHUAN", "cong_nhan"),
        ("thừa nhận", "thua_nhan"),
        ("Thu hồi quyết định công nhận", "thu_hoi"),
        ("thu_hoi", "thu_hoi"),
    ],
)
def test_a_kind_is_read_from_its_word_label_or_code_folded(text, kind):
    assert resources.parse_kind(text) == kind


def test_the_check_reads_the_register_in_bulk(province_office_a, district_a, f318):
    """The dry run's queries do not grow with the rows (a province's list names hundreds)."""
    units = [
        factories.CommuneFactory(name=f"Xã {i}", parent=district_a, framework=f318)
        for i in range(30)
    ]
    for unit in units[:2]:
        record(province_office_a, unit, number="88/QĐ-UBND")
    revoke = {"Loại quyết định": "Thu hồi", "Số quyết định": "77/QĐ-UBND", "Lý do thu hồi": "x"}

    def queries(n):
        content = xlsx([row(units[0], **revoke)] + [row(u) for u in units[1:n]])
        province_office_a._ntm_roles = None
        with CaptureQueriesContext(connection) as captured:
            result = registry.check("recognitions", province_office_a, content)
        assert result.ok and len(result.plan) == n
        return len(captured)

    assert queries(30) == queries(3)


def test_a_province_ruling_on_its_merged_communes_goes_in_by_excel_and_the_list_follows(
    office_a, province, district_a, f318
):
    """The ruling of the issue: merged communes must be acknowledged (thừa nhận) except those
    already recognised nâng cao after the merger by two named decisions. Entered by import,
    the list of communes lacking a decision of their own shows exactly the one left."""

    def merged(name, n):
        old = [
            factories.CommuneFactory(
                name=f"{name} cũ {i}", parent=district_a, framework=f318, valid_to=MERGED_ON
            )
            for i in (1, 2)
        ]
        new = factories.CommuneFactory(
            name=name, parent=province, province=province, framework=f318, valid_from=MERGED_ON
        )
        new.merged_from.set(old)
        for unit in old:
            record(office_a, unit, number=f"{n}/QĐ-UBND", on=date(2019, 12, 20))
        return new

    thua_nhan, nang_cao_1, nang_cao_2, left = (
        merged(name, n)
        for n, name in enumerate(["Cẩm Hưng", "Cẩm Lộc", "Cẩm Trung", "Cẩm Nhượng"], start=10)
    )
    assert {r.unit for r in selectors.lacking_rerecognition(Unit.objects.all())} == {
        thua_nhan,
        nang_cao_1,
        nang_cao_2,
        left,
    }
    ruling = [
        row(
            thua_nhan,
            **{
                "Loại quyết định": "Thừa nhận",
                "Số quyết định": "3001/QĐ-UBND",
                "Ngày ký": "15/09/2025",
                "Căn cứ": "Văn bản 5424/BNN-VPĐP ngày 09/8/2023",
            },
        ),
        row(
            nang_cao_1,
            **{"Hạng": "Xã NTM nâng cao", "Số quyết định": "2101/QĐ-UBND", "Ngày ký": "20/08/2025"},
        ),
        row(
            nang_cao_2,
            **{"Hạng": "Xã NTM nâng cao", "Số quyết định": "2102/QĐ-UBND", "Ngày ký": "22/08/2025"},
        ),
    ]
    run = import_run(xlsx(ruling), office_a)
    assert run.state == State.DONE, problems_of(run)

    [row_left] = selectors.lacking_rerecognition(Unit.objects.all())
    assert row_left.unit == left and row_left.lacking == ["xa_ntm"]
    # the two recognised nâng cao after the merger need no xã NTM decision of their own
    lacking = {r.unit: r.lacking for r in selectors.merged_communes(Unit.objects.all())}
    assert lacking[nang_cao_1] == [] and lacking[nang_cao_2] == [] and lacking[thua_nhan] == []
    assert [c.source for c in RecognitionChange.objects.filter(unit=thua_nhan)] == [
        f"Tệp Excel {FILE}"
    ]


def test_another_provinces_decision_with_the_same_number_is_not_the_files(
    office_a, commune_a, commune_b, other_province
):
    """Đắk Nông's office imports its own 2345/QĐ-UBND of «UBND tỉnh»: Hà Tĩnh's decision with
    the same number, body and year is not its decision, nor named in its errors."""
    services.record_decision(
        actor=office_a, kind="cong_nhan", number="2345/QĐ-UBND", signed_on=date(2023, 12, 20),
        body="UBND tỉnh", entries=[services.Entry(commune_a, "xa_ntm")],
    )  # fmt: skip
    office_b = factories.province_office(other_province, username="vp_tinh_b")
    content = xlsx([row(commune_b, **{"Cơ quan ban hành": "UBND tỉnh", "Ngày ký": "02/05/2023"})])
    run = import_run(content, office_b)
    assert run.state == State.DONE, problems_of(run)
    mine = Decision.objects.get(entries__unit=commune_b)
    assert mine.province == other_province and mine.signed_on == date(2023, 5, 2)
    assert Decision.objects.get(entries__unit=commune_a).entries.count() == 1
