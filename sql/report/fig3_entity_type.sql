-- grain: one row per year and entity type: bases and their share of all bases (Figure 3)
with bases as (
    select * from report.table1_bases
),

entity_types as (
    select * from staging.stg_entity_types
),

counts as (
    select
        years.year,
        entity_types.entity_order,
        entity_types.entity_type_zh,
        entity_types.entity_type_en,
        count(bases.base_id) as bases
    from (select distinct year from bases) as years
    cross join entity_types
    left join bases on bases.year = years.year and bases.entity_type_zh = entity_types.entity_type_zh
    group by all
),

final as (
    select
        *,
        round(100 * bases / sum(bases) over (partition by year), 2) as share_pct
    from counts
    order by year, entity_order
)

select * from final
