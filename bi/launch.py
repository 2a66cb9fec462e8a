"""`make bi`: Superset set up for a dvk workspace and started on 127.0.0.1.

`setup` upgrades Superset's metadata (SQLite under `$DVK_HOME/bi/`), creates the admin account
(password from `DVK_BI_ADMIN_PASSWORD`, else generated and printed once), and imports the starter
dashboard of `bi/dashboards/` with its connection pointed at `$DVK_HOME/published/marts.duckdb`,
read-only with external access off and the configuration locked. `serve` runs the server.
`check` runs on Superset's own connection what it must refuse (a write, a file read, an attach).
Run with `.venv-bi/bin/python bi/launch.py setup|serve|check [--home H] [--port 8088]`.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DASHBOARDS = HERE / "dashboards"
ADMIN = "admin"
DATABASE = "dvk marts (read-only)"
"""The connection's name in `bi/dashboards/databases/dvk_marts.yaml`."""


def environment(home: Path) -> dict[str, str]:
    return os.environ | {
        "DVK_HOME": str(home),
        "SUPERSET_CONFIG_PATH": str(HERE / "superset_config.py"),
        "FLASK_APP": "superset",
        "PYTHONPATH": str(HERE),
    }


def superset(home: Path, *args: str, quiet: bool = True) -> None:
    command = [str(Path(sys.executable).parent / "superset"), *args]
    done = subprocess.run(command, env=environment(home), capture_output=quiet, text=True)
    if done.returncode != 0:
        sys.exit(f"superset {' '.join(args)} failed:\n{(done.stderr or '')[-4000:]}")


def setup(home: Path) -> None:
    bi = home / "bi"
    bi.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = bi / "secret-key"
    if not key.exists():
        key.write_text(secrets.token_urlsafe(48))
        key.chmod(0o600)
    first = not (bi / "superset.db").exists()
    superset(home, "db", "upgrade")
    if first:
        password = os.environ.get("DVK_BI_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        superset(
            home,
            "fab",
            "create-admin",
            "--username",
            ADMIN,
            "--firstname",
            "dvk",
            "--lastname",
            "admin",
            "--email",
            "admin@localhost",
            "--password",
            password,
        )
        if not os.environ.get("DVK_BI_ADMIN_PASSWORD"):
            print(f"Superset admin: {ADMIN} / {password}  (shown once)")
    superset(home, "init")
    with tempfile.TemporaryDirectory() as folder:
        bundle = Path(folder) / "dvk_dashboard.zip"
        write_bundle(bundle, home / "published" / "marts.duckdb")
        superset(home, "import-dashboards", "-p", str(bundle), "-u", ADMIN)
    save_queries(home)
    print(f"Superset is set up for {home}")


def write_bundle(bundle: Path, marts: Path) -> None:
    """The YAML of `bi/dashboards/` as Superset's import ZIP, the marts' path and the provinces'
    map codes filled in."""
    iso = ", ".join(f"('{code}', '{iso}')" for code, iso in sorted(province_iso(marts).items()))
    with zipfile.ZipFile(bundle, "w") as archive:
        for path in sorted(DASHBOARDS.rglob("*.yaml")):
            text = path.read_text(encoding="utf-8").replace("__MARTS__", str(marts))
            text = text.replace("__PROVINCE_ISO__", iso)
            archive.writestr(f"dvk_dashboard/{path.relative_to(DASHBOARDS)}", text)


def province_iso(marts: Path) -> dict[str, str]:
    """Each province before the 2025 reform (`mart_provinces`) → the ISO 3166-2 code its shape
    has in the map of Viet Nam that Superset ships (its country map's 63 provinces), matched by
    name: "Tỉnh Kon Tum" is "Kon Tum"; "Thành phố Huế" is the shape still named "Thừa Thiên
    Huế". A name that matches no shape, or two, stops the setup: the map would be wrong."""
    import json

    import duckdb
    import superset

    assets = Path(superset.__file__).parent / "static" / "assets"
    found = [p for p in assets.glob("*.geojson") if b'"VN-' in p.read_bytes()]
    if len(found) != 1:
        sys.exit(f"Superset's map of Viet Nam: {len(found)} files in {assets} hold VN- codes")
    shapes = {
        _name_key(f["properties"]["NAME_1"]): f["properties"]["ISO"]
        for f in json.loads(found[0].read_text(encoding="utf-8"))["features"]
    }
    with duckdb.connect(str(marts), read_only=True) as con:
        try:
            provinces = con.execute(
                "select province_code, province_name from mart_provinces"
            ).fetchall()
        except duckdb.CatalogException:
            sys.exit(f"{marts} has no mart_provinces: published before it existed; `dvk run`")
    matched, unmatched = {}, []
    for code, name in provinces:
        key = _name_key(name)
        candidates = [k for k in shapes if k == key] or [k for k in shapes if k.endswith(key)]
        if len(candidates) == 1:
            matched[code] = shapes[candidates[0]]
        else:
            unmatched.append(f"{name} ({len(candidates)} shapes)")
    if unmatched or len(set(matched.values())) != len(matched):
        sys.exit(f"the map of Viet Nam: no single shape for {', '.join(unmatched) or 'two names'}")
    return matched


