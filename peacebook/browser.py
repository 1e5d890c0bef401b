"""Load the built book in headless Chromium, as a reader would, and measure each page.

Used by the browser tests (`tests/built/test_browser.py`), `make screenshots`, `make pdf` and
`make bench` (which reads the per-page figures the browser tests record, :func:`read_reports`).
The book is served from `_build/html` by a local HTTP server on 127.0.0.1; Chromium is
Debian's (`apt-get install chromium`), driven by Playwright without Playwright's own browser.
Playwright and axe-core are test tools (requirements-test.txt): they are imported only when a
browser is started, so this module imports in the book's environment too.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from peacebook.toc import REPO_ROOT as ROOT

HTML = ROOT / "_build" / "html"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic", "--disable-extensions"]
COMPRESSIBLE = ("text/", "javascript", "json", "svg", "xml")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def report_path(worker: str) -> Path:
    """Where the browser tests of one pytest-xdist worker record their per-page figures."""
    return ROOT / "_build" / f"browser-report-{worker}.json"


def read_reports() -> dict[str, dict]:
    """Per-page figures (requests, bytes, paint and load times, axe findings) from the last browser tests."""
    pages: dict[str, dict] = {}
    for report in sorted((ROOT / "_build").glob("browser-report-*.json")):
        pages.update(json.loads(report.read_text(encoding="utf-8")))
    return pages


def chromium_path() -> str | None:
    """Debian's Chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pages(html: Path = HTML) -> list[str]:
    """Every content page of the built book, relative to its root (search and index pages included)."""
    return sorted(str(p.relative_to(html)) for p in html.rglob("*.html")
                  if "_static" not in p.parts and "reports" not in p.parts and p.name != "index.html")


@dataclass
class PageLoad:
    """What loading one page cost and what went wrong."""

    page: str
    requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    bytes_raw: int = 0
    bytes_gzip: int = 0
    first_contentful_paint_ms: float | None = None
    load_ms: float | None = None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    """A local server that does not print a traceback when the browser drops a download it no longer needs."""

    def handle_error(self, request, client_address):
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(html: Path = HTML):
    """Serve ``html`` on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(html))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser():
    """A headless Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def load(chromium, base: str, page: str, viewport: dict = DESKTOP, wait_until: str = "networkidle"):
    """Open ``page``; return (playwright page, PageLoad). The caller closes ``result[0].context``."""
    context = chromium.new_context(viewport=viewport)
    tab = context.new_page()
    record = PageLoad(page)
    host = urlparse(base).netloc

    def on_response(response):
        if response.status >= 400:
            record.failed_responses.append(f"{response.status} {response.url}")
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            return
        record.bytes_raw += len(body)
        kind = response.headers.get("content-type", "")
        record.bytes_gzip += len(gzip.compress(body, 6)) if any(k in kind for k in COMPRESSIBLE) else len(body)

    def on_request(request):
        record.requests.append(request.url)
        parsed = urlparse(request.url)
        if parsed.scheme not in ("data", "blob", "about") and parsed.netloc != host:
            record.foreign_requests.append(request.url)

    tab.on("request", on_request)
    tab.on("response", on_response)
    tab.on("console", lambda msg: record.console_errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: record.console_errors.append(str(exc)))
    tab.goto(base + page, wait_until=wait_until)
    timing = tab.evaluate("""() => {
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        const nav = performance.getEntriesByType('navigation')[0];
        return {fcp: paint ? paint.startTime : null, load: nav ? nav.loadEventEnd : null};
    }""")
    record.first_contentful_paint_ms, record.load_ms = timing["fcp"], timing["load"]
    return tab, record


def axe_violations(tab, impacts=("serious", "critical")) -> list[str]:
    """axe-core's violations of the given impact on the open page, one line each."""
    import axe_playwright_python

    tab.add_script_tag(path=str(Path(axe_playwright_python.__file__).with_name("axe.min.js")))
    result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in impacts]


def horizontal_overflow_px(tab) -> int:
    """How far the page is wider than the window (0 when nothing overflows)."""
    return tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
