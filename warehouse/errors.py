"""The storage layer's errors a person can act on, in a module that loads no DuckDB: the command
line catches them without paying DuckDB's import for commands that never open a database."""


class PublishError(RuntimeError):
    """The new marts did not match the warehouse, or no version fits: nothing was swapped."""


class LineageError(ValueError):
    """The question names a mart, measure or column that lineage does not cover."""


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse open: the run changed nothing."""


class ServingError(RuntimeError):
    """The served marts (server mode) cannot be loaded or swapped, or PostgreSQL cannot be
    reached; the published DuckDB file is unaffected."""
