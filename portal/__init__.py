"""The offices' portal: a login per office, an upload page and an API that answer with the
file's receipt at once, each account limited to its own units (docs/portal.md).

It checks a file as `dvk validate` does and writes it into `inbox/` for the pipeline; it never
opens the warehouse, only the published marts (read-only) to say what became of a file.
"""
