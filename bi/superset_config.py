"""Superset's configuration for dvk (`make bi`): its metadata in SQLite under the workspace, a
secret key made once per workspace, the marts read-only. Read by Superset through
`SUPERSET_CONFIG_PATH`; `bi/launch.py` sets it and `DVK_HOME`."""

import os
from pathlib import Path

_BI = Path(os.environ["DVK_HOME"]).resolve() / "bi"

SECRET_KEY = (_BI / "secret-key").read_text().strip()
SQLALCHEMY_DATABASE_URI = f"sqlite:///{_BI / 'superset.db'}"
DATA_DIR = str(_BI / "data")
# Uploads into the marts are never wanted: the marts are the pipeline's, and read-only.
ALLOWED_USER_CSV_SCHEMA_FUNC = lambda database, user: []  # noqa: E731
PREVENT_UNSAFE_DB_CONNECTIONS = True
# One connection per query (Superset's default NullPool): a newly published marts.duckdb is seen
# by the next query, and no connection holds the old file open across a publish.
SQLALCHEMY_ENGINE_OPTIONS = {}
WTF_CSRF_ENABLED = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
TALISMAN_ENABLED = False  # served on 127.0.0.1 (docs/bi.md: behind a TLS proxy, turn it on)
# Superset 6.1 ships no Vietnamese translation (superset/translations/ has no `vi`): offering
# "Tiếng Việt" showed a Vietnamese flag over English menus. The menus are English; the
# dashboard's titles, filters and labels are in Vietnamese and English (docs/bi.md).
BABEL_DEFAULT_LOCALE = "en"
LANGUAGES = {"en": {"flag": "us", "name": "English"}}
SUPERSET_WEBSERVER_TIMEOUT = 120
FEATURE_FLAGS = {"DASHBOARD_RBAC": False}
