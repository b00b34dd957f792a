-- grain: one row per year and field, plus one total row per year (Table 2)
-- amounts and shares as printed: rounded to 0.01 from the unrounded values, so that the rounded
-- rows may miss the total by up to half a cent each, as in the published report
with field_totals as (
    select * from core.field_totals
),

field_rows as (
    select
        year,
        field_order as row_order,
        field_zh,
        field_en,
        false as is_total,
        round(output_100m_cny, 2)::decimal(18, 2) as output_100m_cny,
        round(output_share_pct, 2) as output_share_pct,
        round(sales_100m_cny, 2)::decimal(18, 2) as sales_100m_cny,
        round(sales_share_pct, 2) as sales_share_pct,
        round(exports_100m_usd, 2)::decimal(18, 2) as exports_100m_usd,
        round(exports_share_pct, 2) as exports_share_pct
    from field_totals
),

total_rows as (
    select
        year,
        99 as row_order,
        '合计' as field_zh,
        'Total' as field_en,
        true as is_total,
        round(sum(output_100m_cny), 2)::decimal(18, 2),
        round(sum(output_share_pct), 2),
        round(sum(sales_100m_cny), 2)::decimal(18, 2),
        round(sum(sales_share_pct), 2),
        round(sum(exports_100m_usd), 2)::decimal(18, 2),
        round(sum(exports_share_pct), 2)
    from field_totals
    group by year
),

final as (
    select * from field_rows
    union all
    select * from total_rows
    order by year, row_order
)

select * from final
