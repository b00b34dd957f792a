-- grain: one row per year and base whose exports exceed 100亿美元 (Table 5),
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
        round(submissions.exports_100m_usd, 2)::decimal(18, 2) as exports_100m_usd,
        round(submissions.featured_exports_100m_usd, 2)::decimal(18, 2) as featured_exports_100m_usd,
        submissions.exports_provenance,
        submissions.featured_exports_provenance
    from submissions
    join bases on bases.base_id = submissions.base_id
    where submissions.exports_100m_usd > 100
),

final as (
    select
        *,
        count(*) over (partition by year, field_order) as bases_in_field
    from over_threshold
    order by year, field_order, region_order, exports_100m_usd desc
)

select * from final
