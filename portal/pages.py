"""The portal's pages for people (Vietnamese by default, English on request): log in and out,
upload files, list them with their statuses, see the units' periods (in, late, due, missing),
read a receipt, download the template. Every page
but the login page takes its account from `current_account`."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.background import BackgroundTask

from ingestion.check.files import max_file_bytes
from ingestion.check.receipts import OUTCOME_LABELS
from portal.accounts import login_name, portal_folder
from portal.context import PageAccount, PortalDep, portal, session_account
from portal.periods import LABELS as PERIOD_LABELS
from portal.periods import my_periods
from portal.receiving import own_receipt, receive, uploads_of
from portal.security import csrf_token, csrf_valid
from portal.statuses import statuses
from portal.texts import TEXTS
from warehouse.exported_text import visible

MAX_FORM_FILES = 20

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, status: int = 200, **context) -> Response:
    """A page from its template, in the session's language, with what every page shows."""
    lang = request.session.get("lang", "vi")
    return portal(request).templates.TemplateResponse(
        request,
        name,
        {
            "t": TEXTS[lang],
            "lang": lang,
            "account": session_account(request),
            "csrf": csrf_token(request.session),
            "max_mb": round(max_file_bytes() / 1024 / 1024),
            "outcome_labels": OUTCOME_LABELS,
            **context,
        },
        status_code=status,
    )


@router.get("/")
def home(request: Request) -> Response:
    target = "/submissions" if session_account(request) else "/login"
    return RedirectResponse(target, status_code=303)


@router.get("/login")
def login_page(request: Request) -> Response:
    return render(request, "login.html")


@router.post("/login")
def login(
    request: Request,
    site: PortalDep,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    if not csrf_valid(request.session, csrf):
        return render(request, "login.html", 403, error="bad_form")
    # The client's address as the connection gives it: a forwarded one only where
    # DVK_PORTAL_TRUSTED_PROXIES names the proxy (portal/server.py).
    client = request.client.host if request.client else "?"
    keys = (f"name:{login_name(name)}", f"address:{client}")
    if any(site.login_window.full(key) for key in keys):
        return render(request, "login.html", 429, error="login_throttled")
    account = site.accounts.login(name, password)
    if account is None:
        for key in keys:
            site.login_window.add(key)
        return render(request, "login.html", 401, error="login_failed")
    for key in keys:
        site.login_window.clear(key)
    lang = request.session.get("lang", "vi")
    request.session.clear()
    session = site.accounts.sessions.open(account.name)
    request.session.update(session=session, lang=lang, csrf=secrets.token_urlsafe(24))
    return RedirectResponse("/submissions", status_code=303)


@router.post("/logout")
def logout(request: Request, site: PortalDep, csrf: Annotated[str, Form()] = "") -> Response:
    if csrf_valid(request.session, csrf):
        site.accounts.sessions.close(request.session.get("session"))
        request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/upload")
def upload_page(request: Request, _: PageAccount) -> Response:
    return render(request, "upload.html")


@router.post("/upload")
def upload_files(
    request: Request,
    site: PortalDep,
    account: PageAccount,
    files: Annotated[list[UploadFile] | None, File()] = None,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    if not csrf_valid(request.session, csrf):
        return render(request, "upload.html", 403, error="bad_form")
    chosen = [f for f in files or [] if f.filename][:MAX_FORM_FILES]
    if not chosen:
        return render(request, "upload.html", 400, error="no_file")
    results = []
    for upload in chosen:
        if site.upload_window.full(account.name):
            results.append({"file": visible(upload.filename), "throttled": True})
            continue
        site.upload_window.add(account.name)
        data = upload.file.read(max_file_bytes() + 1)
        if len(data) > max_file_bytes():
            results.append({"file": visible(upload.filename), "too_large": True})
            continue
        received = receive(
            site.ws,
            site.registry.get(),
            account,
            site.covered(account),
            upload.filename,
            data,
            site.checker.check,
        )
        results.append(
            {
                "file": received.receipt.original_name,
                "refused_unit": received.refused_unit,
                "receipt": received.receipt.as_dict(),
            }
        )
    return render(request, "results.html", results=results)


@router.get("/submissions")
def submissions_page(request: Request, site: PortalDep, account: PageAccount) -> Response:
    rows = uploads_of(site.ws, account)
    found = statuses(site.ws, rows)
    lang = request.session.get("lang", "vi")
    for row in rows:
        row["status"] = found[row["submission_id"]].label(lang)
        row["state"] = found[row["submission_id"]].state
    return render(request, "submissions.html", rows=rows, units=sorted(site.covered(account)))


@router.get("/periods")
def periods_page(request: Request, site: PortalDep, account: PageAccount) -> Response:
    """The account's units' periods: in on time, late, still due, missing (`portal.periods`)."""
    periods, completeness = my_periods(site.ws, site.covered(account))
    return render(
        request, "periods.html", periods=periods, completeness=completeness, labels=PERIOD_LABELS
    )


@router.get("/submissions/{submission_id}")
def receipt_page(
    request: Request, site: PortalDep, account: PageAccount, submission_id: str
) -> Response:
    receipt = own_receipt(site.ws, account, submission_id)
    if receipt is None:
        return render(request, "missing.html", 404)
    versions = site.registry.get().versions(str(receipt.get("unit_code") or ""))
    rows = [r for r in uploads_of(site.ws, account) if r["submission_id"] == submission_id]
    status = statuses(site.ws, rows).get(submission_id)
    lang = request.session.get("lang", "vi")
    return render(
        request,
        "receipt.html",
        receipt=receipt,
        unit_name=versions[-1].unit_name if versions else None,
        file_status=status.label(lang) if status else None,
        state=status.state if status else receipt["outcome"],
    )


@router.get("/template")
def template(
    request: Request, site: PortalDep, account: PageAccount, unit: str = "", period: str = ""
) -> Response:
    if unit and unit.strip().casefold() not in site.covered(account):
        return render(request, "missing.html", 404)
    return _template_file(site, unit or None, period or None)


def _template_file(site, unit: str | None, period: str | None) -> Response:
    from ingestion.writing.template import TemplateError, write_template

    folder = tempfile.mkdtemp(dir=portal_folder(site.ws))
    path = Path(folder) / "mau_bao_cao.xlsx"
    try:
        write_template(path, site.registry.get(), unit=unit, period=period)
    except TemplateError as error:
        return JSONResponse({"detail": str(error)}, 400)
    return FileResponse(
        path,
        filename=f"mau_bao_cao_{unit or 'dvk'}_{period or ''}.xlsx".replace("_.xlsx", ".xlsx"),
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
