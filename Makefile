# The two commands: `make run` and `make test`. Everything else is set-up they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8050
export PORT

.PHONY: run test lint format system-run-deps system-test-deps seed bench load

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[postgres]'
	touch $@

$(VENV)/.test-deps: pyproject.toml $(VENV)/.run-deps
	$(BIN)/pip install --quiet -e '.[postgres,test]'
	touch $@

# Debian packages, installed where this user may (root, or sudo without a password);
# elsewhere the command says what to install and goes on.
APT_INSTALL = install_debs() { \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else echo "注意 · note: please install:$$*  (sudo apt-get install$$*)"; return 0; fi; \
	if ! command -v apt-get >/dev/null; then echo "注意 · note: please install:$$*"; return 0; fi; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		$$sudo apt-get install -y -qq "$$@" >/dev/null \
		|| echo "注意 · note: could not install:$$*"; \
}
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
# The bulletin's 仿宋 (body) and 楷体 (second-level headings) after GB/T 9704: FandolFang
# and FandolKai (GB2312), two files of Debian's texlive-lang-chinese. Only those two are
# extracted from the package (49 MB download, 15 MB kept), not TeX with it (~210 MB).
FANDOL_DIRS := /usr/local/share/fonts/fandol $(HOME)/.local/share/fonts/fandol \
	/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
FANDOL_IN_DEB := usr/share/texlive/texmf-dist/fonts/opentype/public/fandol

# What the app's exports need: Chromium draws chart images, the CJK fonts put Chinese
# into the PDF bulletin and the images. Without them the app runs and those exports
# answer 503 saying what to install.
system-run-deps:
	@$(APT_INSTALL); missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	[ -f $(CJK_FONT) ] || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then install_debs $$missing; fi
	@for d in $(FANDOL_DIRS); do [ -f $$d/FandolFang-Regular.otf ] && [ -f $$d/FandolKai-Regular.otf ] && exit 0; done; \
	if [ "$$(id -u)" = 0 ]; then target=/usr/local/share/fonts/fandol; else target=$(HOME)/.local/share/fonts/fandol; fi; \
	work=$$(mktemp -d); \
	fetch() { (cd $$work && apt-get download texlive-lang-chinese >/dev/null 2>&1); }; \
	if fetch || { [ "$$(id -u)" = 0 ] && apt-get update -qq >/dev/null 2>&1 && fetch; } \
		&& dpkg-deb -x $$work/texlive-lang-chinese_*.deb $$work/x \
		&& mkdir -p $$target \
		&& cp $$work/x/$(FANDOL_IN_DEB)/FandolFang-Regular.otf $$work/x/$(FANDOL_IN_DEB)/FandolKai-Regular.otf $$target/; then \
		fc-cache -f $$target >/dev/null 2>&1 || true; echo "已安装通报字体 · bulletin fonts: $$target"; \
	else echo "注意 · note: could not fetch FandolFang/FandolKai (texlive-lang-chinese): the bulletin's body is set in Noto Serif CJK"; fi; \
	rm -rf $$work

# The tests also read exported PDFs back (poppler-utils: pdftotext), open the Word
# bulletin in LibreOffice (headless Writer, no recommends) and run the data layer, the
# workflow and the callbacks against a throwaway PostgreSQL server too (marker postgres),
# and the shared cache against a throwaway Redis (redis-server).
system-test-deps: system-run-deps
	@$(APT_INSTALL); missing=""; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then install_debs --no-install-recommends $$missing; fi

# axe-core (npm) checks every page's accessibility in the browser tests; the tests load
# this one file into the page, nothing of it runs in the app.
AXE := tests/browser/axe/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.14.1
$(AXE):
	npm install --prefix tests/browser/axe --no-save --no-audit --no-fund --silent \
		axe-core@$(AXE_VERSION)

seed: $(VENV)/.run-deps
	APP_ENV=$${APP_ENV:-demo} $(BIN)/python -m data_access.seed

# The demo: dashboards open to anonymous readers, a session key kept in instance/.
run: export APP_ENV ?= demo
run: export PUBLIC_READ ?= 1
run: seed system-run-deps
	@echo "示例数据已就绪 · serving on http://127.0.0.1:$(PORT)"
	$(BIN)/gunicorn -c gunicorn.conf.py app:server

lint: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The files spread over TEST_WORKERS processes (CI has 2 cores; a third of one
# process's time went to waiting on Chromium, servers and files: 17 min, now 11).
TEST_WORKERS ?= 2
test: $(VENV)/.test-deps system-test-deps lint
	@$(MAKE) --no-print-directory $(AXE)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# Server-side timings of the main callbacks (not part of the tests): bench/results.csv.
SCALE ?= city
bench: $(VENV)/.test-deps system-test-deps
	$(BIN)/python -m bench.run --scale $(SCALE)

# Load test (not part of the tests): readers pausing 1-3 s (LOAD_USERS, 50) for LOAD_TIME
# (60s) against gunicorn (2 workers x 4 threads) on LOAD_PORT serving the demo
# (SCALE=city) or a generated province or country (SCALE=province|national, its periods
# stored first); WRITERS=n adds n county officials saving and submitting and the office
# approving, every acknowledged write checked in the database at the end. The summary in
# bench/load-$(SCALE)*_*.csv, the workers' peak memory in bench/load-$(SCALE)*_memory.csv.
# LOAD_BACKEND=postgres (province or national) loads it into a throwaway PostgreSQL
# server with Redis as the shared cache. LOAD_ROUNDS=2 runs the readers and writers
# again against the same server, the answers the first round drew kept (a deployment
# that has been serving; its summary in bench/load-…-round2_*.csv). The issue's run:
#   make load SCALE=national LOAD_BACKEND=postgres WRITERS=5 LOAD_USERS=100 LOAD_TIME=120s
LOAD_PORT ?= 8060
LOAD_BACKEND ?= sqlite
LOAD_USERS ?= 50
LOAD_TIME ?= 60s
WRITERS ?= 0
LOAD_ROUNDS ?= 1
export WRITERS
LOAD_NAME = load-$(SCALE)$(if $(filter postgres,$(LOAD_BACKEND)),-postgres,)$(if $(filter-out 0,$(WRITERS)),-writers,)
load: $(VENV)/.test-deps seed
	$(BIN)/pip install --quiet -e '.[postgres,test,bench]'
	@if [ "$(SCALE)" = city ]; then echo "" > bench/.load-env; else \
		$(BIN)/python -m bench.prepare --scale $(SCALE) --backend $(LOAD_BACKEND) \
		--folder bench/.load-data | tail -1 > bench/.load-env; fi
	env $$(cat bench/.load-env) $(BIN)/python -m bench.load --name $(LOAD_NAME) \
		--port $(LOAD_PORT) --users $(LOAD_USERS) --time $(LOAD_TIME) \
		--rounds $(LOAD_ROUNDS); \
		status=$$?; if [ "$(LOAD_BACKEND)" = postgres ]; then \
		$(BIN)/python -m bench.prepare --stop --folder bench/.load-data; fi; exit $$status
