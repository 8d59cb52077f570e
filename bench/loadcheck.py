"""Before and after a load run: choose the accounts, then prove nothing was lost.

    python bench/loadcheck.py prepare --users 50 --password ntm-synth --out DIR
    python bench/loadcheck.py verify --dir DIR [--restart-at T0 --back-at T1]

prepare: commune officials (and, for some communes, their chairman too, so that two people
may edit the same status at once) of synthetic communes whose latest year is open for editing,
with the statuses each may edit (indicators judged by the official, not by a measured value);
the largest StatusChange id is noted as the start of the run.

verify: every update the load test saw saved (302) has exactly one history row of action
"update" carrying its unique note token, and no such row exists for an update that was not
confirmed; every status's version equals 1 + its saves (a save writes its history rows with
one time stamp, in the same transaction); the maintained summaries of the year agree with a
fresh computation (rebuild_summaries --dry-run); then throughput, p50/p95/p99 and errors.
Exit status 1 if anything was lost or inconsistent.
"""

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Max  # noqa: E402

from bench.synthetic import synthetic_units  # noqa: E402
from criteria.models import Assessment, IndicatorStatus, StatusChange  # noqa: E402
from criteria.summaries import summaries_rebuild  # noqa: E402
from units.models import Role  # noqa: E402

OPEN = [Assessment.State.DRAFT, Assessment.State.RETURNED]
STATUSES_PER_USER = 8


def prepare(users: int, password: str, out: Path, pairs: int | None) -> None:
    pairs = users // 5 if pairs is None else pairs
    latest = Assessment.objects.filter(commune__in=synthetic_units()).aggregate(y=Max("year"))["y"]
    open_communes = Assessment.objects.filter(
        commune__in=synthetic_units(), year=latest, state__in=OPEN
    ).values("commune")
    officials = list(
        Role.objects.filter(unit__in=open_communes, kind=Role.Kind.COMMUNE_OFFICIAL)
        .select_related("user", "unit")
        .order_by("unit__code")[: users - pairs]
    )
    if len(officials) < users - pairs:
        raise SystemExit(f"Chỉ có {len(officials)} xã giả lập có công chức và năm đang mở.")
    leaders = {
        r.unit_id: r.user
        for r in Role.objects.filter(
            unit__in=[o.unit_id for o in officials[:pairs]], kind=Role.Kind.COMMUNE_LEADER
        ).select_related("user")
    }
    accounts, second = [], []  # the chairmen start after every official
    for i, role in enumerate(officials):
        statuses = list(
            IndicatorStatus.objects.filter(
                assessment__commune=role.unit, assessment__year=latest, judged_automatically=False
            )
            .order_by("indicator__order")
            .values_list("pk", flat=True)[:STATUSES_PER_USER]
        )
        for user, target in [(role.user, accounts)] + (
            [(leaders[role.unit_id], second)] if i < pairs else []
        ):
            target.append(
                {
                    "username": user.username,
                    "password": password,
                    "commune": role.unit_id,
                    "statuses": statuses,
                }
            )
    accounts += second
    out.mkdir(parents=True, exist_ok=True)
    (out / "load-users.json").write_text(json.dumps(accounts, indent=1))
    marker = StatusChange.objects.aggregate(m=Max("pk"))["m"] or 0
    (out / "marker.json").write_text(json.dumps({"statuschange": marker, "year": latest}))
    communes = len({a["commune"] for a in accounts})
    print(f"{len(accounts)} tài khoản trên {communes} xã ({pairs} xã có hai người cùng sửa).")


VERSION_SQL = """
    SELECT count(*) FROM criteria_indicatorstatus s
    LEFT JOIN (SELECT status_id, count(DISTINCT at) AS saves FROM criteria_statuschange
               WHERE action IN ('update', 'evidence_added') GROUP BY status_id) c
           ON c.status_id = s.id
    WHERE s.version - 1 <> coalesce(c.saves, 0)"""


