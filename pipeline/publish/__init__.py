"""Publish a year from the built database: reconciliation, tables, figures, the report.

    reconcile    the year's figures against the published report (reconciliation.md)
    export       Tables 1-7 as CSV, tables.xlsx and Parquet
    figures      the figures as SVG
    context      everything the report's templates may print, read from the database
    render       the templates to report.html and report.pdf (Jinja, WeasyPrint)
    cjk_justify  Chinese justification for WeasyPrint's line breaking
    formatting   how the report prints a number
    evaluation/  the annual evaluation: its report, workbook and per-base sheets

Reads the database that pipeline.warehouse made; never imports the stages above it.
"""
