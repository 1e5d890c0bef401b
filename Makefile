# Two commands for contributors and CI alike:
#   make book   set up .venv, execute the notebooks, build the HTML book
#   make test   set up .venv and run every check (data, unit tests, notebooks, strict build, HTML)
# Other targets: make data | make bench | make screenshots | make pdf | make lock | make clean | make hooks

PYTHON_SYSTEM ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
STAMP := $(VENV)/.installed
NOTEBOOKS = $(shell $(PY) -m peacebook.toc --notebooks)
PYTEST_WORKERS ?= 2
# The execution cache is keyed on notebooks' code only. When the data or the helper package
# change, every notebook must run again: this fingerprint detects that (see `html`).
INPUTS_FINGERPRINT = $(shell cat data/*.csv data/schemas/*.json peacebook/*.py peacebook/derivations/*.py peacebook/*.mplstyle | sha256sum | cut -c1-16)

.PHONY: help venv data book html test test-data test-units test-notebooks test-html bench lock clean hooks screenshots pdf

help:
	@sed -n '1,5p' Makefile

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON_SYSTEM) >/dev/null || { echo "error: $(PYTHON_SYSTEM) not found; install Python 3.11 or run make PYTHON_SYSTEM=python3" >&2; exit 1; }
	test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@if [ -d .git ]; then git config core.hooksPath .ci/hooks; fi
	touch $(STAMP)

data: venv
	$(PY) -m peacebook.build

book: html
	@echo "Book built: $(CURDIR)/_build/html/index.html"

# The strict build. If data or helpers changed since the last build, start from clean; then
# execute changed notebooks in parallel (peacebook/execute.py) and build.
html: venv
	@if [ -d _build ] && [ "$$(cat _build/.inputs-fingerprint 2>/dev/null)" != "$(INPUTS_FINGERPRINT)" ]; then \
	  echo "data or helpers changed since the last build: every notebook runs again"; \
	  rm -rf _build/.jupyter_cache _build/.executed _build/.doctrees _build/html _build/jupyter_execute; fi
	@mkdir -p _build; if [ ! -f _build/.executed ] || [ _toc.yml -nt _build/.executed ] || \
	  [ -n "$$(find book -name '*.ipynb' -newer _build/.executed)" ]; then \
	  $(PY) -m peacebook.execute && touch _build/.executed; fi
	$(JB) build . -W -n --keep-going
	@echo $(INPUTS_FINGERPRINT) > _build/.inputs-fingerprint

test: venv test-data test-units test-html
	@echo "make test: all checks passed"

test-data: venv
	$(PY) -m peacebook.build --check

# Unit tests and every notebook in _toc.yml (one kernel per notebook, nbval).
test-units test-notebooks: venv
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile --nbval-lax --ignore=tests/built tests $(NOTEBOOKS)

# The strict build, then checks on the built HTML.
test-html: html
	rm -f _build/browser-report-*.json
	$(PY) -m pytest -n $(PYTEST_WORKERS) tests/built

bench: venv
	$(PY) .ci/bench.py

screenshots: book
	$(PY) .ci/screenshots.py

pdf: venv
	$(JB) build . --builder singlehtml -W -n --keep-going
	$(PY) .ci/pdf.py

lock:
	$(PY) -m piptools compile --generate-hashes --allow-unsafe --no-emit-find-links --no-emit-index-url \
	  --no-emit-trusted-host --strip-extras -o requirements.lock requirements.txt

hooks:
	git config core.hooksPath .ci/hooks

clean:
	rm -rf _build
