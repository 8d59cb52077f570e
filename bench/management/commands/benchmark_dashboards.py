"""Time the dashboards and the Excel import on synthetic data (everything is rolled back).

    python manage.py benchmark_dashboards                 # 560 communes, 5 years, 10 000 rows
    python manage.py benchmark_dashboards --runs 11 --import-rows 0

Targets: a district (30 communes) under 150 ms, a province (560 communes) under 600 ms, a
10 000-row statuses import under 30 s. Needs the catalogue (`load_criteria`).
"""

from django.core.management.base import BaseCommand, CommandError

from bench import dashboards as benchmark
from criteria.models import Framework


class Command(BaseCommand):
    help = "Đo tốc độ các bảng tổng hợp và nhập Excel trên dữ liệu giả lập (hoàn tác sau khi đo)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7, help="Số lần đo mỗi trang (trung vị).")
        parser.add_argument("--communes", type=int, default=560)
        parser.add_argument("--districts", type=int, default=20)
        parser.add_argument("--district-communes", type=int, default=30)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--import-rows", type=int, default=10_000)

    def handle(self, *args, **o):
        if not Framework.objects.filter(key=benchmark.FRAMEWORK).exists():
            raise CommandError("Chưa có bộ tiêu chí: chạy `manage.py load_criteria` trước.")
        if o["district_communes"] >= o["communes"] or o["districts"] < 2:
            raise CommandError("Cần ít nhất 2 huyện và tỉnh có nhiều xã hơn huyện đầu tiên.")
        benchmark.run(
            runs=o["runs"],
            communes=o["communes"],
            first_district=o["district_communes"],
            districts=o["districts"],
            years=o["years"],
            import_rows=o["import_rows"],
            out=self.stdout.write,
        )
