"""The data team's decisions, kept as append-only logs under `reference/`: approved and
reopened periods (`approvals`), follow-ups of outliers (`followups`), the files held because
their period is approved (`held_files`), and their load into raw tables (`decision_tables`)."""
