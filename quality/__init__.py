"""Data-quality checks, all of them blocking checks in the pipeline run: pandera on the rows
ingestion loaded (`raw_rows`), dbt's tests on every model (`dbt_project/models/*/_*.yml`,
`dbt_project/tests/`), and the audits across marts before publishing (`mart_audits`)."""
