-- grain: one row per report edition, base and funding year (Table 6);
-- amount is null ('-' in the report) where the base was not yet in the programme, 0 where it was and got nothing
with funding as (
    select * from staging.stg_base_funding
),

bases as (
    select base_id, base_name, batch, batch_zh from core.bases
),

final as (
    select
        funding.report_year,
        funding.base_id,
        bases.base_name,
        funding.table6_name,
        funding.table6_order,
        bases.batch,
        bases.batch_zh,
        funding.funding_year,
        funding.amount_10k_cny
    from funding
    left join bases on bases.base_id = funding.base_id
)

select * from final
