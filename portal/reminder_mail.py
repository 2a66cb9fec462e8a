"""Reminders by e-mail (`dvk remind --send`): each office's contact address (the `email` of its
portal accounts) gets what its units owe, through the SMTP server the workspace's environment
names, and only what it has not been told yet. Each (address, unit, period, state) is sent once
and kept in `portal/reminders.jsonl`, so a daily run sends nothing until a period falls due or a
deadline passes with the report still missing, and the data team can list what went to whom.

The letters are `reporting.reminders`' own; this module finds who receives them and sends them.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import smtplib
import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from ingestion.check.receipts import VIET_NAM
from ingestion.reference.registry import Registry
from portal.accounts import AccountStore, portal_folder
from portal.scope import covered_units
from reporting.reminders import Owed, letter
from warehouse.workspace import Workspace

SECURITY = ("none", "starttls", "ssl")


class MailError(Exception):
    """The SMTP server cannot be reached or refuses us: nothing was sent, nothing recorded."""


@dataclass(frozen=True)
class SmtpServer:
    """`DVK_SMTP_HOST` (no host: nothing is sent), `DVK_SMTP_PORT` (25, or 465 with ssl),
    `DVK_SMTP_FROM`, `DVK_SMTP_USER` and `DVK_SMTP_PASSWORD` (a login when a user is set),
    `DVK_SMTP_SECURITY`: none, starttls or ssl (none)."""

    host: str
    port: int
    sender: str
    user: str = ""
    password: str = field(default="", repr=False)
    security: str = "none"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> SmtpServer | None:
        host = env.get("DVK_SMTP_HOST", "").strip()
        if not host:
            return None
        security = env.get("DVK_SMTP_SECURITY", "none").strip().lower() or "none"
        if security not in SECURITY:
            raise MailError(f"DVK_SMTP_SECURITY={security!r}: one of {', '.join(SECURITY)}")
        default_port = "465" if security == "ssl" else "25"
        port = env.get("DVK_SMTP_PORT", default_port).strip()
        if not port.isdigit():
            raise MailError(f"DVK_SMTP_PORT={port!r}: a port number")
        return cls(
            host=host,
            port=int(port),
            sender=env.get("DVK_SMTP_FROM", "").strip() or f"dvk@{host}",
            user=env.get("DVK_SMTP_USER", "").strip(),
            password=env.get("DVK_SMTP_PASSWORD", ""),
            security=security,
        )

    @property
    def where(self) -> str:
        return f"the SMTP server {self.host}:{self.port}"


@dataclass(frozen=True)
class Sent:
    sent_at: str
    to: str
    unit_code: str
    period_code: str
    state: str
    deadline: str
    version: str
    message_id: str


@dataclass
class Outcome:
    sent: list[Sent] = field(default_factory=list)
    told_before: int = 0
    """Reminders owed that their addresses had already had."""
    no_address: list[str] = field(default_factory=list)
    """Units owing reports that no enabled account with an e-mail covers."""
    refused: dict[str, str] = field(default_factory=dict)
    """Address → the server's answer, for the messages it did not take."""


def sent_log(ws: Workspace) -> Path:
    return portal_folder(ws) / "reminders.jsonl"


def already_sent(ws: Workspace) -> list[Sent]:
    try:
        lines = sent_log(ws).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    return [Sent(**json.loads(line)) for line in lines if line.strip()]


def send(
    ws: Workspace, server: SmtpServer, today: dt.date, version: str, owed: list[Owed]
) -> Outcome:
    """Each address's new reminders in one message; each message recorded once the server took
    it (a message it refuses is tried again on the next run)."""
    outcome = Outcome()
    by_address, outcome.no_address = _recipients(ws, owed)
    told = {(s.to.casefold(), s.unit_code, s.period_code, s.state) for s in already_sent(ws)}
    new: dict[str, list[Owed]] = {}
    for address, items in by_address.items():
        for item in items:
            if (address.casefold(), item.unit_code, item.period_code, _state(item)) in told:
                outcome.told_before += 1
            else:
                new.setdefault(address, []).append(item)
    if not new:
        return outcome
    with _connected(server) as smtp:
        for address, items in new.items():
            message = _message(server, address, today, version, items)
            try:
                smtp.send_message(message)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
                outcome.refused[address] = str(error)
                continue
            except (OSError, smtplib.SMTPException) as error:
                raise MailError(
                    f"{server.where} stopped after {len(outcome.sent)} reminder(s), each "
                    f"recorded: {error}; the next `dvk remind --send` sends the rest"
                ) from error
            outcome.sent += _record(ws, message, address, version, items)
    return outcome


