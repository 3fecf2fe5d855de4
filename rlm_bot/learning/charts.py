"""Charts of the learning report, rendered by matplotlib (Agg, no display) as PNG files.

Uses the object-oriented `Figure` API (no pyplot state), so a scheduler thread and a request
thread can render at the same time.
"""

from __future__ import annotations

from pathlib import Path

from rlm_bot.learning.report import Report

DPI = 110
SIZE = (7.5, 4.0)
PALETTE = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3",
           "#8C8C8C", "#CCB974", "#64B5CD")
CHART_TITLES = {"cost_per_day": "Cost per day", "satisfaction_by_model": "Satisfaction by model",
                "routing_mix": "Routing mix over time"}


def render_charts(report: Report, out_dir: Path) -> list[Path]:
    """Render the three report charts into `out_dir`; returns the PNG paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [_cost_per_day(report, out_dir / "cost_per_day.png"),
            _satisfaction_by_model(report, out_dir / "satisfaction_by_model.png"),
            _routing_mix(report, out_dir / "routing_mix.png")]


def _figure():
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
    return fig, fig.add_subplot()


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=12, color="#666666",
            transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def _cost_per_day(report: Report, path: Path) -> Path:
    fig, ax = _figure()
    days = [d["day"][5:] for d in report.daily]
    costs = [d["cost"] for d in report.daily]
    ax.set_title("Cost per day (USD)")
    if not days:
        _empty(ax, "no answered tasks in this period")
    else:
        bars = ax.bar(days, costs, color=PALETTE[0])
        ax.bar_label(bars, labels=[f"${c:.3f}" if c < 10 else f"${c:,.0f}" for c in costs],
                     fontsize=8, padding=2)
        ax.set_ylabel("USD")
        ax.set_ylim(0, max(costs) * 1.2 or 1)
        tasks = ax.twinx()
        tasks.plot(days, [d["tasks"] for d in report.daily], color=PALETTE[1], marker="o",
                   label="tasks")
        tasks.set_ylabel("tasks", color=PALETTE[1])
        tasks.set_ylim(0, max(d["tasks"] for d in report.daily) * 1.3)
        ax.tick_params(axis="x", rotation=45 if len(days) > 10 else 0)
    fig.savefig(path, format="png")
    return path


def _satisfaction_by_model(report: Report, path: Path) -> Path:
    fig, ax = _figure()
    ax.set_title("Satisfaction by model (rated answers)")
    items = [(m, v) for m, v in report.satisfaction_by_model.items()
             if v.get("satisfaction") is not None]
    if not items:
        _empty(ax, "no rated answers in this period")
    else:
        names = [m for m, _ in items]
        values = [v["satisfaction"] * 100 for _, v in items]
        bars = ax.barh(names, values, color=[PALETTE[i % len(PALETTE)] for i in range(len(names))])
        ax.bar_label(bars, labels=[f"{v:.0f}%  (n={d['rated']})" for v, (_, d) in zip(values, items)],
                     fontsize=9, padding=3)
        ax.set_xlim(0, 115)
        ax.set_xlabel("satisfied share (%)")
        ax.axvline(50, color="#999999", linewidth=0.8, linestyle="--")
        ax.invert_yaxis()
    fig.savefig(path, format="png")
    return path


def _routing_mix(report: Report, path: Path) -> Path:
    fig, ax = _figure()
    ax.set_title("Routing mix over time (share of answers per model)")
    models = list(report.routing_mix)
    if not report.daily:
        _empty(ax, "no answered tasks in this period")
    else:
        days = [d["day"][5:] for d in report.daily]
        bottom = [0.0] * len(days)
        for i, model in enumerate(models):
            shares = [100 * d["models"].get(model, 0) / d["tasks"] for d in report.daily]
            ax.bar(days, shares, bottom=bottom, label=model, color=PALETTE[i % len(PALETTE)])
            bottom = [b + s for b, s in zip(bottom, shares)]
        ax.set_ylim(0, 100)
        ax.set_ylabel("% of answers")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
        ax.tick_params(axis="x", rotation=45 if len(days) > 10 else 0)
    fig.savefig(path, format="png")
    return path
