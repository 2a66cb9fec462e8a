"""`dvk portal`: the portal served by uvicorn, on 127.0.0.1 unless told otherwise (put a TLS
reverse proxy in front of it to open it to offices: docs/portal.md)."""

from __future__ import annotations

import logging
import os

from warehouse.workspace import Workspace

DEFAULT_PORT = 8750


def serve(ws: Workspace, host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
    import uvicorn

    from portal.accounts import portal_folder
    from portal.app import create_app

    ws.ensure()
    folder = portal_folder(ws)
    folder.mkdir(mode=0o700, exist_ok=True)
    handler = logging.FileHandler(folder / "portal.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("dvk.portal")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    import ingestion.check.validation  # noqa: F401  (pandera's import before the first upload, not in it)

    print(f"dvk portal: http://{host}:{port}/  (workspace {ws.home}; Ctrl-C stops it)", flush=True)
    # X-Forwarded-For is believed only from the proxies DVK_PORTAL_TRUSTED_PROXIES names
    # (comma-separated addresses): otherwise any client could pick the address the login
    # throttle counts it under.
    proxies = os.environ.get("DVK_PORTAL_TRUSTED_PROXIES", "").strip()
    uvicorn.run(
        create_app(ws),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
    )
