"""The model runner: discovery, dependency order, documentation, checks."""

import pytest

from pipeline import config
from pipeline.warehouse import models
from tests.conftest import copy_sql


def test_every_model_comes_after_what_it_reads():
    ordered = models.build_order(models.discover(config.SQL))
    position = {m.qualified_name: i for i, m in enumerate(ordered)}
    for model in ordered:
        for dependency in model.depends_on:
            assert position[dependency] < position[model.qualified_name]


def test_dependencies_are_read_from_the_sql():
    found = models.discover(config.SQL)
    assert found["report.table4_sales_over_1000yi"].depends_on == {"core.submissions", "core.bases"}
    assert found["staging.stg_bases"].depends_on == set()


def test_only_staging_models_read_raw_data():
    for model in models.discover(config.SQL).values():
        reads_raw = "read_csv" in model.sql or " raw." in model.sql
        assert reads_raw == (model.layer == "staging"), model.path


def test_a_cycle_is_refused(tmp_path):
    sql = copy_sql(tmp_path)
    path = sql / "core" / "bases.sql"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "select * from staging.stg_batches", "select * from staging.stg_batches, core.submissions"), encoding="utf-8")
    with pytest.raises(models.ModelError, match="cycle"):
        models.build_order(models.discover(sql))


def test_an_unknown_reference_is_refused(tmp_path):
    sql = copy_sql(tmp_path)
    path = sql / "report" / "table7_programme_funding.sql"
    path.write_text(path.read_text(encoding="utf-8").replace("core.programme_funding", "core.programme_fundng"),
                    encoding="utf-8")
    with pytest.raises(models.ModelError, match="unknown model"):
        models.discover(sql)


def test_an_undocumented_column_fails_the_build(tmp_path, build_mini):
    sql = copy_sql(tmp_path)
    path = sql / "core" / "programme_funding.sql"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "industrialisation_projects\n    from", "industrialisation_projects,\n        1 as stray\n    from"),
        encoding="utf-8")
    import duckdb

    from pipeline.intake import land, take_in
    from pipeline.warehouse import consistency
    from tests.conftest import MINI_RAW
    con = duckdb.connect()
    land.land(con, take_in.take_in_all(MINI_RAW), [])
    consistency.land(con, MINI_RAW)
    with pytest.raises(models.ModelError, match=r"undocumented: \['stray'\]"):
        models.build(con, MINI_RAW, sql)


def test_every_check_passes_on_the_fixture(mini):
    results = models.run_checks(mini, models.build_order(models.discover(config.SQL)))
    assert [r for r in results if not r.passed] == []


def test_a_broken_identity_is_caught(mini):
    mini.execute("update report.table2_sector_overview set sales_100m_cny = sales_100m_cny + 0.01 where is_total")
    results = models.run_checks(mini, [models.discover(config.SQL)["report.table2_sector_overview"]])
    failed = [r.check for r in results if not r.passed]
    assert failed == ["the total row is the sum of the unrounded field amounts, rounded to 0.01"]


def test_featured_above_total_is_caught(mini):
    mini.execute("update core.submissions set featured_sales_100m_cny = 401 where base_id = 'beta'")
    results = models.run_checks(mini, [models.discover(config.SQL)["core.submissions"]])
    assert [r.check for r in results if not r.passed] == ["featured part never exceeds the total"]


def test_what_the_tests_before_changed_is_rolled_back(mini):
    test_every_check_passes_on_the_fixture(mini)  # the two tests above broke two checks in the shared database


def test_a_table_named_in_a_comment_or_a_string_is_no_reference(tmp_path):
    sql = copy_sql(tmp_path)
    path = sql / "report" / "table7_programme_funding.sql"
    path.write_text("-- printed in report.pdf; see also core.bases\n/* report.table1_bases */\n"
                    + path.read_text(encoding="utf-8").replace("select", "select 'core.bases' as note,", 1),
                    encoding="utf-8")
    found = models.discover(sql)["report.table7_programme_funding"].depends_on
    assert found == models.discover(config.SQL)["report.table7_programme_funding"].depends_on
