"""`make pdf`: the whole book as one PDF, printed by headless Chromium from a single-page build.

No TeX needed. Expects the single-page build in _build/singlehtml/ (`make pdf` runs
`python -m peacebook.bookbuild --builder singlehtml` first); writes _build/pdf/book.pdf.
"""

import sys

from peacebook import browser as chrome
from peacebook import toc

SINGLE = chrome.ROOT / "_build" / "singlehtml"
OUT = chrome.ROOT / "_build" / "pdf" / "book.pdf"


def main() -> None:
    if not chrome.chromium_path():
        sys.exit("make pdf: Chromium is not installed (apt-get install chromium)")
    if not (SINGLE / "index.html").is_file():
        sys.exit("make pdf: no single-page build in _build/singlehtml (the Makefile target builds it)")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # Sphinx writes the single page at the root document's path (book/intro.html) but links its
    # assets relative to the output root; a copy at the root makes those links resolve.
    root_doc = toc.entries()[0]
    (SINGLE / "print.html").write_text((SINGLE / f"{root_doc}.html").read_text(encoding="utf-8"), encoding="utf-8")
    with chrome.serve(SINGLE) as base, chrome.browser() as chromium:
        tab, _ = chrome.load(chromium, base, "print.html")
        tab.emulate_media(media="print")
        tab.pdf(path=str(OUT), format="A4", print_background=True,
                margin={"top": "18mm", "bottom": "18mm", "left": "15mm", "right": "15mm"})
        tab.context.close()
    print(f"wrote {OUT.relative_to(chrome.ROOT)} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
