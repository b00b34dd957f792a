-- grain: one row per year and field: bases and their share of all bases (Figure 2)
with bases as (
    select * from report.table1_bases
),

fields as (
    select * from staging.stg_fields
),

counts as (
    select
        years.year,
        fields.field_order,
        fields.field_zh,
        fields.field_en,
        count(bases.base_id) as bases
    from (select distinct year from bases) as years
    cross join fields
    left join bases on bases.year = years.year and bases.field_zh = fields.field_zh
    group by all
),

final as (
    select
        *,
        round(100 * bases / sum(bases) over (partition by year), 2) as share_pct
    from counts
    order by year, field_order
)

select * from final
