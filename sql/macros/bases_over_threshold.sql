-- Tables 4 and 5 have one shape: the bases whose measure ('sales', in 亿元, or 'exports', in 亿美元)
-- exceeds a threshold, with the featured part and the provenance of both values, grouped by field
-- then region as published, each with the count of listed bases in its field (the report's "(3家)").
-- The threshold is compared with the unrounded value; amounts are rounded to 0.01 as printed.
-- Each model names the columns its table prints.
-- A temporary macro: it lives for the build only and is not stored in the database.
create or replace temp macro bases_over_threshold(measure, threshold) as table
with submissions as (
    select * from core.submissions
),

bases as (
    select * from core.bases
),

measured as (
    select
        year,
        base_id,
        case measure
            when 'sales' then sales_100m_cny
            when 'exports' then exports_100m_usd
            else error('bases_over_threshold: measure is sales or exports, not ' || measure)
        end as amount,
        case measure when 'sales' then featured_sales_100m_cny when 'exports' then featured_exports_100m_usd end as featured_amount,
        case measure when 'sales' then sales_provenance when 'exports' then exports_provenance end as provenance,
        case measure when 'sales' then featured_sales_provenance when 'exports' then featured_exports_provenance end
            as featured_provenance
    from submissions
),

over_threshold as (
    select
        measured.year,
        bases.field_order,
        bases.field_zh,
        bases.region_order,
        bases.region_zh,
        bases.base_id,
        bases.base_name,
        round(measured.amount, 2)::decimal(18, 2) as amount,
        round(measured.featured_amount, 2)::decimal(18, 2) as featured_amount,
        measured.provenance,
        measured.featured_provenance
    from measured
    join bases on bases.base_id = measured.base_id
    where measured.amount > threshold
),

final as (
    select
        *,
        count(*) over (partition by year, field_order) as bases_in_field
    from over_threshold
)

select * from final
