-- grain: one row per year and base whose sales revenue exceeds 1000亿元 (Table 4), grouped by field then region as published
-- the selection, rounding and grouping are those of Table 5, written once in sql/macros/bases_over_threshold.sql
with over_threshold as (
    select * from bases_over_threshold('sales', 1000)
),

final as (
    select
        year,
        field_order,
        field_zh,
        region_order,
        region_zh,
        base_id,
        base_name,
        amount as sales_100m_cny,
        featured_amount as featured_sales_100m_cny,
        provenance as sales_provenance,
        featured_provenance as featured_sales_provenance,
        bases_in_field
    from over_threshold
    order by year, field_order, region_order, sales_100m_cny desc
)

select * from final
