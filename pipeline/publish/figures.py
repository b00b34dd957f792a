"""Draw the report's figures from the database as SVG with real, searchable text.

Each figure is load (a query on the models its entry of report_templates/registry.yml names, in
that order: no table name is typed here), draw (matplotlib), save (SVG). Titles, captions and
source lines live in the registry too; a figure's axis labels, with their units (基地数量（家）),
are set here by its function; colours in style.yml, so that a field keeps its colour from chart
to chart.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import matplotlib

matplotlib.use("Agg")  # before pyplot is imported: no display is needed
import matplotlib.pyplot as plt
import yaml
from matplotlib.lines import Line2D

from pipeline import config, registry
from pipeline.publish.formatting import num

# Figures are placed at their natural size, so that their text keeps its point size: 9pt, below
# the body's 10.5pt. 4.7 inches (451 px) keeps that text at 9 px or more when a phone (390 px)
# scales the figure down to its screen.
WIDTH_IN = 4.7
FONT_PT = 9


def style() -> dict:
    return yaml.safe_load((config.TEMPLATES / "style.yml").read_text(encoding="utf-8"))


def configure(font_family: str) -> None:
    """Text stays text in the SVG (searchable in the PDF); ids are stable between runs."""
    plt.rcParams.update({
        "font.family": font_family,
        "font.size": FONT_PT,
        "legend.fontsize": FONT_PT,
        "axes.titlesize": FONT_PT,
        "axes.labelsize": FONT_PT,
        "xtick.labelsize": FONT_PT,
        "ytick.labelsize": FONT_PT,
        "svg.fonttype": "none",
        "svg.hashsalt": "kjxm-report",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.unicode_minus": False,
    })


def rows(con: duckdb.DuckDBPyConnection, query: str, year: int) -> list[tuple]:
    return con.execute(query, [year]).fetchall()


def pie(ax, labels, counts, shares, colors):
    wedges, _ = ax.pie(counts, colors=colors, startangle=90, counterclock=False,
                       wedgeprops={"width": 0.45, "edgecolor": "white"})
    ax.legend(wedges, [f"{label}{c}家（{num(s, 1)}%）" for label, c, s in zip(labels, counts, shares)],
              loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    ax.set_aspect("equal")


def fig1_region(con, year, look, counts):
    data = rows(con, f"""select region_zh, bases, 100 * bases::decimal(38, 10) / sum(bases) over ()
                         from {counts} where year = ? order by region_order""", year)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.6))
    pie(ax, *zip(*data), colors=look["region_colors"])
    return fig


def fig3_entity_type(con, year, look, counts):
    data = rows(con, f"""select entity_type_zh, bases, 100 * bases::decimal(38, 10) / sum(bases) over () from {counts}
                         where year = ? order by entity_order""", year)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.6))
    pie(ax, *zip(*data), colors=look["entity_colors"])
    return fig


def fig2_field(con, year, look, counts, fields):
    """Bars coloured by field: the colours are keyed by the reference list of fields (its field_key)."""
    data = rows(con, f"""select f.field_zh, s.field_key, f.bases from {counts} f
                         join {fields} s using (field_order) where f.year = ? order by f.field_order""", year)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.8))
    names, keys, counts = zip(*data)
    bars = ax.barh(names, counts, color=[look["field_colors"][k] for k in keys])
    ax.bar_label(bars, labels=[f"{c}家" for c in counts], padding=3)
    ax.invert_yaxis()
    ax.set_xlabel("基地数量（家）")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def fig4_field_shares(con, year, look, shares_by_field):
    data = rows(con, f"""select field_zh, field_key, output_share_pct, sales_share_pct, exports_share_pct
                         from {shares_by_field} where year = ? order by field_order""", year)
    measures = ["总产值", "销售收入", "出口总额"]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.0))
    left = [0.0, 0.0, 0.0]
    for name, key, *shares in data:
        ax.barh(measures, shares, left=left, color=look["field_colors"][key], label=name, edgecolor="white", linewidth=0.4)
        for i, share in enumerate(shares):
            if share >= 8:
                ax.text(left[i] + share / 2, i, f"{num(share, 1)}%", ha="center", va="center", color="white")
        left = [a + b for a, b in zip(left, shares)]
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("占全部基地合计的比重（%）")
    ax.legend(ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.25), frameon=False,
              handlelength=1, columnspacing=1)
    return fig


LABEL_GAP_PT = 5  # between a dot and its value label (figure 5)


def fig5_featured_sales(con, year, look, specialisation):
    """Each field's specialisation (featured sales as a share of sales) as a dot on a 0–100% scale,
    so that a field with little in sales reads as clearly as 生物医药; the line is all bases together."""
    data = rows(con, f"""select field_zh, field_key, specialisation_pct from {specialisation}
                         where year = ? order by specialisation_pct desc, field_order""", year)
    overall = rows(con, f"select any_value(all_bases_specialisation_pct) from {specialisation} where year = ?", year)[0][0]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.2))
    # a field without sales yet (early in a year's intake) keeps its line, marked 无数据
    drawn = [(place, float(share), key) for place, (_, key, share) in enumerate(data) if share is not None]
    places, shares, keys = zip(*drawn) if drawn else ((), (), ())
    ax.hlines(places, 0, shares, color=look["measure_colors"]["total"], linewidth=1.5, zorder=1)
    ax.scatter(shares, places, s=36, color=[look["field_colors"][key] for key in keys], zorder=2)
    ax.set_yticks(range(len(data)), [d[0] for d in data])
    ax.update_datalim([(0, 0), (0, len(data) - 1)])  # every field's line inside the axes, drawn or not
    ax.autoscale_view()
    labels = [ax.annotate("无数据" if share is None else f"{num(share, 1)}%", (0 if share is None else float(share), place),
                          xytext=(LABEL_GAP_PT, 0), textcoords="offset points", va="center",
                          bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
              for place, (_, _, share) in enumerate(data)]
    ax.axvline(float(overall), color="#555555", linestyle="--", linewidth=0.8, zorder=0)
    # the legend's marks are drawn as the chart draws them: a dot (in its field's colour) and the line
    legend_marks = [Line2D([], [], marker="o", linestyle="none", color="#888888", label="各领域的比重（圆点用各领域的颜色）"),
                    Line2D([], [], color="#555555", linestyle="--", linewidth=0.8, label=f"全部基地合计的比重：{num(overall, 1)}%")]
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("特色产业销售收入占销售收入的比重（%）")
    ax.legend(handles=legend_marks, frameon=False, loc="upper center", bbox_to_anchor=(0.4, -0.2), ncol=1)
    clear_of_lines(fig, ax, labels, [float(overall)])
    return fig


def clear_of_lines(fig, ax, labels, lines_x: list[float]) -> None:
    """Move each value label that a vertical reference line would cross to the other side of its
    dot, or, where it meets a line there too, just past the line: no line runs through a number."""
    def crossed(label) -> bool:
        extent = label.get_window_extent(fig.canvas.get_renderer()).expanded(1, 1)
        return any(extent.x0 <= x <= extent.x1 for x in line_pixels)

    fig.canvas.draw()
    line_pixels = [ax.transData.transform((x, 0))[0] for x in lines_x]
    for label in labels:
        if not crossed(label):
            continue
        label.set(ha="right", position=(-LABEL_GAP_PT, 0))
        if crossed(label) or label.get_window_extent(fig.canvas.get_renderer()).x0 < ax.bbox.x0:
            # a line crossed the label on the dot's right side: the label goes just past the farthest one
            label.set(ha="left", position=(LABEL_GAP_PT, 0))
            label.xy = (max(x for x in lines_x if x >= label.xy[0]), label.xy[1])


def fig6_funding(con, year, look, base_funding, programme_funding):
    by_batch = rows(con, f"""select funding_year, batch, batch_zh, coalesce(sum(amount_10k_cny), 0)
                             from {base_funding} where year = ? and row_kind = 'base'
                             group by all order by funding_year, batch""", year)
    programme = rows(con, f"""select funding_year, support_10k_cny from {programme_funding}
                              where year = ? order by funding_year""", year)
    fig, (left, right) = plt.subplots(1, 2, figsize=(WIDTH_IN, 2.9), gridspec_kw={"width_ratios": [3, 4], "wspace": 0.35})
    if not by_batch or not programme:
        for ax in (left, right):
            ax.axis("off")
        left.text(0.5, 0.5, "暂无资金数据", ha="center", va="center", transform=left.transAxes)
        return fig
    years = sorted({r[0] for r in by_batch})
    bottom = {y: 0 for y in years}
    for batch, label in sorted({(r[1], r[2]) for r in by_batch}):
        values = [next(r[3] for r in by_batch if r[0] == y and r[1] == batch) for y in years]
        left.bar([str(y) for y in years], values, bottom=[bottom[y] for y in years],
                 color=look["batch_colors"][batch - 1], label=label)
        for y, v in zip(years, values):
            bottom[y] += v
    for i, y in enumerate(years):
        left.text(i, bottom[y], f"{bottom[y]}", ha="center", va="bottom")
    left.set_title("优化结构资金等（万元）", loc="left")
    left.set_ylim(0, max(bottom.values()) * 1.5)
    left.legend(frameon=False, loc="upper left", handlelength=1)
    bars = right.bar([str(r[0]) for r in programme], [r[1] for r in programme], color=look["measure_colors"]["featured"])
    right.bar_label(bars, padding=2)
    right.set_ylim(0, max(r[1] for r in programme) * 1.15)
    right.set_title("科技兴贸专项资金（万元）", loc="left")
    return fig


FIGURES = {f.__name__: f for f in (fig1_region, fig2_field, fig3_entity_type, fig4_field_shares,
                                   fig5_featured_sales, fig6_funding)}


def draw_all(con: duckdb.DuckDBPyConnection, year: int, folder: Path) -> list[Path]:
    """Write every figure of the report as folder/<name>.svg, each drawn from the models of its lineage."""
    look = style()
    configure(look["font_family"])
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for figure in registry.figures():
        fig = FIGURES[figure.id](con, year, look, *figure.lineage)
        path = folder / figure.svg_name
        fig.savefig(path, format="svg", bbox_inches="tight", metadata={"Date": None})
        plt.close(fig)
        written.append(path)
    return written
