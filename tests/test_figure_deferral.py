"""A figure set after the text that fills the hole it left (pdf.with_figures_deferred): it moves
past whole sibling blocks of its own parent, never out of it."""
from pipeline.publish.pdf import sibling_ends, with_figures_deferred

FIGURE = '<figure id="f"><img src="f.svg" alt="x"><figcaption>图</figcaption></figure>'
SECTION = f'<section><p>甲</p>{FIGURE}<h2>乙</h2><p>丙<br>丁</p><aside><p>戊</p></aside></section><p>己</p>'


def test_sibling_ends_stop_at_the_parent_s_end():
    rest = SECTION[SECTION.index("</figure>") + len("</figure>"):]
    assert [rest[:end].rsplit("<", 1)[1] for end in sibling_ends(rest)] == ["/h2>", "/p>", "/aside>"]


def test_a_figure_moves_past_the_blocks_it_is_deferred_by():
    assert with_figures_deferred(SECTION, {"f": 2}) == (
        f'<section><p>甲</p><h2>乙</h2><p>丙<br>丁</p>{FIGURE}<aside><p>戊</p></aside></section><p>己</p>')


def test_a_figure_deferred_past_its_part_s_end_stays_last_in_it():
    assert with_figures_deferred(SECTION, {"f": 9}) == (
        f'<section><p>甲</p><h2>乙</h2><p>丙<br>丁</p><aside><p>戊</p></aside>{FIGURE}</section><p>己</p>')


def test_no_deferral_leaves_the_html_as_it_is():
    assert with_figures_deferred(SECTION, {}) == SECTION
