"""Bar charts as plain inline SVG: no plotting library, nothing fetched, text stays text.

Two shapes are all the report needs — grouped vertical bars (P/R/F1 per type) and
labelled horizontal bars (value accuracy) — so a few lines of SVG are lighter than
matplotlib (30 MB, a second to import) and keep the page's fonts and colours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline.evaluation.html import esc

TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)


def _svg(width: int, height: int, label: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(label)}">{body}</svg>'
    )


def grouped_bars(
    label: str,
    groups: Sequence[str],
    series: Mapping[str, str],
    values: Mapping[tuple[str, str], float | None],
    height: int = 200,
) -> str:
    """Bars of `values[(group, series)]` in 0..1, one cluster per group, one colour per series
    (`series`: name → colour); a missing value leaves a gap. Each bar has a tooltip."""
    bar, gap, left, top, bottom = 11, 24, 34, 12, 40
    cluster = bar * len(series) + gap
    width = left + cluster * len(groups) + 10
    plot = height - top - bottom
    parts = []
    for tick in TICKS:
        y = top + plot * (1 - tick)
        parts.append(f'<line x1="{left}" x2="{width - 6}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d7de"/>')
        parts.append(f'<text x="{left - 5}" y="{y + 4:.1f}" text-anchor="end">{tick:g}</text>')
    for g, group in enumerate(groups):
        x0 = left + gap / 2 + g * cluster
        for s, (name, color) in enumerate(series.items()):
            value = values.get((group, name))
            if value is None:
                continue
            h = plot * max(0.0, min(1.0, value))
            x = x0 + s * bar
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot - h:.1f}" width="{bar - 2}" height="{h:.1f}" '
                f'fill="{color}">'
                f"<title>{esc(f'{group} {name}: {value:.3f}')}</title></rect>"
            )
        parts.append(
            f'<text x="{x0 + bar * len(series) / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
            f"{esc(group)}</text>"
        )
    legend_x = left
    for name, color in series.items():
        parts.append(f'<rect x="{legend_x}" y="{height - 14}" width="10" height="10" fill="{color}"/>')
        parts.append(f'<text x="{legend_x + 14}" y="{height - 5}">{esc(name)}</text>')
        legend_x += 24 + 7 * len(name)
    return _svg(width, height, label, "".join(parts))


def horizontal_bars(label: str, rows: Sequence[tuple[str, float | None, str, str]], width: int = 420) -> str:
    """One bar per row (name, value in 0..1 or None, note written after it, colour)."""
    row_height, left, right = 22, 70, 90
    plot = width - left - right
    height = row_height * len(rows) + 8
    parts = []
    for i, (name, value, note, color) in enumerate(rows):
        y = 4 + i * row_height
        parts.append(f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{esc(name)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{plot}" height="14" fill="#f6f8fa"/>')
        if value is not None:
            w = plot * max(0.0, min(1.0, value))
            parts.append(
                f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="14" fill="{color}">'
                f"<title>{esc(f'{name}: {value:.3f} ({note})')}</title></rect>"
            )
        shown = "—" if value is None else f"{value:.3f}"
        parts.append(f'<text x="{left + plot + 6}" y="{y + 15}">{esc(shown)} {esc(note)}</text>')
    return _svg(width, height, label, "".join(parts))
