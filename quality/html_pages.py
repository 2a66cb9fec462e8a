"""Plain static HTML for the reports auditors open from disk: no script, no network, one
small stylesheet, so a page reads the same in an office without internet access."""

from __future__ import annotations

import html
import os
from pathlib import Path

STYLESHEET = """
body { font: 15px/1.45 system-ui, "Segoe UI", "Noto Sans", sans-serif; margin: 0;
       color: #1d2430; background: #fff; }
main, .container, .container-fluid { max-width: 1180px; margin: 0 auto; padding: 16px 24px; }
header.dvk { background: #8f1d21; color: #fff; padding: 14px 24px; }
header.dvk h1 { margin: 0; font-size: 22px; }
header.dvk p { margin: 4px 0 0; opacity: .9; }
h2 { font-size: 18px; border-bottom: 2px solid #8f1d21; padding-bottom: 4px; margin-top: 28px; }
h2 .en, h1 .en { font-weight: normal; opacity: .8; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { border: 1px solid #d5d9e0; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f1f3f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: #176b2c; font-weight: 600; }
.fail { color: #b42318; font-weight: 600; }
.warn { color: #9a5b00; font-weight: 600; }
.tiles { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.tile { border: 1px solid #d5d9e0; border-radius: 6px; padding: 8px 14px; min-width: 130px; }
.tile b { display: block; font-size: 24px; }
code { font-size: 13px; }
a { color: #1f4fa3; }
.collapse { display: block; }
"""


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def page(title: str, subtitle: str, body: str, stylesheet_href: str | None = None) -> str:
    style = (
        f'<link rel="stylesheet" href="{esc(stylesheet_href)}">'
        if stylesheet_href
        else f"<style>{STYLESHEET}</style>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n{style}\n</head>\n<body>\n"
        f'<header class="dvk"><h1>{esc(title)}</h1><p>{esc(subtitle)}</p></header>\n'
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def heading(vi: str, en: str, anchor: str = "") -> str:
    anchor_attr = f' id="{esc(anchor)}"' if anchor else ""
    return f'<h2{anchor_attr}>{esc(vi)} <span class="en">/ {esc(en)}</span></h2>'


def table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """`rows` hold HTML already escaped; `numeric` names the right-aligned columns."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def tiles(items: list[tuple[str, object]]) -> str:
    return (
        '<div class="tiles">'
        + "".join(f'<div class="tile"><b>{esc(v)}</b>{label}</div>' for label, v in items)
        + "</div>"
    )


SHOWN = 200
"""Rows shown per table; the marts hold the rest."""


def relative_link(from_page: Path, target: Path, text: str) -> str:
    return f'<a href="{esc(os.path.relpath(target, from_page.parent))}">{esc(text)}</a>'
