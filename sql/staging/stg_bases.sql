-- grain: one row per base, as listed in Table 1
with source as (
    select * from read_csv(getvariable('raw_dir') || '/reference/bases.csv', header = true, all_varchar = true)
),

final as (
    select
        base_id,
        cast(table1_no as integer) as table1_no,
        base_name,
        province,
        cast(batch as integer) as batch,
        field_zh,
        field_evidence_kind,
        field_evidence,
        field_confidence,
        entity_type
    from source
)

select * from final
