from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from ops.backups import (
    describe_row,
    evidence_check,
    evidence_delete_orphans,
    evidence_storage,
    storage_label,
)


class Command(BaseCommand):
    help = (
        "So kho tệp minh chứng với dữ liệu: tệp không thuộc minh chứng nào (tệp mồ côi, của một "
        "lần tải lên không ghi được) và minh chứng không còn tệp. Thoát với mã lỗi khi có minh "
        "chứng thiếu tệp. --delete-orphans xóa các tệp mồ côi đã cũ hơn --min-age phút."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete-orphans",
            action="store_true",
            help="Xóa các tệp mồ côi (không dòng minh chứng nào trỏ tới).",
        )
        parser.add_argument(
            "--min-age",
            type=int,
            default=60,
            metavar="PHÚT",
            help=(
                "Chỉ xóa tệp mồ côi cũ hơn số phút này (mặc định 60): tệp mới hơn có thể thuộc "
                "một lần tải lên chưa ghi xong."
            ),
        )

    def handle(self, *args, **options):
        if options["min_age"] < 0:
            raise CommandError("--min-age phải là số phút không âm.")
        result = evidence_check()
        self.stdout.write(
            f"Kho minh chứng {storage_label(evidence_storage())}: {result.stored} tệp; "
            f"{result.rows} dòng minh chứng."
        )
        if result.orphans:
            self.stdout.write(
                f"{len(result.orphans)} tệp mồ côi (không thuộc minh chứng nào; `backup` bỏ qua):"
            )
            for name in result.orphans:
                self.stdout.write(f"  mồ côi: {name}")
            if options["delete_orphans"]:
                deleted, kept = evidence_delete_orphans(
                    result.orphans, min_age=timedelta(minutes=options["min_age"])
                )
                self.stdout.write(f"Đã xóa {len(deleted)} tệp mồ côi.")
                if kept:
                    self.stdout.write(
                        f"Giữ lại {len(kept)} tệp mới hơn {options['min_age']} phút (có thể đang "
                        "được tải lên): chạy lại sau."
                    )
            else:
                self.stdout.write("Xóa tệp mồ côi: thêm --delete-orphans.")
        if result.missing:
            self.stderr.write(f"{len(result.missing)} tệp đính kèm không còn trong kho:")
            for row in result.missing:
                self.stderr.write(f"  thiếu: {describe_row(row)}")
            raise CommandError(
                f"{len(result.missing)} tệp đính kèm (minh chứng, quyết định, hồ sơ) không còn tệp: chép lại tệp từ bản sao lưu "
                "gần nhất (`restore --check` cho biết bản nào còn đủ), hoặc báo người tải lên."
            )
        if not result.orphans:
            self.stdout.write(self.style.SUCCESS("Kho minh chứng khớp với dữ liệu."))
