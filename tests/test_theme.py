"""book/_templates/layout.html copies a block of pydata-sphinx-theme's page layout: it must stay a copy.

The book's block is the theme's own ``css`` block without ``_webpack.head_js_preload()``, which
loads the 1.5 MB icon-font script (book/_static/icons.css draws those icons instead). If a theme
upgrade changes the block, this fails, and the copy is brought up to date by hand.
"""

import re
from pathlib import Path

import pydata_sphinx_theme

ROOT = Path(__file__).resolve().parent.parent
THEME = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"


def css_block(template: str) -> list[str]:
    block = re.search(r"\{%-? block css %\}(.*?)\{%-? endblock css %\}", template, flags=re.S).group(1)
    block = re.sub(r"\{#.*?#\}|<!--.*?-->", "", block, flags=re.S)
    return [line.strip() for line in block.splitlines() if line.strip()]


def test_the_copied_css_block_is_the_theme_block_without_the_icon_font():
    theirs = css_block((THEME / "layout.html").read_text(encoding="utf-8"))
    ours = css_block((ROOT / "book" / "_templates" / "layout.html").read_text(encoding="utf-8"))
    assert [line for line in theirs if "head_js_preload" not in line] == ours


def test_the_left_out_macro_still_loads_the_icon_font():
    macros = (THEME / "static" / "webpack-macros.html").read_text(encoding="utf-8")
    preload = re.search(r"macro head_js_preload\(\).*?endmacro", macros, flags=re.S).group(0)
    assert "fontawesome.js" in preload


def test_the_icon_css_draws_icons_with_masks():
    icons = (ROOT / "book" / "_static" / "icons.css").read_text(encoding="utf-8")
    assert "mask: var(--icon)" in icons and len(re.findall(r"\.fa-[a-z-]+ \{ --icon:", icons)) >= 10
