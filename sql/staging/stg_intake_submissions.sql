-- grain: one row per received submission (a form, a sheet, or a row of a table), whatever its outcome
with source as (
    select * from raw.intake_submissions
),

final as (
    select
        year,
        source_file,
        source_sheet,
        source_row,
        base_id,
        given_base,
        status,
        errors,
        warnings,
        named_by_file
    from source
)

select * from final
