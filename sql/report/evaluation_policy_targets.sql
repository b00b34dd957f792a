-- grain: one row per year and policy target of seeds 001 and 002: the measure that best answers it,
-- its value, the distance to the target, and what the measure rests on
with targets as (
    select * from staging.stg_policy_targets
),

years as (
    select distinct year from core.submissions
),

published_field_totals as (
    -- a field's total of a measure, as Tables 2 and 3 print it: an estimate inside such a field
    -- only shares out that total, so the sum over all bases does not depend on it
    select year, figure_id
    from staging.stg_published_figures
    where figure_id like 'field.%'
),

values_with_estimates as (
    select
        v.year,
        v.base_id,
        v.measure,
        v.amount,
        v.provenance,
        v.provenance = 'reconstructed' and published.figure_id is null as estimate_in_total
    from core.submission_values as v
    inner join core.bases as bases on bases.base_id = v.base_id
    left join published_field_totals as published
        on published.year = v.year and published.figure_id = 'field.' || bases.field_key || '.' || v.measure
    where v.measure in ('featured_output', 'featured_exports', 'hightech_exports', 'exports')
),

base_values as (
    select
        year,
        base_id,
        max(amount) filter (where measure = 'featured_output') as featured_output,
        max(provenance) filter (where measure = 'featured_output') as featured_output_provenance,
        bool_or(estimate_in_total) filter (where measure = 'featured_output') as featured_output_estimated,
        max(amount) filter (where measure = 'featured_exports') as featured_exports,
        max(provenance) filter (where measure = 'featured_exports') as featured_exports_provenance,
        bool_or(estimate_in_total) filter (where measure = 'featured_exports') as featured_exports_estimated,
        max(amount) filter (where measure = 'hightech_exports') as hightech_exports,
        max(provenance) filter (where measure = 'hightech_exports') as hightech_exports_provenance,
        bool_or(estimate_in_total) filter (where measure = 'hightech_exports') as hightech_exports_estimated,
        max(amount) filter (where measure = 'exports') as exports,
        max(provenance) filter (where measure = 'exports') as exports_provenance,
        bool_or(estimate_in_total) filter (where measure = 'exports') as exports_estimated
    from values_with_estimates
    group by year, base_id
),

totals as (
    select
        year,
        'total.featured_output' as measure,
        sum(featured_output) as amount,
        '亿元' as amount_unit_zh,
        count(featured_output) as bases_counted,
        count(*) filter (where featured_output_provenance = 'reconstructed') as bases_reconstructed,
        count(*) filter (where featured_output_estimated) as bases_estimated,
        0 as bases_standing_in
    from base_values
    group by year
    union all
    select
        year,
        'total.featured_exports',
        sum(featured_exports),
        '亿美元',
        count(featured_exports),
        count(*) filter (where featured_exports_provenance = 'reconstructed'),
        count(*) filter (where featured_exports_estimated),
        0
    from base_values
    group by year
    union all
    select
        year,
        'total.hightech_exports_or_exports',
        sum(coalesce(hightech_exports, exports)),
        '亿美元',
        count(coalesce(hightech_exports, exports)),
        count(*) filter (where coalesce(hightech_exports_provenance, exports_provenance) = 'reconstructed'),
        count(*) filter (where coalesce(hightech_exports_estimated, exports_estimated)),
        count(*) filter (where hightech_exports is null and exports is not null)
    from base_values
    group by year
    union all
    select
        years.year,
        'count.bases',
        count(bases.base_id),
        '家',
        count(bases.base_id),
        0,
        0,
        0
    from years
    join core.bases as bases on bases.year_recognised <= years.year
    group by years.year
),

measured as (
    select
        years.year,
        targets.target_id,
        targets.target_order,
        targets.seed,
        targets.clause_zh,
        targets.target_zh,
        targets.target_value,
        targets.target_unit,
        targets.target_year,
        targets.target_year - years.year as years_left,
        targets.measure,
        targets.measure_zh,
        targets.can_measure_zh,
        targets.cannot_measure_zh,
        cast(totals.amount as double) as measure_amount,
        totals.amount_unit_zh,
        targets.reference_figure,
        cast(reference.value as double) as reference_value,
        case targets.target_unit
            when 'pct' then cast(totals.amount / nullif(reference.value, 0) * 100 as double)  -- rounded once, where printed
            else cast(totals.amount as double)
        end as value,
        totals.bases_counted,
        coalesce(totals.bases_reconstructed, 0) as bases_reconstructed,
        coalesce(totals.bases_estimated, 0) as bases_estimated,
        coalesce(totals.bases_standing_in, 0) as bases_standing_in,
        case
            when targets.measure = 'none' then targets.cannot_measure_zh
            when totals.amount is null then '本年无基地报送该项数据'
            when targets.target_unit = 'pct' and reference.value is null
                then '本年尚无计算比重所需的全国数据（' || trim(split_part(targets.measure_zh, '÷', 2)) || '）'
        end as no_data_reason_zh
    from years
    cross join targets
    left join totals on totals.year = years.year and totals.measure = targets.measure
    left join staging.stg_reference_figures as reference
        on reference.year = years.year and reference.figure_id = targets.reference_figure
),

comparable as (
    select
        *,
        -- every base's exports stand in for the high-tech exports the target counts: another measure
        value is not null and not (bases_standing_in > 0 and bases_standing_in = bases_counted) as is_comparable
    from measured
),

final as (
    select
        * exclude (is_comparable),
        case when is_comparable then value - target_value end as distance,
        case
            when value is null then 'no_data'
            when not is_comparable then 'not_comparable'
            when value >= target_value then 'met'
            else 'not_met'
        end as status
    from comparable
    order by year, target_order
)

select * from final
