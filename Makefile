# CivicDesk: `make run` serves the demo city, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: run test install assets lint typecheck pytest demo clean

$(VENV)/installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/installed node_modules/installed

# Spanish catalogs from the .po fragments, and the trimmed USWDS stylesheet and app icons (none committed).
# The test suite builds them too (civicdesk/conftest.py), so a fresh clone has Spanish and styles either way.
assets: install
	$(PY) manage.py compile_translations --verbosity 0
	$(PY) manage.py build_frontend --verbosity 0

run: assets
	mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py setup_demo_city
	$(VENV)/bin/honcho start -f Procfile

lint: $(VENV)/installed
	mkdir -p var
	$(VENV)/bin/ruff check civicdesk bench tools
	$(PY) manage.py makemigrations --check --dry-run > /dev/null

typecheck: $(VENV)/installed
	$(VENV)/bin/mypy civicdesk

pytest: install
	mkdir -p var
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

test: lint typecheck pytest

clean:
	rm -rf var/test-* var/static civicdesk/static/build
