-- Figures 1–3 have one shape: the bases of Table 1 counted by one of their categories ('region',
-- 'field' or 'entity_type'), every category listed (with 0 where no base falls in it), each with its
-- share of all bases, rounded to 0.01. Each model names the columns its figure is drawn from.
-- A temporary macro: it lives for the build only and is not stored in the database.
create or replace temp macro bases_by(category) as table
with bases as (
    select * from report.table1_bases
),

regions as (
    select * from staging.stg_regions
),

fields as (
    select * from staging.stg_fields
),

entity_types as (
    select * from staging.stg_entity_types
),

categories as (
    select 'region' as category_kind, region_order as category_order, region_zh as category_zh, region_en as category_en
    from regions
    union all
    select 'field', field_order, field_zh, field_en from fields
    union all
    select 'entity_type', entity_order, entity_type_zh, entity_type_en from entity_types
),

base_categories as (
    select
        year,
        base_id,
        case category when 'region' then region_zh when 'field' then field_zh when 'entity_type' then entity_type_zh end
            as category_zh
    from bases
),

chosen as (
    select * from categories
    where category_kind = case when category in ('region', 'field', 'entity_type') then category
        else error('bases_by: category is region, field or entity_type, not ' || category) end
),

counts as (
    select
        years.year,
        chosen.category_order,
        chosen.category_zh,
        chosen.category_en,
        count(base_categories.base_id) as bases
    from (select distinct year from bases) as years
    cross join chosen
    left join base_categories
        on base_categories.year = years.year
        and base_categories.category_zh = chosen.category_zh
    group by all
),

final as (
    select
        *,
        round(100 * bases / sum(bases) over (partition by year), 2) as share_pct
    from counts
)

select * from final
