-- grain: one row per report year and funding year of the S&T trade special fund (Table 7; null = '-')
with programme as (
    select * from core.programme_funding
),

final as (
    select
        report_year as year,
        funding_year,
        support_10k_cny,
        projects_total,
        platform_projects,
        industrialisation_projects
    from programme
    order by report_year, funding_year
)

select * from final
