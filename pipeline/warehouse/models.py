"""Build the database from the SQL models in sql/, in the order their references demand.

A model is one file, sql/<layer>/<name>.sql, holding one select; it becomes the table
<layer>.<name>: staging (one raw file each), core (the entities), report (the analysts'
contract) and audit (how the intake and the reconciliation went). Its description, grain, column comments and checks live beside it in
sql/<layer>/_models.yml. The build order is read from the models' own references
(`core.bases` in a query makes that model depend on core.bases), so it cannot drift from
a hand-kept list. The references are the tables DuckDB's own parser finds in the query
(json_serialize_sql), so a comment or a string that names a table is not one.

SQL that several models share is written once as a table macro, sql/macros/<name>.sql (one
`create or replace temp macro <name>(...) as table <select>`). A model that calls it reads the
tables the macro reads, and the macro is created just before the first model that calls it. A
macro is temporary, for the build's session only: the database holds the tables, never the macros.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import duckdb
import yaml

from pipeline.intake.land import insert

LAYERS = ("staging", "core", "audit", "report")
MACROS = "macros"  # the folder of sql/ holding the shared table macros, and their qualified names' prefix
MACRO_HEAD = re.compile(r"^create\s+or\s+replace\s+temp\s+macro\s+(\w+)\s*\([^)]*\)\s+as\s+table\s",
                        re.IGNORECASE | re.MULTILINE)


class ModelError(RuntimeError):
    """A model cannot be built, is undocumented, or fails one of its checks."""


@dataclass
class Model:
    layer: str
    name: str
    path: Path
    sql: str
    meta: dict
    depends_on: set[str] = field(default_factory=set)
    macros: list[Model] = field(default_factory=list)  # the shared macros (sql/macros/) the query calls

    @property
    def qualified_name(self) -> str:
        return f"{self.layer}.{self.name}"

    @property
    def is_macro(self) -> bool:
        return self.layer == MACROS

    @property
    def query(self) -> str:
        """The select: the model's whole file, or a macro's body after its `create ... as table`."""
        return self.sql[MACRO_HEAD.search(self.sql).end():] if self.is_macro else self.sql


def discover(sql_dir: Path) -> dict[str, Model]:
    """Every model under sql_dir, keyed by qualified name, with its metadata and references."""
    models: dict[str, Model] = {}
    for layer in LAYERS:
        folder = sql_dir / layer
        meta_file = folder / "_models.yml"
        metas = metadata(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
        for path in sorted(folder.glob("*.sql")):
            name = path.stem
            if name not in metas:
                raise ModelError(f"{path}: model {layer}.{name} has no entry in {meta_file}")
            models[f"{layer}.{name}"] = Model(layer, name, path, path.read_text(encoding="utf-8"), metas[name])
        for name in set(metas) - {p.stem for p in folder.glob("*.sql")}:
            raise ModelError(f"{meta_file}: entry {name} has no model file {folder / (name + '.sql')}")
    macros = discover_macros(sql_dir)
    macro_names = frozenset(macro.name for macro in macros.values())
    found = references([m.query for m in [*macros.values(), *models.values()]], macro_names)
    for macro, read in zip(macros.values(), found):
        macro.depends_on = tables_read(macro, read)
        if macro.depends_on & set(macros):
            raise ModelError(f"{macro.path}: a shared macro calls no other macro (a model may call several)")
    for model, read in zip(models.values(), found[len(macros):]):
        refs = tables_read(model, read)
        model.macros = [macros[name] for name in sorted(refs & set(macros))]
        refs = (refs - set(macros)).union(*(macro.depends_on for macro in model.macros))
        unknown = {r for r in refs if r not in models}
        if unknown:
            raise ModelError(f"{model.path}: refers to unknown model(s) {', '.join(sorted(unknown))}")
        model.depends_on = refs - {model.qualified_name}
    uncalled = set(macros) - {macro.qualified_name for model in models.values() for macro in model.macros}
    if uncalled:
        raise ModelError(f"no model calls the shared macro(s) {', '.join(sorted(uncalled))}: delete them or call them")
    return models


def discover_macros(sql_dir: Path) -> dict[str, Model]:
    """The shared table macros of sql/macros/, keyed by qualified name (macros.<name>)."""
    macros = {}
    for path in sorted((sql_dir / MACROS).glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        head = MACRO_HEAD.search(sql)
        if head is None or head.group(1) != path.stem:
            raise ModelError(f"{path}: a shared macro's file holds one `create or replace temp macro {path.stem}(...) "
                             "as table select ...` (temp: the database holds tables, never macros)")
        macros[f"{MACROS}.{path.stem}"] = Model(MACROS, path.stem, path, sql, {})
    return macros


@lru_cache(maxsize=16)
def metadata(text: str) -> dict:
    """A _models.yml's entries, parsed once a process for each text it has (never changed by a reader)."""
    return yaml.load(text, Loader=yaml.CSafeLoader)


