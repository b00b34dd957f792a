-- grain: one row per report edition and year of the S&T trade special fund (Table 7; '-' = unknown)
with source as (
    select * from read_csv(getvariable('raw_dir') || '/funding/programme_funding_*.csv', header = true, all_varchar = true)
),

final as (
    select
        cast(report_year as integer) as report_year,
        cast(year as integer) as funding_year,
        cast(nullif(support_10k_cny, '-') as integer) as support_10k_cny,
        cast(nullif(projects_total, '-') as integer) as projects_total,
        cast(nullif(platform_projects, '-') as integer) as platform_projects,
        cast(nullif(industrialisation_projects, '-') as integer) as industrialisation_projects
    from source
)

select * from final
