from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from units.backups import BackupError, restore_archive, verify_archive


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của lệnh backup vào CSDL TRỐNG (đã migrate) và thư mục minh "
        "chứng trống; kiểm tra mọi mã SHA-256 trước khi ghi. --check chỉ kiểm tra tệp."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp .tar.gz do lệnh backup tạo ra")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Chỉ đọc và kiểm tra toàn bộ bản sao lưu, không ghi gì.",
        )

    def handle(self, *args, **options):
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        try:
            if options["check"]:
                manifest = verify_archive(path)
                rows = sum(manifest["counts"].values())
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Bản sao lưu {path} nguyên vẹn: tạo lúc {manifest['created_at']}, "
                        f"{rows} dòng dữ liệu, {len(manifest['evidence'])} tệp minh chứng."
                    )
                )
                return
            summary = restore_archive(path)
        except BackupError as e:
            raise CommandError(str(e)) from e
        rows = sum(summary.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {rows} dòng dữ liệu và {summary.files} tệp minh chứng "
                f"({summary.file_bytes} byte) từ {path}."
            )
        )
