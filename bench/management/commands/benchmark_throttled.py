"""Time three pages in Chromium on a throttled link and CPU: a slow phone (issue: the commune
overview in under 1 s on 1.6 Mbps with a 4× slower CPU).

    DEBUG=true python manage.py seed_demo     # once: the demo data (xã Cẩm Tân, camtan)
    python manage.py benchmark_throttled      # 5 runs of each page, slow 4G, CPU 4×
    python manage.py benchmark_throttled --runs 11 --profile slow4g-devtools

The command serves the app itself (DEBUG off, static files collected and served by WhiteNoise)
and prints the figures; nothing is asserted. Logic and the definition of each figure:
bench/throttled.py.
"""

from django.core.management.base import BaseCommand, CommandError

from bench import throttled


class Command(BaseCommand):
    help = (
        "Đo thời gian tải trang xã, trang nhập tiêu chí và 'Việc của tôi' trong Chromium trên "
        "mạng chậm (slow 4G) với CPU chậm 4× (dữ liệu mẫu)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5, help="Số lần đo mỗi trang.")
        parser.add_argument(
            "--profile",
            choices=sorted(throttled.PROFILES),
            default="slow4g",
            help="Mạng giả lập: slow4g (Lighthouse: 1,6 Mbps, 750 kbps, 150 ms), "
            "slow4g-devtools (DevTools: 1,44 Mbps, 675 kbps, 562,5 ms) hoặc none (để so sánh).",
        )
        parser.add_argument(
            "--cpu-rate", type=float, default=throttled.CPU_RATE, help="CPU chậm bao nhiêu lần."
        )
        parser.add_argument("--commune", default=throttled.COMMUNE, help="Mã đơn vị của xã.")
        parser.add_argument("--user", default=throttled.USER, help="Tài khoản đăng nhập.")
        parser.add_argument("--password", default=throttled.PASSWORD, help="Mật khẩu của nó.")
        parser.add_argument("--chromium", help="Đường dẫn Chromium (mặc định: như tests/browser).")
        parser.add_argument(
            "--service-worker",
            action="store_true",
            help="Để service worker của ứng dụng trả lời lần tải ấm (như điện thoại thật từ lần "
            "thứ hai); đọc thời gian, không đọc số byte.",
        )

    def handle(self, *args, runs, profile, cpu_rate, commune, user, password, chromium, **options):
        if runs < 1:
            raise CommandError("--runs phải lớn hơn 0.")
        if cpu_rate < 1:
            raise CommandError("--cpu-rate phải từ 1 trở lên.")
        try:
            throttled.run(
                runs=runs,
                profile=throttled.PROFILES[profile],
                cpu_rate=cpu_rate,
                commune_code=commune,
                user=user,
                password=password,
                chromium=chromium,
                worker=options["service_worker"],
                out=self.stdout.write,
            )
        except LookupError as e:
            raise CommandError(str(e)) from None
