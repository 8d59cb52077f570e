"""Officials from a real .xlsx (built with openpyxl): all or nothing, Vietnamese problems by row.

Officials are imported through the one import pipeline (imports app, kind "officials",
administrators only); the admin's role list links there and keeps its export.
Row numbers are the ones Excel shows: the header is row 1, the first official row 2.
"""

from io import BytesIO

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from import_export.formats.base_formats import XLSX

from imports import services as import_services
from imports.models import ImportRun
from tests import factories
from units.access import import_kinds
from units.models import Role, RoleChange, User
from units.resources import COLUMNS, OfficialResource

State = ImportRun.State


def xlsx(rows, headers=COLUMNS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def problems_of(run: ImportRun) -> list[str]:
    """The run's errors, one line per row ("Dòng 4: …", its messages joined) as they are listed
    on the run's page (row, column, message)."""
    lines: dict = {}
    for e in run.errors:
        lines.setdefault(e["row"], []).append(e["message"])
    return [f"Dòng {row}: {' '.join(m)}" if row else " ".join(m) for row, m in lines.items()]


def import_run(content: bytes, actor) -> ImportRun:
    """What the pipeline does on upload and confirmation: check the whole file, then (a clean
    file) write it in one transaction. The recorded run."""
    run = import_services.import_run_check(
        user=actor, kind=ImportRun.Kind.OFFICIALS, file_name="can-bo.xlsx", content=content
    )
    if run.state == State.CHECKED:
        import_services.import_run_start(run=run, actor=actor)
        run.refresh_from_db()
    return run


def run_import(content: bytes, actor) -> list[str]:
    return problems_of(import_run(content, actor))


def upload(client, content: bytes):
    """The import page, kind "officials"; followed to the run's page."""
    return client.post(
        reverse("imports:import"),
        {"kind": "officials", "file": SimpleUploadedFile("can-bo.xlsx", content)},
        follow=True,
    )


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="quantri", is_staff=True, is_superuser=True)


@pytest.fixture
def good_rows(commune_a, district_a, province):
    #        Tên đăng nhập, Họ và tên, Chức vụ, Email, Điện thoại, Mã đơn vị, Vai trò, Tiêu chí
    return [
        ["vanhoa.camtan", "Lê Thị Hoa", "Công chức Văn hóa – Xã hội", "hoa@example.vn",
         "0912345678", commune_a.code, "Công chức xã", "6, 16"],
        ["ntm.camxuyen", "Phan Văn Minh", "Chánh Văn phòng điều phối", "", "", district_a.code,
         "Văn phòng điều phối NTM (cấp giám sát)", None],
        ["ntm.hatinh", "Đỗ Thu Trang", "", "", "", province.code, "province_office", ""],
    ]  # fmt: skip


def test_file_with_one_bad_row_imports_nothing(admin_user, good_rows, commune_a):
    bad = ["diachinh.camtan", "Hồ Văn Nam", "", "", "", "KHONG-CO", "Công chức xã", ""]
    content = xlsx([good_rows[0], good_rows[1], bad, good_rows[2]])
    users_before = User.objects.count()

    problems = run_import(content, admin_user)

    assert problems == ["Dòng 4: Không có đơn vị nào mang mã “KHONG-CO”."]
    assert User.objects.count() == users_before
    assert not Role.objects.exists()
    assert not RoleChange.objects.exists()


def test_bad_row_rolls_back_the_good_ones_even_without_a_dry_run(admin_user, good_rows):
    bad = ["", "Không tên", "", "", "", "", "", ""]
    run = import_services.import_run_check(
        user=admin_user, kind="officials", file_name="x.xlsx", content=xlsx([*good_rows, bad])
    )

    assert run.state == State.REFUSED
    assert sorted({e["row"] for e in run.errors}) == [5]
    with pytest.raises(ValidationError):  # a refused file cannot be confirmed
        import_services.import_run_start(run=run, actor=admin_user)
    assert not Role.objects.exists()
    assert not User.objects.filter(username__in=["vanhoa.camtan", "ntm.hatinh"]).exists()


