"""A base corrects a quarantined form by sending another: the later, accepted one supersedes it,
and qa.md lists the first one's errors as corrected, no longer as open. On the mini tree (alpha)."""
from decimal import Decimal

from pipeline.intake import forms, receipts, take_in
from pipeline.publish import qa
from tests.conftest import build_in_memory
from tests.evaluation_fixtures import add_year_2010, reconstruction_2009
from tests.formfill import fill


def test_a_later_accepted_form_supersedes_the_quarantined_one_it_corrects(mini_raw, tmp_path):
    add_year_2010(mini_raw, {"alpha": "132.00"})
    [first] = (mini_raw / "submissions/2010").glob("*.xlsx")
    fill(first, {"sales": Decimal("-5")})  # a slip: quarantined
    log = receipts.append_to_log(take_in.take_in_all(mini_raw), mini_raw, tmp_path / "log.jsonl")
    corrected = first.with_name(f"{first.stem}-2.xlsx")  # as `make ingest` keeps a second file of the same name
    forms.write_form({"base_id": "alpha", "base_name": "甲基地"}, 2010, corrected, mini_raw / "reference")
    fill(corrected, {**reconstruction_2009(mini_raw)["alpha"], "exports": Decimal("132.00")})
    results = take_in.take_in_all(mini_raw, log)
    by_file = {s.file.rsplit("/", 1)[1]: s for s in {r.year: r for r in results}[2010].submissions}
    assert {name: s.status for name, s in by_file.items()} == {first.name: "superseded", corrected.name: "accepted"}
    assert [(f.message_zh, f.message_en) for f in by_file[first.name].findings if f.rule == "duplicate_submission"] == [
        (f"同一基地2010年有多份报送；已由后收到的“submissions/2010/{corrected.name}”（填报表）更正",
         f"The base sent more than one submission for 2010; corrected by submissions/2010/{corrected.name} (填报表), "
         "received later")]
    logged = receipts.append_to_log(results, mini_raw, tmp_path / "log.jsonl")
    for entry in logged:  # the first form taken in on an earlier day, the correction now
        if entry["file"].endswith(f"/{first.name}"):
            entry["logged_at"] = "2011-01-05T00:00:00+00:00"
    con = build_in_memory(mini_raw, results, logged)
    report = qa.markdown(con, 2010)
    said = qa.console_lines(con, 2010, "data/processed/2010/qa.md")  # what make ingest prints: the same filing
    assert said[1:4] == ["  0 errors", "  3 errors corrected by a later submission: exports_implausible 1, "
                         "featured_exceeds_total 1, negative 1", "  2 warnings: duplicate_submission 2"]
    assert f"  corrected: submissions/2010/{first.name}, sheet 填报表, row 9, field 销售收入（合计）, value '-5': " \
           "销售收入（合计） is negative: -5. [negative] Check the value; no field may be negative." in said
    assert not any(line.startswith("  quarantined:") for line in said)
    open_errors = report[report.index("## Errors"):report.index("## Corrected")]
    corrected_errors = report[report.index("## Corrected"):report.index("## Warnings")]
    assert open_errors == "## Errors / 错误（报表暂不汇总）\n\nNone / 无\n\n"
    assert f"| 甲基地 | submissions/2010/{first.name} | 填报表 | 9 | 销售收入（合计） | -5 | negative |" in corrected_errors
    files = report[report.index("## Files"):].splitlines()[4:]
    # by name, not in the order taken in: "01_alpha-2.xlsx" sorts before "01_alpha.xlsx"
    assert [line.split(" | ")[0] for line in files] == [f"| submissions/2010/{name}" for name in (corrected.name, first.name)]


def test_an_accepted_form_names_a_different_one_held_back_with_it(mini_raw):
    """alpha sends two different forms at once, one with a slip: the good one is used and says that
    the other, held back, might be the one the base meant."""
    add_year_2010(mini_raw, {"alpha": "132.00"})
    [good] = (mini_raw / "submissions/2010").glob("*.xlsx")
    other = good.with_name(f"{good.stem} (2).xlsx")
    other.write_bytes(good.read_bytes())
    fill(other, {"exports": Decimal("-140.00")})  # a different version, with a slip
    [result] = [r for r in take_in.take_in_all(mini_raw) if r.year == 2010]
    by_file = {s.file.rsplit("/", 1)[1]: s for s in result.submissions}
    assert {name: s.status for name, s in by_file.items()} == {good.name: "accepted", other.name: "quarantined"}
    assert [(f.rule, f.severity, f.message_zh) for f in by_file[good.name].findings] == [
        ("other_version_held_back", "warning",
         f"与本份同时收到的本基地另一份报表（“submissions/2010/{other.name}”（填报表））内容不同，因有错误暂不汇总；现采用本份。")]
