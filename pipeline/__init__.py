"""Statistics pipeline for the annual report on the national S&T trade innovation bases.

For analysts, one call gives a report table as a pandas DataFrame, read from the built database:

    import pipeline
    pipeline.load("table2", 2009)          # a table or figure of the registry, by its id
    pipeline.load("report.narrative_facts")  # or any model by its schema-qualified name, all years
"""


def load(name: str, year: int | None = None):
    """A table of the built database as a DataFrame, opened read-only (the database is never rebuilt).

    name is a registry id (table1 … table7, fig1_region …) or a model such as report.narrative_facts;
    with a year, only that year's rows (every report model has a year column); a year the database
    does not hold is an error, not an empty frame (LookupError, as for a name it does not know). Amounts arrive as
    floats, as pandas holds numbers; query the database with DuckDB for exact decimals."""
    from pipeline import registry
    from pipeline.warehouse import database
    entries = {t.id: t.model for t in registry.tables()}
    for figure in registry.figures():
        report_models = [m for m in figure.lineage if m.startswith("report.")]
        if name == figure.id and len(report_models) > 1:
            raise LookupError(f"{name!r} is drawn from {' and '.join(report_models)}: load one of them by that name")
        entries[figure.id] = report_models[0]
    model = name if "." in name else entries.get(name)
    if model is None:
        known = ", ".join(sorted(entries))
        raise LookupError(f"{name!r} is neither a table or figure of the report ({known}) nor a model such as report.table2_sector_overview")
    with database.connect_read_only() as con:
        schema, table = model.split(".", 1)
        found = con.execute("select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
                            [schema, table]).fetchone()[0]
        if not found:
            raise LookupError(f"the database has no model {model}; `make sql Q=.tables` lists them")
        absent = year is not None and database.year_not_held(con, year)
        if absent:
            raise LookupError(absent)
        query = f'select * from "{schema}"."{table}"' + (" where year = ?" if year is not None else "")
        return con.execute(query, [year] if year is not None else []).df()
