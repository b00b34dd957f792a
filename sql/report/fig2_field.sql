-- grain: one row per year and field: bases and their share of all bases (Figure 2)
-- the counting and the shares are those of Figures 1–3, written once in sql/macros/bases_by.sql
with counts as (
    select * from bases_by('field')
),

final as (
    select
        year,
        category_order as field_order,
        category_zh as field_zh,
        category_en as field_en,
        bases,
        share_pct
    from counts
    order by year, field_order
)

select * from final
