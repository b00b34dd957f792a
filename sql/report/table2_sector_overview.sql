-- grain: one row per year and field, plus one total row per year (Table 2)
-- amounts exact to 0.01; shares rounded to 0.01 of a percentage point
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
        output_100m_cny,
        round(output_share_pct, 2) as output_share_pct,
        sales_100m_cny,
        round(sales_share_pct, 2) as sales_share_pct,
        exports_100m_usd,
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
        sum(output_100m_cny),
        round(sum(output_share_pct), 2),
        sum(sales_100m_cny),
        round(sum(sales_share_pct), 2),
        sum(exports_100m_usd),
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
