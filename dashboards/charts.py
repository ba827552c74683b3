"""Geometry of the server-drawn SVG charts (no outside service, no JavaScript).

Each category has a fill pattern as well as a colour, and every bar carries its number as a
direct label, so charts read in grey and in print; the templates put the same numbers in a
table beside each chart for screen readers.
"""

from dataclasses import dataclass

from django.utils.formats import date_format

from .selectors import StatusCounts

BAR_HEIGHT = 26
BAR_GAP = 10
LABEL_WIDTH = 240
PLOT_WIDTH = 300


@dataclass
class Bar:
    label: str
    value: int
    text: str
    pattern: str
    url: str
    x: float
    y: float
    width: float
    height: float

    @property
    def value_x(self) -> float:
        return self.x + self.width + 6


def status_bars(counts: StatusCounts) -> dict:
    """Horizontal bars, one per status category, scaled to the largest."""
    largest = max((figure.count for _, figure in counts.categories), default=0) or 1
    bars = []
    for i, (category, figure) in enumerate(counts.categories):
        width = PLOT_WIDTH * figure.count / largest
        percent = "" if figure.percent is None else f" ({figure.percent:g}%)".replace(".", ",")
        bars.append(
            Bar(
                label=str(category.label),
                value=figure.count,
                text=f"{figure.count}{percent}",
                pattern=category.value,
                url=figure.url,
                x=LABEL_WIDTH,
                y=i * (BAR_HEIGHT + BAR_GAP),
                width=max(width, 1 if figure.count else 0),
                height=BAR_HEIGHT,
            )
        )
    return {
        "bars": bars,
        "width": LABEL_WIDTH + PLOT_WIDTH + 110,
        "height": len(bars) * (BAR_HEIGHT + BAR_GAP),
        "label_x": LABEL_WIDTH - 8,
    }


def trend_columns(trend: list[StatusCounts]) -> dict:
    """Stacked columns, one per month, each split into the status categories."""
    column, gap, plot_height, top = 40, 14, 220, 18
    largest = max((counts.total.count for counts in trend), default=0) or 1
    columns = []
    for i, counts in enumerate(trend):
        x = 40 + i * (column + gap)
        y = top + plot_height
        segments = []
        for category, figure in counts.categories:
            height = plot_height * figure.count / largest
            y -= height
            segments.append(
                {
                    "pattern": category.value,
                    "label": str(category.label),
                    "value": figure.count,
                    "url": figure.url,
                    "y": y,
                    "height": height,
                    "show": height >= 13,
                }
            )
        columns.append(
            {
                "x": x,
                "width": column,
                "segments": segments,
                "total": counts.total.count,
                "total_y": y - 4,
                "label": date_format(counts.as_of, "m/Y"),
                "text_x": x + column / 2,
            }
        )
    return {
        "columns": columns,
        "width": 40 + len(trend) * (column + gap),
        "height": top + plot_height + 34,
        "axis_y": top + plot_height,
        "label_y": top + plot_height + 18,
    }
