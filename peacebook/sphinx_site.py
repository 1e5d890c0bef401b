"""A Sphinx extension (listed in ``_config.yml``): charts that fit the screen, stable data addresses, the page footer.

- The ``{chart}`` directive places a chart glued by :func:`peacebook.charts.chart`. It
  writes one ``<picture>``: the phone variant as a ``<source>`` for narrow screens and the
  laptop variant as the ``<img>``, so the browser downloads only the one it shows. Options:
  ``:alt:`` (required: what the chart shows), ``:name:`` (the figure's label) and ``:data:``
  (the tables it draws, space-separated), which adds to the caption a link to each table's
  CSV at its stable address and to its entry in the data appendix.
- The ``{dataset}`` role links a table's CSV at its stable address: ``{dataset}`control_area```
  becomes a link to ``data/control_area.csv``.
- The ``{dataset-card}`` role does the same and also anchors the table's row in the data
  appendix (``#table-<name>``), which chart captions link to.
- Every page's footer says how to cite the book (from ``CITATION.cff``, the one home of the
  book's title, version, edition date and repository), its licences, its edition and who
  made it, with links that work from any page.
- Figures are not numbered ("Fig. 12"): no page refers to a number, and numbering makes
  Sphinx read every page's doctree on every build, a no-op included (a second of each
  build). ``numfig`` cannot be set in ``_config.yml``: the LaTeX extension Jupyter Book
  always loads sets it back to true, so this extension sets it last.
- When the HTML build finishes, the data package (``datapackage.json`` and every table it
  describes) is copied to ``data/`` in the site, so each CSV has one address that does not
  change when the file does, and the published package validates from where it is.
"""

from __future__ import annotations

import json
import posixpath
import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives as spec
from myst_nb.core.variables import RetrievalError, render_variable_outputs
from myst_nb.ext.glue.directives import PasteFigureDirective
from myst_nb.ext.glue.utils import glue_warning, retrieve_glue_data

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
CITATION = ROOT / "CITATION.cff"
SITE_DATA = "data"
APPENDIX = "book/data-and-methods"
#: Screens up to this width get the phone variant of every chart.
NARROW_MEDIA = "(max-width: 720px)"


class picture(nodes.General, nodes.Element):
    """A ``<picture>``: its first child is the narrow variant's source, the rest the fallback image."""


class picture_source(nodes.General, nodes.Element):
    """Holds the narrow variant's image node, written as a ``<source>`` element."""


def _relative_root(docname: str) -> str:
    return "../" * docname.count("/")


def data_reference(docname: str, table: str) -> nodes.reference:
    """A link to ``table``'s CSV (or, for ``datapackage``, the package) at its stable address, seen from ``docname``."""
    if table == "datapackage":
        rel = "datapackage.json"
    else:
        schema = DATA_DIR / "schemas" / f"{table}.json"
        if not schema.is_file():
            raise ValueError(f"no table called {table!r} (data/schemas/{table}.json does not exist)")
        rel = json.loads(schema.read_text(encoding="utf-8"))["path"]
    uri = f"{_relative_root(docname)}{SITE_DATA}/{rel}"
    ref = nodes.reference("", "", internal=False, refuri=uri, classes=["data-link"])
    ref += nodes.literal(text=rel.rsplit("/", 1)[-1])
    return ref


class ChartDirective(PasteFigureDirective):
    """``{chart} key``: both variants of a chart glued by :func:`peacebook.charts.chart`."""

    option_spec = {"alt": spec.unchanged_required, "name": spec.unchanged, "data": spec.unchanged}

    def run(self):
        from peacebook.charts import NARROW_SUFFIX  # here, not at import: matplotlib costs a no-op build a second

        key = self.arguments[0]
        if not self.options.get("alt", "").strip():
            return [glue_warning(f"chart {key!r} has no :alt: text", self.document, self.line)]
        try:
            narrow = retrieve_glue_data(self.document, key + NARROW_SUFFIX)
        except RetrievalError as exc:
            return [glue_warning(f"{exc} (draw charts with peacebook.charts.chart)", self.document, self.line)]
        result = super().run()
        figure = next((n for n in result if isinstance(n, nodes.figure)), None)
        if figure is None:
            return result
        wide_image = next(iter(figure.findall(nodes.image)), None)
        narrow_nodes = render_variable_outputs([narrow], self.document, self.line, self.source,
                                               render={"image": {"alt": self.options["alt"]}})
        narrow_image = next((img for n in narrow_nodes for img in n.findall(nodes.image)), None)
        if wide_image is None or narrow_image is None:
            return [*result, glue_warning(f"chart {key!r}: a variant is not an image", self.document, self.line)]
        holder = picture()
        source = picture_source()
        source += narrow_image.deepcopy()
        holder += source
        holder += wide_image.deepcopy()
        wide_image.parent.replace(wide_image, holder)
        # MyST-NB wraps outputs in a container; keep it, it only adds a class.
        if self.options.get("data"):
            self._add_data_links(figure, self.options["data"].split())
        return result

    def _add_data_links(self, figure, tables):
        docname = self.state.document.settings.env.docname
        caption = next(iter(figure.findall(nodes.caption)), None)
        if caption is None:
            caption = nodes.caption("", "")
            figure += caption
        caption += nodes.Text(" Data: ")
        for i, table in enumerate(tables):
            if i:
                caption += nodes.Text("; ")
            caption += data_reference(docname, table)
            caption += nodes.Text(" (")
            about = nodes.reference("", "about this table", internal=True,
                                    refuri=f"{_relative_root(docname)}{APPENDIX}.html#table-{table.replace('_', '-')}")
            caption += about
            caption += nodes.Text(")")
        caption += nodes.Text(".")


