"""Write a year's report tables as CSV files, in the publication shape of the report schema."""
from __future__ import annotations

from pathlib import Path

import duckdb

REPORT_TABLES = [
    "table1_bases",
    "table2_sector_overview",
    "table3_featured_industry",
    "table4_sales_over_1000yi",
    "table5_exports_over_100yi_usd",
    "table6_base_funding",
    "table7_programme_funding",
]


def write_tables(con: duckdb.DuckDBPyConnection, year: int, folder: Path) -> list[Path]:
    """One CSV per report table, the year's rows only, in the table's own order."""
    written = []
    for table in REPORT_TABLES:
        path = folder / f"{table}.csv"
        con.execute(f"copy (select * from report.{table} where year = {int(year)}) "
                    f"to '{path}' (header, delimiter ',')")
        written.append(path)
    return written
