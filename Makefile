# The edition and citecheck: every target installs what it needs on first run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Material's banner about MkDocs 2.0; the project pins mkdocs<2 (see the README's platform note).
export NO_MKDOCS_2_WARNING := 1

BASELINE := references/citecheck-baseline.json
REPORT := references/linkcheck.json
SARIF := citecheck.sarif
CITECHECK := $(BIN)/citecheck --baseline $(BASELINE)

.PHONY: install serve build test chromium check check-offline clean

DISTRIBUTIONS := tools/citecheck/pyproject.toml tools/edition/pyproject.toml

# citecheck and the edition, editable, with the test tools of pyproject.toml's `dev` group (pip >= 25.1).
$(STAMP): pyproject.toml $(DISTRIBUTIONS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e tools/citecheck -e tools/edition --group dev
	touch $(STAMP)

install: $(STAMP) ## create .venv and install citecheck and the edition with the dev tools

serve: $(STAMP) ## build the edition and serve it on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

build: $(STAMP) ## build the edition into site/, failing on any warning
	$(BIN)/mkdocs build --strict

test: $(STAMP) chromium ## run the whole test suite, browser tests included
	$(BIN)/python -m pytest

# Browser tests drive Debian's Chromium; as root on Debian it is installed when missing, elsewhere they skip.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium for the browser tests"; \
			DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "No /usr/bin/chromium: the browser tests will be skipped (install Debian's chromium to run them)"; \
		fi; \
	fi

check: $(STAMP) ## check every note, URL and DOI with the network, once: the text report here, JSON for the site, SARIF
	$(CITECHECK) --report json:$(REPORT) --report sarif:$(SARIF)

check-offline: $(STAMP) ## the offline checks only (notes, ibids, short forms, URL and DOI syntax)
	$(CITECHECK) --offline

clean:
	rm -rf site .pytest_cache .citecheck-cache
