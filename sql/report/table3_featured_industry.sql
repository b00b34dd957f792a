-- grain: one row per year and field, plus one total row per year (Table 3: the featured industry of each base)
-- the rows, totals and rounding are those of Table 2, written once in sql/macros/field_overview.sql
with overview as (
    select * from field_overview('featured')
),

final as (
    select
        year,
        row_order,
        field_zh,
        field_en,
        is_total,
        output_100m_cny as featured_output_100m_cny,
        output_share_pct as featured_output_share_pct,
        sales_100m_cny as featured_sales_100m_cny,
        sales_share_pct as featured_sales_share_pct,
        exports_100m_usd as featured_exports_100m_usd,
        exports_share_pct as featured_exports_share_pct
    from overview
    order by year, row_order
)

select * from final
