-- grain: one row per field (所属领域), in the order of Tables 2 and 3
with source as (
    select * from read_csv(getvariable('raw_dir') || '/reference/fields.csv', header = true, all_varchar = true)
),

final as (
    select
        cast(field_order as integer) as field_order,
        field_key,
        field_zh,
        field_en
    from source
)

select * from final
