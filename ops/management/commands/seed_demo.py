from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from criteria.models import Framework


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu từ các kế hoạch mẫu (Cẩm Tân, Krông Nô, Song Vân, Thiện Kế) và tài khoản demo."

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            help="Cho phép chạy khi DEBUG=false (ví dụ máy thử nghiệm).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["i_know_this_is_not_production"]:
            raise CommandError(
                "seed_demo tạo tài khoản có mật khẩu công khai (ntm-demo): chỉ chạy khi DEBUG=true."
            )
        if not Framework.objects.filter(key="xa_ntm_2021_2025").exists():
            raise CommandError("Chưa có bộ tiêu chí: chạy `python manage.py load_criteria` trước.")
        from ops.demo import seed_demo

        summary = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Dữ liệu mẫu: {summary['units']} đơn vị, {summary['users']} tài khoản, "
                f"{summary['assessments']} năm đánh giá. Tài khoản demo: admin, camtan, camtan-ct, "
                "camthanh, camxuyen, hatinh, krongno, songvan, thienke, tw – mật khẩu ntm-demo."
            )
        )
