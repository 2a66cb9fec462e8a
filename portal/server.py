"""`dvk portal`: the portal served by uvicorn, on 127.0.0.1 unless told otherwise (put a TLS
reverse proxy in front of it to open it to offices: docs/portal.md), in one worker process or
several (`--workers N`). The workers share what the portal keeps: the accounts, sessions and
uploads log in `portal/`, the rate limits in `portal/limits.sqlite3`, the inbox."""

from __future__ import annotations

import logging
import os

from warehouse.workspace import Workspace

DEFAULT_PORT = 8750


def serve(
    ws: Workspace, host: str = "127.0.0.1", port: int = DEFAULT_PORT, workers: int = 1
) -> None:
    import uvicorn

    ws.ensure()
    print(
        f"dvk portal: http://{host}:{port}/  (workspace {ws.home}; {workers} worker(s); "
        "Ctrl-C stops it)",
        flush=True,
    )
    # X-Forwarded-For is believed only from the proxies DVK_PORTAL_TRUSTED_PROXIES names
    # (comma-separated addresses): otherwise any client could pick the address the login
    # throttle counts it under.
    proxies = os.environ.get("DVK_PORTAL_TRUSTED_PROXIES", "").strip()
    os.environ["DVK_HOME"] = str(ws.home)  # for the workers' `app_from_env`
    uvicorn.run(
        "portal.server:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
    )


def app_from_env():
    """The app of the workspace `DVK_HOME` names, its log going to `portal/portal.log`: what
    each worker process builds."""
    from portal.accounts import portal_folder
    from portal.app import create_app

    ws = Workspace.from_env()
    folder = portal_folder(ws)
    folder.mkdir(mode=0o700, exist_ok=True)
    logger = logging.getLogger("dvk.portal")
    if not logger.handlers:
        handler = logging.FileHandler(folder / "portal.log", encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    import ingestion.check.validation  # noqa: F401  (pandera's import before the first upload, not in it)

    return create_app(ws)
