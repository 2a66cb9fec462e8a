"""`dvk remind` and `dvk reminders`: letters to the offices owing reports, sent by e-mail with
`--send`, and the list of what was sent."""

from __future__ import annotations

import datetime as dt
import sys

from orchestration.commands.common import DvkError
from warehouse.workspace import Workspace


def remind(ws: Workspace, days: int, overdue: int, send: bool) -> int:
    """Letters for the units owing a report (reporting.reminders), where they are, and with
    `send` each office's new ones by e-mail (portal.reminder_mail)."""
    from reporting import reminders

    today = dt.date.today()
    try:
        version, owed = reminders.owed(ws, today, days, overdue)
    except reminders.NothingPublished as error:
        raise DvkError(f"{error}; run `dvk run` first") from error
    if not owed:
        print(f"dvk remind: no report due within {days} days or missing (version {version})")
        return 0
    folder = reminders.write(ws, today, version, owed)
    missing = sum(item.missing for item in owed)
    units = len({item.unit_code for item in owed})
    print(
        f"dvk remind: {units} unit(s) owe {len(owed)} report(s): {missing} missing, their "
        f"deadline passed within {overdue} days; {len(owed) - missing} due within {days} days "
        f"(version {version})"
    )
    print(f"Letters: {folder}/<unit>.txt; the list to send: {folder / 'reminders.csv'}")
    return _send(ws, today, version, owed) if send else 0


def _send(ws: Workspace, today: dt.date, version: str, owed: list) -> int:
    from portal import reminder_mail

    try:
        server = reminder_mail.SmtpServer.from_env()
        if server is None:
            raise DvkError(
                "--send: no SMTP server named; set DVK_SMTP_HOST (and DVK_SMTP_PORT, "
                "DVK_SMTP_FROM, DVK_SMTP_USER, DVK_SMTP_PASSWORD, DVK_SMTP_SECURITY as your "
                "server needs; docs/portal.md). The letters above are written."
            )
        outcome = reminder_mail.send(ws, server, today, version, owed)
    except reminder_mail.MailError as error:
        reminder_mail.write_page(ws)
        raise DvkError(str(error)) from error
    page = reminder_mail.write_page(ws)
    addresses = len({sent.to for sent in outcome.sent})
    print(
        f"Sent: {len(outcome.sent)} new reminder(s) to {addresses} address(es) through "
        f"{server.host}:{server.port}; {outcome.told_before} already sent before, not repeated"
    )
    if outcome.no_address:
        print(
            f"No contact address for {len(outcome.no_address)} unit(s) owing reports: "
            f"{_listed(outcome.no_address)} (`dvk accounts email NAME ADDRESS`)"
        )
    for address, answer in outcome.refused.items():
        print(f"refused by the server: {address}: {answer}", file=sys.stderr)
    print(f"What was sent: {page} (`dvk reminders`)")
    return 1 if outcome.refused else 0


def reminders_sent(ws: Workspace, limit: int) -> int:
    """The reminders sent, newest first, and the page that lists them all."""
    from ingestion.check.receipts import VIET_NAM
    from portal import reminder_mail

    sent = reminder_mail.already_sent(ws)
    page = reminder_mail.write_page(ws)
    if not sent:
        print(f"No reminder sent yet ({reminder_mail.sent_log(ws)}); `dvk remind --send`")
        return 0
    print("sent (UTC+7)\tto\tunit\tperiod\tstate\tdeadline")
    for row in list(reversed(sent))[:limit]:
        local = dt.datetime.fromisoformat(row.sent_at).astimezone(VIET_NAM)
        print(
            f"{local:%d/%m/%Y %H:%M}\t{row.to}\t{row.unit_code}\t{row.period_code}"
            f"\t{row.state}\t{row.deadline}"
        )
    more = f", the newest {limit} above" if len(sent) > limit else ""
    print(f"{len(sent)} reminder(s) sent{more}; all of them: {page}")
    return 0


def _listed(codes: list[str], shown: int = 8) -> str:
    head = ", ".join(codes[:shown])
    return head + (f" and {len(codes) - shown} more" if len(codes) > shown else "")
