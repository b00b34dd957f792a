-- grain: one row per entity type (建设主体)
with source as (
    select * from read_csv(getvariable('raw_dir') || '/reference/entity_types.csv', header = true, all_varchar = true)
),

final as (
    select
        cast(entity_order as integer) as entity_order,
        entity_type,
        entity_type_zh,
        entity_type_en
    from source
)

select * from final
