"""Take the bases' submissions in: read every file, check it against the rules, keep the good.

Files arrive as xlsx workbooks (the form of pipeline/intake/forms.py) or as CSV exported from them
(UTF-8, UTF-8 with BOM or GB18030/GBK). A year with a published report also holds one table
with a row per base: the pipeline's own reconstruction, the only file allowed to say where its
values come from. Every submission is checked against data/raw/reference/validation_rules.yml;
one with an error is quarantined (kept out of every report table, its file never touched) and
the others go on, so one bad file never stops another. Files are only read. Each new file is
recorded, with its SHA-256, once, in an append-only log, whose order of receipt (never a file's
mtime) decides which of a base's submissions is the later one; a base's confirmation of a value
the rules doubt is recorded in the same log.

    take_in        a year's intake: every file read and checked, in order of receipt
    read           a received file (xlsx or CSV) into submissions
    xlsx           a workbook's cells and formulas in one pass over its XML
    parse_cache    each received file read once, kept by its SHA-256
    submission     a submission, its values with their provenance, its findings
    rules          the validation rules, each finding in Chinese and English
    directory      the known bases by id and every name, for the checks
    checks         the checks: each submission, magnitudes, duplicates, whole-region figures
    confirmations  a base's confirmation of a doubted value
    receipts       which file was received when (the intake log's order)
    submissions_log  the append-only intake log file
    land           the intake written to the database's raw schema
    forms          the submission form written for each base (make template)
    numbers        a number as Chinese offices type it
    qa             qa.md, the intake report
"""
