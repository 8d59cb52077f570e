"""Time the key pages on a synthetic country and write the table to docs/benchmarks.md.

    python manage.py synth_country --shape pre2025 --password ntm-synth   # once
    python manage.py benchmark                       # 15 timed requests per page
    python manage.py benchmark --runs 31 --label pre2025 --output docs/benchmarks.md

Run on PostgreSQL with DEBUG off, on a quiet machine (the load average is recorded). Logic and
the definition of each figure: bench/pages.py.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench import pages as benchmarking


class Command(BaseCommand):
    help = "Đo tốc độ, số truy vấn và bộ nhớ của các trang chính trên quốc gia giả lập."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15, help="Số lần đo mỗi trang.")
        parser.add_argument(
            "--label", default="", help="Tên mục trong tệp kết quả (mặc định: pre2025/post2025)."
        )
        parser.add_argument(
            "--output",
            default=str(settings.BASE_DIR / "docs" / "benchmarks.md"),
            help="Tệp Markdown nhận bảng kết quả; để trống: chỉ in ra.",
        )

    def handle(self, *args, runs, label, output, **options):
        if settings.DEBUG:
            raise CommandError("Đo với DEBUG=false: chế độ debug làm chậm và giữ mọi truy vấn.")
        if runs < 1:
            raise CommandError("--runs phải lớn hơn 0.")
        try:
            result = benchmarking.run(runs=runs, label=label, out=self.stdout.write)
        except LookupError as e:
            raise CommandError(str(e)) from None
        text = benchmarking.markdown(result, benchmarking.command_line())
        self.stdout.write("")
        self.stdout.write(text)
        if output:
            benchmarking.write_section(Path(output), result.label, text)
            self.stdout.write(self.style.SUCCESS(f"Đã ghi vào {output} (mục {result.label})."))
