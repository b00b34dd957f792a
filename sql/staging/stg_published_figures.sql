-- grain: one row per published cell or number in the text (the control figures)
with source as (
    select *
    from read_csv(getvariable('raw_dir') || '/published/published_figures_*.csv',
                  header = true, all_varchar = true, filename = true)
),

final as (
    select
        cast(regexp_extract(filename, 'published_figures_(\d{4})\.csv', 1) as integer) as year,
        published_id,
        figure_id,
        published_value,
        cast(nullif(published_value, '-') as decimal(18, 4)) as published_number,
        cast(length(split_part(published_value, '.', 2)) as integer) as published_decimals,
        unit,
        location
    from source
)

select * from final
