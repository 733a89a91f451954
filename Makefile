# Self-documenting targets: `make help` lists them.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.DEFAULT_GOAL := help
TRANSLATIONS ?= screening/translations

.PHONY: help run test translations test-sqlite test-postgres test-browser screenshots lint format bench bench-quick

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-deps: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.run-deps ## Install and start the app on http://127.0.0.1:5000 (PORT=5001: another port)
	$(BIN)/flask --app app run --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.dev-deps ## Install test requirements, start services, run every test and the linters
	scripts/ensure-test-services
	$(MAKE) test-sqlite test-postgres lint

test-sqlite: ## Run the suite on SQLite
	$(BIN)/python -m pytest

test-postgres: ## Run the suite on the local PostgreSQL
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m pytest

test-browser: ## Run only the browser tests (Chromium through Playwright)
	$(BIN)/python -m pytest -m browser

screenshots: ## Write desktop and mobile screenshots of the main pages to docs/screenshots/
	$(BIN)/python -m pytest -m browser tests/browser/test_accessibility.py --screenshots

lint: ## ruff check, ruff format --check and bandit (security lint)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r screening --severity-level medium --quiet

translations: $(VENV)/.dev-deps ## Extract the words to translate, update every catalogue, compile them
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k Message --add-comments Translators: --add-location file --ignore-dirs ".* __pycache__" --sort-output --project "Mesotherapy screening" -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile --statistics -d $(TRANSLATIONS)

format: ## Reformat the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.dev-deps ## Run the benchmarks (about 45 minutes): prints the table, writes docs/benchmarks.md
	scripts/ensure-test-services
	$(BIN)/python -m bench

bench-quick: $(VENV)/.dev-deps ## A quick smoke run of the benchmarks, written to test-artifacts/
	scripts/ensure-test-services
	$(BIN)/python -m bench --quick --output test-artifacts/benchmarks-quick.md
