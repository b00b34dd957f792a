-- grain: one row per report edition and funding year of the MOST S&T trade special fund (Table 7)
with programme as (
    select * from staging.stg_programme_funding
),

final as (
    select
        report_year,
        funding_year,
        support_10k_cny,
        projects_total,
        platform_projects,
        industrialisation_projects
    from programme
)

select * from final
