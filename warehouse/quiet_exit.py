"""An exit without the interpreter's shutdown noise. DuckDB's Python bindings (nanobind) print
some forty lines about objects still alive when the interpreter ends; after a command's tidy
summary a person reads them as a crash. They are not leaks anything can act on (the process is
ending), so a process that has said all it has to say sends its shutdown's output to /dev/null.
"""

from __future__ import annotations

import os
import sys


def silence_shutdown() -> None:
    """From here to the process's end, nothing more reaches the terminal's stderr."""
    sys.stdout.flush()
    sys.stderr.flush()
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)
