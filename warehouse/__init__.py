"""The private warehouse (DuckDB): raw tables the pipeline loads, and publishing the marts."""
