-- grain: one row per year and base whose sales revenue exceeds 1000亿元 (Table 4),
-- selected by threshold from the submissions, grouped by field then region as published
with submissions as (
    select * from core.submissions
),

bases as (
    select * from core.bases
),

over_threshold as (
    select
        submissions.year,
        bases.field_order,
        bases.field_zh,
        bases.region_order,
        bases.region_zh,
        bases.base_id,
        bases.base_name,
        round(submissions.sales_100m_cny, 2)::decimal(18, 2) as sales_100m_cny,
        round(submissions.featured_sales_100m_cny, 2)::decimal(18, 2) as featured_sales_100m_cny,
        submissions.sales_provenance,
        submissions.featured_sales_provenance
    from submissions
    join bases on bases.base_id = submissions.base_id
    where submissions.sales_100m_cny > 1000
),

final as (
    select
        *,
        count(*) over (partition by year, field_order) as bases_in_field
    from over_threshold
    order by year, field_order, region_order, sales_100m_cny desc
)

select * from final
