-- grain: one row per base, with its region, field, entity type and batch resolved
with bases as (
    select * from staging.stg_bases
),

provinces as (
    select * from staging.stg_provinces
),

regions as (
    select * from staging.stg_regions
),

fields as (
    select * from staging.stg_fields
),

entity_types as (
    select * from staging.stg_entity_types
),

batches as (
    select * from staging.stg_batches
),

final as (
    select
        bases.base_id,
        bases.table1_no,
        bases.base_name,
        bases.province,
        provinces.province_std,
        regions.region_order,
        regions.region_zh,
        regions.region_en,
        fields.field_order,
        fields.field_key,
        fields.field_zh,
        fields.field_en,
        bases.field_evidence_kind,
        bases.field_evidence,
        bases.field_confidence,
        entity_types.entity_order,
        entity_types.entity_type,
        entity_types.entity_type_zh,
        entity_types.entity_type_en,
        bases.batch,
        batches.batch_zh,
        batches.year_recognised
    from bases
    left join provinces on provinces.province = bases.province
    left join regions on regions.region_zh = provinces.region_zh
    left join fields on fields.field_zh = bases.field_zh
    left join entity_types on entity_types.entity_type = bases.entity_type
    left join batches on batches.batch = bases.batch
)

select * from final
