-- grain: one row per indicator of the annual evaluation (data/raw/reference/evaluation_indicators.csv)
with source as (
    select * from read_csv(getvariable('raw_dir') || '/reference/evaluation_indicators.csv', header = true, all_varchar = true)
),

final as (
    select
        indicator_id,
        cast(indicator_order as integer) as indicator_order,
        dimension_zh,
        label_zh,
        label_en,
        kind,
        nullif(numerator, '') as numerator,
        nullif(denominator, '') as denominator,
        unit_zh,
        direction,
        cast(weight as integer) as weight,
        formula_zh,
        seed,
        clause_zh,
        clause_quote_zh
    from source
)

select * from final
