-- grain: one row per received file version (path and SHA-256), from the append-only intake log
with source as (
    select * from raw.submissions_log
),

final as (
    select
        cast(logged_at as timestamptz) at time zone 'UTC' as logged_at_utc,
        year,
        source_file,
        sha256,
        bytes,
        accepted,
        superseded,
        quarantined
    from source
)

select * from final
