"""Create (or remove) a synthetic country for benchmarks and load tests.

    python manage.py synth_country --shape pre2025 --communes 10000 --years 2021-2025 --seed 42
    python manage.py synth_country --shape post2025 --communes 3300 --password ntm-synth
    python manage.py synth_country --shape reform  # pre2025 until 2024, reorganised 01/07/2025
    python manage.py synth_country --delete        # every synthetic unit, row and account
    python manage.py synth_country --dry-run       # only print the sizes

Units are marked `is_synthetic` with codes "synth-…", accounts are named "synth-…"; real units
are never touched; the reform shape's reorganisation is recorded as one by
units.reorganisation (its basis says it is synthetic). Same arguments and seed, same data. Needs the catalogue (`load_criteria`).
Logic: bench/synthetic/.
"""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from bench import synthetic


class Command(BaseCommand):
    help = "Tạo (hoặc xóa) một quốc gia giả lập để đo tốc độ và thử tải."

    def add_arguments(self, parser):
        parser.add_argument("--shape", choices=sorted(synthetic.SHAPES), default="pre2025")
        parser.add_argument(
            "--communes",
            type=int,
            help="Số xã (mặc định: 10000 trước 2025 và reform – trước sắp xếp, 3300 sau 2025).",
        )
        parser.add_argument("--years", default="2021-2025", help="Ví dụ 2021-2025 hoặc 2023.")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--villages", type=int, default=0, help="Số thôn mỗi xã.")
        parser.add_argument(
            "--officials",
            type=float,
            default=0.1,
            help="Tỷ lệ xã có tài khoản công chức và chủ tịch (0–1).",
        )
        parser.add_argument("--tasks", type=float, default=0.3, help="Tỷ lệ xã có nhiệm vụ (0–1).")
        parser.add_argument(
            "--password",
            default="",
            help="Mật khẩu chung của các tài khoản giả lập; để trống: không đăng nhập được.",
        )
        parser.add_argument("--delete", action="store_true", help="Xóa toàn bộ dữ liệu giả lập.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in quy mô, không ghi gì.")

    def handle(self, *args, **o):
        if o["delete"]:
            counts = synthetic.country_delete(out=self.stdout.write)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã xóa dữ liệu giả lập: {counts['units']} đơn vị, {counts['statuses']} "
                    f"kết quả chỉ tiêu, {counts['users']} tài khoản."
                )
            )
            return
        shape = synthetic.SHAPES[o["shape"]]
        communes = o["communes"] or shape.communes
        if communes < 1:
            raise CommandError("Số xã phải lớn hơn 0.")
        if not (0 <= o["officials"] <= 1 and 0 <= o["tasks"] <= 1):
            raise CommandError("--officials và --tasks là tỷ lệ từ 0 đến 1.")
        try:
            years = synthetic.parse_years(o["years"])
        except ValidationError as e:
            raise CommandError(e.messages[0]) from None
        options = synthetic.Options(
            shape=shape,
            communes=communes,
            years=years,
            seed=o["seed"],
            villages=o["villages"],
            officials=o["officials"],
            tasks=o["tasks"],
            password=o["password"],
        )
        plan = synthetic.layout(options)
        districts = sum(len(sizes) for _, sizes in plan.provinces) if shape.districts else 0
        self.stdout.write(
            f"{shape.key}: {len(plan.provinces)} tỉnh, {districts} huyện, {communes} xã "
            f"(tỉnh lớn nhất {max(sum(s) for _, s in plan.provinces)} xã), "
            f"năm {years[0]}–{years[-1]}, seed {options.seed}."
        )
        if shape.reform:
            self.stdout.write(
                "Sắp xếp 01/07/2025: kết thúc cấp huyện, khoảng "
                f"{synthetic.MERGED} xã nhập thành 1 (khoảng {communes // synthetic.MERGED} xã mới)."
            )
        if o["dry_run"]:
            return
        start = time.perf_counter()
        try:
            report = synthetic.country_create(options, out=self.stdout.write)
        except ValidationError as e:
            raise CommandError(e.messages[0]) from None
        counts = ", ".join(f"{n} {synthetic.LABELS[name]}" for name, n in report.counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Xong trong {time.perf_counter() - start:.0f} s. {counts}.")
        )
