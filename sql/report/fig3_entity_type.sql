-- grain: one row per year and entity type: bases and their share of all bases (Figure 3)
-- the counting and the shares are those of Figures 1–3, written once in sql/macros/bases_by.sql
with counts as (
    select * from bases_by('entity_type')
),

final as (
    select
        year,
        category_order as entity_order,
        category_zh as entity_type_zh,
        category_en as entity_type_en,
        bases,
        share_pct
    from counts
    order by year, entity_order
)

select * from final
