-- grain: one row per published figure: the published value beside the recomputed one, compared
-- at the published precision, the solver's verdict and the record of the report's mistakes
--   match        the data reproduces it, and so do the printed figures it derives from
--   rounding     the data reproduces it; the printed figures it derives from give another number
--                (the sum of rounded rows misses the printed total by a few cents)
--   error        wrong in itself: the solver and the record say so, and the data differs
--   consequence  wrong only because it follows from an error (root_cause): computed from it or repeating it
-- and, each failing `make check`:
--   unexplained  the data, the solver and the record disagree (a new difference, or a verdict not recorded)
--   missing      the data computes no such figure
--   stale        recorded as a mistake, but the solver or the data no longer confirms it
with published as (
    select * from staging.stg_published_figures
),

computed as (
    select * from report.computed_figures
),

verdicts as (
    select * from staging.stg_figure_verdicts
),

recorded as (
    select * from staging.stg_known_discrepancies
),

compared as (
    select
        published.year,
        published.published_id,
        published.figure_id,
        published.location,
        published.unit,
        published.published_value,
        computed.value as computed_value,
        -- round() on a decimal wants a constant precision; the report prints at most 4 decimals
        case published.published_decimals
            when 0 then round(computed.value, 0)::decimal(18, 4)
            when 1 then round(computed.value, 1)::decimal(18, 4)
            when 2 then round(computed.value, 2)::decimal(18, 4)
            when 3 then round(computed.value, 3)::decimal(18, 4)
            when 4 then round(computed.value, 4)::decimal(18, 4)
        end as computed_rounded,
        verdicts.printed_recomputation,
        computed.figure_id is not null as is_computed,
        verdicts.status as verdict,
        verdicts.root_cause as verdict_root_cause,
        recorded.published_id is not null as is_recorded,
        recorded.status as recorded_status,
        recorded.root_cause as recorded_root_cause,
        recorded.recomputed_value as recorded_value,
        recorded.why,
        recorded.why_zh
    from published
    left join computed
        on computed.year = published.year and computed.figure_id = published.figure_id
    left join verdicts
        on verdicts.year = published.year and verdicts.published_id = published.published_id
    left join recorded
        on recorded.year = published.year and recorded.published_id = published.published_id
),

-- the SQL linter's DuckDB grammar lacks `is not distinct from` (null-safe equality), used below
-- noqa: disable=PRS
judged as (
    select
        *,
        case
            when published_value = '-' then computed_value is null
            else computed_rounded is not distinct from try_cast(published_value as decimal(18, 4))
        end as data_reproduces
    from compared
),

statused as (
    select
        year,
        published_id,
        figure_id,
        location,
        unit,
        published_value,
        computed_value,
        computed_rounded,
        printed_recomputation,
        case
            when not is_computed then 'missing'
            when data_reproduces and not is_recorded and coalesce(verdict, 'match') in ('match', 'rounding')
                then coalesce(verdict, 'match')
            -- a figure the solver does not cover (a count, a title) stands on the record alone
            when not data_reproduces and is_recorded
                and recorded_status = coalesce(verdict, recorded_status)
                and recorded_root_cause is not distinct from coalesce(verdict_root_cause, recorded_root_cause)
                and computed_rounded is not distinct from recorded_value
                then recorded_status
            when is_recorded then 'stale'
            else 'unexplained'
        end as status,
        recorded_root_cause,
        why,
        why_zh
    from judged
),
-- noqa: enable=PRS

final as (
    select
        * exclude (recorded_root_cause, why, why_zh),
        case when status = 'consequence' then recorded_root_cause end as root_cause,
        why,
        why_zh
    from statused
    order by year, published_id
)

select * from final
