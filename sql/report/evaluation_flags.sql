-- grain: one row per year, base and flag: raised, clear, not applicable or no data, with the value,
-- the benchmark it was held against, and whether either rests on a reconstructed value
with bases as (
    select listed.year, listed.base_id, bases.region_zh
    from report.table1_bases as listed
    join core.bases as bases on bases.base_id = listed.base_id
),

flags as (
    select * from staging.stg_evaluation_flags
),

indicator_values as (
    select * from report.evaluation_indicator_values
),

coverage as (
    select year, base_id, coverage, coverage_zh, from_report from audit.qa_coverage
),

export_measured as (
    -- seed 002 sets the threshold on high-tech exports; where a base does not report them, its exports stand in
    select
        bases.year,
        bases.base_id,
        coalesce(hightech.amount, exports.amount) as amount,
        coalesce(hightech.provenance, exports.provenance) as provenance,
        hightech.amount is null and exports.amount is not null as exports_stand_in,
        thresholds.hightech_exports_min_100m_usd as threshold,
        coverage.coverage,
        coverage.coverage_zh
    from bases
    left join coverage on coverage.year = bases.year and coverage.base_id = bases.base_id
    left join core.submission_values as hightech
        on hightech.year = bases.year and hightech.base_id = bases.base_id and hightech.measure = 'hightech_exports'
    left join core.submission_values as exports
        on exports.year = bases.year and exports.base_id = bases.base_id and exports.measure = 'exports'
    left join staging.stg_export_thresholds as thresholds on thresholds.region_zh = bases.region_zh
),

funding_window as (
    select
        bases.year,
        bases.base_id,
        count(funding.funding_year) as years_listed,
        count(funding.amount_10k_cny) as years_in_programme,
        sum(funding.amount_10k_cny) as amount
    from bases
    left join core.base_funding as funding
        on funding.report_year = bases.year and funding.base_id = bases.base_id
        and funding.funding_year between bases.year - 2 and bases.year
    group by bases.year, bases.base_id
),

national_growth as (
    select
        this_year.year,
        round(cast((this_year.value / nullif(last_year.value, 0) - 1) * 100 as double), 4) as growth_pct
    from staging.stg_reference_figures as this_year
    join staging.stg_reference_figures as last_year
        on last_year.figure_id = this_year.figure_id and last_year.year = this_year.year - 1
    where this_year.figure_id = 'national.hightech_exports'
),

no_submission as (
    select
        bases.year,
        bases.base_id,
        flags.flag_id,
        case
            when coverage.from_report then 'not_applicable'  -- the year's figures come from the published report
            when coalesce(coverage.coverage, 'not submitted') = 'covered' then 'clear'
            else 'raised'
        end as state,
        'reported' as basis,
        cast(null as double) as value,
        cast(null as double) as benchmark,
        coalesce(coverage.coverage_zh, '本年度未收到报送')
        || case when coverage.coverage in ('quarantined', 'unattributed') then '（见本年度报送数据核验报告）' else '' end as detail_zh
    from bases
    cross join flags
    left join coverage on coverage.year = bases.year and coverage.base_id = bases.base_id
    where flags.rule = 'no_submission'
),

below_threshold as (
    select
        export_measured.year,
        export_measured.base_id,
        flags.flag_id,
        case
            when export_measured.amount is null then 'no_data'
            when export_measured.amount < export_measured.threshold then 'raised'
            else 'clear'
        end as state,
        case
            when export_measured.amount is null then null
            when export_measured.provenance = 'reconstructed' then 'reconstructed'
            else 'reported'
        end as basis,
        cast(export_measured.amount as double) as value,
        cast(export_measured.threshold as double) as benchmark,
        case
            when export_measured.amount is null and export_measured.coverage <> 'covered' then export_measured.coverage_zh
            when export_measured.amount is null then '本年无出口额数据'
            when export_measured.exports_stand_in then '无高新技术产品出口额数据，以出口额衡量'
            else '以高新技术产品出口额衡量'
        end as detail_zh
    from export_measured
    cross join flags
    where flags.rule = 'below_regional_threshold'
),

