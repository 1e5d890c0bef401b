# Two commands for contributors and CI alike:
#   make book   set up .venv (the book's packages only), execute the notebooks, build and check the HTML book
#   make test   set up .venv-test (the book's packages and the test tools) and run every check
# Other targets: make venv | make venv-test | make lint | make data | make bench | make robustness | make screenshots | make pdf | make lock | make clean | make hooks
# The build itself is peacebook/bookbuild.py (`python -m peacebook.bookbuild --help`); this file only names targets.

PYTHON_SYSTEM ?= python3.11
PY := .venv/bin/python
PYT := .venv-test/bin/python
BOOK_ENV := .venv/.installed
TEST_ENV := .venv-test/.installed
PIP := -m pip install --quiet --disable-pip-version-check
NOTEBOOKS = $(shell $(PYT) -m peacebook.toc --notebooks)
PYTEST_WORKERS ?= 2
COMPILE := -m piptools compile --quiet --generate-hashes --allow-unsafe --no-emit-find-links --no-emit-index-url \
	--no-emit-trusted-host --strip-extras

.PHONY: help venv venv-test data book html test lint test-data test-units test-notebooks test-html bench robustness \
	lock clean hooks screenshots pdf

help:
	@sed -n '1,6p' Makefile

# An environment is made afresh when its lock files change (so nothing stays from an old lock)
# and is otherwise left alone.
define make-env
	@command -v $(PYTHON_SYSTEM) >/dev/null || { echo "error: $(PYTHON_SYSTEM) not found; install Python 3.11 or run make PYTHON_SYSTEM=python3" >&2; exit 1; }
	rm -rf $(1) && $(PYTHON_SYSTEM) -m venv $(1)
	$(1)/bin/python $(PIP) --require-hashes $(foreach lock,$(2),-r $(lock))
	$(1)/bin/python $(PIP) --no-deps --no-build-isolation -e .
	@if git rev-parse --git-dir >/dev/null 2>&1; then git config core.hooksPath .ci/hooks; fi
	touch $(1)/.installed
endef

venv: $(BOOK_ENV)
venv-test: $(TEST_ENV)

$(BOOK_ENV): requirements.lock pyproject.toml
	$(call make-env,.venv,requirements.lock)

$(TEST_ENV): requirements.lock requirements-test.lock pyproject.toml
	$(call make-env,.venv-test,requirements.lock requirements-test.lock)

data: $(BOOK_ENV)
	$(PY) -m peacebook.build

book html: $(BOOK_ENV)
	$(PY) -m peacebook.bookbuild

test: lint test-data test-units test-html
	@echo "make test: all checks passed"

lint: $(TEST_ENV)
	.venv-test/bin/ruff check peacebook tests .ci book

test-data: $(TEST_ENV)
	$(PYT) -m peacebook.build --check

# Unit tests and every notebook in _toc.yml (one kernel per notebook, nbval; the cell timeout is
# execute.timeout in _config.yml, set by conftest.py).
test-units test-notebooks: $(TEST_ENV)
	$(PYT) -m pytest -n $(PYTEST_WORKERS) --dist loadfile --nbval-lax --ignore=tests/built tests $(NOTEBOOKS)

# The strict build, then the checks on the built HTML, under one build lock.
test-html: $(TEST_ENV)
	rm -f _build/browser-report-*.json
	$(PYT) -m peacebook.bookbuild --then $(PYT) -m pytest -n $(PYTEST_WORKERS) tests/built

bench: $(BOOK_ENV) $(TEST_ENV)
	$(PYT) .ci/bench.py

# Interrupted and concurrent builds, replayed (a few minutes; not part of make test).
robustness: $(BOOK_ENV)
	$(PY) .ci/robustness.py

screenshots: $(TEST_ENV)
	$(PYT) -m peacebook.bookbuild --then $(PYT) .ci/screenshots.py

pdf: $(TEST_ENV)
	$(PYT) -m peacebook.bookbuild --builder singlehtml --then $(PYT) .ci/pdf.py

# Re-pin after editing requirements.txt or requirements-test.txt (the test lock is resolved
# against the book's, so shared packages keep one version).
lock: $(TEST_ENV)
	$(PYT) $(COMPILE) -o requirements.lock requirements.txt
	$(PYT) $(COMPILE) -o requirements-test.lock requirements-test.txt

hooks:
	git config core.hooksPath .ci/hooks

clean:
	rm -rf _build
