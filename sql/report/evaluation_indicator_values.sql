-- grain: one row per year, base and evaluation indicator: the value (or why there is none), whether
-- it rests on a reconstructed value, and how it stands in the base's field and region
with bases as (
    select listed.year, listed.base_id, bases.field_zh, bases.region_zh
    from report.table1_bases as listed
    join core.bases as bases on bases.base_id = listed.base_id
),

indicators as (
    select * from staging.stg_evaluation_indicators
),

measure_labels as (
    select indicator as measure, label_zh from staging.stg_indicators
    union all
    select 'featured_' || indicator, '特色产业' || label_zh from staging.stg_indicators where has_featured
),

submitted as (
    select year, base_id, measure, amount, unit, provenance, measure || ': ' || value_source as source
    from core.submission_values
),

coverage as (
    select year, base_id, coverage, coverage_zh from audit.qa_coverage
),

exchange_rates as (
    select year, value as usd_cny from staging.stg_reference_figures where figure_id = 'fx.usd_cny'
),

form_inputs as (
    select
        bases.year,
        bases.base_id,
        indicators.indicator_id,
        indicators.kind,
        numerator_label.label_zh as numerator_label,
        denominator_label.label_zh as denominator_label,
        num.amount as num_amount,
        den.amount as den_amount,
        prev.amount as prev_amount,
        case
            when num.unit = den.unit then 1
            when num.unit = '100m_usd' and den.unit = '100m_cny' then rates.usd_cny
            when num.unit = '100m_cny' and den.unit = '100m_usd' then 1 / rates.usd_cny
        end as conversion,
        list_filter([num.provenance, den.provenance, prev.provenance], lambda p: p is not null) as input_provenance,
        concat_ws(' | ', num.source, den.source, 'previous year ' || prev.source) as source_key,
        coverage.coverage,
        coverage.coverage_zh
    from bases
    cross join indicators
    left join coverage on coverage.year = bases.year and coverage.base_id = bases.base_id
    left join measure_labels as numerator_label on numerator_label.measure = indicators.numerator
    left join measure_labels as denominator_label on denominator_label.measure = indicators.denominator
    left join submitted as num
        on num.year = bases.year and num.base_id = bases.base_id and num.measure = indicators.numerator
    left join submitted as den
        on den.year = bases.year and den.base_id = bases.base_id and den.measure = indicators.denominator
        and indicators.kind = 'ratio'
    left join submitted as prev
        on prev.year = bases.year - 1 and prev.base_id = bases.base_id and prev.measure = indicators.numerator
        and indicators.kind = 'growth'
    left join exchange_rates as rates on rates.year = bases.year
    where indicators.kind in ('level', 'ratio', 'growth')
),

form_values as (
    select
        year,
        base_id,
        indicator_id,
        case kind
            when 'level' then cast(num_amount as double)
            when 'ratio' then round(cast(num_amount * conversion / nullif(den_amount, 0) * 100 as double), 4)
            when 'growth' then round(cast((num_amount / nullif(prev_amount, 0) - 1) * 100 as double), 4)
        end as value,
        case
            when num_amount is null and coverage <> 'covered' then coverage_zh  -- no accepted form: say why
            when num_amount is null then '本年无' || numerator_label || '数据'
            when kind = 'ratio' and den_amount is null then '本年无' || denominator_label || '数据'
            when kind = 'ratio' and den_amount = 0 then denominator_label || '为零，比值无意义'
            when kind = 'ratio' and conversion is null then '缺少当年人民币对美元平均汇率'
            when kind = 'growth' and prev_amount is null then '无上年' || numerator_label || '，成长性指标需两个年度的数据'
            when kind = 'growth' and prev_amount = 0 then '上年' || numerator_label || '为零，增长率无意义'
        end as no_data_reason_zh,
        cast(num_amount as double) as numerator_amount,
        cast(den_amount as double) as denominator_amount,
        cast(prev_amount as double) as previous_amount,
        input_provenance,
        source_key
    from form_inputs
),

funding_values as (
    -- Table 6 as published for the year's edition: the base's support in the year and the two before
    select
        bases.year,
        bases.base_id,
        indicators.indicator_id,
        cast(sum(funding.amount_10k_cny) as double) as value,
        case when count(funding.funding_year) = 0 then '本年度尚无表6资金数据' end as no_data_reason_zh,
        cast(sum(funding.amount_10k_cny) as double) as numerator_amount,
        cast(null as double) as denominator_amount,
        cast(null as double) as previous_amount,
        case when count(funding.funding_year) > 0 then ['published'] else [] end as input_provenance,
        'table6: ' || bases.base_id as source_key
    from bases
    cross join indicators
    left join core.base_funding as funding
        on funding.report_year = bases.year and funding.base_id = bases.base_id
        and funding.funding_year between bases.year - 2 and bases.year
    where indicators.kind = 'funding'
    group by bases.year, bases.base_id, indicators.indicator_id
),

