-- grain: one row per report year and base recognised by that year (Table 1 and its attributes)
with bases as (
    select * from core.bases
),

years as (
    select distinct year from core.submissions
),

final as (
    select
        years.year,
        bases.table1_no,
        bases.province,
        bases.base_name,
        bases.base_id,
        bases.region_zh,
        bases.field_zh,
        bases.field_evidence_kind,
        bases.field_confidence,
        bases.entity_type_zh,
        bases.batch,
        bases.year_recognised
    from years
    join bases on bases.year_recognised <= years.year
    order by years.year, bases.table1_no
)

select * from final