def references(queries: list[str], macro_names: frozenset[str]) -> list[frozenset[str] | str]:
    """For each query, the names it reads (see names_read) or DuckDB's reason it cannot be parsed;
    a query already seen in this process is not parsed again (a test run builds the models dozens of times)."""
    unseen = sorted({q for q in queries if (q, macro_names) not in _references})
    if unseen:
        with duckdb.connect() as parser:
            rows = parser.execute("select json_serialize_sql(sql) from unnest($1) with ordinality as q(sql, n) order by n",
                                  [unseen]).fetchall()
        for query, (tree,) in zip(unseen, rows):
            _references[query, macro_names] = names_read(json.loads(tree), macro_names)
    return [_references[q, macro_names] for q in queries]


_references: dict[tuple[str, frozenset[str]], frozenset[str] | str] = {}


def names_read(tree: dict, macro_names: frozenset[str]) -> frozenset[str] | str:
    """The layer.table names a parsed query reads and the macros.name of the shared macros it
    calls, as DuckDB parses it (comments and strings left out; raw.* and the query's own CTEs are
    no models, read_csv and the like no macros unless sql/macros/ has a file of that name); or
    the parser's error."""
    if tree.get("error"):
        return tree.get("error_message", "cannot be parsed")
    found, nodes = set(), [tree]
    while nodes:
        node = nodes.pop()
        if isinstance(node, dict):
            if node.get("type") == "BASE_TABLE" and node.get("schema_name") in LAYERS:
                found.add(f"{node['schema_name']}.{node['table_name']}")
            if node.get("type") == "TABLE_FUNCTION" and node["function"].get("function_name") in macro_names:
                found.add(f"{MACROS}.{node['function']['function_name']}")
            nodes.extend(node.values())
        elif isinstance(node, list):
            nodes.extend(node)
    return frozenset(found)


def tables_read(model: Model, read: frozenset[str] | str) -> set[str]:
    """What the model reads, or its parser error raised as the model's."""
    if isinstance(read, str):
        raise ModelError(f"{model.path}: {read}")
    return set(read)


def build_order(models: dict[str, Model]) -> list[Model]:
    """Models sorted so that each comes after everything it reads."""
    sorter = TopologicalSorter({name: m.depends_on for name, m in models.items()})
    try:
        return [models[name] for name in sorter.static_order()]
    except CycleError as error:
        raise ModelError(f"models refer to each other in a cycle: {' -> '.join(error.args[1])}") from error


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def document(con: duckdb.DuckDBPyConnection, model: Model) -> None:
    """Attach the model's description and every column's meaning as COMMENTs, in one round trip;
    all are required."""
    meta = model.meta
    table_comment = f"{meta['description'].strip()} Grain: {meta['grain'].strip()}"
    documented = meta.get("columns") or {}
    actual = [row[0] for row in con.execute(f"describe {model.qualified_name}").fetchall()]
    missing = [c for c in actual if c not in documented]
    extra = [c for c in documented if c not in actual]
    if missing or extra:
        raise ModelError(
            f"{model.path}: columns and sql/{model.layer}/_models.yml disagree "
            f"(undocumented: {missing or 'none'}; documented but absent: {extra or 'none'})")
    comment(con, {"": table_comment, **{column: str(documented[column]).strip() for column in actual}},
            model.qualified_name)


def comment(con: duckdb.DuckDBPyConnection, meanings: dict[str, str], table: str) -> None:
    """COMMENT ON the table ('' in meanings) and its columns, all in one statement list."""
    con.execute(";\n".join(f"comment on {f'column {table}.{column}' if column else f'table {table}'} is {quote(meaning)}"
                            for column, meaning in meanings.items()))


