-- grain: one row per year: the intake's counts, which must reconcile:
-- received = accepted + superseded + quarantined, and accepted = bases covered
with submissions as (
    select * from staging.stg_intake_submissions
),

coverage as (
    select * from audit.qa_coverage
),

counts as (
    select
        year,
        count(*) as received,
        count(*) filter (where status = 'accepted') as accepted,
        count(*) filter (where status = 'superseded') as superseded,
        count(*) filter (where status = 'quarantined') as quarantined,
        count(distinct source_file) as files,
        sum(errors) as errors,
        sum(warnings) as warnings
    from submissions
    group by year
),

covered as (
    select
        year,
        count(*) as bases_expected,
        count(*) filter (where coverage = 'covered') as bases_covered,
        count(*) filter (where from_report) as bases_from_report,
        count(*) filter (where coverage <> 'covered') as bases_missing
    from coverage
    group by year
),

final as (
    select *
    from counts
    join covered using (year)
    order by year
)

select * from final
