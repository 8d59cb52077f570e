from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backups import BackupError, restore_archive, verify_archive


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của lệnh backup vào CSDL TRỐNG (đã migrate) và kho minh "
        "chứng trống; kiểm tra mọi mã SHA-256 trước khi ghi. --check chỉ kiểm tra tệp."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp .tar.gz do lệnh backup tạo ra")
        parser.add_argument(
            "--check",
            action="store_true",
            help=(
                "Chỉ đọc và kiểm tra toàn bộ bản sao lưu (mã SHA-256, đủ tệp minh chứng mà dữ "
                "liệu cần), không ghi gì; thiếu hay hỏng thì thoát với mã lỗi."
            ),
        )

    def handle(self, *args, **options):
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        try:
            if options["check"]:
                self._check(path)
                return
            summary = restore_archive(path)
        except BackupError as e:
            raise CommandError(str(e)) from e
        for note in summary.notes:
            self.stderr.write(note)
        self._warn_missing(summary.missing)
        rows = sum(summary.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {rows} dòng dữ liệu và {summary.files} tệp minh chứng "
                f"({summary.file_bytes} byte) từ {path}."
            )
        )

    def _check(self, path: Path) -> None:
        checked = verify_archive(path)
        manifest = checked.manifest
        rows = sum(manifest["counts"].values())
        if checked.unreferenced:
            self.stderr.write(
                f"{checked.unreferenced} tệp trong bản sao lưu không thuộc minh chứng nào: "
                "khi khôi phục sẽ bỏ qua."
            )
        if checked.missing:
            self._warn_missing(checked.missing)
            raise CommandError(
                f"Bản sao lưu {path} KHÔNG đủ: thiếu {len(checked.missing)} tệp minh chứng mà "
                "dữ liệu trong đó cần (danh sách ở trên); các tệp khác khớp mã kiểm tra SHA-256."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Bản sao lưu {path} nguyên vẹn: tạo lúc {manifest['created_at']}, "
                f"{rows} dòng dữ liệu, {len(manifest['evidence']) - checked.unreferenced} tệp "
                "minh chứng."
            )
        )

    def _warn_missing(self, missing: list[str]) -> None:
        if not missing:
            return
        self.stderr.write(
            self.style.WARNING(
                f"{len(missing)} minh chứng không có tệp trong bản sao lưu (tải về sẽ báo "
                "không còn tệp):"
            )
        )
        for name in missing[:50]:
            self.stderr.write(f"  thiếu evidence/{name}")
        if len(missing) > 50:
            self.stderr.write(f"  … và {len(missing) - 50} tệp nữa")