def _name_key(name: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFC", name).strip()
    for prefix in ("Thành phố ", "Tỉnh "):
        text = text.removeprefix(prefix)
    return "".join(c for c in text.casefold() if c.isalnum())


GROUPINGS = ("x_axis", "entity", "groupby", "groupbyRows", "groupbyColumns", "all_columns")


def save_queries(home: Path) -> None:
    """Give each imported chart the saved query a chart saved from Superset's editor has.

    A dashboard sends each dataset's labels (its verbose names) only for the columns the charts'
    saved queries list; without one, Superset guesses from older form fields that know neither
    a pivot's rows and columns nor a bar chart's x axis, and the pivot showed raw column names
    (`current_province_name`). The import cannot carry the query: it names the dataset by the
    id this database gave it."""
    import json

    from superset.app import create_app

    os.environ.update(environment(home))
    with create_app().app_context():
        from superset.extensions import db
        from superset.models.slice import Slice

        for chart in db.session.query(Slice).filter(Slice.query_context.is_(None)):
            params = json.loads(chart.params)
            columns = [c for key in GROUPINGS for c in _listed(params.get(key))]
            query = {
                "columns": list(dict.fromkeys(columns)),
                "metrics": params.get("metrics") or _listed(params.get("metric")),
                "filters": [],
                "extras": {},
                "row_limit": params.get("row_limit"),
            }
            chart.query_context = json.dumps(
                {
                    "datasource": {"id": chart.datasource_id, "type": "table"},
                    "force": False,
                    "queries": [query],
                    "form_data": params,
                    "result_format": "json",
                    "result_type": "full",
                }
            )
        db.session.commit()


def _listed(value: object) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def serve(home: Path, port: int) -> None:
    """Superset under gunicorn (threads, two workers) on 127.0.0.1 only."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--timeout",
        "120",
        "superset.app:create_app()",
    ]
    print(f"Superset: http://127.0.0.1:{port}/  (marts: {home / 'published' / 'marts.duckdb'})")
    sys.stdout.flush()
    os.execvpe(command[0], command, environment(home))


CHECKS = {
    "write": "create table not_allowed as select 1",
    "read_csv": "select * from read_csv('/etc/passwd')",
    "attach": "attach '/tmp/other.duckdb' as other",
    "unlock": "set enable_external_access = true",
}


def check(home: Path) -> None:
    """Run, on the very connection Superset opens for the marts, what it must refuse; print one
    line per statement and exit 1 if any is allowed."""
    from superset.app import create_app

    os.environ.update(environment(home))
    app = create_app()
    allowed = []
    with app.app_context():
        from superset.extensions import db
        from superset.models.core import Database

        database = db.session.query(Database).filter_by(database_name=DATABASE).one()
        with database.get_sqla_engine() as engine:
            print(f"pool: {type(engine.pool).__name__}")
            for name, sql in CHECKS.items():
                try:
                    with engine.connect() as connection:
                        connection.exec_driver_sql(sql)
                except Exception as error:  # DuckDB's own refusal, whatever its class, is the point
                    print(f"{name}: refused: {str(error).splitlines()[0][:160]}")
                else:
                    print(f"{name}: ALLOWED")
                    allowed.append(name)
    sys.exit(1 if allowed else 0)


def main() -> None:
    parser = argparse.ArgumentParser(prog="launch.py", description=__doc__)
    parser.add_argument("action", choices=("setup", "serve", "check"))
    parser.add_argument("--home", default=os.environ.get("DVK_HOME", "dvk_home"))
    parser.add_argument("--port", type=int, default=8088)
    args = parser.parse_args()
    home = Path(args.home).resolve()
    if args.action == "setup":
        setup(home)
    elif args.action == "check":
        check(home)
    else:
        serve(home, args.port)


if __name__ == "__main__":
    main()
