"""The portal's pages as an office uses them: in a real Chromium (Debian's, through selenium and
chromium-driver) against a real `dvk portal`, and their guards over plain HTTP."""

from __future__ import annotations

import base64
import io
import os
import re
import unicodedata
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions
from selenium.webdriver.support import expected_conditions as arrived
from selenium.webdriver.support.wait import WebDriverWait

from ingestion.writing.writers import write_json
from tests.conftest import demo_workspace, info, registration
from tests.libreoffice import pdf_pages
from tests.portal.server import add_account, portal
from tests.processes import dvk

SCREENSHOTS = os.environ.get("DVK_SCREENSHOTS")
"""Where the pages' screenshots go (`make screenshots` sets docs/img); else the test's folder."""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    ws = demo_workspace(root / "home")
    account = add_account(ws.home, "bth-lagi", "--unit", "BTH-LAGI")
    with portal(ws.home, DVK_PORTAL_FAILED_LOGINS="3") as url:
        yield {"ws": ws, "url": url, "account": account, "root": root}


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(flag)
    options.add_argument("--lang=vi")
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    try:
        yield driver
    finally:
        driver.quit()


def shot(driver, site, name: str) -> Path:
    folder = Path(SCREENSHOTS) if SCREENSHOTS else site["root"]
    path = folder / f"portal-{name}.png"
    driver.get_screenshot_as_file(str(path))
    assert path.stat().st_size > 10_000  # a drawn page, not a blank one
    return path


def test_an_office_logs_in_uploads_a_good_and_a_bad_file_and_reads_both_receipts(site, browser):
    files = site["root"] / "files"
    files.mkdir()
    lagi = info(unit_code="BTH-LAGI", period="2024-H1", submitted_on="01/07/2024")
    good = write_json(
        files / "La Gi 6 tháng 2024.json",
        lagi,
        {"registrations": [registration(model_code="LG-1")]},
    )
    bad_rows = [registration(model_code="LG-2", field="Không có lĩnh vực này")]
    bad = write_json(files / "La Gi lỗi.json", lagi, {"registrations": bad_rows})

    browser.get(site["url"])
    assert browser.current_url.endswith("/login")
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "Cổng nộp báo cáo Dân vận khéo" in page and "Mật khẩu" in page
    assert unicodedata.is_normalized("NFC", browser.page_source)
    shot(browser, site, "login")
    browser.find_element(By.ID, "name").send_keys(site["account"].name)
    browser.find_element(By.ID, "password").send_keys(site["account"].password)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 30).until(arrived.url_contains("/submissions"))
    assert "Chưa có tệp nào." in browser.find_element(By.TAG_NAME, "main").text

    browser.get(f"{site['url']}/upload")
    browser.find_element(By.ID, "files").send_keys(f"{good}\n{bad}")
    browser.find_element(By.CSS_SELECTOR, "form[action='/upload'] button").click()
    WebDriverWait(browser, 60).until(
        arrived.presence_of_element_located((By.CSS_SELECTOR, "section.result"))
    )
    results = browser.find_elements(By.CSS_SELECTOR, "section.result")
    assert [r.find_element(By.TAG_NAME, "h3").text for r in results] == [good.name, bad.name]
    assert "Được chấp nhận" in results[0].text and "Không có vấn đề nào." in results[0].text
    assert "Bị từ chối" in results[1].text and "Vui lòng sửa các lỗi sau" in results[1].text
    assert "Tệp bị từ chối" in results[1].text
    error_row = results[1].find_element(By.CSS_SELECTOR, "table.findings tbody tr.error")
    cells = [cell.text for cell in error_row.find_elements(By.TAG_NAME, "td")]
    assert cells[0] == "Lỗi" and cells[4] == "field" and cells[5] == "Không có lĩnh vực này"
    browser.set_window_size(1280, 1400)
    shot(browser, site, "receipts")

    browser.get(f"{site['url']}/submissions")
    rows = browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    listed = {row.find_elements(By.TAG_NAME, "td")[0].text: row.text for row in rows}
    assert set(listed) == {good.name, bad.name}
    # The rejected file is listed as rejected at once: the run will say the same.
    assert "Đã nhận, chờ xử lý" in listed[good.name]
    assert "Bị từ chối" in listed[bad.name] and "chờ xử lý" not in listed[bad.name]
    shot(browser, site, "submissions")
    rows[0].find_element(By.TAG_NAME, "a").click()
    WebDriverWait(browser, 30).until(
        arrived.text_to_be_present_in_element((By.TAG_NAME, "h2"), "Biên nhận")
    )

    browser.get(f"{site['url']}/submissions?lang=en")
    assert "Received, waiting to be processed" in browser.find_element(By.TAG_NAME, "main").text

    # Before any run nothing is published: the periods page says so (after one, test_api.py).
    browser.get(f"{site['url']}/periods?lang=vi")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Kỳ báo cáo của tôi" in main and "Chưa có số liệu công bố." in main


def log_in(browser, site) -> None:
    browser.get(f"{site['url']}/login?lang=vi")
    browser.find_element(By.ID, "name").send_keys(site["account"].name)
    browser.find_element(By.ID, "password").send_keys(site["account"].password)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 30).until(arrived.url_contains("/submissions"))


