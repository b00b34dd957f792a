-- grain: one row per report edition, base and funding year, Table 6 as published
-- ('-' = not yet a base: null here, kept apart from 0)
with source as (
    select * from read_csv(getvariable('raw_dir') || '/funding/base_funding_*.csv', header = true, all_varchar = true)
),

final as (
    select
        cast(report_year as integer) as report_year,
        cast(table6_order as integer) as table6_order,
        base_id,
        table6_name,
        cast(year as integer) as funding_year,
        cast(nullif(amount_10k_cny, '-') as integer) as amount_10k_cny
    from source
)

select * from final
