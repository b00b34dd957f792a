-- grain: one row per finding of the intake's validation rules
with source as (
    select * from raw.intake_findings
),

final as (
    select
        year,
        source_file,
        source_sheet,
        source_row,
        field,
        value,
        rule,
        severity,
        base_id,
        message_zh,
        message_en,
        do_zh,
        do_en,
        submission_status,
        named_by_file
    from source
)

select * from final
