-- grain: one row per year and field, plus one total row per year (Table 2: the bases' whole figures)
-- the rows, totals and rounding are those of Table 3, written once in sql/macros/field_overview.sql
with overview as (
    select * from field_overview('all')
),

final as (
    select
        year,
        row_order,
        field_zh,
        field_en,
        is_total,
        output_100m_cny,
        output_share_pct,
        sales_100m_cny,
        sales_share_pct,
        exports_100m_usd,
        exports_share_pct
    from overview
    order by year, row_order
)

select * from final
