"""Writing a laid-out figure (`figure_layout.Layout`) as SVG or PNG with matplotlib.

matplotlib is imported here only, lazily, through its object API (`Figure` renders with
Agg or the SVG backend): never pyplot, never a GUI backend. The axes are the page itself
(1 unit = 1 pt), so labels sit exactly where the layout placed them.
"""

from __future__ import annotations

import math
from pathlib import Path

from .figure import FigureError, label
from .figure_layout import AUX, DOT, FONT, GOAL, Layout

COLORS = {"premise": "#1a1a1a", AUX: "#1f6fb5", GOAL: "#d1352b"}
WIDTHS = {"premise": 0.9, AUX: 0.9, GOAL: 1.7}
DASH = (0, (4.0, 2.5))


def render(lay: Layout, path: Path, fmt: str, dpi: int = 200) -> Path:
    """Write `lay` to `path` (`fmt`: svg or png)."""
    import matplotlib
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Arc
    from matplotlib.patches import Circle as CirclePatch

    with matplotlib.rc_context({"svg.hashsalt": "pappus", "svg.fonttype": "path",
                                "mathtext.fontset": "stix", "font.family": "STIXGeneral",
                                "path.simplify": False}):
        fig = Figure(figsize=(lay.width / 72, lay.height / 72), facecolor="white")
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_axis_off()
        ax.set_xlim(0, lay.width)
        ax.set_ylim(lay.height, 0)  # page coordinates: y downwards
        ax.set_aspect("equal")
        strokes: dict[tuple[str, bool, int], list[list[tuple[float, float]]]] = {}
        for s in lay.lines:
            order = 4 if s.role == GOAL else 2
            strokes.setdefault((s.role, s.dashed, order), []).append([(s.x1, s.y1),
                                                                      (s.x2, s.y2)])
        for pts, role in lay.marks:
            strokes.setdefault((role, False, 3), []).append(pts)
        for t in lay.ticks:
            strokes.setdefault((GOAL, False, 4), []).append([(t.x1, t.y1), (t.x2, t.y2)])
        for (role, dashed, order), paths in strokes.items():
            lw = WIDTHS[role] * (0.8 if order == 3 else 1.0)
            ax.add_collection(LineCollection(paths, colors=COLORS[role], linewidths=lw,
                                             zorder=order, capstyle="round",
                                             joinstyle="miter",
                                             linestyles=DASH if dashed else "solid"))
        for c in lay.circles:
            ax.add_patch(CirclePatch((c.cx, c.cy), c.r, fill=False, ec=COLORS[c.role],
                                     lw=WIDTHS[c.role] * 0.95, zorder=3 if c.role == GOAL else 1,
                                     linestyle=DASH if c.role == AUX else "solid"))
        for x, y, r, t1, t2 in lay.arcs:
            # the y axis points down, so matplotlib's counter-clockwise is the page's clockwise
            ax.add_patch(Arc((x, y), 2 * r, 2 * r, theta1=-math.degrees(t2),
                             theta2=-math.degrees(t1), color=COLORS[GOAL], lw=1.2, zorder=4))
        for role in ("premise", AUX, GOAL):
            names = [n for n, r in lay.roles.items() if r == role]
            ax.plot([lay.points[n][0] for n in names], [lay.points[n][1] for n in names], "o",
                    ms=2 * DOT, color=COLORS[role], zorder=5, linestyle="none")
        for name, box in lay.labels.items():
            color = COLORS[AUX] if lay.roles[name] == AUX else COLORS["premise"]
            ax.text(box.x, box.y, label(name), ha="center", va="center_baseline",
                    fontsize=FONT, fontstyle="italic", color=color, zorder=6)
        try:
            if fmt == "svg":
                fig.savefig(path, format="svg", metadata={"Date": None})
            else:
                fig.savefig(path, format="png", dpi=dpi, metadata={"Software": None})
        except OSError as exc:
            raise FigureError(f"error: cannot write {path}: {exc.strerror or exc}") from None
    return path
