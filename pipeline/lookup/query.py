"""`make sql`: ask the database a question, read-only, one query or an interactive prompt."""
from __future__ import annotations

import contextlib
import sys

import duckdb

HELP = """Type SQL ending with ';' (several lines are fine). Commands:
  .tables            list the tables, by schema
  .describe TABLE    the columns of a table, with their meaning
  .quit              leave (or Ctrl-D)
The database is open read-only: nothing you type can change it."""


def show(con: duckdb.DuckDBPyConnection, query: str, max_rows: int = 200) -> bool:
    """Print the query's result, or its error on stderr; False on an error, for the exit status."""
    try:
        con.sql(query).show(max_rows=max_rows, max_width=200)
    except duckdb.Error as error:
        print(f"error: {error}", file=sys.stderr)
        return False
    return True


def describe(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """The columns of a table (schema.table, or a table name alone), with their comments."""
    schema, _, table = name.strip().rpartition(".")
    found = con.execute("select count(*) from duckdb_tables() where table_name = ? and (? = '' or schema_name = ?)",
                        [table, schema, schema]).fetchall()[0][0]
    if not found:
        print(f"error: the database has no table {name.strip()!r}; .tables lists them", file=sys.stderr)
        return False
    return show(con, f"""select column_name, data_type, comment from duckdb_columns()
                         where table_name = '{table}' {f"and schema_name = '{schema}'" if schema else ""}
                         order by schema_name, column_index""")


def command(con: duckdb.DuckDBPyConnection, line: str) -> bool | None:
    """Run a dot-command: whether it worked, or None when the user wants to leave."""
    word, _, rest = line.strip().partition(" ")
    if word in (".quit", ".exit"):
        return None
    if word == ".tables":
        return show(con, "select schema_name, table_name, comment from duckdb_tables() order by 1, 2")
    if word == ".describe" and rest.strip():
        return describe(con, rest)
    print(HELP)
    return word == ".help"


def one(con: duckdb.DuckDBPyConnection, text: str) -> bool:
    """`make sql Q=…`: a query or a dot-command, as at the prompt; False when it failed."""
    if text.strip().startswith("."):
        return command(con, text) is not False
    return show(con, text)


def interactive(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history at the prompt)
    print(f"Connected read-only to the report database.\n{HELP}")
    buffer = ""
    while True:
        try:
            line = input("kjxm> " if not buffer else "  ... ")
        except EOFError:
            print()
            return
        if not buffer and line.strip().startswith("."):
            if command(con, line) is None:
                return
            continue
        buffer += line + "\n"
        if buffer.strip().endswith(";"):
            show(con, buffer)
            buffer = ""
