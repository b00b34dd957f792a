-- grain: one row per year and base whose figures the intake flagged as looking like a whole
-- city's or province's (rule whole_region_figures): the base's weight among all bases and its
-- field's shares of all bases' sales and exports with and without it
with flagged as (
    select distinct year, base_id
    from staging.stg_intake_findings
    where rule = 'whole_region_figures'
),

submissions as (
    select * from core.submissions
),

bases as (
    select * from core.bases
),

fields as (
    select * from core.field_totals
),

totals as (
    select year, sum(sales_100m_cny) as sales, sum(exports_100m_usd) as exports
    from submissions
    group by year
),

fields_without as (
    -- every field's sales and exports once the flagged base is taken out, ranked by exports
    select
        flagged.year,
        flagged.base_id,
        fields.field_order,
        fields.sales_100m_cny - coalesce(case when fields.field_order = bases.field_order then submissions.sales_100m_cny end, 0)
            as sales_without,
        fields.exports_100m_usd - coalesce(case when fields.field_order = bases.field_order then submissions.exports_100m_usd end, 0)
            as exports_without
    from flagged
    join submissions using (year, base_id)
    join bases using (base_id)
    join fields on fields.year = flagged.year
),

ranked_without as (
    select
        *,
        rank() over (partition by year, base_id order by exports_without desc) as exports_rank_without
    from fields_without
),

final as (
    select
        flagged.year,
        flagged.base_id,
        bases.base_name,
        bases.field_key,
        bases.field_zh,
        100 * submissions.sales_100m_cny / totals.sales as base_sales_share_pct,
        100 * submissions.exports_100m_usd / totals.exports as base_exports_share_pct,
        100 * submissions.featured_sales_100m_cny / nullif(submissions.sales_100m_cny, 0) as base_featured_sales_share_pct,
        fields.sales_share_pct as field_sales_share_pct,
        100 * ranked_without.sales_without / (totals.sales - submissions.sales_100m_cny) as field_sales_share_without_pct,
        fields.exports_share_pct as field_exports_share_pct,
        100 * ranked_without.exports_without / (totals.exports - submissions.exports_100m_usd) as field_exports_share_without_pct,
        fields.exports_rank as field_exports_rank,
        ranked_without.exports_rank_without as field_exports_rank_without
    from flagged
    join submissions using (year, base_id)
    join bases using (base_id)
    join totals using (year)
    join fields on fields.year = flagged.year and fields.field_order = bases.field_order
    join ranked_without on ranked_without.year = flagged.year and ranked_without.base_id = flagged.base_id
        and ranked_without.field_order = bases.field_order
)

select * from final
