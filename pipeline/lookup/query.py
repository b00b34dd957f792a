"""`make sql`: ask the database a question, read-only, one query or an interactive prompt."""
from __future__ import annotations

import duckdb

HELP = """Type SQL ending with ';' (several lines are fine). Commands:
  .tables            list the tables, by schema
  .describe TABLE    the columns of a table, with their meaning
  .quit              leave (or Ctrl-D)
The database is open read-only: nothing you type can change it."""


def show(con: duckdb.DuckDBPyConnection, query: str, max_rows: int = 200) -> None:
    try:
        con.sql(query).show(max_rows=max_rows, max_width=200)
    except duckdb.Error as error:
        print(f"error: {error}")


def command(con: duckdb.DuckDBPyConnection, line: str) -> bool:
    """Run a dot-command; False when the user wants to leave."""
    word, _, rest = line.partition(" ")
    if word in (".quit", ".exit"):
        return False
    if word == ".tables":
        show(con, "select schema_name, table_name, comment from duckdb_tables() order by 1, 2")
    elif word == ".describe" and rest:
        schema, _, table = rest.strip().rpartition(".")
        show(con, f"""select column_name, data_type, comment from duckdb_columns()
                      where table_name = '{table}' {f"and schema_name = '{schema}'" if schema else ""}
                      order by column_index""")
    else:
        print(HELP)
    return True


def interactive(con: duckdb.DuckDBPyConnection) -> None:
    try:
        import readline  # noqa: F401  (line editing and history at the prompt)
    except ImportError:
        pass
    print(f"Connected read-only to the report database.\n{HELP}")
    buffer = ""
    while True:
        try:
            line = input("kjxm> " if not buffer else "  ... ")
        except EOFError:
            print()
            return
        if not buffer and line.strip().startswith("."):
            if not command(con, line.strip()):
                return
            continue
        buffer += line + "\n"
        if buffer.strip().endswith(";"):
            show(con, buffer)
            buffer = ""
