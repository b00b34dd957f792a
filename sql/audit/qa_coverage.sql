-- grain: one row per year and base expected to submit (recognised by that year): what it sent
with expected as (
    select years.year, bases.base_id, bases.base_name, bases.table1_no
    from (select distinct year from staging.stg_intake_submissions) as years
    join core.bases as bases on bases.year_recognised <= years.year
),

received as (
    select
        year,
        base_id,
        count(*) as submissions,
        count(*) filter (where status = 'accepted') as accepted,
        count(*) filter (where status = 'superseded') as superseded,
        count(*) filter (where status = 'quarantined') as quarantined
    from staging.stg_intake_submissions
    where base_id is not null
    group by year, base_id
),

unattributed as (
    select
        year,
        named_by_file as base_id,
        count(distinct source_file) as unattributed_files
    from staging.stg_intake_submissions
    where base_id is null and named_by_file is not null
    group by year, named_by_file
),

from_report as (
    -- an accepted submission that holds no value a base sent: the reconstruction from the published report
    select year, base_id, bool_and(provenance <> 'submitted') as from_report
    from core.submission_values
    group by year, base_id
),

counted as (
    select
        expected.year,
        expected.table1_no,
        expected.base_id,
        expected.base_name,
        coalesce(received.submissions, 0) as submissions,
        coalesce(received.accepted, 0) as accepted,
        coalesce(received.superseded, 0) as superseded,
        coalesce(received.quarantined, 0) as quarantined,
        coalesce(unattributed.unattributed_files, 0) as unattributed_files,
        coalesce(received.accepted > 0 and from_report.from_report, false) as from_report,
        case
            when received.accepted > 0 then 'covered'
            when received.quarantined > 0 then 'quarantined'
            when unattributed.unattributed_files > 0 then 'unattributed'
            else 'not submitted'
        end as coverage
    from expected
    left join received using (year, base_id)
    left join unattributed using (year, base_id)
    left join from_report using (year, base_id)
),

final as (
    select
        counted.*,
        case counted.coverage  -- in the words the evaluation's documents use
            when 'covered' then
                case when counted.from_report then '数据取自已公布的年度报告（含据此所作的估算），不是基地报送'
                    else '已收到通过审核的报送' end
            when 'quarantined' then '报送数据有错误，暂不汇总'
            when 'unattributed' then '收到以本基地命名的文件，但未能识别为本基地报表'
            when 'not submitted' then '本年度未收到报送'
        end as coverage_zh
    from counted
    order by counted.year, counted.table1_no
)

select * from final
