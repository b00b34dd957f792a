-- grain: one row per recognition batch
with source as (
    select * from read_csv(getvariable('raw_dir') || '/reference/batches.csv', header = true, all_varchar = true)
),

final as (
    select
        cast(batch as integer) as batch,
        batch_zh,
        cast(year_recognised as integer) as year_recognised
    from source
)

select * from final
