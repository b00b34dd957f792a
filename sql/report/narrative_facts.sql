-- grain: one row per report year and fact stated in the narrative (the facts the bases' figures cannot recompute)
with facts as (
    select * from staging.stg_narrative_facts
),

bases as (
    select base_id, base_name from core.bases
),

final as (
    select
        facts.year,
        facts.fact_id,
        facts.base_id,
        bases.base_name,
        facts.printed,
        facts.value,
        facts.unit,
        facts.kind,
        facts.measure_zh,
        facts.location,
        facts.use,
        facts.omit_reason
    from facts
    left join bases using (base_id)
)

select * from final
