from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from criteria.catalogue import CatalogueError, catalogue_load


class Command(BaseCommand):
    help = (
        "Nạp danh mục bộ tiêu chí quốc gia (YAML) vào CSDL. Chạy lại nhiều lần không tạo trùng; "
        "không đụng tới ngưỡng riêng của tỉnh và kết quả đánh giá."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="Thư mục chứa các tệp *.yaml (mặc định: settings.CRITERIA_FIXTURES_DIR).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ báo cáo sẽ thay đổi gì, rồi hoàn tác; không ghi gì vào CSDL.",
        )

    def handle(self, *args, **options):
        directory = options["dir"] or Path(settings.CRITERIA_FIXTURES_DIR)
        try:
            report = catalogue_load(directory=directory, dry_run=options["dry_run"])
        except CatalogueError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        if not report.changed:
            self.stdout.write(self.style.SUCCESS("Danh mục đã khớp với tệp, không có gì thay đổi."))
