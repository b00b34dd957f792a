-- grain: one row per year and base whose exports exceed 100亿美元 (Table 5), grouped by field then region as published
-- the selection, rounding and grouping are those of Table 4, written once in sql/macros/bases_over_threshold.sql
with over_threshold as (
    select * from bases_over_threshold('exports', 100)
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
        amount as exports_100m_usd,
        featured_amount as featured_exports_100m_usd,
        provenance as exports_provenance,
        featured_provenance as featured_exports_provenance,
        bases_in_field
    from over_threshold
    order by year, field_order, region_order, exports_100m_usd desc
)

select * from final
