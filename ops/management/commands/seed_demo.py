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
        parser.add_argument(
            "--reform",
            action="store_true",
            help="Sau dữ liệu mẫu, áp dụng lần sắp xếp minh họa Hà Tĩnh 01/7/2025 (kết thúc "
            "huyện Cẩm Xuyên, nhập Cẩm Tân và Cẩm Quan) từ tệp Excel, qua trang nhập dữ liệu.",
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
                "camthanh, camthanh-ct, camxuyen, hatinh, krongno, songvan, thienke, tw – mật khẩu "
                "ntm-demo."
            )
        )
        if options["reform"]:
            self._reform()

    def _reform(self):
        from ops.demo_reform import apply_demo_reform
        from units.models import User

        run = apply_demo_reform(User.objects.get(username="admin"))
        if run.state != run.State.DONE:
            errors = "; ".join(e["message"] for e in run.errors[:5])
            raise CommandError(f"Không áp dụng được lần sắp xếp minh họa: {run.summary} {errors}")
        self.stdout.write(self.style.SUCCESS(f"Sắp xếp minh họa Hà Tĩnh 01/7/2025: {run.summary}"))
