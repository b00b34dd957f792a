-- grain: one row per year and published figure that the consistency solver covers
-- (landed in raw.figure_verdicts by pipeline/warehouse/consistency.py, from data/raw/published and reference)
with source as (
    select * from raw.figure_verdicts
),

final as (
    select
        year,
        published_id,
        status,
        root_cause,
        printed_recomputation
    from source
)

select * from final
