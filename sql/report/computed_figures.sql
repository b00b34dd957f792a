-- grain: one row per year and figure: every number of the report that the data computes,
-- unrounded, under the figure_id that the published control figures use
with field_totals as (
    select * from core.field_totals
),

bases as (
    select * from report.table1_bases
),

submissions as (
    select * from core.submissions
),

measures as (
    select unnest(['output', 'featured_output', 'sales', 'featured_sales', 'exports', 'featured_exports']) as measure
),

field_long as (
    select
        field_totals.year,
        field_totals.field_key,
        measures.measure,
        case measures.measure
            when 'output' then output_100m_cny
            when 'featured_output' then featured_output_100m_cny
            when 'sales' then sales_100m_cny
            when 'featured_sales' then featured_sales_100m_cny
            when 'exports' then exports_100m_usd
            when 'featured_exports' then featured_exports_100m_usd
        end as amount,
        case measures.measure
            when 'output' then output_share_pct
            when 'featured_output' then featured_output_share_pct
            when 'sales' then sales_share_pct
            when 'featured_sales' then featured_sales_share_pct
            when 'exports' then exports_share_pct
            when 'featured_exports' then featured_exports_share_pct
        end as share_pct,
        case measures.measure
            when 'output' then output_rank
            when 'featured_output' then featured_output_rank
            when 'sales' then sales_rank
            when 'featured_sales' then featured_sales_rank
            when 'exports' then exports_rank
            when 'featured_exports' then featured_exports_rank
        end as measure_rank,
        case when measures.measure like '%exports' then '100m_usd' else '100m_cny' end as unit
    from field_totals
    cross join measures
),

field_figures as (
    select year, 'field.' || field_key || '.' || measure as figure_id, amount::decimal(38, 10) as value, unit from field_long
    union all
    select year, 'field.' || field_key || '.' || measure || '_share_pct', share_pct, 'pct' from field_long
    union all
    select year, 'field.' || field_key || '.' || measure || '_rank', measure_rank, 'rank' from field_long
    union all
    select year, 'field.' || field_key || '.count', bases, 'bases' from field_totals
    union all
    select year, 'field.' || field_key || '.specialisation_pct', specialisation_pct, 'pct' from field_totals
    union all
    select year, 'field.' || field_key || '.specialisation_rank', specialisation_rank, 'rank' from field_totals
),

total_figures as (
    select year, 'total.' || measure as figure_id, sum(amount)::decimal(38, 10) as value, any_value(unit) as unit
    from field_long group by year, measure
    union all
    select year, 'total.' || measure || '_share_pct', sum(share_pct), 'pct'
    from field_long group by year, measure
),

top3_fields as (
    select year, 100.0 * sum(bases) / (select count(*) from bases as b where b.year = ranked.year) as value
    from (
        select year, bases, row_number() over (partition by year order by bases desc, field_order) as position
        from field_totals
    ) as ranked
    where position <= 3
    group by year
),

count_figures as (
    select year, 'count.bases' as figure_id, count(*)::decimal(38, 10) as value, 'bases' as unit
    from bases group by year
    union all
    select year, 'count.provinces', count(distinct province), 'provinces' from bases group by year
    union all
    select year, 'count.fields', count(distinct field_zh), 'fields' from bases group by year
    union all
    select year, 'fields.top3_count_share_pct', value, 'pct' from top3_fields
    union all
    select year, 'count.batches', count(distinct batch), 'batches' from bases group by year
    union all
    select year, 'batch.' || batch || '.count', count(*), 'bases' from bases group by year, batch
    union all
    -- the year each batch was recognised; batch 1's is the programme's start, as the text dates it
    select year, 'batch.' || batch || '.year_recognised', any_value(year_recognised), 'year' from bases group by year, batch
),

group_figures as (
    select year, 'region.' || lower(region_en) || '.count' as figure_id, bases::decimal(38, 10) as value, 'bases' as unit
    from report.fig1_region
    union all
    select year, 'region.' || lower(region_en) || '.share_pct',
           100.0 * bases / sum(bases) over (partition by year), 'pct'
    from report.fig1_region
    union all
    select year, 'entity.' || entity_types.entity_type || '.count', fig.bases, 'bases'
    from report.fig3_entity_type as fig
    join staging.stg_entity_types as entity_types using (entity_order)
    union all
    select year, 'entity.' || entity_types.entity_type || '.share_pct',
           100.0 * fig.bases / sum(fig.bases) over (partition by year), 'pct'
    from report.fig3_entity_type as fig
    join staging.stg_entity_types as entity_types using (entity_order)
    union all
    select year, 'entity.city_and_zone.share_pct',
           100.0 * sum(bases) filter (where entity_order <= 2) / sum(bases), 'pct'
    from report.fig3_entity_type group by year
),

prior_counts as (
    -- the year before from its own submissions where the database holds them, else as published
    select year + 1 as year, count(*) filter (where sales_100m_cny > 1000) as prior_value
    from submissions
    group by year
    union all
    select year + 1, value
    from staging.stg_reference_figures
    where figure_id = 'count.sales_over_1000'
      and year not in (select year from submissions)
),