def _pct(values, q):
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def verify(directory: Path, restart_at: float | None, back_at: float | None) -> int:
    marker = json.loads((directory / "marker.json").read_text())
    results = json.loads((directory / "load-results.json").read_text())
    ok = {token: pk for pk, token, _ in results["ok"]}
    rows = list(
        StatusChange.objects.filter(pk__gt=marker["statuschange"], action="update").values_list(
            "status_id", "new_note", "at"
        )
    )
    by_token: dict[str, list[int]] = {}
    written_at: dict[str, float] = {}
    for status_id, note, at in rows:
        token = note.split(" ", 2)[2].split(":")[0] if note.startswith("Thử tải ") else ""
        by_token.setdefault(token, []).append(status_id)
        written_at[token] = at.timestamp()
    lost = [t for t in ok if len(by_token.get(t, [])) != 1 or by_token[t][0] != ok[t]]
    unconfirmed = [t for t in by_token if t and t not in ok]
    refused_saved = [t for _, t, _ in results["refused"] if t in by_token]
    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL)
        version_mismatches = cursor.fetchone()[0]
    rebuild = summaries_rebuild(year=marker["year"], dry_run=True)

    samples = results["samples"]
    pages = [s for s in samples if not s[1].startswith("login")]
    times = sorted(s[2] for s in pages)
    start, end = min(s[0] for s in samples), max(s[0] + s[2] / 1000 for s in samples)
    errors = results["errors"]
    print(
        f"Thời gian chạy: {end - start:.0f} s; {len(samples)} yêu cầu ({len(pages)} không kể đăng nhập)"
    )
    print(f"Thông lượng: {len(samples) / (end - start):.1f} yêu cầu/s")
    print(
        f"Độ trễ (không kể đăng nhập): p50 {_pct(times, 50):.0f} ms, p95 {_pct(times, 95):.0f} ms, "
        f"p99 {_pct(times, 99):.0f} ms, tối đa {times[-1] if times else 0:.0f} ms"
    )
    logins = sorted(s[2] for s in samples if s[1] == "login")
    if logins:
        signed_in = max(s[0] + s[2] / 1000 for s in samples if s[1] == "login")
        steady = sorted(s[2] for s in pages if s[0] > signed_in)
        steady_errors = [e for e in errors if e[0] > signed_in]
        print(
            f"    sau khi mọi người đã đăng nhập (từ +{signed_in - start:.0f} s, {end - signed_in:.0f} s, "
            f"{len(steady)} yêu cầu, {len(steady) / max(end - signed_in, 1):.1f}/s, "
            f"{len(steady_errors)} lỗi): p50 {_pct(steady, 50):.0f} ms, "
            f"p95 {_pct(steady, 95):.0f} ms, p99 {_pct(steady, 99):.0f} ms"
        )
        print(
            f"Đăng nhập: {len(logins)} lần, trung vị {_pct(logins, 50):.0f} ms, tối đa {logins[-1]:.0f} ms"
        )
    print(
        f"Cập nhật: {len(results['ok'])} đã lưu, {len(results['refused'])} bị từ chối vì người khác "
        f"vừa lưu, {len(results['failed'])} lỗi"
    )
    print(f"Lỗi: {len(errors)} yêu cầu")
    for kind, n in sorted(_error_kinds(errors).items(), key=lambda x: -x[1])[:8]:
        print(f"    {n} × {kind}")
    if restart_at is not None:
        _fault_report(errors, samples, restart_at, back_at)
    # a POST in flight when locust stopped: saved by the server, its answer never read
    in_flight = [t for t in unconfirmed if written_at[t] > end]
    print(
        f"Lịch sử: {len(rows)} dòng cập nhật mới; {len(ok) - len(lost)}/{len(ok)} cập nhật đã lưu có "
        f"đúng một dòng; mất {len(lost)}; dòng không được xác nhận {len(unconfirmed)} "
        f"({len(in_flight)} ghi sau phản hồi cuối cùng: đang gửi khi locust dừng); "
        f"bị từ chối mà vẫn ghi {len(refused_saved)}"
    )
    print(f"Phiên bản ≠ 1 + số lần lưu: {version_mismatches} chỉ tiêu")
    print(
        f"Tổng hợp năm {marker['year']}: {rebuild.assessments} năm đánh giá, "
        f"{rebuild.corrected} sai lệch"
    )
    (directory / "verify.json").write_text(
        json.dumps(
            {
                "requests": len(samples),
                "seconds": end - start,
                "p50": _pct(times, 50),
                "p95": _pct(times, 95),
                "p99": _pct(times, 99),
                "errors": len(errors),
                "saved": len(results["ok"]),
                "refused": len(results["refused"]),
                "failed": len(results["failed"]),
                "lost": len(lost),
                "unconfirmed": len(unconfirmed),
                "unconfirmed_in_flight_at_stop": len(in_flight),
                "refused_but_saved": len(refused_saved),
                "version_mismatches": version_mismatches,
                "summaries_corrected": rebuild.corrected,
            }
        )
    )
    return 1 if lost or refused_saved or version_mismatches or rebuild.corrected else 0


def _error_kinds(errors) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for _, name, message in errors:
        key = f"{name}: {message[:90]}"
        kinds[key] = kinds.get(key, 0) + 1
    return kinds


def _fault_report(errors, samples, restart_at: float, back_at: float | None) -> None:
    before = [e for e in errors if e[0] < restart_at]
    during = [e for e in errors if restart_at <= e[0] <= (back_at or restart_at)]
    after = [e for e in errors if e[0] > (back_at or restart_at)]
    print(
        f"Khởi động lại PostgreSQL lúc +{restart_at - samples[0][0]:.0f} s, "
        f"chạy lại sau {(back_at or restart_at) - restart_at:.1f} s"
    )
    print(
        f"    lỗi trước: {len(before)}, trong lúc dừng: {len(during)}, sau khi chạy lại: {len(after)}"
    )
    if after:
        last = max(e[0] for e in after)
        print(
            f"    lỗi cuối cùng {last - (back_at or restart_at):.1f} s sau khi PostgreSQL chạy lại"
        )
    ok_after = [s for s in samples if s[0] > (back_at or restart_at) and s[3]]
    if ok_after:
        first = min(s[0] for s in ok_after)
        print(
            f"    yêu cầu thành công đầu tiên {first - (back_at or restart_at):.1f} s sau khi chạy lại"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--pairs", type=int, help="Số xã có hai người cùng sửa (mặc định users/5).")
    p.add_argument("--password", default="ntm-synth")
    p.add_argument("--out", type=Path, required=True)
    v = sub.add_parser("verify")
    v.add_argument("--dir", type=Path, required=True)
    v.add_argument("--restart-at", type=float)
    v.add_argument("--back-at", type=float)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.users, args.password, args.out, args.pairs)
        return 0
    return verify(args.dir, args.restart_at, args.back_at)


if __name__ == "__main__":
    sys.exit(main())
