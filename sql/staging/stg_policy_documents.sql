-- grain: one row per policy document (seed) the evaluation cites
with source as (
    select * from read_csv(getvariable('raw_dir') || '/reference/policy_documents.csv', header = true, all_varchar = true)
),

final as (
    select
        seed,
        document_zh,
        issuer_zh,
        doc_no_zh,
        cast(nullif(issued_year, '') as integer) as issued_year,
        seed_file,
        assessment_clause_zh,
        assessment_zh
    from source
)

select * from final
