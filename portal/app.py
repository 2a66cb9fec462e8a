"""The portal's web application: the pages (Vietnamese by default, English on request) and the
API (`/api/v1`), on FastAPI. Handlers are plain functions: FastAPI runs them in its thread pool,
and the files' checks run in worker processes (`portal.checking`), so one office's check never
holds up another's page or upload."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.background import BackgroundTask
from starlette.middleware.sessions import SessionMiddleware

from ingestion.check.files import max_file_bytes
from ingestion.check.receipts import OUTCOME_LABELS, receipt_path
from ingestion.reference.registry import Registry
from portal.accounts import Account, AccountStore, login_name, portal_folder
from portal.checking import Checker
from portal.receiving import receive, stored_receipt, uploads_of
from portal.scope import covered_units
from portal.security import BodyLimit, SecurityHeaders, Window, csrf_token, csrf_valid
from portal.statuses import statuses
from portal.texts import TEXTS
from warehouse.exported_text import visible
from warehouse.workspace import Workspace

HERE = Path(__file__).parent
FORM_OVERHEAD = 64 * 1024
"""What a multipart body may add to the file it carries (a body over the limit is refused before
it is read); the file itself is then held to the limit exactly."""
MAX_FORM_FILES = 20


@dataclass(frozen=True)
class Settings:
    uploads_per_minute: int = 30
    """Per account, pages and API together (429 above)."""
    failed_logins: int = 5
    """Per account name and per client address, in 15 minutes (then 429 until they pass)."""
    secure_cookies: bool = False
    """Set behind a TLS reverse proxy (docs/portal.md): the session cookie only over HTTPS."""

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            uploads_per_minute=int(os.environ.get("DVK_PORTAL_UPLOADS_PER_MINUTE", "30")),
            failed_logins=int(os.environ.get("DVK_PORTAL_FAILED_LOGINS", "5")),
            secure_cookies=os.environ.get("DVK_PORTAL_SECURE_COOKIES", "") == "1",
        )


class _Registry:
    """The unit registries, read again when `reference/units/` changes."""

    def __init__(self, ws: Workspace):
        self._ws, self._stamp, self._registry = ws, None, Registry([])

    def get(self) -> Registry:
        folder = self._ws.units_dir
        stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.csv")))
        if stamp != self._stamp:
            self._registry, self._stamp = Registry.load(folder), stamp
        return self._registry


def create_app(ws: Workspace, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    accounts = AccountStore.of(ws)
    registry = _Registry(ws)
    upload_window = Window(settings.uploads_per_minute, 60)
    login_window = Window(settings.failed_logins, 15 * 60)
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["visible"] = lambda value: "" if value is None else visible(str(value))
    checker = Checker(ws.units_dir)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI):
        yield
        checker.close()

    app = FastAPI(
        lifespan=lifespan,
        title="dvk portal",
        description="Submissions of the Dân vận khéo movement: upload a file, get its receipt.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def covered(account: Account) -> frozenset[str]:
        return covered_units(account, registry.get())

    def page(request: Request, name: str, status: int = 200, **context) -> Response:
        lang = request.session.get("lang", "vi")
        account = _session_account(request, accounts)
        return templates.TemplateResponse(
            request,
            name,
            {
                "t": TEXTS[lang],
                "lang": lang,
                "account": account,
                "csrf": csrf_token(request.session),
                "max_mb": round(max_file_bytes() / 1024 / 1024),
                "outcome_labels": OUTCOME_LABELS,
                **context,
            },
            status_code=status,
        )

    @app.middleware("http")
    async def language(request: Request, call_next):
        chosen = request.query_params.get("lang")
        if chosen in TEXTS:
            request.session["lang"] = chosen
        return await call_next(request)

    @app.get("/", include_in_schema=False)
    def home(request: Request) -> Response:
        target = "/submissions" if _session_account(request, accounts) else "/login"
        return RedirectResponse(target, status_code=303)

    @app.get("/login", include_in_schema=False)
    def login_page(request: Request) -> Response:
        return page(request, "login.html")

    @app.post("/login", include_in_schema=False)
    def login(
        request: Request,
        name: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        if not csrf_valid(request.session, csrf):
            return page(request, "login.html", 403, error="bad_form")
        # The client's address as the connection gives it: a forwarded one only where
        # DVK_PORTAL_TRUSTED_PROXIES names the proxy (portal/server.py).
        client = request.client.host if request.client else "?"
        keys = (f"name:{login_name(name)}", f"address:{client}")
        if any(login_window.full(key) for key in keys):
            return page(request, "login.html", 429, error="login_throttled")
        account = accounts.login(name, password)
        if account is None:
            for key in keys:
                login_window.add(key)
            return page(request, "login.html", 401, error="login_failed")
        for key in keys:
            login_window.clear(key)
        lang = request.session.get("lang", "vi")
        request.session.clear()
        session = accounts.sessions.open(account.name)
        request.session.update(session=session, lang=lang, csrf=secrets.token_urlsafe(24))
        return RedirectResponse("/submissions", status_code=303)

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
        if csrf_valid(request.session, csrf):
            accounts.sessions.close(request.session.get("session"))
            request.session.clear()
        return RedirectResponse("/login", status_code=303)

    @app.get("/upload", include_in_schema=False)
    def upload_page(request: Request) -> Response:
        if not _session_account(request, accounts):
            return RedirectResponse("/login", status_code=303)
        return page(request, "upload.html")

    @app.post("/upload", include_in_schema=False)
    def upload_files(
        request: Request,
        files: Annotated[list[UploadFile] | None, File()] = None,
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        account = _session_account(request, accounts)
        if account is None:
            return RedirectResponse("/login", status_code=303)
        if not csrf_valid(request.session, csrf):
            return page(request, "upload.html", 403, error="bad_form")
        chosen = [f for f in files or [] if f.filename][:MAX_FORM_FILES]
        if not chosen:
            return page(request, "upload.html", 400, error="no_file")
        results = []
        for upload in chosen:
            if upload_window.full(account.name):
                results.append({"file": visible(upload.filename), "throttled": True})
                continue
            upload_window.add(account.name)
            data = upload.file.read(max_file_bytes() + 1)
            if len(data) > max_file_bytes():
                results.append({"file": visible(upload.filename), "too_large": True})
                continue
            received = receive(
                ws, registry.get(), account, covered(account), upload.filename, data, checker.check
            )
            results.append(
                {
                    "file": received.receipt.original_name,
                    "refused_unit": received.refused_unit,
                    "receipt": received.receipt.as_dict(),
                }
            )
        return page(request, "results.html", results=results)

    @app.get("/submissions", include_in_schema=False)
    def submissions_page(request: Request) -> Response:
        account = _session_account(request, accounts)
        if account is None:
            return RedirectResponse("/login", status_code=303)
        rows = uploads_of(ws, account)
        found = statuses(ws, rows)
        lang = request.session.get("lang", "vi")
        for row in rows:
            row["status"] = found[row["submission_id"]].label(lang)
            row["state"] = found[row["submission_id"]].state
        return page(request, "submissions.html", rows=rows, units=sorted(covered(account)))

    @app.get("/submissions/{submission_id}", include_in_schema=False)
    def receipt_page(request: Request, submission_id: str) -> Response:
        account = _session_account(request, accounts)
        if account is None:
            return RedirectResponse("/login", status_code=303)
        receipt = _own_receipt(ws, account, submission_id)
        if receipt is None:
            return page(request, "missing.html", 404)
        return page(request, "receipt.html", receipt=receipt)

    @app.get("/template", include_in_schema=False)
    def template(request: Request, unit: str = "", period: str = "") -> Response:
        account = _session_account(request, accounts)
        if account is None:
            return RedirectResponse("/login", status_code=303)
        if unit and unit.strip().casefold() not in covered(account):
            return page(request, "missing.html", 404)
        return _template_file(ws, registry.get(), unit or None, period or None)

    @app.post("/api/v1/submissions", tags=["submissions"])
    def api_submit(request: Request, file: Annotated[UploadFile, File()]) -> Response:
        """Check one file and, if its unit is one of the account's, put it into the inbox.

        200 with the receipt (accepted or rejected); 401 without a valid token; 403 for another
        unit's file (not stored); 413 over the size limit; 429 over the rate limit."""
        account = _token_account(request, accounts)
        if account is None:
            return _unauthorized()
        if upload_window.full(account.name):
            return JSONResponse({"detail": TEXTS["en"]["too_many"]}, 429, {"Retry-After": "60"})
        upload_window.add(account.name)
        data = file.file.read(max_file_bytes() + 1)
        if len(data) > max_file_bytes():
            return _too_large()
        received = receive(
            ws, registry.get(), account, covered(account), file.filename or "", data, checker.check
        )
        if received.refused_unit:
            detail = (
                f"{TEXTS['en']['refused']} {received.refused_unit}. {TEXTS['en']['not_stored']}"
            )
            return JSONResponse({"detail": detail}, 403)
        return JSONResponse(received.receipt.as_dict())

    @app.get("/api/v1/submissions", tags=["submissions"])
    def api_list(request: Request) -> Response:
        """The account's own files, newest first, each with its status."""
        account = _token_account(request, accounts)
        if account is None:
            return _unauthorized()
        rows = uploads_of(ws, account)
        found = statuses(ws, rows)
        for row in rows:
            status = found[row["submission_id"]]
            row |= {"status": status.state, "published_version": status.version}
        return JSONResponse(rows)

    @app.get("/api/v1/submissions/{submission_id}", tags=["submissions"])
    def api_receipt(request: Request, submission_id: str) -> Response:
        """The receipt of one of the account's files: the pipeline's once it has run."""
        account = _token_account(request, accounts)
        if account is None:
            return _unauthorized()
        receipt = _own_receipt(ws, account, submission_id)
        if receipt is None:
            return JSONResponse({"detail": "no such submission of this account"}, 404)
        return JSONResponse(receipt)

    secret = _secret_key(ws)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
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


