"""Data Docs that open offline: Great Expectations' pages load Bootstrap, jQuery and their
index table from CDNs, so on a closed network the index is blank. After each build the site's
pages lose their remote links and get a local stylesheet, and the index is replaced by a
static one listing every suite with its result."""

from __future__ import annotations

import os
import re
from pathlib import Path

from quality.html_pages import STYLESHEET, esc, page, table, tiles

STYLESHEET_PATH = Path("static") / "styles" / "dvk.css"
_REMOTE = [
    re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>', re.IGNORECASE),
    re.compile(r'<link[^>]*\bhref="https?://[^"]*"[^>]*>', re.IGNORECASE),
    re.compile(r'<img[^>]*\bsrc="https?://[^"]*"[^>]*>', re.IGNORECASE),
]


def make_offline(site: Path, results: list) -> None:
    """Strip remote assets from every page of `site` and write its static index."""
    (site / STYLESHEET_PATH).parent.mkdir(parents=True, exist_ok=True)
    (site / STYLESHEET_PATH).write_text(STYLESHEET, encoding="utf-8")
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in _REMOTE:
            text = pattern.sub("", text)
        href = os.path.relpath(site / STYLESHEET_PATH, path.parent)
        text = text.replace("</head>", f'<link rel="stylesheet" href="{href}">\n</head>', 1)
        path.write_text(text, encoding="utf-8")
    (site / "index.html").write_text(_index(site, results), encoding="utf-8")


def _index(site: Path, results: list) -> str:
    rows = []
    for result in results:
        validation = next(iter(sorted((site / "validations" / result.suite).rglob("*.html"))), None)
        suite_page = site / "expectations" / f"{result.suite}.html"
        outcome = (
            '<span class="pass">đạt / passed</span>'
            if result.success
            else '<span class="fail">không đạt / failed</span>'
            if result.blocking
            else '<span class="warn">cảnh báo / warning</span>'
        )
        links = []
        if validation:
            links.append(f'<a href="{esc(validation.relative_to(site))}">kết quả / results</a>')
        if suite_page.exists():
            links.append(f'<a href="{esc(suite_page.relative_to(site))}">bộ kiểm tra / suite</a>')
        failed = "; ".join(
            f"{esc(f.expectation)} ({esc(f.columns)}): {f.unexpected}" for f in result.failures
        )
        rows.append(
            [
                f"<code>{esc(result.suite)}</code>",
                esc(result.model),
                "chặn / blocking" if result.blocking else "cảnh báo / warning",
                str(result.rows),
                str(result.expectations),
                outcome,
                failed or "—",
                " · ".join(links),
            ]
        )
    passed = sum(result.success for result in results)
    summary = tiles(
        [
            ("bộ kiểm tra / suites", len(results)),
            ("đạt / passed", passed),
            (
                "chặn, không đạt / blocking failed",
                sum(not r.success and r.blocking for r in results),
            ),
            ("cảnh báo / warnings", sum(not r.success and not r.blocking for r in results)),
        ]
    )
    body = summary + table(
        [
            "Bộ kiểm tra / Suite",
            "Bảng / Model",
            "Loại / Kind",
            "Số dòng / Rows",
            "Kỳ vọng / Expectations",
            "Kết quả / Result",
            "Không đạt / Failed expectations",
            "Chi tiết / Details",
        ],
        rows,
        numeric={3, 4},
    )
    return page(
        "Data Docs · Kiểm tra chất lượng dữ liệu / Data quality checks",
        "Great Expectations, lần chạy gần nhất / latest run",
        body,
        stylesheet_href=str(STYLESHEET_PATH),
    )
