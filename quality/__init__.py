"""Data-quality checks. Blocking, in the pipeline run: pandera on the rows ingestion loaded
(`raw_rows`), dbt's tests on every model (`dbt_project/models/*/_*.yml`, `dbt_project/tests/`),
and the audits across marts before publishing (`mart_audits`). Warning: the Great Expectations
suites (`expectation_suites`), plausibility the marts are published with, shown in Data Docs,
the audit report and the Dagster UI."""
