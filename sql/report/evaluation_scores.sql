-- grain: one row per year and base: the weighted score over the indicators that have data, how much
-- of it rests on reconstructed values, its rank (only among bases whose score rests on none), the
-- bases it was reconstructed alike with, and its flags
with bases as (
    select listed.year, listed.base_id, listed.base_name, listed.table1_no, bases.field_zh, bases.region_zh
    from report.table1_bases as listed
    join core.bases as bases on bases.base_id = listed.base_id
),

scored_values as (
    select indicator_values.*, indicators.weight
    from report.evaluation_indicator_values as indicator_values
    join staging.stg_evaluation_indicators as indicators on indicators.indicator_id = indicator_values.indicator_id
    where indicators.weight > 0
),

flags as (
    select * from report.evaluation_flags
),

weighted as (
    select
        year,
        base_id,
        round(sum(weight * percentile) / nullif(sum(weight) filter (where percentile is not null), 0), 2) as score,
        sum(weight) filter (where value is not null) as weight_with_data,
        sum(weight) as weight_total,
        coalesce(sum(weight) filter (where status = 'reconstructed'), 0) as weight_reconstructed,
        count(value) as indicators_with_data,
        count(*) as indicators_scored
    from scored_values
    group by year, base_id
),

rankable as (
    select
        weighted.year,
        weighted.base_id,
        rank() over (partition by weighted.year, bases.field_zh order by weighted.score desc) as field_rank,
        count(*) over (partition by weighted.year, bases.field_zh) as field_rankable,
        rank() over (partition by weighted.year order by weighted.score desc) as overall_rank,
        count(*) over (partition by weighted.year) as overall_rankable
    from weighted
    join bases on bases.year = weighted.year and bases.base_id = weighted.base_id
    where weighted.score is not null and weighted.weight_reconstructed = 0
),

pairs as (
    -- two bases of a field are alike when every scored value of the one was reconstructed by the same
    -- rule from the same sources as the other's, from inputs equal but for the rounding to 0.01
    select
        one.year,
        one.base_id,
        other.base_id as other_base_id,
        count(one.value) as compared,
        count(*) filter (
            where one.status = 'reconstructed' and other.status = 'reconstructed'
              and one.source_key = other.source_key
              and abs(other.numerator_amount - one.numerator_amount) < 0.025
              and coalesce(abs(other.denominator_amount - one.denominator_amount), 0) < 0.025
              and coalesce(abs(other.previous_amount - one.previous_amount), 0) < 0.025
        ) as alike
    from scored_values as one
    join scored_values as other
        on other.year = one.year and other.indicator_id = one.indicator_id and other.field_zh = one.field_zh
        and other.base_id <> one.base_id
    group by one.year, one.base_id, other.base_id
),

alike_groups as (
    select
        pairs.year,
        pairs.base_id,
        count(*) as alike_bases,
        string_agg(bases.base_name, '、' order by bases.table1_no) as alike_base_names
    from pairs
    join bases on bases.year = pairs.year and bases.base_id = pairs.other_base_id
    where pairs.compared > 0 and pairs.alike = pairs.compared
    group by pairs.year, pairs.base_id
),

flag_counts as (
    select
        year,
        base_id,
        count(*) filter (where state = 'raised') as flags_raised,
        count(*) filter (where state = 'raised' and basis = 'reported') as flags_raised_on_reported
    from flags
    group by year, base_id
),

final as (
    select
        bases.year,
        bases.base_id,
        bases.base_name,
        bases.table1_no,
        bases.field_zh,
        bases.region_zh,
        weighted.score,
        weighted.weight_with_data,
        weighted.weight_total,
        weighted.weight_reconstructed,
        weighted.indicators_with_data,
        weighted.indicators_scored,
        weighted.score is not null and weighted.weight_reconstructed = 0 as is_rankable,
        rankable.field_rank,
        rankable.field_rankable,
        rankable.overall_rank,
        rankable.overall_rankable,
        coalesce(alike_groups.alike_bases, 0) as alike_bases,
        alike_groups.alike_base_names,
        coalesce(flag_counts.flags_raised, 0) as flags_raised,
        coalesce(flag_counts.flags_raised_on_reported, 0) as flags_raised_on_reported
    from bases
    left join weighted on weighted.year = bases.year and weighted.base_id = bases.base_id
    left join rankable on rankable.year = bases.year and rankable.base_id = bases.base_id
    left join alike_groups on alike_groups.year = bases.year and alike_groups.base_id = bases.base_id
    left join flag_counts on flag_counts.year = bases.year and flag_counts.base_id = bases.base_id
    order by bases.year, bases.table1_no
)

select * from final
