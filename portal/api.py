"""The portal's API for machines (`/api/v1`, documented at `/api/docs`): send a file, list the
account's files, read a receipt. Every call takes its account from its token (`api_account`):
401 without a valid one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import JSONResponse, Response

from ingestion.check.files import max_file_bytes
from portal.context import ApiAccount, PortalDep
from portal.periods import as_dicts, my_periods
from portal.receiving import own_receipt, receive, uploads_of
from portal.statuses import statuses
from portal.texts import TEXTS

router = APIRouter(prefix="/api/v1", tags=["submissions"])


@router.post("/submissions")
def api_submit(
    site: PortalDep, account: ApiAccount, file: Annotated[UploadFile, File()]
) -> Response:
    """Check one file and, if its unit is one of the account's, put it into the inbox.

    200 with the receipt (accepted or rejected); 401 without a valid token; 403 for another
    unit's file (not stored); 413 over the size limit; 429 over the rate limit."""
    if site.upload_window.full(account.name):
        return JSONResponse({"detail": both("too_many")}, 429, {"Retry-After": "60"})
    site.upload_window.add(account.name)
    data = file.file.read(max_file_bytes() + 1)
    if len(data) > max_file_bytes():
        return too_large()
    received = receive(
        site.ws,
        site.registry.get(),
        account,
        site.covered(account),
        file.filename or "",
        data,
        site.checker.check,
    )
    if received.refused_unit:
        unit = received.refused_unit
        detail = " / ".join(
            f"{TEXTS[lang]['refused']} {unit}. {TEXTS[lang]['not_stored']}" for lang in ("vi", "en")
        )
        return JSONResponse({"detail": detail}, 403)
    return JSONResponse(received.receipt.as_dict())


@router.get("/submissions")
def api_list(site: PortalDep, account: ApiAccount) -> Response:
    """The account's own files, newest first, each with its status."""
    rows = uploads_of(site.ws, account)
    found = statuses(site.ws, rows)
    for row in rows:
        status = found[row["submission_id"]]
        row |= {"status": status.state, "published_version": status.version}
    return JSONResponse(rows)


@router.get("/periods")
def api_periods(site: PortalDep, account: ApiAccount) -> Response:
    """The account's units' periods, what to do first first: each with its deadline and state
    (`on_time`, `late`, `due`, `missing`, `rejected`), and the share of the periods past their
    deadline that were sent and sent on time; as of the published version it names."""
    periods, completeness = my_periods(site.ws, site.covered(account))
    return JSONResponse(
        {
            "published_version": completeness.version,
            "past_deadline": completeness.periods,
            "sent": completeness.sent,
            "on_time": completeness.on_time,
            "periods": as_dicts(periods),
        }
    )


@router.get("/submissions/{submission_id}")
def api_receipt(site: PortalDep, account: ApiAccount, submission_id: str) -> Response:
    """The receipt of one of the account's files: the pipeline's once it has run."""
    receipt = own_receipt(site.ws, account, submission_id)
    if receipt is None:
        detail = "Tài khoản này không có tệp này / No such submission of this account"
        return JSONResponse({"detail": detail}, 404)
    return JSONResponse(receipt)


def both(key: str) -> str:
    """A message in Vietnamese, then in English: the API's answers are read by both."""
    return f"{TEXTS['vi'][key]} / {TEXTS['en'][key]}"


def too_large() -> Response:
    limit = max_file_bytes()
    return JSONResponse(
        {"detail": f"Tệp quá lớn / The file is too large: at most {limit} bytes"}, 413
    )