def _session_account(request: Request, accounts: AccountStore) -> Account | None:
    """The account of the request's live server-side session (portal/sessions.py)."""
    name = accounts.sessions.account(request.session.get("session"))
    account = accounts.all().get(name) if name else None
    return None if account is None or account.disabled else account


def _token_account(request: Request, accounts: AccountStore) -> Account | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return accounts.by_token(token) if scheme.lower() == "bearer" and token else None


def _too_large() -> Response:
    limit = max_file_bytes()
    return JSONResponse(
        {"detail": f"Tệp quá lớn / The file is too large: at most {limit} bytes"}, 413
    )


def _unauthorized() -> Response:
    return JSONResponse(
        {"detail": "a valid API token is needed: Authorization: Bearer dvk_…"},
        401,
        {"WWW-Authenticate": "Bearer"},
    )


def _own_receipt(ws: Workspace, account: Account, submission_id: str) -> dict | None:
    """The pipeline's receipt if it has run, else the portal's; only of the account's files."""
    if not any(row["submission_id"] == submission_id for row in uploads_of(ws, account)):
        return None
    path = receipt_path(ws.receipts, submission_id)
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return stored_receipt(ws, submission_id)


def _template_file(ws: Workspace, registry: Registry, unit: str | None, period: str | None):
    from ingestion.writing.template import TemplateError, write_template

    folder = tempfile.mkdtemp(dir=portal_folder(ws))
    path = Path(folder) / "mau_bao_cao.xlsx"
    try:
        write_template(path, registry, unit=unit, period=period)
    except TemplateError as error:
        return JSONResponse({"detail": str(error)}, 400)
    return FileResponse(
        path,
        filename=f"mau_bao_cao_{unit or 'dvk'}_{period or ''}.xlsx".replace("_.xlsx", ".xlsx"),
        background=BackgroundTask(_remove_folder, folder),
    )


def _remove_folder(folder: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _secret_key(ws: Workspace) -> str:
    """The key signing session cookies: made once per workspace, kept 0600."""
    path = portal_folder(ws) / "session-key"
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
