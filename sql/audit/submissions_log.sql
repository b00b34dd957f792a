-- grain: one row per received file version (path and SHA-256): when it was first taken in and
-- what became of its submissions; read from the append-only log data/processed/intake/submissions_log.jsonl
with log as (
    select * from staging.stg_submissions_log
),

final as (
    select * from log
    order by logged_at_utc, source_file
)

select * from final