below_quartile as (
    select
        indicator_values.year,
        indicator_values.base_id,
        flags.flag_id,
        case
            when indicator_values.value is null then 'no_data'
            when indicator_values.field_bases_with_data < flags.min_peers then 'not_applicable'
            when indicator_values.value < indicator_values.field_q1 then 'raised'
            else 'clear'
        end as state,
        case
            when indicator_values.value is null then null
            when indicator_values.status = 'reconstructed' or indicator_values.field_values_reconstructed > 0
                then 'reconstructed'
            else 'reported'
        end as basis,
        indicator_values.value,
        indicator_values.field_q1 as benchmark,
        case
            when indicator_values.value is null then indicator_values.no_data_reason_zh
            when indicator_values.field_bases_with_data < flags.min_peers
                then '本领域有数据的基地仅' || indicator_values.field_bases_with_data || '家，少于'
                     || flags.min_peers || '家，不作领域内比较'
            else '本领域有数据的基地' || indicator_values.field_bases_with_data || '家，其中估算值'
                 || indicator_values.field_values_reconstructed || '个'
        end as detail_zh
    from indicator_values
    join flags on flags.indicator_id = indicator_values.indicator_id
    where flags.rule = 'below_field_quartile'
),

no_funding as (
    select
        funding_window.year,
        funding_window.base_id,
        flags.flag_id,
        case
            when funding_window.years_listed = 0 then 'no_data'
            when funding_window.years_in_programme < 3 then 'not_applicable'
            when funding_window.amount = 0 then 'raised'
            else 'clear'
        end as state,
        case when funding_window.years_listed > 0 then 'reported' end as basis,
        cast(funding_window.amount as double) as value,
        cast(null as double) as benchmark,
        case
            when funding_window.years_listed = 0 then '本年度尚无表6资金数据'
            when funding_window.years_in_programme < 3
                then '纳入支持范围仅' || funding_window.years_in_programme || '年，不足三年'
            else '本年及前两年共获支持' || cast(funding_window.amount as bigint) || '万元（表6）'
        end as detail_zh
    from funding_window
    cross join flags
    where flags.rule = 'zero_funding_window'
),

below_national as (
    select
        indicator_values.year,
        indicator_values.base_id,
        flags.flag_id,
        case
            when indicator_values.value is null or national_growth.growth_pct is null then 'no_data'
            when indicator_values.value < national_growth.growth_pct then 'raised'
            else 'clear'
        end as state,
        case
            when indicator_values.value is null or national_growth.growth_pct is null then null
            when indicator_values.status = 'reconstructed' then 'reconstructed'
            else 'reported'
        end as basis,
        indicator_values.value,
        cast(national_growth.growth_pct as double) as benchmark,
        case
            when indicator_values.value is null then indicator_values.no_data_reason_zh
            when national_growth.growth_pct is null then '参考数据中缺本年或上年的全国高新技术产品出口额'
            else '全国高新技术产品出口增幅按参考数据计算'
        end as detail_zh
    from indicator_values
    join flags on flags.indicator_id = indicator_values.indicator_id
    left join national_growth on national_growth.year = indicator_values.year
    where flags.rule = 'below_national_growth'
),

final as (
    select
        decided.year,
        decided.base_id,
        decided.flag_id,
        flags.flag_order,
        decided.state,
        decided.basis,
        decided.basis = 'reconstructed' and decided.state in ('raised', 'clear') as on_estimates,
        decided.value,
        decided.benchmark,
        decided.detail_zh
    from (
        select * from no_submission
        union all select * from below_threshold
        union all select * from below_quartile
        union all select * from no_funding
        union all select * from below_national
    ) as decided
    join flags on flags.flag_id = decided.flag_id
    order by decided.year, decided.base_id, flags.flag_order
)

select * from final
