# The README's two commands: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Every package is installed at the version in constraints.txt, so a test run here, in CI
# and on a fresh clone uses the same reportlab and matplotlib the golden PDFs were made with.
CONSTRAINTS := constraints.txt
FRESH := .venv-constraints

.PHONY: run test test-pg lint bench bench-server bench-classic bench-tamper stress clean constraints \
	dist dist-check

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[test]'
	touch $(STAMP)

# Newest releases pyproject.toml allows, installed into a scratch venv and frozen (the
# project itself and the venv's bundled setuptools left out). Renew the golden hashes after.
constraints:
	rm -rf $(FRESH)
	$(PYTHON) -m venv $(FRESH)
	$(FRESH)/bin/python -m pip install --quiet --upgrade pip
	$(FRESH)/bin/python -m pip install --quiet -e '.[test,dist]'
	grep '^#' $(CONSTRAINTS) > $(FRESH)/header
	$(FRESH)/bin/python -m pip freeze --all --exclude-editable | grep -v '^setuptools==' \
		| cat $(FRESH)/header - > $(CONSTRAINTS)
	rm -rf $(FRESH)

# PyInstaller for `make dist`, pinned like everything else; only the bundle needs it.
DIST_STAMP := $(VENV)/.installed-dist
$(DIST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[test,dist]'
	touch $(DIST_STAMP)

# dist/holdfast/: the app in one folder that runs without Python (packaging/holdfast.spec);
# dist/holdfast/holdfast is the command line and, with no subcommand, the window.
dist: $(DIST_STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/holdfast.spec

# The bundle's --self-test, as built, then with decoy packages in its way and with an
# empty environment (packaging/check_bundle.sh).
dist-check: dist
	packaging/check_bundle.sh dist/holdfast/holdfast

run: $(STAMP)
	$(BIN)/holdfast

# The application icon: resources/icon/holdfast.svg drawn by resources/icon/design.py, and
# its PNGs rendered by Qt; all committed (tests/test_app_icon.py says when they are stale).
.PHONY: icons
icons: $(STAMP)
	$(BIN)/python -m resources.icon.design
	$(BIN)/python -m ui.icon_render

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# The tests marked both_engines against a throwaway PostgreSQL server started here as CI
# starts it (.ci/postgres-start: needs Debian's postgresql package), stopped afterwards.
# `make test` runs them on PostgreSQL too when HOLDFAST_TEST_PG_URL names a server.
test-pg: $(STAMP)
	@dir=$$(mktemp -d); trap '.ci/postgres-stop "$$dir"' EXIT; \
	url=$$(.ci/postgres-start "$$dir") && \
	HOLDFAST_TEST_PG_URL=$$url QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m both_engines

# The suite: every figure at 20k patients against its floor, then the scaling table
# (BENCH_SIZES=1k,5k,20k,100k adds 100k; see benchmarks/suite.py). Results in
# benchmarks/results.json; generated practices cached in ~/.cache/holdfast-bench.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# The everyday reads and writes on a SQLite file and on the same practice on a server:
# make bench-server FILE=practice.sqlite3 URL=postgresql+psycopg://… (moved there with
# `holdfast migrate`; see benchmarks/server_figures.py).
bench-server: $(STAMP)
	$(BIN)/python -m benchmarks.server_figures --file "$(FILE)" --url "$(URL)"

# The older benchmarks that print their own timings (charts, reports, tamper evidence).
bench-classic: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.classic

bench-tamper: $(STAMP)
	$(BIN)/python -m benchmarks.bench_tamper

# The crash harness, long version: KILLS children killed with SIGKILL at random moments, normal
# closes and fault runs (lock, disk full); prints what survived. The test suite runs a few.
KILLS ?= 200
stress: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m stress --kills $(KILLS)

clean:
	rm -rf $(VENV) $(FRESH) build dist *.egg-info
