from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ dữ liệu (data.json, nạp được vào mọi loại CSDL) và tệp minh chứng vào "
        "một tệp .tar.gz có mã kiểm tra SHA-256; --pg-dump thêm bản pg_dump -Fc trên PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", help="Tệp sẽ ghi, ví dụ /var/backups/ntm/ntm-20240305.tar.gz"
        )
        parser.add_argument(
            "--pg-dump",
            action="store_true",
            help="Thêm bản pg_dump -Fc (chỉ trên PostgreSQL, khi có lệnh pg_dump).",
        )
        parser.add_argument("--force", action="store_true", help="Ghi đè tệp đã có cùng tên.")

    def handle(self, *args, **options):
        target = Path(options["archive"])
        if not target.name.endswith((".tar.gz", ".tgz")):
            raise CommandError("Tên tệp sao lưu phải kết thúc bằng .tar.gz")
        if target.exists() and not options["force"]:
            raise CommandError(f"{target} đã có: chọn tên khác hoặc thêm --force.")
        try:
            summary = backup_create(target, pg_dump=options["pg_dump"])
        except BackupError as e:
            raise CommandError(str(e)) from e
        for note in summary.notes:
            self.stderr.write(note)
        rows = sum(summary.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu vào {target}: {rows} dòng dữ liệu, {summary.files} tệp minh chứng "
                f"({summary.file_bytes} byte){', kèm pg_dump' if summary.pg_dump else ''}."
            )
        )
        if summary.orphans:
            self.stdout.write(
                f"Bỏ qua {summary.orphans} tệp mồ côi (có trong kho minh chứng nhưng không thuộc "
                "minh chứng nào): xem `manage.py check_evidence`."
            )
        if summary.missing:
            shown = ", ".join(summary.missing[:10])
            self.stderr.write(
                self.style.WARNING(
                    f"Cảnh báo: {len(summary.missing)} minh chứng không có tệp trong kho lưu trữ "
                    f"nên không có trong bản sao lưu ({shown}"
                    f"{'…' if len(summary.missing) > 10 else ''}): xem `manage.py check_evidence`."
                )
            )
