"""Dagster definitions, and the `dvk` command that runs them in-process."""
