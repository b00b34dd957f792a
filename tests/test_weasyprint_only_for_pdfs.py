"""WeasyPrint is imported only where a PDF is drawn: the export and every user error go without it
(its import costs about a second, and without it a bad raw file must still get its message)."""
import subprocess
import sys

from pipeline import config
from pipeline.warehouse.raw_schema import InputError, Problem

BAD_CELL = Problem("reference/bases.csv", 3, "base_id", "X Y", "an identifier of lower-case letters, digits and _")

EXPORT_THEN_AN_ERROR = f"""
import sys
from pathlib import Path
from pipeline.errors import user_message
from pipeline.publish import context, export
from pipeline.warehouse import database
from pipeline.warehouse.raw_schema import InputError, Problem
with database.connect_read_only(Path(sys.argv[1])) as con:  # as `make export` does
    export.write_csvs(con, 2009, Path(sys.argv[2]))
    export.write_workbook(con, context.build(con, 2009), Path(sys.argv[2]) / "tables.xlsx")
print(repr(user_message(InputError([{BAD_CELL!r}]))))
print(sorted(m for m in sys.modules if m.split(".")[0] == "weasyprint"))
"""


def test_the_export_and_a_user_error_do_not_import_weasyprint(real_db, tmp_path):
    out = subprocess.run([sys.executable, "-c", EXPORT_THEN_AN_ERROR, str(real_db), str(tmp_path)],
                         cwd=config.ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    assert (tmp_path / "tables.xlsx").is_file()
    assert out[-2:] == [repr(str(InputError([BAD_CELL]))), "[]"]
