# Two commands for a fresh machine: `make demo` and `make test` (see README.md).
# Both create or reuse .venv in the project root from uv.lock; uv itself is installed into
# .tools/ when the machine lacks it.

.PHONY: demo test test-bench test-fast lint install install-bi bi browser office postgres screenshots dev bench clean

PYTHON_VERSION := 3.11
VENV := .venv
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
LINT_HOME := $(shell mktemp -d -u /tmp/dvk-lint-XXXXXX)

demo: install
	$(VENV)/bin/dvk demo

# The data team's BI server: Apache Superset in its own locked environment (bi/, .venv-bi), on
# $DVK_HOME/published/marts.duckdb (the demo's, made first if nothing is published), read-only,
# with the starter dashboard of bi/dashboards/; http://127.0.0.1:8088/ (docs/bi.md).
BI_VENV := .venv-bi
BI_HOME = $${DVK_HOME:-dvk_home}
bi: install install-bi
	@test -e "$(BI_HOME)/published/marts.duckdb" || $(VENV)/bin/dvk --home "$(BI_HOME)" demo
	$(BI_VENV)/bin/python bi/launch.py setup --home "$(BI_HOME)"
	$(BI_VENV)/bin/python bi/launch.py serve --home "$(BI_HOME)" --port $${DVK_BI_PORT:-8088}

install-bi: $(BI_VENV)/.installed

$(BI_VENV)/.installed: bi/pyproject.toml bi/uv.lock | $(UV)
	UV_PROJECT_ENVIRONMENT=$(CURDIR)/$(BI_VENV) $(UV) sync --project bi --frozen --compile-bytecode --python $(PYTHON_VERSION)
	touch $@

# Both cores: each test file runs on one worker, so a module's shared pipeline run happens once.
PYTEST_PARALLEL := -n 2 --dist loadfile

test: lint browser office postgres install-bi
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) -m "not bench"

# The benchmarks' own smoke test (the small size through every figure, about 5 min): five
# pipeline runs of fixed cost, kept out of `make test` to hold it under its CI limit.
test-bench: install
	$(VENV)/bin/pytest -m bench

# The inner loop: lint and every test that runs no full pipeline.
test-fast: lint office
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) -m "not slow and not bench"

# Debian's Chromium, for the tests that render Data Docs and the audit report headless, and its
# driver, for the portal's browser test (selenium).
browser:
	@{ command -v chromium && command -v chromedriver; } >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium and chromium-driver (apt-get) for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
			chromium chromium-driver; }

# Debian's LibreOffice Calc and Writer, for the tests that print the template and the report to
# PDF and look at their pages.
office:
	@{ command -v soffice && test -e /usr/lib/libreoffice/program/libswlo.so; } >/dev/null 2>&1 || { \
		echo "Installing Debian's libreoffice-calc and -writer (apt-get) for the print tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
			libreoffice-calc libreoffice-writer; }

# Debian's PostgreSQL, for server mode and its tests (tests/postgres_server.py starts a throwaway
# cluster as the `postgres` OS user the package creates; docs/deployment.md).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		echo "Installing Debian's postgresql (apt-get) for server mode and its tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
			postgresql; }

# Screenshots of the demo's Data Docs and audit report, for the README (docs/img/).
screenshots: install browser
	$(VENV)/bin/python -m demo.screenshots

# The project's own modules compiled too: nothing else writes their .pyc where
# PYTHONDONTWRITEBYTECODE is set (a stale one is only ignored, never wrong).
install: $(VENV)/.installed
	@$(VENV)/bin/python -m compileall -q -j 0 ingestion orchestration quality warehouse demo bench > /dev/null

# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set (as on CI), nothing else ever writes
# .pyc files, and every process compiled pandas, Dagster and dbt from source (pandas: 1.7 s → 0.6 s).
$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON_VERSION)
	$(VENV)/bin/python -c "from orchestration.dbt_project import prepare; prepare()"
	touch $@

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/python -m pip install --quiet uv

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	mkdir -p $(LINT_HOME)
	DVK_HOME=$(LINT_HOME) $(VENV)/bin/sqlfluff lint dbt_project; status=$$?; rm -rf $(LINT_HOME); exit $$status

# The benchmarks (bench/): a synthetic national history through the pipeline, each figure printed
# as a ratio to a floor measured in the same run. BENCH_SIZE=small|medium|full.
BENCH_SIZE ?= full
bench: install
	$(VENV)/bin/python -m bench --size $(BENCH_SIZE) --json bench/.cache/$(BENCH_SIZE).json

# The Dagster UI (assets, runs, checks; the same definitions as `dvk run`) and, beside it, the
# offices' portal (http://127.0.0.1:8750/); Ctrl-C stops both. The run history is kept in
# $DAGSTER_HOME (default: .dagster_home), configured by the project's dagster.yaml.
DEV_DAGSTER_HOME = $${DAGSTER_HOME:-$(CURDIR)/.dagster_home}
dev: install
	mkdir -p "$(DEV_DAGSTER_HOME)"
	test -e "$(DEV_DAGSTER_HOME)/dagster.yaml" || cp dagster.yaml "$(DEV_DAGSTER_HOME)/"
	$(VENV)/bin/dvk portal & portal=$$!; trap "kill $$portal" EXIT INT TERM; \
		DAGSTER_HOME="$(DEV_DAGSTER_HOME)" $(VENV)/bin/dagster dev

clean:
	rm -rf $(VENV) $(BI_VENV) .tools dbt_project/target dvk_home
