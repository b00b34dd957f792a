-- grain: one row per base and year; each amount with its provenance
-- (published / derived / reconstructed) and the source it stands on
with submissions as (
    select * from staging.stg_submissions
),

bases as (
    select base_id, base_name from core.bases
),

final as (
    select
        submissions.year,
        submissions.base_id,
        bases.base_name,
        submissions.output_100m_cny,
        submissions.featured_output_100m_cny,
        submissions.sales_100m_cny,
        submissions.featured_sales_100m_cny,
        submissions.exports_100m_usd,
        submissions.featured_exports_100m_usd,
        submissions.output_provenance,
        submissions.featured_output_provenance,
        submissions.sales_provenance,
        submissions.featured_sales_provenance,
        submissions.exports_provenance,
        submissions.featured_exports_provenance,
        submissions.output_source,
        submissions.featured_output_source,
        submissions.sales_source,
        submissions.featured_sales_source,
        submissions.exports_source,
        submissions.featured_exports_source,
        submissions.source_file
    from submissions
    left join bases on bases.base_id = submissions.base_id
)

select * from final
