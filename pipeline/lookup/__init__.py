"""Look things up in the built database, read-only: make docs, make sql, make explain.

    docs     docs/data_dictionary.md from the database's comments
    query    one query or an interactive prompt
    lineage  the models and raw files behind a table, the submissions behind a cell
"""
