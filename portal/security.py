"""The portal's guards: a body-size limit enforced while the body arrives, security headers on
every answer, a sliding-window limiter for uploads and for failed logins, and CSRF tokens."""

from __future__ import annotations

import hmac
import secrets

PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
"""No script at all on the portal's pages; they work without JavaScript."""
API_DOCS_POLICY = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
    "connect-src 'self'; frame-ancestors 'none'"
)
"""`/api/docs` only: FastAPI's Swagger page is a script loaded from its CDN."""


class TooLarge(BaseException):
    """Not an `Exception`: FastAPI turns any error of reading a form into "400, There was an
    error parsing the body", and a chunked body over the limit is found while it is read."""


class BodyLimit:
    """ASGI middleware: 413 for a body over `limit` bytes, from its Content-Length before a byte
    is read, or as soon as a streamed body passes the limit. `file_limit`: what the answer says
    a file may weigh."""

    def __init__(self, app, limit: int, file_limit: int):
        self.app, self.limit, self.file_limit = app, limit, file_limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            return await _too_large(send, self.file_limit)
        seen = 0
        started = False

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge
            return message

        async def watched_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except* TooLarge:  # raised inside a task group of Starlette's middleware too
            if not started:
                await _too_large(send, self.file_limit)


async def _too_large(send, limit: int) -> None:
    body = f'{{"detail": "Tệp quá lớn / The file is too large: at most {limit} bytes"}}'.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """ASGI middleware: the headers of docs/portal.md on every answer."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        policy = API_DOCS_POLICY if scope["path"] == "/api/docs" else PAGE_POLICY

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (b"content-security-policy", policy.encode()),
                    (b"x-frame-options", b"DENY"),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"cache-control", b"no-store"),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


def csrf_token(session: dict) -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def csrf_valid(session: dict, sent: str | None) -> bool:
    expected = session.get("csrf")
    return bool(expected and sent and hmac.compare_digest(expected, sent))
