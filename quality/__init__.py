"""Data-quality checks for auditors. Today they are dbt's tests, which run with the models
(`dbt_project/models/*/_*.yml`, `dbt_project/tests/`) and fail the run before anything is
published."""
