"""The runs' console logger: Dagster's own, and on request without its error records.

`dvk run` prints why a run failed itself, as one line per failed step (the innermost cause:
"No space left on device", a blocking check), then what to do. Dagster's error records repeat
that with every layer's stack trace, dozens of lines per step, on the operator's terminal;
with `failures: false` they are left to the run's history (the UI, `--verbose`).
"""

from __future__ import annotations

import logging

import dagster as dg


@dg.logger(
    config_schema={
        "log_level": dg.Field(str, is_required=False, default_value="INFO"),
        "name": dg.Field(str, is_required=False, default_value="dagster"),
        "failures": dg.Field(bool, is_required=False, default_value=True),
    },
    description="Dagster's colored console logger; `failures: false` drops its error records.",
)
def console_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = dg.colored_console_logger.logger_fn(init_context)
    if not init_context.logger_config["failures"]:
        logger.addFilter(lambda record: record.levelno < logging.ERROR)
    return logger
