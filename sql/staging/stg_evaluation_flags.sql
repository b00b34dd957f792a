-- grain: one row per flag of the annual evaluation (data/raw/reference/evaluation_flags.csv)
with source as (
    select * from read_csv(getvariable('raw_dir') || '/reference/evaluation_flags.csv', header = true, all_varchar = true)
),

final as (
    select
        flag_id,
        cast(flag_order as integer) as flag_order,
        rule,
        nullif(indicator_id, '') as indicator_id,
        cast(nullif(min_peers, '') as integer) as min_peers,
        label_zh,
        label_en,
        meaning_zh,
        seed,
        clause_zh
    from source
)

select * from final
