-- grain: one row per base and year, as submitted (or reconstructed); amounts in the report's units
with source as (
    select *
    from read_csv(getvariable('raw_dir') || '/submissions/*/submissions_*.csv',
                  header = true, all_varchar = true, filename = true, union_by_name = true)
),

final as (
    select
        cast(year as integer) as year,
        base_id,
        base_name as submitted_base_name,
        cast(output_100m_cny as decimal(18, 2)) as output_100m_cny,
        output_provenance,
        output_source,
        cast(featured_output_100m_cny as decimal(18, 2)) as featured_output_100m_cny,
        featured_output_provenance,
        featured_output_source,
        cast(sales_100m_cny as decimal(18, 2)) as sales_100m_cny,
        sales_provenance,
        sales_source,
        cast(featured_sales_100m_cny as decimal(18, 2)) as featured_sales_100m_cny,
        featured_sales_provenance,
        featured_sales_source,
        cast(exports_100m_usd as decimal(18, 2)) as exports_100m_usd,
        exports_provenance,
        exports_source,
        cast(featured_exports_100m_usd as decimal(18, 2)) as featured_exports_100m_usd,
        featured_exports_provenance,
        featured_exports_source,
        replace(filename, getvariable('raw_dir') || '/', '') as source_file
    from source
)

select * from final
