-- grain: one row per published figure: the published value beside the recomputed one,
-- compared at the published precision, and the verdict
--   match              equal once the computed value is rounded as the report rounds
--   known_discrepancy  differs, and the tracked list of the report's errors explains it
--   unexplained        differs, and nothing explains it: the check fails
--   missing            the data computes no such figure: the check fails
--   stale_known        listed as an error, but the listed recomputed value no longer holds
with published as (
    select * from staging.stg_published_figures
),

computed as (
    select * from report.computed_figures
),

known as (
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
        published.published_decimals,
        computed.value as computed_value,
        -- round() on a decimal wants a constant precision; the report prints at most 4 decimals
        case published.published_decimals
            when 0 then round(computed.value, 0)::decimal(18, 4)
            when 1 then round(computed.value, 1)::decimal(18, 4)
            when 2 then round(computed.value, 2)::decimal(18, 4)
            when 3 then round(computed.value, 3)::decimal(18, 4)
            when 4 then round(computed.value, 4)::decimal(18, 4)
        end as computed_rounded,
        computed.figure_id is not null as is_computed,
        known.published_id is not null as is_known,
        known.recomputed_value as known_recomputed_value,
        known.why,
        known.why_zh
    from published
    left join computed
        on computed.year = published.year and computed.figure_id = published.figure_id
    left join known
        on known.year = published.year and known.published_id = published.published_id
),

final as (
    select
        year,
        published_id,
        figure_id,
        location,
        unit,
        published_value,
        computed_value,
        computed_rounded,
        case
            when not is_computed then 'missing'
            when published_value = '-' and computed_value is null and not is_known then 'match'
            when computed_rounded = published_value::decimal(18, 4) and not is_known then 'match'
            when is_known and computed_rounded is not distinct from known_recomputed_value
                and computed_rounded is distinct from try_cast(published_value as decimal(18, 4))
                then 'known_discrepancy'
            when is_known then 'stale_known'
            else 'unexplained'
        end as status,
        why,
        why_zh
    from compared
    order by year, published_id
)

select * from final