def build(con: duckdb.DuckDBPyConnection, raw_dir: Path, sql_dir: Path) -> list[Model]:
    """Create every model as a table in con, reading raw files from raw_dir; a shared macro just
    before the first model that calls it, once the tables it reads exist (DuckDB binds a macro's
    tables when it is created)."""
    con.execute(f"set variable raw_dir = {quote(str(raw_dir))}")
    for layer in LAYERS:
        con.execute(f"create schema if not exists {layer}")
    ordered = build_order(discover(sql_dir))
    created: set[str] = set()
    for model in ordered:
        for macro in model.macros:
            if macro.qualified_name not in created:
                try:
                    con.execute(macro.sql)
                except duckdb.Error as error:
                    raise ModelError(f"{macro.path}: {error}") from error
                created.add(macro.qualified_name)
        try:
            con.execute(f"create or replace table {model.qualified_name} as\n{model.sql}")
        except duckdb.Error as error:
            raise ModelError(f"{model.path}: {error}") from error
        document(con, model)
    return ordered


@dataclass
class CheckResult:
    model: str
    check: str
    failing_rows: int
    sample: list

    @property
    def passed(self) -> bool:
        return self.failing_rows == 0


def check_queries(model: Model) -> list[tuple[str, str]]:
    """The model's checks from its metadata, each as (name, query returning the failing rows)."""
    checks = model.meta.get("checks") or {}
    table = model.qualified_name
    queries = []
    for key in checks.get("unique") or []:
        cols = ", ".join(key if isinstance(key, list) else [key])
        queries.append((f"unique ({cols})",
                        f"select {cols}, count(*) as n from {table} group by all having count(*) > 1"))
    for column in checks.get("not_null") or []:
        queries.append((f"not null {column}", f"select * from {table} where {column} is null"))
    for column, values in (checks.get("accepted_values") or {}).items():
        allowed = ", ".join(quote(str(v)) for v in values)
        queries.append((f"{column} in ({allowed})",
                        f"select {column} from {table} where {column} not in ({allowed})"))
    for assertion in checks.get("assertions") or []:
        queries.append((assertion["name"], assertion["sql"]))
    return queries


def run_checks(con: duckdb.DuckDBPyConnection, models: list[Model]) -> list[CheckResult]:
    """Run every model's checks; a check passes when its query returns no rows.

    Every check's count of failing rows comes from one query; a failing check is run again
    alone for a sample of its rows, and a check that cannot run is found by running each alone."""
    checks = [(model, name, query) for model in models for name, query in check_queries(model)]
    if not checks:
        return []
    try:
        counts = [n for _, n in con.execute(" union all ".join(
            f"select {i} as i, count(*) as n from ({query}\n)" for i, (_, _, query) in enumerate(checks))
            + " order by i").fetchall()]
    except duckdb.Error:
        counts = [None] * len(checks)
    results = []
    for (model, name, query), failing in zip(checks, counts):
        sample = []
        if failing != 0:
            try:
                rows = con.execute(query).fetchall()
            except duckdb.Error as error:
                raise ModelError(f"{model.path}: check '{name}' cannot run: {error}") from error
            failing, sample = len(rows), rows[:5]
        results.append(CheckResult(model.qualified_name, name, failing, sample))
    return results


CHECKS_TABLE = "audit.model_checks"
CHECKS_COMMENTS = {
    "": "Every check of every model (sql/*/_models.yml), as the build ran it; a build with a failing check is "
        "never published. Grain: one row per model and check",
    "model": "The model checked (schema.table)",
    "check_name": "The check: unique, not null, accepted values or a named assertion",
    "failing_rows": "Rows the check's query returned; 0 = passed",
}


def record_checks(con: duckdb.DuckDBPyConnection, results: list[CheckResult]) -> None:
    """audit.model_checks: every check the build ran, with its outcome, so that the reconciliation
    reports them without running them again."""
    con.execute(f"create or replace table {CHECKS_TABLE} (model varchar, check_name varchar, failing_rows integer)")
    insert(con, CHECKS_TABLE, [(r.model, r.check, r.failing_rows) for r in results])
    comment(con, CHECKS_COMMENTS, CHECKS_TABLE)


def recorded_checks(con: duckdb.DuckDBPyConnection) -> list[CheckResult]:
    """The checks the build ran, in the order it ran them (see record_checks)."""
    return [CheckResult(model, check, failing, []) for model, check, failing in con.execute(
        f"select model, check_name, failing_rows from {CHECKS_TABLE} order by rowid").fetchall()]
