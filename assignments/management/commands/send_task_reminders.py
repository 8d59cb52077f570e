from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assignments.services import reminders_send


class Command(BaseCommand):
    help = (
        "Gửi e-mail nhắc việc: mỗi người phụ trách (có tài khoản và e-mail) nhận một thư gồm "
        "các nhiệm vụ quá hạn và sắp đến hạn. Chạy hằng ngày (cron/systemd timer); chạy lại "
        "trong cùng ngày không gửi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=7,
            help="Nhắc cả các nhiệm vụ đến hạn trong số ngày này (mặc định 7).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ liệt kê ai sẽ nhận thư, không gửi, không ghi gì.",
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "NTM_BASE_URL", ""),
            help="Địa chỉ trang web để ghi đường dẫn trong thư, ví dụ https://ntm.example.gov.vn",
        )

    def handle(self, *args, **options):
        days = options["days"]
        if not 0 <= days <= 366:
            raise CommandError("--days phải từ 0 đến 366.")
        today = timezone.localdate()
        report = reminders_send(
            on=today, days=days, dry_run=options["dry_run"], base_url=options["base_url"]
        )
        verb = "Sẽ gửi" if options["dry_run"] else "Đã gửi"
        for user, count in report.sent:
            self.stdout.write(f"{verb} cho {user.username} <{user.email}>: {count} nhiệm vụ")
        for user in report.skipped:
            self.stdout.write(f"Bỏ qua {user.username}: một lần chạy khác vừa gửi.")
        for user, error in report.failed:
            self.stderr.write(f"Không gửi được cho {user.username} <{user.email}>: {error}")
        summary = (
            f"Ngày {today:%d/%m/%Y}: {verb.lower()} {len(report.sent)} thư nhắc việc"
            f"{' (chạy thử, không gửi)' if options['dry_run'] else ''}."
        )
        self.stdout.write(self.style.SUCCESS(summary) if not report.failed else summary)
        if report.failed:
            raise CommandError(f"{len(report.failed)} thư không gửi được.")
