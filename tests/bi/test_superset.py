"""Apache Superset on the demo's published marts, as `make bi` sets it up: each chart's numbers
through `/api/v1/chart/data` equal the same query on the marts, the connection refuses writes
and file reads, a new published version is seen without a restart and no query fails during
the swap, and the dashboard draws in Chromium. Installs `.venv-bi` the first time."""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import duckdb
import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as arrived
from selenium.webdriver.support.wait import WebDriverWait

from ingestion.writing.writers import write_json
from tests.conftest import demo_copy, info, registration
from tests.processes import dvk, free_port

ROOT = Path(__file__).resolve().parents[2]
BI_PYTHON = ROOT / ".venv-bi" / "bin" / "python"
PASSWORD = "dvk-test-admin"
SCREENSHOTS = os.environ.get("DVK_SCREENSHOTS")

pytestmark = pytest.mark.slow


def _environment(home: Path) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"} | {
        "DVK_HOME": str(home),
        "DVK_BI_ADMIN_PASSWORD": PASSWORD,
    }


@pytest.fixture(scope="module")
def superset(tmp_path_factory, demo_made):
    if not (ROOT / ".venv-bi" / ".installed").exists():
        subprocess.run(["make", "install-bi"], cwd=ROOT, check=True, capture_output=True)
    home = demo_copy(demo_made, tmp_path_factory.mktemp("bi") / "demo")
    launch = [str(BI_PYTHON), str(ROOT / "bi" / "launch.py")]
    setup = subprocess.run(
        [*launch, "setup", "--home", str(home)],
        env=_environment(home),
        capture_output=True,
        text=True,
    )
    assert setup.returncode == 0, setup.stderr[-3000:]
    port = free_port()
    log = (home.parent / "superset.log").open("w")
    server = subprocess.Popen(
        [*launch, "serve", "--home", str(home), "--port", str(port)],
        env=_environment(home),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while not _healthy(url):
            assert server.poll() is None, (home.parent / "superset.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "Superset did not start in 120 s"
            time.sleep(0.5)
        client = httpx.Client(base_url=url, timeout=120)
        login = {"username": "admin", "password": PASSWORD, "provider": "db", "refresh": False}
        token = client.post("/api/v1/security/login", json=login).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        yield {"url": url, "client": client, "home": home, "launch": launch}
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def charts(client: httpx.Client) -> list[dict]:
    listed = client.get("/api/v1/chart/", params={"q": json.dumps({"page_size": 100})}).json()
    return [client.get(f"/api/v1/chart/{c['id']}").json()["result"] for c in listed["result"]]


def chart_query(chart: dict, filters: list | None = None) -> dict:
    """The query context of a chart's saved form data: its dimensions and metrics."""
    params = json.loads(chart["params"])
    columns = [params[key] for key in ("x_axis", "entity") if params.get(key)]
    for key in ("groupby", "groupbyRows", "groupbyColumns", "all_columns"):
        columns += params.get(key, [])
    metrics = params.get("metrics") or ([params["metric"]] if params.get("metric") else [])
    query = {"columns": columns, "metrics": metrics, "row_limit": 10000}
    return {
        "datasource": {"id": chart["datasource_id"], "type": "table"},
        "queries": [query | {"filters": filters or []}],
        "result_format": "json",
        "result_type": "full",
    }


def chart_rows(client: httpx.Client, chart: dict, filters: list | None = None) -> list[tuple]:
    answer = client.post("/api/v1/chart/data", json=chart_query(chart, filters))
    assert answer.status_code == 200, answer.text[:2000]
    result = answer.json()["result"][0]
    return sorted(tuple(row.values()) for row in result["data"])


def marts_rows(client: httpx.Client, chart: dict, marts: Path) -> list[tuple]:
    """The same dimensions and metrics computed straight from the marts, from the dataset's SQL."""
    dataset = client.get(f"/api/v1/dataset/{chart['datasource_id']}").json()["result"]
    expressions = {m["metric_name"]: m["expression"] for m in dataset["metrics"]}
    query = chart_query(chart)["queries"][0]
    dimensions = ", ".join(f'"{c}"' for c in query["columns"])
    metrics = ", ".join(expressions[m] for m in query["metrics"])
    select = ", ".join(part for part in (dimensions, metrics) if part)
    grouped = " group by all" if query["metrics"] else ""
    with duckdb.connect(str(marts), read_only=True) as con:
        rows = con.execute(f"select {select} from ({dataset['sql']}){grouped}").fetchall()
    return sorted(rows)


def test_every_chart_shows_what_the_marts_hold(superset):
    client, marts = superset["client"], superset["home"] / "published" / "marts.duckdb"
    found = charts(client)
    assert len(found) == 11
    for chart in found:
        rows = chart_rows(client, chart)
        assert rows, chart["slice_name"]
        assert rows == marts_rows(client, chart, marts), chart["slice_name"]
    by_year = next(c for c in found if c["viz_type"] == "pivot_table_v2")
    bình_thuận_2023 = [
        {"col": "province_name", "op": "==", "val": "Tỉnh Bình Thuận"},
        {"col": "year", "op": "==", "val": "2023"},
    ]
    rows = chart_rows(client, by_year, bình_thuận_2023)
    assert sum(row[-1] for row in rows) == 746  # the source article's district-level figure
    labels = {row[2] for row in rows}
    assert "Kinh tế / Economy" in labels  # labels from mart_codes, not codes
    # The reform: district committees report until 2025-H1, communes and wards after.
    reform = next(c for c in found if "sắp xếp 2025" in c["slice_name"])
    by_kind = {(period, kind): units for period, kind, units in chart_rows(client, reform)}
    district = "Huyện ủy, thị ủy, thành ủy / District party committee"
    commune = "Xã, phường, đặc khu / Commune, ward or special zone"
    assert by_kind[("2023", district)] == 17 and by_kind[("2025-H2", commune)] == 7
    assert not [k for k in by_kind if k[1] == commune and k[0] < "2025-H2"]
    assert not [k for k in by_kind if k[1] == district and k[0] >= "2025-H2"]
    # Completeness as rates beside the counts: received and on time over expected.
    completeness = next(c for c in found if "đầy đủ, đúng hạn" in c["slice_name"])
    for _, _, expected, received, received_rate, on_time, on_time_rate, _ in chart_rows(
        client, completeness
    ):
        assert received_rate == round(received / expected, 4)
        assert on_time_rate == round(on_time / expected, 4) <= received_rate
    # The demo's two planted outliers, open; the most replicated model.
    outliers = next(c for c in found if "bất thường" in c["slice_name"])
    assert {(r[0], r[3], r[4], r[5], r[6]) for r in chart_rows(client, outliers)} == {
        ("2024", "Mô hình đăng ký / Registrations", 15, 84.0, "Chưa xử lý / Open"),
        ("2024", "Được công nhận / Recognised", 0, 56.0, "Chưa xử lý / Open"),
    }
    # The map: each of the 63 shapes of before the reform, with its province of today's figure.
    on_the_map = next(c for c in found if c["viz_type"] == "country_map")
    shapes = dict(chart_rows(client, on_the_map))
    assert len(shapes) == 63 and len(set(shapes)) == 63
    assert shapes["VN-40"] == shapes["VN-35"] == shapes["VN-72"] > 0  # today's Lâm Đồng
    replicated = next(c for c in found if "nhân rộng nhiều nhất" in c["slice_name"])
    top = max(chart_rows(client, replicated), key=lambda row: row[-1])
    assert top[0] == "Tổ hợp tác nuôi ong số 1 (Nông thôn mới)" and top[-1] == 87


def test_the_connection_superset_uses_refuses_writes_and_file_reads(superset):
    checked = subprocess.run(
        [*superset["launch"], "check", "--home", str(superset["home"])],
        env=_environment(superset["home"]),
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr[-2000:]
    for name in ("write", "read_csv", "attach", "unlock"):
        assert f"{name}: refused" in checked.stdout
    assert "pool: NullPool" in checked.stdout  # a connection per query: a new version is seen


def test_a_new_published_version_is_seen_without_a_restart_and_no_query_fails_meanwhile(superset):
    client, home = superset["client"], superset["home"]
    over_years = next(c for c in charts(client) if "qua các năm" in c["slice_name"])
    before = chart_rows(client, over_years)
    failures, answered, stop = [], [], threading.Event()

    def keep_asking() -> None:
        with httpx.Client(base_url=superset["url"], headers=client.headers, timeout=120) as own:
            while not stop.is_set():
                answer = own.post("/api/v1/chart/data", json=chart_query(over_years))
                (answered if answer.status_code == 200 else failures).append(answer.status_code)

    asking = threading.Thread(target=keep_asking)
    asking.start()
    rows = [registration(model_code=f"LG25-{n}", status="Mới") for n in range(7)]
    lagi = info(unit_code="BTH-LAGI", period="2025", submitted_on="05/01/2026")
    write_json(home / "inbox" / "lagi_2025.json", lagi, {"registrations": rows})
    try:
        run = dvk(home, "run")
    finally:
        stop.set()
        asking.join()
    assert run.returncode == 0, run.stderr[-3000:]
    assert failures == [] and len(answered) > 1
    after = chart_rows(client, over_years)
    assert after != before
    assert ("2025", "Mới / New", 7) in after
    assert after == marts_rows(client, over_years, home / "published" / "marts.duckdb")


def test_the_dashboard_draws_its_charts_in_chromium(superset, tmp_path):
    driver = _chromium(height=2600)  # every row of charts drawn
    try:
        _log_in(driver, superset["url"])
        driver.get(f"{superset['url']}/superset/dashboard/dan-van-kheo/")
        deadline = time.monotonic() + 120
        while True:
            drawn = driver.find_elements(By.CSS_SELECTOR, ".dashboard-chart canvas")
            tables = driver.find_elements(By.CSS_SELECTOR, ".dashboard-chart table")
            loading = driver.find_elements(By.CSS_SELECTOR, ".dashboard-chart .loading")
            if len(drawn) >= 3 and len(tables) >= 3 and not loading:
                break
            assert time.monotonic() < deadline, f"{len(drawn)} charts drawn, {len(loading)} loading"
            time.sleep(1)
        time.sleep(2)  # the charts' entry animation
        assert "Dân vận khéo" in driver.title or "Dân vận khéo" in driver.page_source
        # The filter bar: by today's province, year, period and field.
        for name in ("Tỉnh (hiện nay) / Province (today)", "Lĩnh vực / Field"):
            assert name in driver.page_source, name
        # The pivot's headers are the dataset's labels, not its column names.
        headers = {h.text for h in driver.find_elements(By.CSS_SELECTOR, "th.pvtAxisLabel")}
        assert {"Tỉnh (hiện nay) / Province (current)", "Năm / Year", "Lĩnh vực / Field"} <= headers
        assert not headers & {"current_province_name", "year", "field_label"}
        # The map shades the shapes of today's provinces that registered models, on one scale.
        marts = superset["home"] / "published" / "marts.duckdb"
        with duckdb.connect(str(marts), read_only=True) as con:
            (reporting,) = con.execute(
                "select count(*) from mart_provinces where current_province_code in "
                "(select current_province_code from mart_registrations where registrations > 0)"
            ).fetchone()
        fills = driver.execute_script(
            "return [...document.querySelectorAll('.superset-legacy-chart-country-map path')]"
            ".map(p => p.style.fill).filter(f => f && f !== 'none')"
        )
        _, unshaded = Counter(fills).most_common(1)[0]  # the scale's floor: no registration
        assert len(fills) == 63 and unshaded == 63 - reporting > 0, fills
        shot = (Path(SCREENSHOTS) if SCREENSHOTS else tmp_path) / "dashboard.png"
        driver.get_screenshot_as_file(str(shot))
        assert shot.stat().st_size > 50_000
    finally:
        driver.quit()


def test_the_province_filter_sets_the_pivot_to_the_marts_figures_of_that_province(
    superset, tmp_path
):
    """The dashboard opened with its province filter set (Superset's own `native_filters` URL,
    what its filter bar writes): the pivot's grand total is that province's registrations."""
    province = "Tỉnh Lâm Đồng"
    with duckdb.connect(
        str(superset["home"] / "published" / "marts.duckdb"), read_only=True
    ) as con:
        (expected,) = con.execute(
            "select sum(registrations) from mart_registrations "
            "where period_type = 'year' and current_province_name = ?",
            [province],
        ).fetchone()
        (everywhere,) = con.execute(
            "select sum(registrations) from mart_registrations where period_type = 'year'"
        ).fetchone()
    assert 0 < expected < 1000 and everywhere > expected  # shown whole, and a real filter
    chosen = f"!('{province}')"
    native = (
        f"(NATIVE_FILTER-province:(id:NATIVE_FILTER-province,extraFormData:(filters:!((col:"
        f"current_province_name,op:IN,val:{chosen}))),filterState:(value:{chosen}),ownState:()))"
    )
    driver = _chromium(height=1200)
    try:
        _log_in(driver, superset["url"])
        driver.get(
            f"{superset['url']}/superset/dashboard/dan-van-kheo/?native_filters={quote(native)}"
        )
        deadline = time.monotonic() + 120
        while True:
            totals = driver.find_elements(By.CSS_SELECTOR, ".pvtGrandTotal")
            shown = totals[0].text.replace(",", "") if totals else ""
            if shown == str(expected):
                break
            assert time.monotonic() < deadline, f"the pivot's grand total: {shown!r}"
            time.sleep(1)
        assert province in driver.page_source
        time.sleep(2)
        shot = (Path(SCREENSHOTS) if SCREENSHOTS else tmp_path) / "dashboard-filtered.png"
        driver.get_screenshot_as_file(str(shot))
    finally:
        driver.quit()


def _chromium(height: int) -> webdriver.Chrome:
    """Debian's headless Chromium, 1400 px wide, through chromium-driver."""
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size=1400,{height}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def _log_in(driver, url: str, attempts: int = 3) -> None:
    """Superset's login page is drawn by its scripts: a key pressed before they are ready is
    lost (a full `make test` once waited 60 s on a form never sent). Fill it again and send it
    until the page moves on."""
    for _ in range(attempts):
        driver.get(f"{url}/login/")
        if "/login" not in driver.current_url:
            return  # an earlier attempt's form went through meanwhile
        WebDriverWait(driver, 60).until(arrived.element_to_be_clickable((By.ID, "username")))
        for field, value in (("username", "admin"), ("password", PASSWORD + "\n")):
            element = driver.find_element(By.ID, field)
            element.clear()
            element.send_keys(value)
        deadline = time.monotonic() + 30
        while "/login" in driver.current_url and time.monotonic() < deadline:
            time.sleep(0.5)
        if "/login" not in driver.current_url:
            return
    raise AssertionError(f"the login did not go through in {attempts} attempts")


def test_every_language_offered_is_one_superset_translates(superset):
    """No flag over words in another language: each language of the config has a translation."""
    found = subprocess.run(
        [str(BI_PYTHON), "-c", "import superset, os; print(os.path.dirname(superset.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    translations = {p.name for p in (Path(found) / "translations").iterdir() if p.is_dir()}
    config = (ROOT / "bi" / "superset_config.py").read_text(encoding="utf-8")
    offered = set(re.findall(r'"(\w+)": \{"flag"', config))
    assert offered and offered <= translations, offered - translations
