"""The warehouse: data/processed/bases.duckdb, built from data/raw by the SQL models of sql/.

    database     the build, all or nothing: raw files checked, the intake landed, the models built
    raw_schema   every raw reference file checked against data/raw/schemas.yml
    models       the SQL models of sql/, in the order their references demand, with their checks
    consistency  which printed figures of the published report must be wrong (HiGHS)
    reconstruct  the 2009 per-base submissions reconstructed from the published report
    lock         one build at a time

Uses pipeline.intake below it; never the stages above (publish, lookup).
"""
