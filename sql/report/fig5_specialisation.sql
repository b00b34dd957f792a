-- grain: one row per year and field: the featured industry's share of the field's sales, and of all bases' (Figure 5)
with field_totals as (
    select * from core.field_totals
),

all_bases as (
    select
        year,
        100 * sum(featured_sales_100m_cny) / sum(sales_100m_cny) as all_bases_specialisation_pct
    from field_totals
    group by year
),

final as (
    select
        field_totals.year,
        field_totals.field_order,
        field_totals.field_key,
        field_totals.field_zh,
        field_totals.specialisation_pct,
        all_bases.all_bases_specialisation_pct
    from field_totals
    inner join all_bases on field_totals.year = all_bases.year
    order by field_totals.year, field_totals.field_order
)

select * from final
