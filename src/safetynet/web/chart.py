"""Small line charts as inline SVG, drawn on the server: no chart library is shipped to
the browser, and a chart is readable without JavaScript. The lines are SVG; the scale's
labels are HTML over it, so they keep their size on a narrow screen. Each chart has a title
and a text summary for screen readers; the numbers themselves are in a table next to it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 640, 200, 28


@dataclass(frozen=True)
class Series:
    points: Sequence[tuple[float, float]]  # (x, y), x increasing
    label: str
    css: str = "line"  # class of the path: line, line-2


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    summary: str,
    y_label: str = "",
    threshold: float | None = None,
    marks: Sequence[float] = (),
) -> Markup:
    """An SVG with one path per series; `threshold` draws a dashed horizontal line, `marks`
    vertical ones (an incident's start and end). Empty series draw "no data yet"."""
    xs = [x for s in series for x, _ in s.points] + list(marks)
    ys = [y for s in series for _, y in s.points] + ([threshold] if threshold is not None else [])
    head = (
        f'<div class="chart"><svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'preserveAspectRatio="none" aria-label="{escape(title)}: {escape(summary)}">'
        f"<title>{escape(title)}</title>"
    )
    if not xs or not ys:
        return Markup(head + '</svg><span class="tick empty">no data yet</span></div>')
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    if y0 == y1:  # a flat line: a 1% band around it, not a scale from zero
        pad = abs(y0) * 0.01 or 1
        y0, y1 = y0 - pad, y1 + pad
    if x0 == x1:
        x0, x1 = x0 - 1, x1 + 1

    def sx(x: float) -> float:
        return PAD + (x - x0) * (WIDTH - 2 * PAD) / (x1 - x0)

    def sy(y: float) -> float:
        return HEIGHT - PAD - (y - y0) * (HEIGHT - 2 * PAD) / (y1 - y0)

    body = [
        f'<line class="axis" x1="{PAD}" y1="{HEIGHT - PAD}" '
        f'x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}"/>',
    ]
    # The scale's ends are HTML next to the SVG, not SVG text: the SVG stretches to the
    # page's width (preserveAspectRatio none), which would squash text at 360 px.
    ticks = (
        f'<span class="tick top" aria-hidden="true">{escape(_num(y1))}{escape(y_label)}</span>'
        f'<span class="tick bottom" aria-hidden="true">{escape(_num(y0))}{escape(y_label)}</span>'
    )
    if threshold is not None:
        y = sy(threshold)
        body.append(
            f'<line class="threshold" x1="{PAD}" y1="{y:.1f}" x2="{WIDTH - PAD}" y2="{y:.1f}"/>'
        )
    for m in marks:
        x = sx(m)
        body.append(
            f'<line class="mark" x1="{x:.1f}" y1="{PAD}" x2="{x:.1f}" y2="{HEIGHT - PAD}"/>'
        )
    for s in series:
        if not s.points:
            continue
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{sx(x):.1f},{sy(y):.1f}" for i, (x, y) in enumerate(s.points)
        )
        body.append(
            f'<path class="{escape(s.css)}" d="{path}"><title>{escape(s.label)}</title></path>'
        )
    return Markup(head + "".join(body) + "</svg>" + ticks + "</div>")


def _num(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:,.1f}M"
    if abs(value) >= 1_000:
        return f"{value / 1_000:,.1f}k"
    return f"{value:,.4g}"
