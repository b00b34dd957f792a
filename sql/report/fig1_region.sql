-- grain: one row per year and region: bases and their share of all bases (Figure 1)
with bases as (
    select * from report.table1_bases
),

regions as (
    select * from staging.stg_regions
),

counts as (
    select
        years.year,
        regions.region_order,
        regions.region_zh,
        regions.region_en,
        count(bases.base_id) as bases
    from (select distinct year from bases) as years
    cross join regions
    left join bases on bases.year = years.year and bases.region_zh = regions.region_zh
    group by all
),

final as (
    select
        *,
        round(100 * bases / sum(bases) over (partition by year), 2) as share_pct
    from counts
    order by year, region_order
)

select * from final
