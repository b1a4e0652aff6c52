# The two commands a newcomer needs:  make demo  and  make test
PYTHON ?= python3
# The suite runs on both cores (pytest-xdist; on PostgreSQL a test database per worker).
PYTEST_XDIST ?= -n 2
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test install lint format typecheck migrations-check deploy-check messages vendor worker clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## Run the app with the fictional demo city on SQLite (Celery eager) at http://127.0.0.1:8000
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py run_reminder_sweep
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## Run the test suite (SQLite by default; DATABASE_URL / REDIS_URL switch to the real services)
test: install
	$(BIN)/python -m pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Type-check the services, selectors and access modules (pyproject.toml [tool.mypy])
typecheck: install
	$(BIN)/mypy

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

## Regenerate locale/ja after changing source strings (needs GNU gettext)
messages: install
	$(BIN)/python manage.py makemessages -l ja --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=build --ignore=tests
	$(BIN)/python manage.py compilemessages -l ja --ignore=.venv

## Refresh vendored front-end assets from npm (package.json pins the versions)
vendor:
	npm ci --no-audit --no-fund
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/htmx.min.js
	cp node_modules/htmx.org/LICENSE static/vendor/htmx/LICENSE

## A Celery worker and beat against REDIS_URL (deployments use docker-compose.yml)
worker: install
	$(BIN)/celery -A config worker --beat --loglevel INFO

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
