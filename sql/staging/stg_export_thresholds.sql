-- grain: one row per region: seed 002's high-tech export threshold for recognising a base
with source as (
    select * from read_csv(getvariable('raw_dir') || '/reference/export_thresholds.csv', header = true, all_varchar = true)
),

final as (
    select
        region_zh,
        cast(hightech_exports_min_100m_usd as decimal(18, 2)) as hightech_exports_min_100m_usd,
        source
    from source
)

select * from final
