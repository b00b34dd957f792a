-- grain: one row per base, year and measure: every value with its unit and provenance
with submissions as (
    select * from core.submissions
),

measures as (
    select year, base_id, 'output' as measure, 1 as measure_order, '100m_cny' as unit,
           output_100m_cny as amount, output_provenance as provenance, output_source as value_source
    from submissions
    union all
    select year, base_id, 'featured_output', 2, '100m_cny',
           featured_output_100m_cny, featured_output_provenance, featured_output_source
    from submissions
    union all
    select year, base_id, 'sales', 3, '100m_cny',
           sales_100m_cny, sales_provenance, sales_source
    from submissions
    union all
    select year, base_id, 'featured_sales', 4, '100m_cny',
           featured_sales_100m_cny, featured_sales_provenance, featured_sales_source
    from submissions
    union all
    select year, base_id, 'exports', 5, '100m_usd',
           exports_100m_usd, exports_provenance, exports_source
    from submissions
    union all
    select year, base_id, 'featured_exports', 6, '100m_usd',
           featured_exports_100m_usd, featured_exports_provenance, featured_exports_source
    from submissions
),

final as (
    select * from measures
)

select * from final
