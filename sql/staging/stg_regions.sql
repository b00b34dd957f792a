-- grain: one row per region (所处地区)
with source as (
    select * from read_csv(getvariable('raw_dir') || '/reference/regions.csv', header = true, all_varchar = true)
),

final as (
    select
        cast(region_order as integer) as region_order,
        region_zh,
        region_en
    from source
)

select * from final
