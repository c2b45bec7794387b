# Every command a contributor needs. `make site` and `make test` work on a fresh machine with
# Python 3.11+ and make; `make test` also installs Debian's Chromium headless shell and axe-core (npm) for the
# browser tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian's headless build of the same Chromium: what the browser tests drive (tests/conftest.py says why).
HEADLESS_SHELL := /usr/lib/chromium/chromium-headless-shell
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test check schemas lint golden bench headless-shell chromium axe clean

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

site: $(STAMP)  ## set up, then build the site into site/
	$(BIN)/mkdocs build --strict

serve: $(STAMP)  ## set up, then preview at http://127.0.0.1:8000; a save rebuilds only the pages it changes
	$(BIN)/mkdocs serve --dirty

# On every core (pytest-xdist): the browser tests go first, in two groups on two workers (tests/conftest.py
# makes them), and the other files fill in behind them. One file: `.venv/bin/python -m pytest FILE`.
test: $(STAMP) headless-shell axe  ## set up, then run every test (browser tests included)
	$(BIN)/python -m pytest -n auto

check: $(STAMP)  ## validate content/ only
	$(BIN)/python site_builder.py check

schemas: $(STAMP)  ## rewrite schemas/*.schema.json from dossier/schema.py after a change to the models
	$(BIN)/python site_builder.py schemas --out schemas

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy dossier site_builder.py

bench: $(STAMP) chromium  ## time check, export and the MkDocs build on generated dossiers of 100–2,000 articles, and one search in Chromium (benchmarks/README.md)
	$(BIN)/python benchmarks/bench.py

golden: $(STAMP)  ## rewrite the expected Markdown of the golden tests after an intended change
	$(BIN)/python -m pytest tests/test_render.py --regenerate-golden

headless-shell:  ## Debian's Chromium headless shell, which the browser tests drive (never a test tool's own browser download)
	@test -x $(HEADLESS_SHELL) || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null; }

chromium:  ## Debian's Chromium, the reader's browser of the bench's search measurement
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

axe: tests/browser/node_modules/axe-core/axe.min.js  ## axe-core for the accessibility tests, from the npm registry

tests/browser/node_modules/axe-core/axe.min.js: tests/browser/package.json
	npm install --no-package-lock --no-audit --no-fund --prefix tests/browser
	touch $@

clean:
	rm -rf site .site.new-* .site.old-* .cache/pages $(VENV) .pytest_cache .mypy_cache .ruff_cache tests/browser/node_modules tests/browser/out