def _recipients(ws: Workspace, owed: list[Owed]) -> tuple[dict[str, list[Owed]], list[str]]:
    registry = Registry.load(ws.units_dir)
    covering: dict[str, set[str]] = {}
    for account in AccountStore.of(ws).all().values():
        if account.email and not account.disabled:
            for unit in covered_units(account, registry):
                covering.setdefault(unit, set()).add(account.email)
    by_address: dict[str, list[Owed]] = {}
    no_address: list[str] = []
    for item in owed:
        addresses = covering.get(item.unit_code.casefold())
        if not addresses and item.unit_code not in no_address:
            no_address.append(item.unit_code)
        for address in sorted(addresses or ()):
            by_address.setdefault(address, []).append(item)
    return by_address, no_address


def _message(
    server: SmtpServer, address: str, today: dt.date, version: str, items: list[Owed]
) -> EmailMessage:
    by_unit: dict[str, list[Owed]] = {}
    for item in items:
        by_unit.setdefault(item.unit_code, []).append(item)
    message = EmailMessage()
    missing = sum(item.missing for item in items)
    message["Subject"] = (
        f"[Dân vận khéo] Nhắc nộp báo cáo: {len(items)} kỳ ({missing} quá hạn) / "
        f"Report reminder: {len(items)} period(s), {missing} overdue"
    )
    message["From"] = server.sender
    message["To"] = address
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = make_msgid(domain=server.sender.rpartition("@")[2] or "dvk")
    body = "\n\n======\n\n".join(letter(unit, today, version) for unit in by_unit.values())
    message.set_content(body)
    return message


def _record(
    ws: Workspace, message: EmailMessage, address: str, version: str, items: list[Owed]
) -> list[Sent]:
    """Appended and flushed to disk before the next message goes, so a run killed half-way
    does not send these again."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    sent = [
        Sent(
            sent_at=now,
            to=address,
            unit_code=item.unit_code,
            period_code=item.period_code,
            state=_state(item),
            deadline=item.deadline.isoformat(),
            version=version,
            message_id=str(message["Message-ID"]),
        )
        for item in items
    ]
    path = sent_log(ws)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        for row in sent:
            handle.write(json.dumps(row.__dict__, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return sent


def _state(item: Owed) -> str:
    return "missing" if item.missing else "due"


@contextmanager
def _connected(server: SmtpServer) -> Iterator[smtplib.SMTP]:
    """An SMTP session, secured and logged in as the server asks; errors name the server."""
    try:
        if server.security == "ssl":
            context = ssl.create_default_context()
            smtp = smtplib.SMTP_SSL(server.host, server.port, timeout=30, context=context)
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=30)
            if server.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        if server.user:
            smtp.login(server.user, server.password)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"{server.where} (DVK_SMTP_HOST): {error}; nothing sent") from error
    try:
        yield smtp
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def write_page(ws: Workspace) -> Path:
    """`reports/reminders/sent.html`: every reminder sent, newest first, for the data team."""
    rows = []
    for sent in reversed(already_sent(ws)):
        moment = dt.datetime.fromisoformat(sent.sent_at).astimezone(VIET_NAM)
        state = "quá hạn, chưa nhận / missing" if sent.state == "missing" else "sắp đến hạn / due"
        deadline = dt.date.fromisoformat(sent.deadline)
        cells = [
            f"{moment:%d/%m/%Y %H:%M}",
            sent.to,
            sent.unit_code,
            sent.period_code,
            state,
            f"{deadline:%d/%m/%Y}",
            sent.version,
        ]
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    headers = [
        "Gửi lúc (UTC+7) / Sent",
        "Tới / To",
        "Đơn vị / Unit",
        "Kỳ / Period",
        "Nhắc vì / Why",
        "Hạn nộp / Deadline",
        "Phiên bản số liệu / Version",
    ]
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "\n".join(rows) or f'<tr><td colspan="{len(headers)}">Chưa gửi / none yet</td></tr>'
    page = PAGE.format(count=len(rows), head=head, body=body)
    path = ws.reports / "reminders" / "sent.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(".sent.html.tmp")
    temporary.write_text(page, encoding="utf-8")
    temporary.replace(path)
    return path


PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<title>Thư nhắc đã gửi / Reminders sent</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #bbb; padding: .3rem .6rem; text-align: left; }}
th {{ background: #eef; }}
</style></head><body>
<h1>Thư nhắc nộp báo cáo đã gửi <small>/ Reminders sent</small></h1>
<p>{count} thư nhắc (mỗi đơn vị × kỳ × địa chỉ) / reminders, newest first
(<code>dvk remind --send</code>; <code>dvk reminders</code>).</p>
<table><thead><tr>{head}</tr></thead><tbody>
{body}
</tbody></table></body></html>
"""
