# Two commands for a newcomer: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint format install install-dev migrate seed demo-admin locale browser lock clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

# Locked dependencies; regenerate the lock files with `make lock` after editing pyproject.toml.
$(VENV)/.runtime: requirements.lock | $(BIN)/uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock | $(BIN)/uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements-dev.lock
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

lock: | $(BIN)/uv
	$(BIN)/uv pip compile --quiet --python-version 3.11 pyproject.toml -o requirements.lock
	$(BIN)/uv pip compile --quiet --python-version 3.11 --extra dev pyproject.toml -o requirements-dev.lock

# Catalogues compiled with Babel (no GNU gettext needed). The CMS's locale/*/django.mo is also
# committed, so a checkout, CI's `manage.py check` and production speak French without this step;
# a test fails when it no longer matches its .po. After editing locale/fr/.../django.po: make locale.
locale: install
	$(BIN)/pybabel compile --directory frontend/locale --domain messages --use-fuzzy --statistics 2>/dev/null || true
	$(BIN)/pybabel compile --directory locale --domain django

migrate: install
	$(MANAGE) migrate --no-input

seed: migrate
	$(MANAGE) seed_demo

demo-admin: migrate
	@$(MANAGE) ensure_demo_admin

# Local secrets of the running demo (the reader site's purge webhook), made once, never committed.
.run/dev.env: | $(BIN)/uv
	mkdir -p .run
	printf 'READER_WEBHOOK_URL=http://127.0.0.1:3000/_purge\nREADER_WEBHOOK_SECRET=whsec_%s\n' \
	  "$$($(BIN)/python -c 'import base64, os; print(base64.b64encode(os.urandom(24)).decode())')" > $@

run: seed locale .run/dev.env
	@echo ""
	@echo "  Terrain is starting:"
	@echo "    CMS admin    http://127.0.0.1:8000/admin/"
	@echo "    API v1       http://127.0.0.1:8000/api/v1/"
	@echo "    Reader site  http://127.0.0.1:3000/"
	@echo -n "    "; $(MANAGE) ensure_demo_admin
	@echo "  (Ctrl-C stops the CMS, the worker, the purger, the scheduler and the reader site.)"
	@echo ""
	$(BIN)/honcho start -f Procfile.dev -e .run/dev.env

# The browser tests drive Debian's Chromium (never a downloaded browser build).
CHROMIUM := /usr/lib/chromium/chromium
browser:
	@test -x $(CHROMIUM) || { \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || \
	     (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)); \
	  else echo "The browser tests need Chromium: sudo apt-get install chromium"; fi; }

test: install-dev locale browser
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 media .test-media .run test-output
