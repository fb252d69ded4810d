# Set-up and everyday commands. Each target installs what it needs, pinned, by itself.
#   make book   build the HTML book into _build/html
#   make test   run the whole test suite (what CI runs)
#   make lab    open JupyterLab on the notebooks
#   make clean  remove built files and caches (keeps .venv and node_modules)
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
CONSTRAINTS := requirements/constraints.txt
PIP_VERSION := 26.3
ASSETS := _build/assets
ASSETS_STAMP := _build/.assets-copied
VENDOR := $(ASSETS)/_static/vendor
WIDGETS_DIST := node_modules/@jupyter-widgets/html-manager/dist
BOOK_FLAGS ?= -W -n --keep-going
CHROMIUM := /usr/bin/chromium
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help book test lab clean distclean lock browser assets

help:
	@echo "make book   build the HTML book into _build/html"
	@echo "make test   install the test tools and run the whole test suite"
	@echo "make lab    open JupyterLab on the notebooks"
	@echo "make clean  remove built files and caches"

# --- Python environment -------------------------------------------------------------
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet "pip==$(PIP_VERSION)"

$(VENV)/.book-installed: $(BIN)/python $(CONSTRAINTS) requirements/book.in pyproject.toml
	$(PIP) install --quiet -c $(CONSTRAINTS) -r requirements/book.in hatchling editables
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.book-installed requirements/test.in
	$(PIP) install --quiet -c $(CONSTRAINTS) -r requirements/test.in
	touch $@

$(VENV)/.lab-installed: $(VENV)/.book-installed requirements/lab.in
	$(PIP) install --quiet -c $(CONSTRAINTS) -r requirements/lab.in
	touch $@

# --- Browser-side assets, served by the book itself ----------------------------------
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

$(ASSETS_STAMP): node_modules/.installed
	rm -rf $(ASSETS)
	mkdir -p $(VENDOR)/html-manager
	cp node_modules/requirejs/require.js $(VENDOR)/
	cp $(WIDGETS_DIST)/embed-amd.js $(WIDGETS_DIST)/*.woff $(WIDGETS_DIST)/*.woff2 \
	   $(WIDGETS_DIST)/*.ttf $(WIDGETS_DIST)/*.eot $(WIDGETS_DIST)/*.svg $(VENDOR)/html-manager/
	cp -R node_modules/mathjax/es5 $(VENDOR)/mathjax
	touch $@

assets: $(ASSETS_STAMP)

# --- The book ---------------------------------------------------------------------------
book: $(VENV)/.book-installed assets
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)
	@echo
	@echo "The book is built. Open this file in a web browser:"
	@echo "  file://$(CURDIR)/_build/html/index.html"

# --- Tests ------------------------------------------------------------------------------
# Debian's Chromium for the browser tests: installed when missing and we are root;
# otherwise the browser tests skip and say how to enable them.
browser:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "NOTE: $(CHROMIUM) is missing, so the browser tests will be skipped."; \
	  echo "      Enable them with: sudo apt-get install chromium"; \
	fi

test: $(VENV)/.test-installed assets browser
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax tests notebooks solutions

# --- JupyterLab ---------------------------------------------------------------------------
lab: $(VENV)/.lab-installed
	$(BIN)/jupyter lab notebooks

# --- Housekeeping ---------------------------------------------------------------------------
clean:
	rm -rf _build .pytest_cache .ruff_cache
	find . -name __pycache__ -not -path './.venv/*' -not -path './node_modules/*' -prune -exec rm -rf {} +
	find . -name .ipynb_checkpoints -not -path './.venv/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules

# Re-resolve every pinned version in a scratch environment and rewrite the constraints file.
lock:
	rm -rf _build/lock-venv
	$(PYTHON) -m venv _build/lock-venv
	_build/lock-venv/bin/python -m pip install --quiet "pip==$(PIP_VERSION)"
	_build/lock-venv/bin/python -m pip install --quiet -r requirements/book.in \
	  -r requirements/test.in -r requirements/lab.in hatchling editables
	_build/lock-venv/bin/python -m pip check
	{ echo "# Every package the toolchain installs, pinned exactly. Regenerate with 'make lock'."; \
	  _build/lock-venv/bin/python -m pip freeze --all | grep -v -e '^pip==' -e '^setuptools=='; } > $(CONSTRAINTS)
	rm -rf _build/lock-venv