threshold_figures as (
    select year, 'count.sales_over_1000' as figure_id, count(*) filter (where sales_100m_cny > 1000)::decimal(38, 10) as value, 'bases' as unit
    from submissions group by year
    union all
    select year, 'count.exports_over_100', count(*) filter (where exports_100m_usd > 100), 'bases'
    from submissions group by year
    union all
    select year, 'count.featured_sales_over_1000', count(*) filter (where featured_sales_100m_cny > 1000), 'bases'
    from submissions group by year
    union all
    select year, 'count.featured_exports_over_100', count(*) filter (where featured_exports_100m_usd > 100), 'bases'
    from submissions group by year
    union all
    select submissions.year, 'count.sales_over_1000_change',
           count(*) filter (where submissions.sales_100m_cny > 1000) - any_value(prior_counts.prior_value), 'bases'
    from submissions
    join prior_counts on prior_counts.year = submissions.year
    group by submissions.year
    union all
    select year, 't4.' || base_id || '.listed', 1, 'flag' from report.table4_sales_over_1000yi
    union all
    select year, 't5.' || base_id || '.listed', 1, 'flag' from report.table5_exports_over_100yi_usd
    union all
    select distinct year, 't5.' || fields.field_key || '.count', bases_in_field, 'bases'
    from report.table5_exports_over_100yi_usd
    join staging.stg_fields as fields using (field_order)
),

base_figures as (
    select year, 'base.' || base_id || '.' || measure as figure_id, amount::decimal(38, 10) as value, unit
    from core.submission_values
    union all
    select year, 'base.' || base_id || '.featured_sales_share_pct',
           100.0 * featured_sales_100m_cny / nullif(sales_100m_cny, 0), 'pct'
    from submissions
    union all
    select year, 'base.' || base_id || '.field_order', field_order, 'field_order'
    from submissions join core.bases using (base_id)
    union all
    select year, 'base.' || base_id || '.region_order', region_order, 'region_order'
    from submissions join core.bases using (base_id)
),

national as (
    select year,
           max(value) filter (where figure_id = 'national.exports') as exports,
           max(value) filter (where figure_id = 'national.hightech_exports') as hightech_exports
    from staging.stg_reference_figures
    group by year
),

national_figures as (
    select totals.year, 'national.exports_share_pct' as figure_id,
           100.0 * totals.exports / national.exports as value, 'pct' as unit
    from (select year, sum(exports_100m_usd) as exports, sum(featured_exports_100m_usd) as featured_exports
          from submissions group by year) as totals
    join national using (year)
    union all
    select totals.year, 'national.featured_exports_hightech_share_pct',
           100.0 * totals.featured_exports / national.hightech_exports, 'pct'
    from (select year, sum(featured_exports_100m_usd) as featured_exports
          from submissions group by year) as totals
    join national using (year)
),

funding_figures as (
    select year, 'funding.' || base_id || '.' || funding_year as figure_id, amount_10k_cny::decimal(38, 10) as value, '10k_cny' as unit
    from report.table6_base_funding where row_kind = 'base'
    union all
    select year, 'funding.total.' || funding_year, amount_10k_cny, '10k_cny'
    from report.table6_base_funding where row_kind = 'total'
    union all
    select year, 'funding.total_100m_cny.' || funding_year, amount_10k_cny / 10000.0, '100m_cny'
    from report.table6_base_funding where row_kind = 'total'
    union all
    select year, 'funding.grand_total', amount_10k_cny, '10k_cny'
    from report.table6_base_funding where row_kind = 'grand_total'
),

programme_figures as (
    select t7.year, 'programme.' || t7.funding_year || '.' || measures.measure as figure_id,
           case measures.measure
               when 'support_10k_cny' then t7.support_10k_cny
               when 'projects_total' then t7.projects_total
               when 'platform_projects' then t7.platform_projects
               when 'industrialisation_projects' then t7.industrialisation_projects
           end::decimal(38, 10) as value,
           case when measures.measure = 'support_10k_cny' then '10k_cny' else 'projects' end as unit
    from report.table7_programme_funding as t7
    cross join (select unnest(['support_10k_cny', 'projects_total', 'platform_projects', 'industrialisation_projects']) as measure) as measures
    union all
    select year, 'programme.total.support_100m_cny', sum(support_10k_cny) / 10000.0, '100m_cny'
    from report.table7_programme_funding group by year
    union all
    select year, 'programme.total.projects_total', sum(projects_total), 'projects'
    from report.table7_programme_funding group by year
    union all
    select year, 'programme.first_year', min(funding_year), 'year'
    from report.table7_programme_funding group by year
),

scope_figures as (
    -- the bases the intake flagged as reporting a whole city or province, and their weight
    select year, 'scope.' || base_id || '.' || measure as figure_id, value::decimal(38, 10) as value,
           case when measure like '%rank%' then 'rank' else 'pct' end as unit
    from report.scope_check
    unpivot (value for measure in (
        base_sales_share_pct, base_exports_share_pct, base_featured_sales_share_pct,
        field_sales_share_pct, field_sales_share_without_pct, field_exports_share_pct,
        field_exports_share_without_pct, field_exports_rank, field_exports_rank_without))
),

all_figures as (
    select * from field_figures
    union all select * from total_figures
    union all select * from count_figures
    union all select * from group_figures
    union all select * from threshold_figures
    union all select * from base_figures
    union all select * from national_figures
    union all select * from funding_figures
    union all select * from programme_figures
    union all select * from scope_figures
),

final as (
    -- decimal, not double: rounding to the published precision must be exact at the half
    select year, figure_id, value::decimal(38, 10) as value, unit
    from all_figures
)

select * from final
