from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.exports import write_unit_export
from units.models import Unit


class Command(BaseCommand):
    help = (
        "Xuất toàn bộ dữ liệu của một đơn vị (xã; hoặc huyện/tỉnh cùng mọi đơn vị trực thuộc), "
        "mọi năm, ra một tệp .zip gồm các bảng CSV (UTF-8), tệp minh chứng và README.txt."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="Mã đơn vị, ví dụ ha-tinh.cam-xuyen.cam-tan")
        parser.add_argument("archive", help="Tệp .zip sẽ ghi")
        parser.add_argument("--force", action="store_true", help="Ghi đè tệp đã có.")

    def handle(self, *args, **options):
        try:
            unit = Unit.objects.get(code=options["code"])
        except Unit.DoesNotExist:
            raise CommandError(f"Không có đơn vị mã “{options['code']}”.") from None
        target = Path(options["archive"])
        if target.suffix.lower() != ".zip":
            raise CommandError("Tên tệp phải kết thúc bằng .zip")
        if target.exists() and not options["force"]:
            raise CommandError(f"{target} đã có: chọn tên khác hoặc thêm --force.")
        partial = target.with_name(target.name + ".partial")
        counts = write_unit_export(unit, partial)
        partial.replace(target)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã xuất dữ liệu của {unit} vào {target}: "
                + ", ".join(f"{n} {name.removesuffix('.csv')}" for name, n in counts.items())
                + "."
            )
        )
