-- grain: one row per finding of the intake: where (file, sheet, row, field, value), which rule,
-- what it means and what to do, in Chinese and English
with findings as (
    select * from staging.stg_intake_findings
),

bases as (
    select base_id, base_name from core.bases
),

final as (
    select
        findings.year,
        findings.severity,
        findings.rule,
        findings.base_id,
        bases.base_name,
        findings.source_file,
        findings.source_sheet,
        findings.source_row,
        findings.field,
        findings.value,
        findings.message_zh,
        findings.message_en,
        findings.do_zh,
        findings.do_en,
        findings.submission_status,
        findings.named_by_file,
        named.base_name as named_by_file_name
    from findings
    left join bases using (base_id)
    left join bases as named on findings.named_by_file = named.base_id
    order by findings.year, findings.severity, findings.source_file, findings.source_sheet, findings.source_row
)

select * from final
