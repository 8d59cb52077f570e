"""Officials from a real .xlsx (built with openpyxl): all or nothing, Vietnamese problems by row.

Row numbers are the ones Excel shows: the header is row 1, the first official row 2.
"""

from io import BytesIO

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from import_export.formats.base_formats import XLSX

from tests import factories
from units.models import Role, RoleChange, User
from units.resources import COLUMNS, OfficialResource, import_problems


def xlsx(rows, headers=COLUMNS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def run_import(content: bytes, actor) -> list[str]:
    """What the admin does: check the whole file in a dry run, import only if it is clean."""
    dataset = XLSX().create_dataset(content)
    problems = import_problems(OfficialResource().import_data(dataset, dry_run=True, user=actor))
    if problems:
        return problems
    dataset = XLSX().create_dataset(content)
    return import_problems(OfficialResource().import_data(dataset, dry_run=False, user=actor))


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
    dataset = XLSX().create_dataset(xlsx([*good_rows, bad]))

    result = OfficialResource().import_data(dataset, dry_run=False, user=admin_user)

    assert [row.number for row in result.invalid_rows] == [5]
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
    assert problems[0].startswith("Tệp thiếu cột Mã đơn vị.")
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

    dataset = XLSX().create_dataset(content)
    result = OfficialResource().import_data(dataset, dry_run=False, user=admin_user)

    assert import_problems(result) == []
    assert result.totals["skip"] == 3
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
    result = OfficialResource().import_data(exported, dry_run=False, user=admin_user)
    assert import_problems(result) == [] and result.totals["skip"] == 3


def test_template_command_writes_the_header_row(tmp_path, capsys, official_a):
    target = tmp_path / "mau.xlsx"

    call_command("export_officials_template", str(target))

    sheet = openpyxl.load_workbook(target).active
    assert [c.value for c in next(sheet.iter_rows())] == COLUMNS
    assert sheet.max_row == 1
    assert "8 cột, 0 dòng dữ liệu" in capsys.readouterr().out


# -- through the admin ------------------------------------------------------------------


def test_admin_role_list_offers_import_from_excel(client, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("admin:units_role_changelist"))

    assert "Nhập từ Excel" in response.content.decode()


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


def test_admin_import_checks_then_imports_on_confirmation(client, admin_user, good_rows):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("can-bo.xlsx", xlsx(good_rows))

    checked = client.post(reverse("admin:units_role_import"), {"format": 0, "import_file": upload})

    assert checked.status_code == 200
    assert not Role.objects.exists()  # the check is a dry run
    confirm = checked.context["confirm_form"]
    assert confirm is not None
    done = client.post(reverse("admin:units_role_process_import"), confirm.initial)

    assert done.status_code == 302
    assert Role.objects.count() == 3
    assert RoleChange.objects.filter(actor=admin_user, action="added").count() == 3
    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        "Đã nhập: 3 vai trò mới, 0 vai trò đổi tiêu chí, 0 dòng không đổi hoặc trống."
    ]


def test_admin_confirmation_refuses_a_file_gone_bad_since_the_check(
    client, admin_user, good_rows, commune_a
):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("can-bo.xlsx", xlsx(good_rows))
    checked = client.post(reverse("admin:units_role_import"), {"format": 0, "import_file": upload})
    commune_a.framework = None  # meanwhile: row 2 limits criteria of a commune with no framework
    commune_a.save(update_fields=["framework"])

    done = client.post(
        reverse("admin:units_role_process_import"), checked.context["confirm_form"].initial
    )

    assert done.status_code == 302 and done["Location"] == reverse("admin:units_role_import")
    [message] = [str(m) for m in get_messages(done.wsgi_request)]
    assert message.startswith("Không nhập được, chưa có gì thay đổi. Dòng 2: ")
    assert not Role.objects.exists()
    assert not User.objects.filter(username="ntm.hatinh").exists()


def test_admin_import_lists_bad_rows_and_offers_no_confirmation(client, admin_user, good_rows):
    client.force_login(admin_user)
    bad = ["x", "", "", "", "", "KHONG-CO", "Công chức xã", ""]
    upload = SimpleUploadedFile("can-bo.xlsx", xlsx([*good_rows, bad]))

    response = client.post(reverse("admin:units_role_import"), {"format": 0, "import_file": upload})

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    [invalid] = response.context["result"].invalid_rows
    assert invalid.number == 5
    assert "Không có đơn vị nào mang mã “KHONG-CO”." in response.content.decode()
    assert not Role.objects.exists()


def test_staff_who_cannot_create_accounts_cannot_import(client, good_rows):
    staff = factories.UserFactory(username="nhanvien", is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="units", codename__in=["view_role", "add_role", "change_role"]
        )
    )
    client.force_login(staff)
    upload = SimpleUploadedFile("can-bo.xlsx", xlsx(good_rows))

    page = client.get(reverse("admin:units_role_changelist"))
    response = client.post(reverse("admin:units_role_import"), {"format": 0, "import_file": upload})

    assert page.status_code == 200 and "Nhập từ Excel" not in page.content.decode()
    assert response.status_code == 403
    assert not Role.objects.exists()
