-- grain: one row per report year, row of Table 6 and funding year: a base's amount
-- (null = '-', not yet in the programme), each year's total (合计) and the grand total (总计)
with funding as (
    select * from core.base_funding
),

-- the totals follow the last base row, whatever the number of bases
last_base_row as (
    select report_year, max(table6_order) as last_row_order
    from funding
    group by report_year
),

base_rows as (
    select
        report_year as year,
        'base' as row_kind,
        table6_order as row_order,
        batch,
        batch_zh,
        base_id,
        table6_name as base_name,
        funding_year,
        amount_10k_cny
    from funding
),

year_totals as (
    select
        report_year as year,
        'total' as row_kind,
        any_value(last_base_row.last_row_order) + 1 as row_order,
        null as batch,
        null as batch_zh,
        null as base_id,
        '合计' as base_name,
        funding_year,
        sum(amount_10k_cny) as amount_10k_cny
    from funding
    join last_base_row using (report_year)
    group by report_year, funding_year
),

grand_total as (
    select
        report_year as year,
        'grand_total' as row_kind,
        any_value(last_base_row.last_row_order) + 2 as row_order,
        null as batch,
        null as batch_zh,
        null as base_id,
        '总计' as base_name,
        null as funding_year,
        sum(amount_10k_cny) as amount_10k_cny
    from funding
    join last_base_row using (report_year)
    group by report_year
),

final as (
    select * from base_rows
    union all
    select * from year_totals
    union all
    select * from grand_total
    order by year, row_order, funding_year
)

select * from final