def data_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{dataset}`table```: a link to the table's CSV at its stable address."""
    docname = inliner.document.settings.env.docname
    try:
        return [data_reference(docname, text.strip())], []
    except ValueError as exc:
        return [], [inliner.reporter.error(str(exc), line=lineno)]


def data_card_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{dataset-card}`table```: the table's anchor in the data appendix (``table-<name>``) and its CSV link."""
    docname = inliner.document.settings.env.docname
    table = text.strip()
    try:
        link = data_reference(docname, table)
    except ValueError as exc:
        return [], [inliner.reporter.error(str(exc), line=lineno)]
    anchor = nodes.inline("", "", ids=[f"table-{table.replace('_', '-')}"])
    return [anchor, link], []


def visit_picture(self, node):
    self.body.append("<picture>")


def depart_picture(self, node):
    self.body.append("</picture>")


def visit_picture_source(self, node):
    image = next(iter(node.findall(nodes.image)))
    uri = image["uri"]
    if uri in self.builder.images:
        uri = posixpath.join(self.builder.imgpath, self.builder.images[uri])
    self.body.append(f'<source media="{NARROW_MEDIA}" srcset="{self.attval(uri)}" type="image/svg+xml">')
    raise nodes.SkipNode


def skip(self, node):
    raise nodes.SkipNode


def pass_through(self, node):
    pass


def citation() -> dict:
    """The book's citation metadata, from ``CITATION.cff``."""
    import yaml

    return yaml.safe_load(CITATION.read_text(encoding="utf-8"))


def citation_text(cff: dict) -> str:
    """A reference to the book, as a reader would write it."""
    authors = "; ".join(a.get("name") or f"{a.get('family-names', '')}, {a.get('given-names', '')}" for a in cff["authors"])
    year = str(cff["date-released"])[:4]
    return f"{authors} ({year}). {cff['title']}. Version {cff['version']}. {cff['repository-code']}"


def footer_html(pathto, cff: dict) -> str:
    """The footer of every page: cite this book, licences, edition, repository and contributors."""
    from html import escape

    from peacebook.formats import long_date

    repository = escape(cff["repository-code"], quote=True)
    appendix = escape(pathto(APPENDIX), quote=True)
    editions = escape(pathto("book/editions"), quote=True)
    return (
        '<details class="pb-cite"><summary>Cite this book</summary>'
        f"<p>{escape(citation_text(cff))}</p></details>"
        f'<p>Edition of {escape(long_date(cff["date-released"]))} (<a href="{editions}">what changed</a>). '
        f'Made by <a href="{repository}/graphs/contributors">the project\'s contributors</a>; '
        f'source code, data and history in <a href="{repository}">the public repository</a>.</p>'
        "<p>Text, charts and our own tables: CC BY 4.0. Code: MIT. Third-party data: each source's terms, "
        f'listed in the <a href="{appendix}">data appendix</a>.</p>'
    )


def add_footer(app, pagename, templatename, context, doctree):
    context["theme_extra_footer"] = footer_html(context["pathto"], citation())


def copy_data_package(app, exception):
    """After a successful HTML build: publish ``data/datapackage.json`` and its tables under ``data/``."""
    if exception is not None or app.builder.format != "html":
        return
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    target = Path(app.outdir) / SITE_DATA
    files = ["datapackage.json", *(r["path"] for r in package["resources"])]
    for rel in files:
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DATA_DIR / rel, destination)


def no_figure_numbers(app, config):
    config["numfig"] = False


def setup(app):
    app.add_node(picture, html=(visit_picture, depart_picture), latex=(pass_through, pass_through),
                 text=(pass_through, pass_through))
    app.add_node(picture_source, html=(visit_picture_source, None), latex=(skip, None), text=(skip, None))
    app.add_directive("chart", ChartDirective)
    app.add_role("dataset", data_role)
    app.add_role("dataset-card", data_card_role)
    app.connect("config-inited", no_figure_numbers, priority=900)
    app.connect("html-page-context", add_footer)
    app.connect("build-finished", copy_data_package)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
