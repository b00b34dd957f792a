-- grain: one row per spelling of a base name other than its Table 1 name
with source as (
    select * from read_csv(getvariable('raw_dir') || '/reference/base_aliases.csv', header = true, all_varchar = true)
),

final as (
    select
        alias,
        base_id,
        source as alias_source
    from source
)

select * from final
