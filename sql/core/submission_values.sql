-- grain: one row per base, year and measure: every accepted value with its unit and provenance
with submitted as (
    select * from staging.stg_submission_values
),

indicators as (
    select * from staging.stg_indicators
),

final as (
    select
        submitted.year,
        submitted.base_id,
        submitted.measure,
        2 * indicators.indicator_order - case when submitted.measure like 'featured\_%' escape '\' then 0 else 1 end
            as measure_order,
        indicators.unit,
        submitted.amount,
        submitted.provenance,
        submitted.value_source,
        submitted.source_file,
        submitted.source_sheet,
        submitted.source_row
    from submitted
    left join indicators on indicators.indicator = regexp_replace(submitted.measure, '^featured_', '')
    order by submitted.year, submitted.base_id, measure_order
)

select * from final
