-- grain: one row per accepted submission value: base, year and measure
-- (landed in raw.submission_values by the intake, pipeline/intake/, from data/raw/submissions)
with source as (
    select * from raw.submission_values
),

final as (
    select
        year,
        base_id,
        measure,
        amount,
        provenance,
        value_source,
        source_file,
        source_sheet,
        source_row
    from source
)

select * from final
