"""Charts as inline SVG, drawn on the server from numbers: no JavaScript, no CDN, and the same
markup in the page, the print view and the PDF.

Every chart is an `<svg role="img">` with a `<title>` and a `<desc>` that says every number in
a sentence; the pages also show the numbers in a table beside it. Two series differ by shape
as well as colour (solid = verified / disbursed, outlined = self-assessed / planned) and every
bar carries its value as text, so a chart reads in black and white and without colour vision.
Labels are escaped here; the functions return safe strings for the templates.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from common.money import vnd_short
from common.numbers import number_vi

FONT = "NTM Print, Liberation Sans, Arial, Helvetica, sans-serif"
INK = "#1b1f23"
BRAND = "#0b5394"
GRID = "#c9d1d9"


@dataclass(frozen=True)
class Series:
    name: str
    style: str = "solid"  # "solid" or "outline"


def _fmt(value) -> str:
    return "—" if value is None else number_vi(value, 1)


def _bar(x: float, y: float, w: float, h: float, style: str) -> str:
    if style == "outline":
        return (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{max(h, 0):.1f}" '
            f'fill="#ffffff" stroke="{BRAND}" stroke-width="2"/>'
        )
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{max(h, 0):.1f}" '
        f'fill="{BRAND}" stroke="{BRAND}" stroke-width="2"/>'
    )


def _axes(body, width, left, right, top, plot_h, biggest, max_value, axis_label, fmt) -> float:
    """The axis label, the base line and the dashed line of `max_value` (labelled) of a chart
    whose plot spans `left`..`width - right` and `top`..`top + plot_h`; returns the base."""
    if axis_label:
        body.append(
            f'<text x="{width - right:.1f}" y="16" font-size="12" text-anchor="end">'
            f"{escape(axis_label)}</text>"
        )
    base = top + plot_h
    body.append(
        f'<line x1="{left}" y1="{base:.1f}" x2="{width - right}" y2="{base:.1f}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    if max_value:
        y = top + plot_h * (1 - max_value / biggest)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-dasharray="4 3"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="11" text-anchor="end">'
            f"{escape(fmt(max_value))}</text>"
        )
    return base


def _legend(series: Sequence[Series], x: float, y: float) -> str:
    parts = []
    for s in series:
        parts.append(_bar(x, y - 10, 12, 12, s.style))
        parts.append(f'<text x="{x + 18:.1f}" y="{y:.1f}" font-size="12">{escape(s.name)}</text>')
        x += 30 + 7 * len(s.name)
    return "".join(parts)


def _frame(chart_id: str, title: str, desc: str, width: int, height: int, body: str) -> SafeString:
    cid = escape(chart_id)
    return mark_safe(  # noqa: S308 – every piece of text above went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{cid}" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{cid}-title {cid}-desc" font-family="{FONT}" fill="{INK}">'
        f'<title id="{cid}-title">{escape(title)}</title>'
        f'<desc id="{cid}-desc">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def grouped_bars(
    *,
    chart_id: str,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[Series],
    values: Sequence[Sequence[float | int | None]],
    max_value: float | None = None,
    fmt: Callable[[object], str] = _fmt,
    axis_label: str = "",
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """Vertical bars: one group per category, one bar per series, the value above each bar."""
    top, bottom, left, right = 34, 40, 40, 10
    plot_h = height - top - bottom
    plot_w = width - left - right
    biggest = max([v for row in values for v in row if v is not None] + [max_value or 0, 1])
    body = [_legend(series, left, 16)] if len(series) > 1 else []
    base = _axes(body, width, left, right, top, plot_h, biggest, max_value, axis_label, fmt)
    n = max(len(categories), 1)
    slot = plot_w / n
    bar_w = min(36.0, slot * 0.8 / max(len(series), 1))
    for i, category in enumerate(categories):
        group_w = bar_w * len(series)
        x0 = left + slot * i + (slot - group_w) / 2
        for j, s in enumerate(series):
            value = values[i][j] if j < len(values[i]) else None
            x = x0 + j * bar_w
            if value is None:
                body.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{base - 4:.1f}" font-size="11" '
                    f'text-anchor="middle">—</text>'
                )
                continue
            h = plot_h * (value / biggest)
            body.append(_bar(x + 1, base - h, bar_w - 2, h, s.style))
            body.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{base - h - 4:.1f}" font-size="11" '
                f'text-anchor="middle">{escape(fmt(value))}</text>'
            )
        body.append(
            f'<text x="{left + slot * i + slot / 2:.1f}" y="{base + 16:.1f}" font-size="12" '
            f'text-anchor="middle">{escape(category)}</text>'
        )
    return _frame(chart_id, title, desc, width, height, "".join(body))


def horizontal_bars(
    *,
    chart_id: str,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[Series],
    values: Sequence[Sequence[float | int | None]],
    fmt: Callable[[object], str] = _fmt,
    width: int = 640,
    label_width: int = 200,
) -> SafeString:
    """Horizontal bars for long labels (funding sources): one row per category."""
    row_h, bar_h, top = 14 * len(series) + 12, 14, 30
    height = top + row_h * max(len(categories), 1) + 10
    value_w = 130
    plot_w = width - label_width - value_w
    biggest = max([v for row in values for v in row if v is not None] + [1])
    body = [_legend(series, label_width, 16)]
    for i, category in enumerate(categories):
        y0 = top + i * row_h
        body.append(
            f'<text x="{label_width - 8}" y="{y0 + row_h / 2 + 2:.1f}" font-size="12" '
            f'text-anchor="end">{escape(category)}</text>'
        )
        for j, s in enumerate(series):
            value = values[i][j] if j < len(values[i]) else None
            y = y0 + 4 + j * bar_h
            w = plot_w * ((value or 0) / biggest)
            body.append(_bar(label_width, y, w, bar_h - 3, s.style))
            body.append(
                f'<text x="{label_width + w + 6:.1f}" y="{y + bar_h - 4:.1f}" font-size="11">'
                f"{escape(fmt(value))}</text>"
            )
    return _frame(chart_id, title, desc, width, height, "".join(body))


# --- the dashboards' charts --------------------------------------------------------------------


def trend_chart(
    *,
    chart_id: str,
    years: Sequence[int | str],
    self_counts: Sequence[int | None],
    verified_counts: Sequence[int | None],
    total: int,
    subject: str = "",
) -> SafeString:
    """Criteria met per year: self-assessed (outlined) and verified (solid) side by side. A year
    may be a label such as "2026 (51/2025/QĐ-TTg)" where the trend crosses two sets."""
    parts = [
        f"{y}: {_fmt(s)} (đã thẩm tra: {_fmt(v)})"
        for y, s, v in zip(years, self_counts, verified_counts, strict=True)
    ]
    about = f" của {subject}" if subject else ""
    desc = f"Số tiêu chí đạt theo năm{about}, trên tổng số {total} tiêu chí. " + (
        "; ".join(parts) + "." if parts else "Chưa có năm đánh giá nào."
    )
    return grouped_bars(
        chart_id=chart_id,
        title=f"Số tiêu chí đạt theo năm{about}",
        desc=desc,
        categories=[str(y) for y in years],
        series=[Series("Tự đánh giá", "outline"), Series("Đã thẩm tra", "solid")],
        values=[[s, v] for s, v in zip(self_counts, verified_counts, strict=True)],
        max_value=total,
        axis_label=f"tiêu chí (tối đa {total})",
    )


# Several series on one line chart (a commune's predecessors before a merger, then the commune):
# each has its own marker and dash pattern, so they read without colour.
MARKERS = ("circle", "square", "triangle", "diamond", "cross")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "12 4")


def _marker(kind: str, x: float, y: float) -> str:
    r = 5.0
    common = f'fill="#ffffff" stroke="{BRAND}" stroke-width="2"'
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {common}/>'
    if kind == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" {common}/>'
    if kind == "triangle":
        points = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y + r:.1f} {x - r - 1:.1f},{y + r:.1f}"
        return f'<polygon points="{points}" {common}/>'
    if kind == "diamond":
        points = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y:.1f} {x:.1f},{y + r + 1:.1f} {x - r - 1:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{BRAND}" stroke="{BRAND}" stroke-width="2"/>'
    return (
        f'<path d="M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}M{x - r:.1f},{y + r:.1f}'
        f'L{x + r:.1f},{y - r:.1f}" stroke="{BRAND}" stroke-width="2.5" fill="none"/>'
    )


def _line(points: Sequence[tuple[float, float]], dash: str) -> str:
    if len(points) < 2:
        return ""
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    pattern = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<polyline points="{path}" fill="none" stroke="{BRAND}" stroke-width="2"{pattern}/>'


def series_lines(
    *,
    chart_id: str,
    title: str,
    desc: str,
    categories: Sequence[str],
    names: Sequence[str],
    values: Sequence[Sequence[float | int | None]],
    max_value: float | None = None,
    fmt: Callable[[object], str] = _fmt,
    axis_label: str = "",
    width: int = 640,
) -> SafeString:
    """One line per series across the categories, each with its own marker and dash pattern,
    the value beside each point (above it, or below it for every other series, so that close
    values do not overlap), and a legend (one row per series) naming them. A series
    with no value in a category has no point there; its line joins only neighbouring points."""
    legend_h = 18 * len(names) + 8
    top, bottom, left, right = legend_h + 24, 40, 40, 16
    plot_h = 180
    height = top + plot_h + bottom
    plot_w = width - left - right
    biggest = max([v for row in values for v in row if v is not None] + [max_value or 0, 1])
    body = []
    for j, name in enumerate(names):
        y = 16 + 18 * j
        dash = DASHES[j % len(DASHES)]
        pattern = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<line x1="{left}" y1="{y - 4}" x2="{left + 36}" y2="{y - 4}" stroke="{BRAND}" '
            f'stroke-width="2"{pattern}/>'
        )
        body.append(_marker(MARKERS[j % len(MARKERS)], left + 18, y - 4))
        body.append(f'<text x="{left + 44}" y="{y:.1f}" font-size="12">{escape(name)}</text>')
    base = _axes(body, width, left, right, top, plot_h, biggest, max_value, axis_label, fmt)
    n = max(len(categories), 1)
    slot = plot_w / n
    for i, category in enumerate(categories):
        body.append(
            f'<text x="{left + slot * i + slot / 2:.1f}" y="{base + 16:.1f}" font-size="12" '
            f'text-anchor="middle">{escape(category)}</text>'
        )
    for j in range(len(names)):
        run: list[tuple[float, float]] = []
        runs = [run]
        marks = []
        for i in range(len(categories)):
            value = values[i][j] if j < len(values[i]) else None
            if value is None:
                run = []
                runs.append(run)
                continue
            x = left + slot * i + slot / 2
            y = top + plot_h * (1 - value / biggest)
            run.append((x, y))
            marks.append(_marker(MARKERS[j % len(MARKERS)], x, y))
            marks.append(
                f'<text x="{x + 8:.1f}" y="{y + (16 if j % 2 else -8):.1f}" font-size="11">'
                f"{escape(fmt(value))}</text>"
            )
        body.extend(_line(r, DASHES[j % len(DASHES)]) for r in runs)
        body.extend(marks)
    return _frame(chart_id, title, desc, width, height, "".join(body))


def series_trend_chart(
    *,
    chart_id: str,
    years: Sequence[int | str],
    names: Sequence[str],
    counts: Sequence[Sequence[int | None]],
    total: int,
    subject: str = "",
) -> SafeString:
    """Criteria met per year (self-assessed), one line per series: a merged commune's
    predecessors before the merger, each by name, then the commune – never added together."""
    parts = []
    for j, name in enumerate(names):
        said = [
            f"{y}: {_fmt(row[j])}"
            for y, row in zip(years, counts, strict=True)
            if row[j] is not None
        ]
        parts.append(f"{name}: " + (", ".join(said) if said else "chưa có năm nào"))
    about = f" của {subject}" if subject else ""
    desc = (
        f"Số tiêu chí đạt (tự đánh giá) theo năm{about} và của các xã trước sắp xếp, "
        f"mỗi xã một đường, trên tổng số {total} tiêu chí. " + "; ".join(parts) + "."
    )
    return series_lines(
        chart_id=chart_id,
        title=f"Số tiêu chí đạt theo năm{about}, kể cả các xã trước sắp xếp",
        desc=desc,
        categories=[str(y) for y in years],
        names=names,
        values=counts,
        max_value=total,
        axis_label=f"tiêu chí đạt, tự đánh giá (tối đa {total})",
    )


def distribution_chart(*, chart_id: str, counts: dict[int, int], total: int) -> SafeString:
    """How many communes meet 0, 1, … N criteria (from the lowest count present up to N)."""
    low = min(counts, default=total)
    scale = list(range(low, total + 1))
    present = [f"{k} tiêu chí: {counts[k]} xã" for k in sorted(counts, reverse=True)]
    desc = "Số xã theo số tiêu chí đạt. " + (
        "; ".join(present) + "." if present else "Chưa xã nào có kết quả."
    )
    return grouped_bars(
        chart_id=chart_id,
        title=f"Phân bố số xã theo số tiêu chí đạt (trên {total})",
        desc=desc,
        categories=[str(k) for k in scale],
        series=[Series("Số xã")],
        values=[[counts.get(k, 0)] for k in scale],
        axis_label="số xã / số tiêu chí đạt",
        fmt=lambda v: "" if not v else _fmt(v),
    )


def funding_chart(*, chart_id: str, rows: Sequence[tuple[str, int, int]]) -> SafeString:
    """Funding by source: planned (outlined) and disbursed (solid), amounts in đồng."""
    parts = [
        f"{label}: kế hoạch {vnd_short(planned)}, đã giải ngân {vnd_short(disbursed)}"
        for label, planned, disbursed in rows
    ]
    desc = "Kinh phí theo nguồn. " + ("; ".join(parts) + "." if parts else "Chưa có kinh phí.")
    return horizontal_bars(
        chart_id=chart_id,
        title="Kinh phí theo nguồn: kế hoạch và đã giải ngân",
        desc=desc,
        categories=[label for label, _, _ in rows],
        series=[Series("Kế hoạch", "outline"), Series("Đã giải ngân", "solid")],
        values=[[planned, disbursed] for _, planned, disbursed in rows],
        fmt=lambda v: vnd_short(v or 0),
    )
