-- grain: one row per year and field: the field's shares of all bases' output, sales and exports (Figure 4)
with field_totals as (
    select * from core.field_totals
),

final as (
    select
        year,
        field_order,
        field_key,
        field_zh,
        output_share_pct,
        sales_share_pct,
        exports_share_pct
    from field_totals
    order by year, field_order
)

select * from final
