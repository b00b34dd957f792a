-- grain: one row per year and field: base counts, the six measures summed over the field's
-- bases, unrounded shares of the all-field total, ranks and specialisation (featured / total sales)
with bases as (
    select * from core.bases
),

fields as (
    select * from staging.stg_fields
),

submissions as (
    select * from core.submissions
),

years as (
    select distinct year from submissions
),

field_sums as (
    select
        years.year,
        fields.field_order,
        fields.field_key,
        fields.field_zh,
        fields.field_en,
        count(submissions.base_id) as bases,
        coalesce(sum(submissions.output_100m_cny), 0) as output_100m_cny,
        coalesce(sum(submissions.featured_output_100m_cny), 0) as featured_output_100m_cny,
        coalesce(sum(submissions.sales_100m_cny), 0) as sales_100m_cny,
        coalesce(sum(submissions.featured_sales_100m_cny), 0) as featured_sales_100m_cny,
        coalesce(sum(submissions.exports_100m_usd), 0) as exports_100m_usd,
        coalesce(sum(submissions.featured_exports_100m_usd), 0) as featured_exports_100m_usd
    from years
    cross join fields
    left join bases on bases.field_order = fields.field_order
    left join submissions on submissions.base_id = bases.base_id and submissions.year = years.year
    group by all
),

final as (
    select
        *,
        100 * output_100m_cny / sum(output_100m_cny) over (partition by year) as output_share_pct,
        100 * featured_output_100m_cny / sum(featured_output_100m_cny) over (partition by year) as featured_output_share_pct,
        100 * sales_100m_cny / sum(sales_100m_cny) over (partition by year) as sales_share_pct,
        100 * featured_sales_100m_cny / sum(featured_sales_100m_cny) over (partition by year) as featured_sales_share_pct,
        100 * exports_100m_usd / sum(exports_100m_usd) over (partition by year) as exports_share_pct,
        100 * featured_exports_100m_usd / sum(featured_exports_100m_usd) over (partition by year) as featured_exports_share_pct,
        100 * featured_sales_100m_cny / nullif(sales_100m_cny, 0) as specialisation_pct,
        rank() over (partition by year order by output_100m_cny desc) as output_rank,
        rank() over (partition by year order by featured_output_100m_cny desc) as featured_output_rank,
        rank() over (partition by year order by sales_100m_cny desc) as sales_rank,
        rank() over (partition by year order by featured_sales_100m_cny desc) as featured_sales_rank,
        rank() over (partition by year order by exports_100m_usd desc) as exports_rank,
        rank() over (partition by year order by featured_exports_100m_usd desc) as featured_exports_rank,
        rank() over (partition by year order by featured_sales_100m_cny / nullif(sales_100m_cny, 0) desc nulls last) as specialisation_rank
    from field_sums
)

select * from final
