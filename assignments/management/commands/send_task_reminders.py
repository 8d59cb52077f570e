from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks import TaskResultStatus

from assignments.selectors import REMINDER_DAYS
from assignments.services import reminders_send
from assignments.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "Gửi e-mail nhắc việc: mỗi người (có tài khoản và e-mail) nhận một thư gồm "
        "các nhiệm vụ quá hạn và sắp đến hạn, các hồ sơ chờ mình thẩm tra và các câu hỏi chờ "
        "xã mình trả lời. Chạy hằng ngày (cron/systemd timer); chạy lại "
        "trong cùng ngày không gửi trùng. Việc gửi được đưa vào hàng đợi và tiến trình "
        "`manage.py db_worker` gửi (--dry-run: liệt kê ngay, không gửi)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=REMINDER_DAYS,
            help=f"Nhắc cả các nhiệm vụ đến hạn trong số ngày này (mặc định {REMINDER_DAYS}).",
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
        if options["dry_run"]:
            report = reminders_send(on=today, days=days, dry_run=True, base_url=options["base_url"])
            sent = [(u.username, u.email, held) for u, held in report.sent]
            self._report(today, sent, [], [], dry_run=True)
            return
        result = send_reminders.enqueue(today.isoformat(), days, options["base_url"])
        if not result.is_finished:  # the database queue: the worker sends
            self.stdout.write(
                f"Ngày {today:%d/%m/%Y}: đã đưa việc gửi thư nhắc việc vào hàng đợi (mã {result.id}); "
                "tiến trình db_worker sẽ gửi."
            )
            return
        if result.status != TaskResultStatus.SUCCESSFUL:
            raise CommandError(
                "Không gửi được thư nhắc việc: "
                + "; ".join(e.traceback.strip().splitlines()[-1] for e in result.errors)
            )
        value = result.return_value
        self._report(today, value["sent"], value["skipped"], value["failed"], dry_run=False)

    def _report(self, today, sent, skipped, failed, *, dry_run: bool) -> None:
        verb = "Sẽ gửi" if dry_run else "Đã gửi"
        for username, email, held in sent:
            self.stdout.write(f"{verb} cho {username} <{email}>: {held}")
        for username in skipped:
            self.stdout.write(f"Bỏ qua {username}: một lần chạy khác vừa gửi.")
        for username, email, error in failed:
            self.stderr.write(f"Không gửi được cho {username} <{email}>: {error}")
        summary = (
            f"Ngày {today:%d/%m/%Y}: {verb.lower()} {len(sent)} thư nhắc việc"
            f"{' (chạy thử, không gửi)' if dry_run else ''}."
        )
        self.stdout.write(self.style.SUCCESS(summary) if not failed else summary)
        if failed:
            raise CommandError(f"{len(failed)} thư không gửi được.")
