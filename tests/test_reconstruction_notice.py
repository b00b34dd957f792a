"""The reconstruction notice: the cover and the notes page say the same thing, in Chinese words
(公布值/推算值/估算值) with the database's counts, and what it promises holds: every base value
the report prints is published or follows from published figures."""
import re

from pipeline import config
from pipeline.publish import context, templates

CODES = ("published", "derived", "reconstructed")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def notice_2009(real) -> str:
    env = templates.environment()
    ctx = templates.with_titles(context.build(real, 2009), env)
    module = env.get_template("partials/reconstruction_notice.html.j2").make_module(ctx)
    return squash(str(module.reconstruction_notice()))


def notes_text(pages: list[str]) -> str:
    start = next(i for i, page in enumerate(pages) if "说明：资料来源、口径与数据核对" in page and "目 录" not in page)
    return squash("".join(pages[start:start + 3]))


def test_the_notice_counts_each_kind_of_value_from_the_database(real):
    counts = dict(real.execute(
        "select provenance, count(*) from core.submission_values where year = 2009 group by all").fetchall())
    notice = notice_2009(real)
    assert f"公布值{counts['published']}个、推算值{counts['derived']}个、估算值{counts['reconstructed']}个" in notice
    assert f"共{sum(counts.values())}个数值" in notice


def test_the_cover_and_the_notes_print_the_same_notice_without_codes(real, pdf_pages):
    notice = notice_2009(real)
    cover, notes = squash(pdf_pages[0]), notes_text(pdf_pages)
    assert notice in cover
    assert notice in notes
    assert [code for code in CODES if code in cover + notes] == []


def test_the_notes_say_the_bases_figures_were_not_submitted(pdf_pages):
    """No base submitted its 2009 figures: the source line says where they come from instead
    (a year the bases submit says so; tests/test_end_to_end_2010.py)."""
    notes = notes_text(pdf_pages)
    assert "基地数据取自原报告公布的数据，本年没有基地报送的数据；基地数值分为公布值、推算值、估算值（见下文“基地数值的来源”）" in notes
    assert "基地报送的年度数据" not in notes


BASE_VALUE = re.compile(r"base\['(\w+)'\]\.(\w+?)_100m_(?:cny|usd)|fig\('base\.(\w+)\.(\w+?)(_share_pct)?'\)")


def printed_base_values() -> set[tuple[str, str]]:
    """(base, measure) of every base value a template or an editorial file prints."""
    found = set()
    for path in [*config.TEMPLATES.rglob("*.j2"), *config.TEMPLATES.rglob("*.yml")]:
        for m in BASE_VALUE.finditer(path.read_text(encoding="utf-8")):
            if m.group(1):
                found.add((m.group(1), m.group(2)))
            else:
                base, measure, share = m.group(3), m.group(4), m.group(5)
                found.add((base, measure))
                if share:  # a base's featured share is its featured part over its total
                    found.add((base, measure.removeprefix("featured_")))
    return found


def test_every_base_value_the_report_prints_is_published_or_derived(real):
    values = printed_base_values()
    assert ("xian_yanliang", "output") in values
    kinds = {(b, m): p for b, m, p in real.execute(
        "select base_id, measure, provenance from core.submission_values where year = 2009").fetchall()}
    assert sorted(v for v in values if kinds[v] not in ("published", "derived")) == []
    listed = real.execute("""select sales_provenance, featured_sales_provenance from report.table4_sales_over_1000yi where year = 2009
                             union all
                             select exports_provenance, featured_exports_provenance from report.table5_exports_over_100yi_usd where year = 2009""").fetchall()
    assert {p for row in listed for p in row} == {"published"}
