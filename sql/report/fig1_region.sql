-- grain: one row per year and region: bases and their share of all bases (Figure 1)
-- the counting and the shares are those of Figures 1–3, written once in sql/macros/bases_by.sql
with counts as (
    select * from bases_by('region')
),

final as (
    select
        year,
        category_order as region_order,
        category_zh as region_zh,
        category_en as region_en,
        bases,
        share_pct
    from counts
    order by year, region_order
)

select * from final
