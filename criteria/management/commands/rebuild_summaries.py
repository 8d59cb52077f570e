"""Recompute the maintained summaries (criteria and indicators met per assessment, self-assessed
and verified; one result per criterion).

    python manage.py rebuild_summaries                      # every assessment
    python manage.py rebuild_summaries --framework xa_ntm_2021_2025 --year 2022
    python manage.py rebuild_summaries --dry-run            # count what differs, write nothing

Run it once after the migration that adds CriterionResult (criteria 0010 fills the indicator
counts itself), and whenever a summary is in doubt
(e.g. after statuses were changed outside the services). A second run corrects nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from criteria.models import Framework
from criteria.summaries import summaries_rebuild


class Command(BaseCommand):
    help = (
        "Tính lại số tiêu chí, chỉ tiêu đạt (tự đánh giá và đã thẩm tra) và kết quả từng tiêu "
        "chí của các năm đánh giá."
    )

    def add_arguments(self, parser):
        parser.add_argument("--framework", help="Mã bộ tiêu chí, ví dụ xa_ntm_2021_2025.")
        parser.add_argument("--year", type=int, help="Chỉ năm này.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ đếm chỗ sai lệch, không ghi gì."
        )

    def handle(self, *args, framework=None, year=None, dry_run=False, **options):
        chosen = None
        if framework:
            chosen = Framework.objects.filter(key=framework).first()
            if chosen is None:
                keys = ", ".join(Framework.objects.values_list("key", flat=True))
                raise CommandError(f"Không có bộ tiêu chí “{framework}”. Có: {keys}.")
        report = summaries_rebuild(framework=chosen, year=year, dry_run=dry_run)
        verb = "cần sửa" if dry_run else "đã sửa"
        self.stdout.write(
            f"{report.assessments} năm đánh giá; {verb} {report.corrected} "
            f"({report.results_written} kết quả tiêu chí ghi lại, "
            f"{report.results_removed} kết quả thừa xóa)."
        )
