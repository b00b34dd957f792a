-- grain: one row per indicator of the submission form
with source as (
    select * from read_csv(getvariable('raw_dir') || '/reference/indicators.csv', header = true, all_varchar = true)
),

final as (
    select
        indicator,
        cast(indicator_order as integer) as indicator_order,
        label_zh,
        label_en,
        unit,
        unit_zh,
        note_zh,
        has_featured = 'yes' as has_featured,
        required = 'yes' as is_required,
        in_report = 'yes' as is_in_report,
        source
    from source
)

select * from final
