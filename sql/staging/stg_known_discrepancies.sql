-- grain: one row per published figure that the report got wrong: an error, or a consequence of one
with source as (
    select *
    from read_csv(getvariable('raw_dir') || '/published/known_discrepancies_*.csv',
                  header = true, all_varchar = true, filename = true)
),

final as (
    select
        cast(regexp_extract(filename, 'known_discrepancies_(\d{4})\.csv', 1) as integer) as year,
        published_id,
        status,
        nullif(root_cause, '') as root_cause,
        published_value,
        cast(recomputed_value as decimal(18, 4)) as recomputed_value,
        why,
        why_zh
    from source
)

select * from final
