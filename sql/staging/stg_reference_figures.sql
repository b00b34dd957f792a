-- grain: one row per year and reference figure (national totals and prior-year counts)
with source as (
    select * from read_csv(getvariable('raw_dir') || '/reference/reference_figures.csv', header = true, all_varchar = true)
),

final as (
    select
        cast(year as integer) as year,
        figure_id,
        cast(value as decimal(18, 2)) as value,
        unit,
        source
    from source
)

select * from final
