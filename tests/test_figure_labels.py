"""No reference line runs through a value label (figures.clear_of_lines): a label the line would
cross goes to the other side of its dot, or past the line where that side is blocked too."""
import matplotlib.pyplot as plt
from matplotlib.text import Annotation

from pipeline import registry
from pipeline.publish import figures


def crossings(fig, ax) -> list[str]:
    """The labels of the drawn figure that one of its vertical lines runs through."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    lines = [ax.transData.transform((line.get_xdata()[0], 0))[0] for line in ax.get_lines()
             if len(set(line.get_xdata())) == 1]
    return [label.get_text() for label in ax.texts if isinstance(label, Annotation)
            and any(label.get_window_extent(renderer).x0 <= x <= label.get_window_extent(renderer).x1 for x in lines)]


def dots_and_line(shares: list[float], line: float):
    fig, ax = plt.subplots(figsize=(figures.WIDTH_IN, 2))
    ax.set_xlim(0, 100)
    labels = [ax.annotate(f"{s}%", (s, place), xytext=(figures.LABEL_GAP_PT, 0), textcoords="offset points", va="center")
              for place, s in enumerate(shares)]
    ax.axvline(line)
    return fig, ax, labels


def test_a_label_the_line_would_cross_moves_and_the_others_stay():
    fig, ax, labels = dots_and_line([16.3, 40.0, 30.7], 23.2)
    assert crossings(fig, ax) == ["16.3%"]
    figures.clear_of_lines(fig, ax, labels, [23.2])
    assert crossings(fig, ax) == []
    assert [label.get_ha() for label in labels] == ["right", "left", "left"]
    plt.close(fig)


def test_a_label_with_no_room_before_its_dot_goes_past_the_line():
    fig, ax, labels = dots_and_line([1.0], 4.0)
    figures.clear_of_lines(fig, ax, labels, [4.0])
    assert crossings(fig, ax) == [] and labels[0].xy == (4.0, 0)
    plt.close(fig)


def test_figure_5_has_no_label_under_its_reference_line(real):
    figures.configure(figures.style()["font_family"])
    lineage = next(f.lineage for f in registry.figures() if f.id == "fig5_featured_sales")
    fig = figures.fig5_featured_sales(real, 2009, figures.style(), *lineage)
    assert crossings(fig, fig.axes[0]) == []
    plt.close(fig)
