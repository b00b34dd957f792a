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

final as (
    select
        expected.year,
        expected.table1_no,
        expected.base_id,
        expected.base_name,
        coalesce(received.submissions, 0) as submissions,
        coalesce(received.accepted, 0) as accepted,
        coalesce(received.superseded, 0) as superseded,
        coalesce(received.quarantined, 0) as quarantined,
        case
            when received.accepted > 0 then 'covered'
            when received.quarantined > 0 then 'quarantined'
            else 'not submitted'
        end as coverage
    from expected
    left join received using (year, base_id)
    order by expected.year, expected.table1_no
)

select * from final
