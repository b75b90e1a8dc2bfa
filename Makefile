# The two commands: `make run` and `make test`. Everything else is set-up they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8050
export PORT

.PHONY: run test lint format system-test-deps seed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[postgres]'
	touch $@

$(VENV)/.test-deps: pyproject.toml $(VENV)/.run-deps
	$(BIN)/pip install --quiet -e '.[postgres,test]'
	touch $@

# Headless Chromium (browser tests and chart images), CJK fonts for Chinese text and
# poppler-utils (pdftotext) to read exported PDFs back, from Debian.
system-test-deps:
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null \
		|| ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium fonts-noto-cjk poppler-utils >/dev/null; \
	fi

seed: $(VENV)/.run-deps
	APP_ENV=$${APP_ENV:-demo} $(BIN)/python -m data_access.seed

# The demo: dashboards open to anonymous readers, a session key kept in instance/.
run: export APP_ENV ?= demo
run: export PUBLIC_READ ?= 1
run: seed
	@echo "示例数据已就绪 · serving on http://127.0.0.1:$(PORT)"
	$(BIN)/gunicorn -c gunicorn.conf.py app:server

lint: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(VENV)/.test-deps system-test-deps lint
	$(BIN)/python -m pytest
