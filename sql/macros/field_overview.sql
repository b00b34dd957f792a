-- Tables 2 and 3 have one shape: a row per year and field with its output, sales and exports and
-- their shares, and a total row (合计) per year. Table 2 is the scope 'all' (the bases' whole figures),
-- Table 3 the scope 'featured' (their featured industry); each model names the columns its table prints.
-- Amounts and shares as printed: rounded to 0.01 from the unrounded values, so that the rounded rows
-- may miss the total by up to half a cent each, as in the published report.
-- A temporary macro: it lives for the build only and is not stored in the database.
create or replace temp macro field_overview(scope) as table
with field_totals as (
    select * from core.field_totals
),

scoped as (
    select
        year,
        field_order,
        field_zh,
        field_en,
        case scope
            when 'all' then output_100m_cny
            when 'featured' then featured_output_100m_cny
            else error('field_overview: scope is all or featured, not ' || scope)
        end as output_100m_cny,
        case scope when 'all' then output_share_pct when 'featured' then featured_output_share_pct end as output_share_pct,
        case scope when 'all' then sales_100m_cny when 'featured' then featured_sales_100m_cny end as sales_100m_cny,
        case scope when 'all' then sales_share_pct when 'featured' then featured_sales_share_pct end as sales_share_pct,
        case scope when 'all' then exports_100m_usd when 'featured' then featured_exports_100m_usd end as exports_100m_usd,
        case scope when 'all' then exports_share_pct when 'featured' then featured_exports_share_pct end as exports_share_pct
    from field_totals
),

field_rows as (
    select
        year,
        field_order as row_order,
        field_zh,
        field_en,
        false as is_total,
        round(output_100m_cny, 2)::decimal(18, 2) as output_100m_cny,
        round(output_share_pct, 2) as output_share_pct,
        round(sales_100m_cny, 2)::decimal(18, 2) as sales_100m_cny,
        round(sales_share_pct, 2) as sales_share_pct,
        round(exports_100m_usd, 2)::decimal(18, 2) as exports_100m_usd,
        round(exports_share_pct, 2) as exports_share_pct
    from scoped
),

total_rows as (
    select
        year,
        99 as row_order,
        '合计' as field_zh,
        'Total' as field_en,
        true as is_total,
        round(sum(output_100m_cny), 2)::decimal(18, 2),
        round(sum(output_share_pct), 2),
        round(sum(sales_100m_cny), 2)::decimal(18, 2),
        round(sum(sales_share_pct), 2),
        round(sum(exports_100m_usd), 2)::decimal(18, 2),
        round(sum(exports_share_pct), 2)
    from scoped
    group by year
),

final as (
    select * from field_rows
    union all
    select * from total_rows
)

select * from final
