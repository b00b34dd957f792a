"""The 2010 evaluation in a copy of the project that took 2010 in (tests/project_2010.py): with
two years, growth is computed against 2009 and every base has its sheet."""
from decimal import Decimal

import pytest

from tests.pdf_text import page_texts
from tests.project_2010 import run

pytestmark = pytest.mark.slow  # runs the pipeline in a copy of the project


@pytest.mark.longest
def test_the_2010_evaluation_shows_growth_against_2009(project_2010):
    """With two years in, growth indicators are computed and each sheet shows last year's column;
    a growth over a reconstructed 2009 value is marked reconstructed, and the quarantined base has no data."""
    result = run(project_2010, "evaluate", "--year", "2010")
    assert result.returncode == 0, result.stderr
    folder = project_2010 / "data/processed/2010/evaluation"
    forms = sorted(f.stem for f in (project_2010 / "data/processed/2010/forms").glob("*.xlsx"))
    assert sorted(f.stem for f in (folder / "sheets").glob("*.pdf")) == forms  # a sheet for every base, as named there
    import duckdb
    with duckdb.connect(str(project_2010 / "data/processed/bases.duckdb"), read_only=True) as con:
        growth = dict(con.execute("""select base_id, (value, status) from report.evaluation_indicator_values
                                     where year = 2010 and indicator_id = 'exports_growth'""").fetchall())
        rd = con.execute("""select count(*) from report.evaluation_indicator_values
                            where year = 2010 and indicator_id = 'rd_intensity' and value is not null""").fetchone()[0]
    # the synthetic 2010 figures are 2009's times 1.10; 2009's 中关村 exports are published, 崂山's reconstructed
    assert growth["zhongguancun"] == (round((Decimal("229.02") / Decimal("208.20") - 1) * 100, 4), "reported")
    assert growth["qingdao_laoshan"][1] == "reconstructed"
    assert growth["beihai"] == (None, "no_data")
    assert rd == len(forms) - 1  # every accepted form gives R&D spending: all but the quarantined one
    first, = page_texts(folder / "sheets.pdf", pages=1)
    assert "2009年" in first and "出口增长率" in first and "北京市中关村科技园" in first
