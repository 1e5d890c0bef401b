"""Every page of the built book in a real browser: no errors, nothing foreign, accessible, light, fits a phone.

Needs Debian's Chromium. Locally the tests skip with a message if it is missing; in CI
(`CI=true`) they fail instead, since .ci/run installs it.
"""

import json
import os

import pytest

from peacebook import browser as chrome

MAX_BYTES_GZIP = 1_000_000
MAX_REQUESTS = 40
# One report per pytest-xdist worker; `make bench` reads them all.
REPORT = chrome.report_path(os.environ.get("PYTEST_XDIST_WORKER", "main"))

if not chrome.chromium_path():
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI=true but Chromium is missing: .ci/run should have installed it (apt-get install chromium)")
    pytest.skip("Chromium is not installed; run `apt-get install chromium` to run the browser tests",
                allow_module_level=True)

PAGES = chrome.pages()
RESULTS: dict[str, dict] = {}


@pytest.fixture(scope="module")
def site():
    if not (chrome.HTML / "index.html").is_file():
        pytest.fail("no built book in _build/html; run `make book` first")
    with chrome.serve() as base, chrome.browser() as chromium:
        yield base, chromium
    REPORT.write_text(json.dumps(RESULTS, indent=1, sort_keys=True) + "\n", encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
def test_page_in_desktop_browser(site, page):
    base, chromium = site
    tab, record = chrome.load(chromium, base, page)
    # What the page itself did, before axe-core runs (axe re-reads stylesheets in its own way).
    failed, console_errors = list(record.failed_responses), list(record.console_errors)
    try:
        missing_alt = tab.eval_on_selector_all(
            "img", "els => els.filter(e => !(e.getAttribute('alt') || '').trim()).map(e => e.getAttribute('src'))")
        violations = chrome.axe_violations(tab)
    finally:
        tab.context.close()
    RESULTS[page] = {"requests": len(record.requests), "bytes_raw": record.bytes_raw, "bytes_gzip": record.bytes_gzip,
                     "fcp_ms": record.first_contentful_paint_ms, "load_ms": record.load_ms,
                     "axe_serious_or_critical": len(violations)}
    problems = []
    if record.foreign_requests:
        problems.append(f"requests to other hosts: {record.foreign_requests}")
    if failed:
        problems.append(f"failed requests: {failed}")
    if console_errors:
        problems.append(f"console errors: {console_errors}")
    if missing_alt:
        problems.append(f"images without alt text: {missing_alt}")
    if violations:
        problems.append("accessibility (axe-core):\n  " + "\n  ".join(violations))
    if record.bytes_gzip > MAX_BYTES_GZIP:
        problems.append(f"weighs {record.bytes_gzip:,} bytes gzipped, over the budget of {MAX_BYTES_GZIP:,}")
    if len(record.requests) > MAX_REQUESTS:
        problems.append(f"makes {len(record.requests)} requests, over the budget of {MAX_REQUESTS}")
    assert not problems, f"{page}:\n" + "\n".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_page_fits_a_phone_screen(site, page):
    base, chromium = site
    tab, _ = chrome.load(chromium, base, page, viewport=chrome.PHONE, wait_until="load")
    try:
        overflow = chrome.horizontal_overflow_px(tab)
    finally:
        tab.context.close()
    assert overflow <= 1, f"{page} is {overflow}px wider than a 375px phone screen"


def test_search_works_offline(site):
    base, chromium = site
    tab, record = chrome.load(chromium, base, "search.html?q=Ukraine")
    try:
        tab.wait_for_selector("#search-results li", timeout=10_000)
        hits = tab.eval_on_selector_all("#search-results li", "els => els.length")
    finally:
        tab.context.close()
    assert hits > 0, "searching the book for 'Ukraine' found nothing"
    assert not record.foreign_requests
