-- grain: one row per name under which a base appears (its Table 1 name included)
with table1_names as (
    select base_name as alias, base_id, 'Table 1' as alias_source
    from staging.stg_bases
),

other_names as (
    select alias, base_id, alias_source
    from staging.stg_base_aliases
),

final as (
    select * from table1_names
    union all
    select * from other_names
)

select * from final
