-- grain: one row per base and year: the six measures the report needs, each with its provenance
-- (published / derived / reconstructed / submitted) and the source it stands on
with submission_values as (
    select * from core.submission_values
),

bases as (
    select base_id, base_name from core.bases
),

pivoted as (
    select
        year,
        base_id,
        max(amount) filter (where measure = 'output') as output_100m_cny,
        max(amount) filter (where measure = 'featured_output') as featured_output_100m_cny,
        max(amount) filter (where measure = 'sales') as sales_100m_cny,
        max(amount) filter (where measure = 'featured_sales') as featured_sales_100m_cny,
        max(amount) filter (where measure = 'exports') as exports_100m_usd,
        max(amount) filter (where measure = 'featured_exports') as featured_exports_100m_usd,
        max(provenance) filter (where measure = 'output') as output_provenance,
        max(provenance) filter (where measure = 'featured_output') as featured_output_provenance,
        max(provenance) filter (where measure = 'sales') as sales_provenance,
        max(provenance) filter (where measure = 'featured_sales') as featured_sales_provenance,
        max(provenance) filter (where measure = 'exports') as exports_provenance,
        max(provenance) filter (where measure = 'featured_exports') as featured_exports_provenance,
        max(value_source) filter (where measure = 'output') as output_source,
        max(value_source) filter (where measure = 'featured_output') as featured_output_source,
        max(value_source) filter (where measure = 'sales') as sales_source,
        max(value_source) filter (where measure = 'featured_sales') as featured_sales_source,
        max(value_source) filter (where measure = 'exports') as exports_source,
        max(value_source) filter (where measure = 'featured_exports') as featured_exports_source,
        any_value(source_file) as source_file
    from submission_values
    group by year, base_id
),

final as (
    select
        pivoted.year,
        pivoted.base_id,
        bases.base_name,
        pivoted.* exclude (year, base_id)
    from pivoted
    left join bases on bases.base_id = pivoted.base_id
    order by pivoted.year, pivoted.base_id
)

select * from final
