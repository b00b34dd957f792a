-- grain: one row per report year and fact stated in the published report's narrative
with source as (
    select *
    from read_csv(getvariable('raw_dir') || '/published/narrative_facts_*.csv',
                  header = true, all_varchar = true, filename = true)
),

final as (
    select
        cast(regexp_extract(filename, 'narrative_facts_(\d{4})\.csv', 1) as integer) as year,
        fact_id,
        base_id,
        printed,
        cast(value as decimal(18, 4)) as value,
        unit,
        kind,
        measure_zh,
        location,
        use,
        omit_reason
    from source
)

select * from final