def test_every_bad_row_is_reported_with_its_row_and_reason(
    admin_user, good_rows, commune_a, district_a, f318
):
    rows = [
        good_rows[0],
        ["", "Không tên", "", "", "", commune_a.code, "Công chức xã", ""],
        ["a", "", "", "", "", commune_a.code, "Thủ quỹ", ""],
        ["b", "", "", "", "", commune_a.code, "Công chức xã", "6, 25"],
        ["c", "", "", "", "", district_a.code, "Văn phòng điều phối NTM (cấp giám sát)", "6"],
        good_rows[0],
        ["d", "", "", "", "", district_a.code, "Công chức xã", ""],
        ["e f", "", "", "", "", commune_a.code, "Công chức xã", "sáu"],
    ]

    problems = run_import(xlsx(rows), admin_user)

    assert problems == [
        "Dòng 3: Thiếu tên đăng nhập.",
        "Dòng 4: Vai trò “Thủ quỹ” không hợp lệ; dùng một trong: “Công chức xã”, "
        "“Lãnh đạo UBND xã”, “Văn phòng điều phối NTM (cấp giám sát)”, "
        "“Văn phòng điều phối NTM tỉnh”.",
        f"Dòng 5: Bộ tiêu chí {f318.short_name} không có tiêu chí số 25.",
        "Dòng 6: Chỉ vai trò của xã mới giới hạn theo tiêu chí; để trống cột “Tiêu chí phụ "
        "trách” với vai trò “Văn phòng điều phối NTM (cấp giám sát)”.",
        "Dòng 7: Trùng với dòng 2: cùng tên đăng nhập, đơn vị và vai trò.",
        "Dòng 8: Vai trò “Công chức xã” không gắn được với Huyện Cẩm Xuyên (cấp Huyện/Thị xã).",
        "Dòng 9: Tên đăng nhập “e f” không hợp lệ: tối đa 150 ký tự, chỉ gồm chữ, số và các ký "
        "tự @ . + - _ (không có dấu cách). “sáu” không phải số tiêu chí; ghi các số cách nhau "
        "bởi dấu phẩy, ví dụ “6, 16”.",
    ]
    assert not Role.objects.exists()


def test_missing_column_is_reported_and_nothing_imported(admin_user, good_rows):
    headers = [c for c in COLUMNS if c != "Mã đơn vị"]
    rows = [[v for i, v in enumerate(r) if COLUMNS[i] != "Mã đơn vị"] for r in good_rows]

    problems = run_import(xlsx(rows, headers=headers), admin_user)

    assert len(problems) == 1
    assert problems[0].startswith("Tệp không đúng mẫu: thiếu cột “Mã đơn vị”.")
    assert not Role.objects.exists()


def test_good_file_creates_users_and_roles_with_criteria_limits(
    admin_user, good_rows, commune_a, district_a, province, official_a
):
    # official_a exists: a second role is added to the same account, which stays as it was
    existing = [official_a.username, "Tên khác", "", "", "", commune_a.code, "Lãnh đạo UBND xã", ""]

    problems = run_import(xlsx([*good_rows, existing, [None] * 8]), admin_user)

    assert problems == []
    hoa = User.objects.get(username="vanhoa.camtan")
    assert (hoa.full_name, hoa.position, hoa.email, hoa.phone) == (
        "Lê Thị Hoa",
        "Công chức Văn hóa – Xã hội",
        "hoa@example.vn",
        "0912345678",
    )
    assert not hoa.has_usable_password()
    role = Role.objects.get(user=hoa)
    assert (role.unit, role.kind) == (commune_a, Role.Kind.COMMUNE_OFFICIAL)
    assert sorted(c.number for c in role.criteria.all()) == [6, 16]
    assert {c.framework_id for c in role.criteria.all()} == {commune_a.framework_id}
    assert Role.objects.get(user__username="ntm.camxuyen").unit == district_a
    assert Role.objects.get(user__username="ntm.hatinh").kind == Role.Kind.PROVINCE_OFFICE
    official_a.refresh_from_db()
    assert official_a.full_name != "Tên khác"
    assert set(official_a.roles.values_list("kind", flat=True)) == {
        Role.Kind.COMMUNE_OFFICIAL,
        Role.Kind.COMMUNE_LEADER,
    }
    changes = RoleChange.objects.order_by("pk")
    assert [(c.user.username, c.action, c.criteria_after, c.actor) for c in changes] == [
        ("vanhoa.camtan", "added", "6, 16", admin_user),
        ("ntm.camxuyen", "added", "", admin_user),
        ("ntm.hatinh", "added", "", admin_user),
        (official_a.username, "added", "", admin_user),
    ]


