"""The portal's web application on FastAPI: the pages (`portal.pages`) and the API
(`portal.api`) as routers over one `Portal` (`portal.context`), which gives each handler its
workspace and its account. Handlers are plain functions: FastAPI runs them in its thread pool,
and the files' checks run in worker processes (`portal.checking`), so one office's check never
holds up another's page or upload."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from ingestion.check.files import max_file_bytes
from portal import api, pages
from portal.accounts import AccountStore, portal_folder
from portal.checking import Checker
from portal.context import CurrentRegistry, LoginRequired, Portal, Settings
from portal.limits import SharedWindow
from portal.security import BodyLimit, SecurityHeaders
from portal.texts import TEXTS
from warehouse.exported_text import visible
from warehouse.workspace import Workspace

HERE = Path(__file__).parent
FORM_OVERHEAD = 64 * 1024
"""What a multipart body may add to the file it carries (a body over the limit is refused before
it is read); the file itself is then held to the limit exactly."""

__all__ = ["Settings", "create_app"]


def create_app(ws: Workspace, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["visible"] = lambda value: "" if value is None else visible(str(value))
    limits = portal_folder(ws) / "limits.sqlite3"
    site = Portal(
        ws=ws,
        settings=settings,
        accounts=AccountStore.of(ws),
        registry=CurrentRegistry(ws),
        upload_window=SharedWindow(limits, "uploads", settings.uploads_per_minute, 60),
        login_window=SharedWindow(limits, "failed_logins", settings.failed_logins, 15 * 60),
        templates=templates,
        checker=Checker(ws.units_dir),
    )

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI):
        yield
        site.checker.close()

    app = FastAPI(
        lifespan=lifespan,
        title="dvk portal",
        description="Submissions of the Dân vận khéo movement: upload a file, get its receipt.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.portal = site
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)

    @app.exception_handler(LoginRequired)
    async def to_login(_: Request, __: LoginRequired) -> RedirectResponse:
        return RedirectResponse("/login", status_code=303)

    @app.middleware("http")
    async def language(request: Request, call_next):
        chosen = request.query_params.get("lang")
        if chosen in TEXTS:
            request.session["lang"] = chosen
        return await call_next(request)

    app.add_middleware(
        SessionMiddleware,
        secret_key=_secret_key(ws),
        session_cookie="dvk_portal",
        max_age=8 * 3600,
        same_site="strict",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        BodyLimit, limit=max_file_bytes() + FORM_OVERHEAD, file_limit=max_file_bytes()
    )
    return app


def _secret_key(ws: Workspace) -> str:
    """The key signing session cookies: made once per workspace, kept 0600."""
    path = portal_folder(ws) / "session-key"
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        # Written whole under another name, then linked: of several workers starting at once,
        # one key wins and every worker reads that one.
        temporary = path.with_name(f".session-key.{os.getpid()}")
        descriptor = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
        temporary.unlink()
    return path.read_text().strip()