@pytest.mark.slow  # a run publishes the upload
def test_after_a_run_my_periods_show_missing_and_late_and_the_receipt_prints_to_pdf(site, browser):
    from pypdf import PdfReader

    lagi = info(unit_code="BTH-LAGI", period="2024-H1", submitted_on="01/07/2024")
    path = write_json(
        site["root"] / "La Gi 6 tháng đầu 2024.json",
        lagi,
        {"registrations": [registration(model_code="LG-P1")]},
    )
    with path.open("rb") as handle:
        sent = httpx.post(
            f"{site['url']}/api/v1/submissions",
            files={"file": (path.name, handle, "application/json")},
            headers={"Authorization": f"Bearer {site['account'].token}"},
        )
    assert sent.status_code == 200, sent.text
    submission_id = sent.json()["submission_id"]
    ran = dvk(site["ws"].home, "run")
    assert ran.returncode == 0, ran.stderr[-3000:]

    log_in(browser, site)
    browser.get(f"{site['url']}/periods")
    rows = browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    states = {row.find_elements(By.TAG_NAME, "td")[1].text: row for row in rows}
    assert "2024-H1" in states and "2024-H2" in states, list(states)
    assert states["2024-H1"].find_elements(By.CSS_SELECTOR, ".state-late")
    assert states["2024-H2"].find_elements(By.CSS_SELECTOR, ".state-missing")
    browser.set_window_size(1280, 1100)
    shot(browser, site, "periods")

    browser.get(f"{site['url']}/submissions/{submission_id}")
    summary = {
        row.find_element(By.TAG_NAME, "th").text: row.find_element(By.TAG_NAME, "td").text
        for row in browser.find_elements(By.CSS_SELECTOR, "table.summary tr")
    }
    number, received = summary["Số biên nhận"], summary["Nhận lúc"]
    assert re.fullmatch(r"BN-20\d\d-\d{6}", number), number
    assert re.fullmatch(r"\d\d/\d\d/20\d\d \d\d:\d\d \(UTC\+7\)", received), received
    assert summary["Đơn vị"] == "BTH-LAGI — Thị ủy La Gi"
    status = browser.find_element(By.CSS_SELECTOR, "p.status").text
    assert re.search(r"Đã công bố, bản số liệu \d\d/\d\d/20\d\d \d\d:\d\d \(UTC\+7\)", status)
    shot(browser, site, "receipt")
    pdf = base64.b64decode(browser.print_page(PrintOptions()))
    assert pdf.startswith(b"%PDF") and pdf_pages(pdf) == 1
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert number in text and received in text and "Thị ủy La Gi" in text
    assert "Ctrl+P" not in text and "Đăng xuất" not in text  # the screen's words stay on screen
    (Path(SCREENSHOTS) if SCREENSHOTS else site["root"]).joinpath("portal-receipt.pdf").write_bytes(
        pdf
    )


def test_sessions_are_httponly_samesite_cookies_and_pages_carry_the_security_headers(site):
    answer = httpx.get(f"{site['url']}/login")
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert "script-src" not in answer.headers["content-security-policy"]
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["x-frame-options"] == "DENY"
    assert "<script" not in answer.text


def test_a_form_without_its_csrf_token_is_refused(site):
    with httpx.Client(base_url=site["url"]) as client:
        client.get("/login")
        account = site["account"]
        forged = client.post("/login", data={"name": account.name, "password": account.password})
        assert forged.status_code == 403
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
        data = {"name": account.name, "password": account.password, "csrf": token}
        assert client.post("/login", data=data).status_code == 303
        upload = client.post("/upload", files={"files": ("x.json", b"{}")}, data={"csrf": "forged"})
        assert upload.status_code == 403
        assert not [p for p in site["ws"].inbox.iterdir() if p.name == "x.json"]


def test_the_template_comes_pre_filled_for_the_account_s_own_units_only(site):
    from python_calamine import CalamineWorkbook

    with httpx.Client(base_url=site["url"]) as client:
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
        account = site["account"]
        data = {"name": account.name, "password": account.password, "csrf": token}
        assert client.post("/login", data=data).status_code == 303
        own = client.get("/template", params={"unit": "BTH-LAGI", "period": "2024-H1"})
        assert (
            own.status_code == 200
            and "mau_bao_cao_BTH-LAGI_2024-H1.xlsx" in own.headers["content-disposition"]
        )
        book = site["root"] / "template.xlsx"
        book.write_bytes(own.content)
        cells = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Thông tin").to_python()
        assert any("BTH-LAGI" in map(str, row) for row in cells)
        assert client.get("/template", params={"unit": "BTH-TUYPHONG"}).status_code == 404


def test_failed_logins_are_throttled(site):
    with httpx.Client(base_url=site["url"]) as client:

        def attempt(password: str) -> int:
            token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
            data = {"name": "nobody", "password": password, "csrf": token}
            return client.post("/login", data=data).status_code

        assert [attempt("wrong") for _ in range(3)] == [401, 401, 401]
        assert attempt("wrong") == 429