def test_reimporting_the_same_file_creates_no_duplicates(admin_user, good_rows):
    content = xlsx(good_rows)
    assert run_import(content, admin_user) == []
    counts = (User.objects.count(), Role.objects.count(), RoleChange.objects.count())

    run = import_run(content, admin_user)

    assert run.errors == [] and run.state == State.DONE  # nothing to import
    assert (run.created, run.changed, run.unchanged) == (0, 0, 3)
    assert (User.objects.count(), Role.objects.count(), RoleChange.objects.count()) == counts


def test_reimport_with_other_criteria_changes_the_role(admin_user, good_rows):
    assert run_import(xlsx(good_rows), admin_user) == []
    good_rows[0][7] = 17  # Excel gives a lone number as a number

    assert run_import(xlsx(good_rows), admin_user) == []

    role = Role.objects.get(user__username="vanhoa.camtan")
    assert [c.number for c in role.criteria.all()] == [17]
    change = RoleChange.objects.latest("pk")
    assert (change.action, change.criteria_before, change.criteria_after) == (
        "changed",
        "6, 16",
        "17",
    )
    assert Role.objects.count() == 3


def test_export_writes_the_same_columns_and_imports_back_unchanged(
    admin_user, good_rows, commune_a
):
    assert run_import(xlsx(good_rows), admin_user) == []

    exported = OfficialResource().export(Role.objects.order_by("pk"))

    assert exported.headers == COLUMNS
    assert exported[0] == (
        "vanhoa.camtan",
        "Lê Thị Hoa",
        "Công chức Văn hóa – Xã hội",
        "hoa@example.vn",
        "0912345678",
        commune_a.code,
        "Công chức xã",
        "6, 16",
    )
    run = import_run(XLSX().export_data(exported), admin_user)
    assert run.errors == [] and run.unchanged == 3


def test_template_command_writes_the_header_row(tmp_path, capsys, official_a):
    target = tmp_path / "mau.xlsx"

    call_command("export_officials_template", str(target))

    sheet = openpyxl.load_workbook(target).active
    assert [c.value for c in next(sheet.iter_rows())] == COLUMNS
    assert sheet.max_row == 1
    assert "8 cột, 0 dòng dữ liệu" in capsys.readouterr().out


def test_the_import_page_offers_the_officials_template(client, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("imports:import-template", args=["officials"]))

    book = openpyxl.load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Cán bộ và vai trò", "Hướng dẫn"]
    assert [c.value for c in book.active[1]] == COLUMNS


# -- through the pages: the admin links to the pipeline ----------------------------------


def test_admin_role_list_offers_import_from_excel(client, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("admin:units_role_changelist"))

    page = response.content.decode()
    assert "Nhập từ Excel" in page
    assert f'href="{reverse("imports:import")}?kind=officials"' in page
    with pytest.raises(NoReverseMatch):  # one way in: the admin's own import is gone
        reverse("admin:units_role_import")


def test_admin_export_gives_the_import_columns(client, admin_user, official_a, commune_a):
    client.force_login(admin_user)
    fields = {f"officialresource_{name}": "on" for name in OfficialResource.Meta.fields}

    response = client.post(reverse("admin:units_role_export"), {"format": 0, **fields})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="can-bo-vai-tro-')
    rows = list(
        openpyxl.load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows == [
        tuple(COLUMNS),
        (
            official_a.username,
            official_a.full_name,
            None,
            None,
            None,
            commune_a.code,
            "Công chức xã",
            None,
        ),
    ]


def test_import_checks_then_imports_on_confirmation(client, admin_user, good_rows):
    client.force_login(admin_user)
    page = client.get(reverse("imports:import") + "?kind=officials")
    assert page.context["form"]["kind"].value() == "officials"

    checked = upload(client, xlsx(good_rows))

    run = checked.context["run"]
    assert (run.kind, run.state, run.created) == ("officials", State.CHECKED, 3)
    assert not Role.objects.exists()  # the check is a dry run
    assert [p["action"] for p in run.preview] == ["Thêm mới"] * 3
    done = client.post(reverse("imports:import-confirm", args=[run.pk]))

    assert done.status_code == 302
    assert Role.objects.count() == 3
    assert RoleChange.objects.filter(actor=admin_user, action="added").count() == 3
    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        "Đã nhập 3 dòng: thêm 3 vai trò, sửa 0, 0 dòng không đổi."
    ]
    run.refresh_from_db()
    assert (run.user, run.state, run.rows, run.created, run.changed, run.unchanged) == (
        admin_user,
        State.DONE,
        3,
        3,
        0,
        0,
    )


