"""`python -m quality.gx_worker PARENT_PID`: the Great Expectations suites of one run, in a
process of their own (see `gx_validation.prestart`).

Importing Great Expectations takes seconds of CPU. Started when a run begins, this process
imports it on the other core while the run loads files and builds the models, then waits for
one message — `validate`'s arguments — and answers with the results, or with the error that
ended them. It dies with the run's process (the kernel kills it), and ends when its pipe closes
without a message (a run that failed before its checks).
"""

from __future__ import annotations

import os
import sys
import traceback

from ingestion.pipe_messages import die_with_parent, receive, send
from warehouse.quiet_exit import silence_shutdown


def main() -> None:
    die_with_parent(int(sys.argv[1]))
    inbound, outbound = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but messages on the pipe
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # read when it is imported
    import great_expectations  # noqa: F401 - the import is the work done ahead

    from quality.gx_validation import validate_here

    try:
        arguments = receive(inbound)
    except EOFError:
        return
    try:
        send(outbound, ("results", validate_here(*arguments)))
    except Exception:  # the run's step raises it, with this traceback
        send(outbound, ("error", traceback.format_exc()))


if __name__ == "__main__":
    main()
    silence_shutdown()
