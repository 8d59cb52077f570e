from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from import_export.formats.base_formats import XLSX

from units.models import Role
from units.resources import OfficialResource


class Command(BaseCommand):
    help = (
        "Ghi tệp Excel mẫu để nhập cán bộ (chỉ có dòng tiêu đề); "
        "--with-current: kèm các vai trò hiện có."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tệp .xlsx sẽ ghi, ví dụ mau-nhap-can-bo.xlsx")
        parser.add_argument(
            "--with-current",
            action="store_true",
            help="Ghi cả các vai trò đang có (nhập lại tệp này không tạo thêm gì).",
        )

    def handle(self, *args, path, with_current, **options):
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            raise CommandError(f"Tên tệp phải kết thúc bằng .xlsx: {path}")
        if not target.parent.is_dir():
            raise CommandError(f"Không có thư mục {target.parent}")
        roles = Role.objects.order_by("unit__code", "user__username", "kind")
        # the import pipeline's officials sheet (kind "officials"), as the admin exports it
        dataset = OfficialResource().export(roles if with_current else roles.none())
        target.write_bytes(XLSX().export_data(dataset))
        self.stdout.write(
            f"Đã ghi {target}: {len(dataset.headers)} cột, {len(dataset)} dòng dữ liệu."
        )