def test_confirmation_refuses_a_file_gone_bad_since_the_check(
    client, admin_user, good_rows, commune_a
):
    client.force_login(admin_user)
    run = upload(client, xlsx(good_rows)).context["run"]
    commune_a.framework = None  # meanwhile: row 2 limits criteria of a commune with no framework
    commune_a.save(update_fields=["framework"])

    done = client.post(reverse("imports:import-confirm", args=[run.pk]))

    assert done.status_code == 302 and done["Location"] == run.get_absolute_url()
    [message] = [str(m) for m in get_messages(done.wsgi_request)]
    assert message.startswith("Dữ liệu đã thay đổi từ lúc kiểm tra: tệp nay có 1 lỗi")
    run.refresh_from_db()
    assert run.state == State.REFUSED
    assert [(e["row"], e["column"]) for e in run.errors] == [(2, "Tiêu chí phụ trách")]
    assert not Role.objects.exists()
    assert not User.objects.filter(username="ntm.hatinh").exists()


def test_import_lists_bad_rows_and_offers_no_confirmation(client, admin_user, good_rows):
    client.force_login(admin_user)
    bad = ["x", "", "", "", "", "KHONG-CO", "Công chức xã", ""]

    response = upload(client, xlsx([*good_rows, bad]))

    assert response.status_code == 200
    run = response.context["run"]
    assert run.state == State.REFUSED
    assert run.errors == [
        {"row": 5, "column": "Mã đơn vị", "message": "Không có đơn vị nào mang mã “KHONG-CO”."}
    ]
    page = response.content.decode()
    assert "Không có đơn vị nào mang mã “KHONG-CO”." in page and "Xác nhận nhập" not in page
    assert not Role.objects.exists()


def test_staff_who_cannot_create_accounts_cannot_import(client, good_rows):
    staff = factories.UserFactory(username="nhanvien", is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="units", codename__in=["view_role", "add_role", "change_role"]
        )
    )
    client.force_login(staff)

    page = client.get(reverse("admin:units_role_changelist"))
    response = client.post(
        reverse("imports:import"),
        {"kind": "officials", "file": SimpleUploadedFile("can-bo.xlsx", xlsx(good_rows))},
    )

    assert page.status_code == 200 and "Nhập từ Excel" not in page.content.decode()
    assert "officials" not in import_kinds(staff)
    assert response.status_code == 403  # no kind at all to import
    assert not Role.objects.exists() and not ImportRun.objects.exists()
    # whoever may also create accounts imports them (what the admin's import asked)
    staff.user_permissions.add(Permission.objects.get(codename="add_user"))
    staff = User.objects.get(pk=staff.pk)
    assert import_kinds(staff) == ["officials"]


def test_officials_are_not_offered_to_the_other_users(client, official_a, good_rows):
    client.force_login(official_a)

    page = client.get(reverse("imports:import") + "?kind=officials")
    response = client.post(
        reverse("imports:import"),
        {"kind": "officials", "file": SimpleUploadedFile("can-bo.xlsx", xlsx(good_rows))},
    )

    assert "officials" not in [k for k, _ in page.context["kinds"]]
    assert page.context["form"]["kind"].value() != "officials"
    assert response.context["form"].errors["kind"] == ["Bạn không được nhập loại dữ liệu này."]
    assert not Role.objects.filter(user__username="vanhoa.camtan").exists()
    assert not ImportRun.objects.exists()


def test_a_checked_file_is_not_applied_by_one_who_lost_the_right_since(admin_user, good_rows):
    """An administrator checked the file, then stopped being one (the account kept): the
    confirm is refused and no account or role is written; on the worker too."""
    from django.core.exceptions import PermissionDenied

    run = import_services.import_run_check(
        user=admin_user, kind="officials", file_name="x.xlsx", content=xlsx(good_rows)
    )
    assert run.state == State.CHECKED
    User.objects.filter(pk=admin_user.pk).update(is_superuser=False, is_staff=False)
    admin_user.refresh_from_db()

    with pytest.raises(PermissionDenied, match="không còn quyền nhập"):
        import_services.import_run_start(run=run, actor=admin_user)
    run.refresh_from_db()
    assert run.state == State.CHECKED and not Role.objects.exists()
    assert not User.objects.filter(username="ntm.hatinh").exists()
