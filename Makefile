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
DOT ?= dot
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help book test lab clean distclean lock browser graphviz assets mutants libreoffice hub

help:
	@echo "make book   build the HTML book into _build/html"
	@echo "make test   install the test tools and run the whole test suite"
	@echo "make lab    open JupyterLab on the notebooks"
	@echo "make hub    start the course's JupyterHub on this computer (classroom/)"
	@echo "make clean  remove built files and caches"
	@echo "make mutants  mutation-test grading and data validation (slow; not in make test)"

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
	mkdir -p $(VENDOR)/html-manager $(VENDOR)/vega
	cp node_modules/requirejs/require.js $(VENDOR)/
	cp $(WIDGETS_DIST)/embed-amd.js $(WIDGETS_DIST)/*.woff $(WIDGETS_DIST)/*.woff2 \
	   $(WIDGETS_DIST)/*.ttf $(WIDGETS_DIST)/*.eot $(WIDGETS_DIST)/*.svg $(VENDOR)/html-manager/
	cp -R node_modules/mathjax/es5 $(VENDOR)/mathjax
	cp node_modules/vega/build/vega.min.js node_modules/vega-lite/build/vega-lite.min.js \
	   node_modules/vega-embed/build/vega-embed.min.js $(VENDOR)/vega/
	touch $@

assets: $(ASSETS_STAMP)

# --- The book ---------------------------------------------------------------------------
# Debian's Graphviz draws the book's diagrams at build time (sphinx.ext.graphviz runs dot):
# installed when missing and we are root; otherwise this fails and says how to install it.
graphviz:
	@if command -v $(DOT) >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && echo "Installing Debian's graphviz for the book's diagrams" \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null \
	  && command -v $(DOT) >/dev/null; then :; \
	else \
	  echo "ERROR: Graphviz's $(DOT) program is missing and could not be installed, so the book's diagrams cannot be drawn." >&2; \
	  echo "       Install it with: sudo apt-get install graphviz" >&2; \
	  echo "       (on other systems see graphviz.org/download), then run make again." >&2; \
	  exit 1; \
	fi

book: $(VENV)/.book-installed assets graphviz
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)
	@echo
	@echo "The book is built. Open this file in a web browser:"
	@echo "  file://$(CURDIR)/_build/html/index.html"

# --- Tests ------------------------------------------------------------------------------
# Debian's Chromium for the browser tests: installed when missing and we are root.
# If it cannot be installed, this fails, unless SKIP_BROWSER=1 says to skip those tests.
export SKIP_BROWSER
browser:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && echo "Installing Debian's chromium for the browser tests" \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	  && [ -x $(CHROMIUM) ]; then :; \
	elif [ "$(SKIP_BROWSER)" = 1 ]; then \
	  echo "NOTE: $(CHROMIUM) is missing and SKIP_BROWSER=1 is set, so the browser tests will be skipped."; \
	else \
	  echo "ERROR: $(CHROMIUM) is missing and could not be installed, so the browser tests cannot run." >&2; \
	  echo "       Install it with: sudo apt-get install chromium" >&2; \
	  echo "       or skip those tests knowingly with: make test SKIP_BROWSER=1" >&2; \
	  exit 1; \
	fi

# LibreOffice Calc recalculates the Excel twins (tests/test_excel_twins.py): installed when
# missing and we are root; otherwise those tests skip and say how to install it.
libreoffice:
	@command -v soffice >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && echo "Installing Debian's libreoffice-calc-nogui for the Excel twin tests" \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	     --no-install-recommends libreoffice-calc-nogui >/dev/null; } \
	  || echo "NOTE: LibreOffice is missing, so the Excel twin tests will be skipped."

test: $(VENV)/.test-installed assets browser graphviz libreoffice
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=25 --nbval-lax tests notebooks solutions

# --- Mutation testing (not part of make test) -----------------------------------------------
# mutmut changes one line at a time in MUTATE and runs the kernel-free MUTATION_TESTS, in a
# copy under _build/mutation. The runner's kernel guards are checked by hand instead (the
# tests in tests/grading/test_guards_kernels.py). Narrow it: make mutants MUTATE=src/planlab/data/validate.py
MUTATE ?= src/planlab/grading/*.py src/planlab/grading/*/*.py src/planlab/data/validate.py
MUTATION_TESTS ?= tests/grading/test_guards.py tests/grading/test_learners.py \
  tests/grading/test_marking.py tests/grading/test_submissions.py tests/grading/test_gradebook.py \
  tests/grading/test_reflections.py tests/grading/test_feedback.py tests/grading/test_explain.py \
  tests/grading/test_csv_injection.py tests/grading/test_kernel_side.py \
  tests/grading/test_boundaries.py tests/grading/test_mutation_gaps.py \
  tests/grading/test_mutation_gaps_archives.py tests/grading/test_mutation_gaps_judge.py \
  tests/grading/test_mutation_gaps_marking.py tests/grading/test_mutation_gaps_gradebook.py \
  tests/data/test_validate_mutation_gaps.py \
  tests/data/test_validate.py tests/data/test_load_guards.py \
  tests/data/test_validate_against_frictionless.py tests/data/test_evidence_and_risk.py \
  tests/data/test_resources.py
