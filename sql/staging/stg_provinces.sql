-- grain: one row per province spelling used in Table 1
with source as (
    select * from read_csv(getvariable('raw_dir') || '/reference/provinces.csv', header = true, all_varchar = true)
),

final as (
    select
        province,
        province_std,
        region_zh,
        note as region_note
    from source
)

select * from final
