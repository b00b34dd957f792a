-- grain: one row per policy target of seeds 001 and 002 (data/raw/reference/policy_targets.csv)
with source as (
    select * from read_csv(getvariable('raw_dir') || '/reference/policy_targets.csv', header = true, all_varchar = true)
),

final as (
    select
        target_id,
        cast(target_order as integer) as target_order,
        seed,
        clause_zh,
        target_zh,
        cast(target_value as decimal(18, 2)) as target_value,
        target_unit,
        cast(target_year as integer) as target_year,
        measure,
        nullif(reference_figure, '') as reference_figure,
        measure_zh,
        can_measure_zh,
        cannot_measure_zh
    from source
)

select * from final
