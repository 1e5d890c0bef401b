"""`make screenshots`: a PNG of every page of the built book at 1280 px and 375 px widths.

Written to _build/screenshots/, so a reviewer can look at the book without a browser.
"""

import sys

from peacebook import browser as chrome

OUT = chrome.ROOT / "_build" / "screenshots"


def main() -> None:
    if not chrome.chromium_path():
        sys.exit("make screenshots: Chromium is not installed (apt-get install chromium)")
    OUT.mkdir(parents=True, exist_ok=True)
    with chrome.serve() as base, chrome.browser() as chromium:
        for page in chrome.pages():
            for name, viewport in (("1280", chrome.DESKTOP), ("375", chrome.PHONE)):
                tab, _ = chrome.load(chromium, base, page, viewport=viewport)
                target = OUT / f"{page.removesuffix('.html').replace('/', '--')}-{name}.png"
                tab.screenshot(path=str(target), full_page=True)
                tab.context.close()
                print(f"wrote {target.relative_to(chrome.ROOT)}")


if __name__ == "__main__":
    main()
