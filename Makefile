# Sutura — two commands: `make demo` and `make test`. Needs only Python 3.11 and make.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV_PY := .venv/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: demo test install install-dev translations lint typecheck messages audit

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --frozen --no-dev --inexact --python $(PYTHON) --quiet

# --compile-bytecode: each of the test run's Python processes (pytest's workers, the commands
# the tests start) starts in 2 s instead of 6 where PYTHONDONTWRITEBYTECODE is set.
install-dev: $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON) --quiet

# Compiled translations are built here, never committed (*.mo is ignored by git).
translations:
	.venv/bin/pybabel compile --domain django --directory sutura/locale 2>&1 | grep -v '^compiling' || true
	@test -f sutura/locale/fr/LC_MESSAGES/django.mo

## make demo — install, start the embedded PostgreSQL, migrate, load demo data, serve on :8000
demo: install translations
	$(VENV_PY) -m sutura.demo_server

# One pytest worker per core (4 at most: past that, the few slow files set the pace and each
# worker only adds a test database to build); a file's tests stay on one worker so that
# module-scoped fixtures such as `seeded_demo` are built once. Files are handed out in the
# order of collection, the slowest first (conftest.py's SLOWEST_FIRST): xdist >= 3.7 would
# otherwise sort them by their number of tests, and a slow file of few tests (a browser test, a
# migration from zero in a subprocess) would start last while the other worker sits idle.
PYTEST_WORKERS := -n auto --maxprocesses 4 --dist loadfile --no-loadscope-reorder

## make test — lint, types, Django checks and the whole test suite, as CI runs it
# (tests/run.py: `makemigrations --check`; then `make lint typecheck audit` while the test
# databases' template is migrated beside them; then pytest; then it stops the embedded
# PostgreSQL if this run started it)
test: install-dev translations
	$(VENV_PY) -m tests.run -q --durations=30 $(PYTEST_WORKERS)

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

# pip-audit over every locked dependency: online (OSV, then PyPI) when a service answers for
# every package, else offline against security/osv-snapshot.json (security/README.md).
audit:
	$(VENV_PY) -m tests.audit

# django-stubs loads the settings; a DATABASE_URL that mypy never connects to keeps them from
# starting the embedded PostgreSQL.
typecheck:
	DATABASE_URL="$${DATABASE_URL:-postgresql:///mypy-never-connects}" .venv/bin/mypy sutura tests bench

# Regenerate the message catalogues after changing strings (needs GNU gettext). It needs no
# database: a DATABASE_URL it never connects to keeps the embedded PostgreSQL from starting.
messages:
	DATABASE_URL="$${DATABASE_URL:-postgresql:///messages-never-connects}" $(VENV_PY) manage.py makemessages --locale fr --locale en --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore '.tools/*'