valued as (
    select
        all_values.*,
        case
            when all_values.value is null then 'no_data'
            when list_contains(all_values.input_provenance, 'reconstructed') then 'reconstructed'
            else 'reported'
        end as status,
        bases.field_zh,
        bases.region_zh,
        case indicators.direction when 'higher' then all_values.value when 'lower' then -all_values.value end as merit
    from (select * from form_values union all select * from funding_values) as all_values
    join bases on bases.year = all_values.year and bases.base_id = all_values.base_id
    join indicators on indicators.indicator_id = all_values.indicator_id
),

field_stats as (
    select
        year,
        field_zh,
        indicator_id,
        count(value) as field_bases_with_data,
        count(value) filter (where status = 'reconstructed') as field_values_reconstructed,
        quantile_cont(value, 0.25) as field_q1,
        median(value) as field_median,
        quantile_cont(value, 0.75) as field_q3
    from valued
    group by year, field_zh, indicator_id
),

region_stats as (
    select
        year,
        region_zh,
        indicator_id,
        count(value) as region_bases_with_data,
        count(value) filter (where status = 'reconstructed') as region_values_reconstructed,
        quantile_cont(value, 0.25) as region_q1,
        median(value) as region_median,
        quantile_cont(value, 0.75) as region_q3
    from valued
    group by year, region_zh, indicator_id
),

reported_ranks as (
    -- ranks only among values that are not reconstructed: a reconstructed value ranks nothing
    select
        year,
        base_id,
        indicator_id,
        rank() over (partition by year, field_zh, indicator_id order by merit desc) as field_rank,
        count(*) over (partition by year, field_zh, indicator_id) as field_ranked,
        rank() over (partition by year, indicator_id order by merit desc) as overall_rank,
        count(*) over (partition by year, indicator_id) as overall_ranked
    from valued
    where status = 'reported' and merit is not null
),

percentiles as (
    -- the base's standing among every base with data (0 = lowest, 100 = highest merit), for the score
    select
        year,
        base_id,
        indicator_id,
        round(100 * percent_rank() over (partition by year, indicator_id order by merit), 4) as percentile
    from valued
    where merit is not null
),

alike as (
    -- bases of the same field whose value was reconstructed by the same rule from the same sources,
    -- with inputs equal but for the rounding to 0.01 (at most two roundings apart): comparing them says nothing
    select
        one.year,
        one.base_id,
        one.indicator_id,
        count(*) as alike_bases
    from valued as one
    join valued as other
        on other.year = one.year and other.indicator_id = one.indicator_id and other.field_zh = one.field_zh
        and other.base_id <> one.base_id and other.source_key = one.source_key
        and abs(other.numerator_amount - one.numerator_amount) < 0.025
        and coalesce(abs(other.denominator_amount - one.denominator_amount), 0) < 0.025
        and coalesce(abs(other.previous_amount - one.previous_amount), 0) < 0.025
    where one.status = 'reconstructed' and other.status = 'reconstructed'
    group by one.year, one.base_id, one.indicator_id
),

final as (
    select
        valued.year,
        valued.base_id,
        valued.indicator_id,
        indicators.indicator_order,
        valued.value,
        valued.status,
        valued.no_data_reason_zh,
        valued.numerator_amount,
        valued.denominator_amount,
        valued.previous_amount,
        valued.input_provenance,
        valued.source_key,
        coalesce(alike.alike_bases, 0) as alike_bases,
        valued.field_zh,
        field_stats.field_bases_with_data,
        field_stats.field_values_reconstructed,
        field_stats.field_q1,
        field_stats.field_median,
        field_stats.field_q3,
        valued.region_zh,
        region_stats.region_bases_with_data,
        region_stats.region_values_reconstructed,
        region_stats.region_q1,
        region_stats.region_median,
        region_stats.region_q3,
        reported_ranks.field_rank,
        reported_ranks.field_ranked,
        reported_ranks.overall_rank,
        reported_ranks.overall_ranked,
        percentiles.percentile
    from valued
    join indicators on indicators.indicator_id = valued.indicator_id
    join field_stats
        on field_stats.year = valued.year and field_stats.field_zh = valued.field_zh
        and field_stats.indicator_id = valued.indicator_id
    join region_stats
        on region_stats.year = valued.year and region_stats.region_zh = valued.region_zh
        and region_stats.indicator_id = valued.indicator_id
    left join reported_ranks
        on reported_ranks.year = valued.year and reported_ranks.base_id = valued.base_id
        and reported_ranks.indicator_id = valued.indicator_id
    left join percentiles
        on percentiles.year = valued.year and percentiles.base_id = valued.base_id
        and percentiles.indicator_id = valued.indicator_id
    left join alike
        on alike.year = valued.year and alike.base_id = valued.base_id and alike.indicator_id = valued.indicator_id
    order by valued.year, valued.base_id, indicators.indicator_order
)

select * from final