MUTATION_DIR := _build/mutation

$(VENV)/.mutation-installed: $(VENV)/.test-installed requirements/mutation.in
	$(PIP) install --quiet -c $(CONSTRAINTS) -r requirements/mutation.in
	touch $@

mutants: $(VENV)/.mutation-installed
	rm -rf $(MUTATION_DIR) && mkdir -p $(MUTATION_DIR)
	cp -R src tests datasets solutions exercises pyproject.toml $(MUTATION_DIR)/
	set -f; { echo "[mutmut]"; echo "source_paths = src"; echo "only_mutate ="; \
	  for p in $(MUTATE); do echo "    $$p"; done; echo "pytest_add_cli_args_test_selection ="; \
	  for t in $(MUTATION_TESTS); do echo "    $$t"; done; echo "pytest_add_cli_args ="; \
	  echo "    -p"; echo "    no:randomly"; echo "also_copy ="; \
	  for d in datasets solutions exercises; do echo "    $$d"; done; } > $(MUTATION_DIR)/setup.cfg
	cd $(MUTATION_DIR) && $(CURDIR)/$(BIN)/mutmut run --max-children 2 \
	  && $(CURDIR)/$(BIN)/mutmut results > results.txt && echo "Survived: $$(grep -c survived results.txt)"
	@echo "Every mutant that survived is listed in $(MUTATION_DIR)/results.txt;"
	@echo "see one with: cd $(MUTATION_DIR) && $(CURDIR)/$(BIN)/mutmut show NAME"

# --- JupyterLab ---------------------------------------------------------------------------
lab: $(VENV)/.lab-installed
	$(BIN)/jupyter lab notebooks

# --- A JupyterHub on this computer, for trying the classroom route ----------------------------
# classroom/jupyterhub_config.py on 127.0.0.1:8000, any name and password (trying out only);
# the guide is book/trainers/running-a-hub.md. Ctrl+C stops the hub and every learner's server.
hub: $(VENV)/.test-installed node_modules/.installed
	mkdir -p _build/hub
	@echo "The course's hub: http://127.0.0.1:8000 (this computer only). Log in as 'trainer' to be a trainer."
	cd _build/hub && $(CURDIR)/$(BIN)/jupyterhub -f $(CURDIR)/classroom/jupyterhub_config.py

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
	  -r requirements/test.in -r requirements/lab.in -r requirements/mutation.in hatchling editables
	_build/lock-venv/bin/python -m pip check
	{ echo "# Every package the toolchain installs, pinned exactly. Regenerate with 'make lock'."; \
	  _build/lock-venv/bin/python -m pip freeze --all | grep -v -e '^pip==' -e '^setuptools=='; } > $(CONSTRAINTS)
	rm -rf _build/lock-venv
