"""The narrative's facts (counts, amounts, dates the bases' figures cannot recompute) are data:
each is printed by the report through fact(), or listed as left out with a reason."""
import re

import pytest

from pipeline.publish import context, formatting, templates


def test_the_facts_file_lands_in_the_report_schema(mini):
    rows = mini.execute("""select fact_id, base_name, printed, cast(value as varchar), use
                           from report.narrative_facts order by fact_id""").fetchall()
    assert rows == [("alpha.standards", "甲基地", "12项", "12.0000", "printed"),
                    ("programme.trainees", None, "6000余人次", "6000.0000", "omitted")]


def test_fact_prints_the_published_form_and_remembers_it(mini):
    facts = context.build(mini, 2009)["fact"]
    assert facts("alpha.standards") == "12项"
    assert facts.used == {"alpha.standards"}


def test_an_unknown_or_omitted_fact_fails_the_render(mini):
    facts = context.build(mini, 2009)["fact"]
    with pytest.raises(context.UnknownFact, match="not in the year's narrative facts file"):
        facts("alpha.patents")
    with pytest.raises(context.UnknownFact, match="marks as omitted"):
        facts("programme.trainees")


@pytest.fixture(scope="module")
def facts_2009(real):
    """The 2009 context's facts after the whole report has been rendered from it."""
    ctx = context.build(real, 2009)
    templates.render_html(ctx)
    return ctx["fact"]


def test_every_fact_of_2009_is_printed_or_left_out_with_a_reason(real, facts_2009):
    printed = {r[0] for r in real.execute(
        "select fact_id from report.narrative_facts where year = 2009 and use = 'printed'").fetchall()}
    assert printed, "the 2009 facts file lists no fact"
    assert sorted(printed - facts_2009.used) == []


def test_every_printed_fact_stands_in_the_pdf(real, pdf_pages):
    text = re.sub(r"\s+", "", "".join(pdf_pages))
    missing = [(fact_id, shown) for fact_id, shown in real.execute(
        "select fact_id, printed from report.narrative_facts where year = 2009 and use = 'printed' order by fact_id").fetchall()
        if re.sub(r"\s+", "", formatting.ranges(shown)) not in text]
    assert missing == []
