"""The `dvk` commands, one module per group; `orchestration.cli` parses the command line and
calls them. Each takes the workspace and what was asked, prints for a person, and returns the
exit code; `DvkError` is a failure a person can act on (exit 2)."""
