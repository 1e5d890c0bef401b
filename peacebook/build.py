"""``make data``: derive the book's tables from ``data/raw/`` and assemble the data package.

Run ``python -m peacebook.build`` to write, ``python -m peacebook.build --check`` to
verify that everything committed equals what this script produces (the tests do).

It checks everything before it touches anything, in this order:

1. every raw extract: listed in ``data/raw/origins.csv`` with a matching SHA-256, and
   valid against its schema in ``data/raw/schemas/`` (types, ranges, keys, missing values);
2. each derivation in :mod:`peacebook.derivations` runs on the raw extracts (read through
   :func:`peacebook.data.load_raw`), and its table is validated against its own descriptor
   as the loader would read it;
3. ``data/datapackage.json`` is assembled from the descriptors in ``data/schemas/`` and the
   sources in ``data/sources.csv``;
4. ``book/references.bib`` is written from ``data/sources.csv`` so prose can cite any source
   by its ``source_id`` (``{footcite}`source-id```); a value that cannot be written safely
   in BibTeX is refused with its line and field.

Only when every check has passed are the files that changed written, each to a temporary
file beside it and then moved into place (``os.replace``). Any failure names the file, line
and field, and leaves every output as it was. Everything is deterministic.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

from peacebook.data import (
    DATA_DIR,
    REPO_ROOT,
    DataError,
    check_inside,
    check_text,
    line_of,
    load,
    load_raw,
    resource,
    resource_names,
    shown_path,
)
from peacebook.derivations import derivations

RAW_DIR = DATA_DIR / "raw"
ORIGINS = "raw_origins"
BIB_FILE = REPO_ROOT / "book" / "references.bib"

PACKAGE = {
    "name": "ready-to-talk-anytime",
    "title": "Ready to talk anytime? Data behind the book on a Russia-Ukraine peace deal",
    "description": (
        "Tables behind the book on Putin's 19 December 2024 offer to talk with Trump about a "
        "Ukraine peace deal: territorial control, stated positions, aid, opinion, prices and "
        "what happened next. Every row names its source in sources.csv."
    ),
    "licenses": [{
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0 (our own tables); third-party data keep their own terms, listed per source",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    }],
}


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Raw files that are map layers (GeoJSON, read by :mod:`peacebook.maps`), not CSV extracts with a raw schema.
MAP_SUFFIX = ".geojson"


def check_raw(data_dir: Path = DATA_DIR) -> list[str]:
    """Problems with the raw extracts, each naming its file (and line and field where there is one).

    Unlisted or missing files, schemas without a file, checksum mismatches, symbolic links
    out of ``data/raw/``, and every value the raw schema refuses. Map layers (``.geojson``)
    have no raw schema: their checksum is checked here, their content by :mod:`peacebook.maps`.
    """
    data_dir = Path(data_dir)
    raw_dir = data_dir / "raw"
    try:
        origins = load(ORIGINS, data_dir)
    except DataError as exc:
        return [str(exc)]
    origins_file = resource(ORIGINS, data_dir).path
    problems = []
    listed = set(origins["file"])
    for path in sorted([*raw_dir.glob("*.csv"), *raw_dir.glob("*" + MAP_SUFFIX)]):
        if path != origins_file and path.name not in listed:
            problems.append(f"{shown_path(path)}: raw file has no row in {shown_path(origins_file)}")
    for path in sorted((raw_dir / "schemas").glob("*.json")):
        if f"{path.stem}.csv" not in listed:
            problems.append(f"{shown_path(path)}: schema of a raw file that has no row in {shown_path(origins_file)}")
    for index, row in origins.iterrows():
        path = raw_dir / row["file"]
        try:
            if not path.is_file():
                raise DataError(origins_file, f"lists {shown_path(path)}, which is missing", line_of(index), "file")
            check_inside(path, raw_dir, "raw extract")
            actual = sha256(path)
            if actual != row["sha256"]:
                problems.append(str(DataError(path, f"SHA-256 {actual} differs from {shown_path(origins_file)}, line "
                                                    f"{line_of(index)} ({row['sha256']}); if the extract changed on "
                                                    "purpose, update its origin record")))
            if not row["file"].endswith(MAP_SUFFIX):  # map layers: checksum only (peacebook.maps reads them)
                load_raw(row["file"], raw_dir)
        except DataError as exc:
            problems.append(str(exc))
    return problems


def derived_tables(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """Run every derivation and validate its table; return ``{path relative to data/: CSV text}``."""
    data_dir = Path(data_dir)
    out = {}
    for module in derivations():
        script = f"peacebook/derivations/{module.__name__.rsplit('.', 1)[-1]}.py"
        frame = module.derive(data_dir / "raw")
        res = resource(module.OUTPUT, data_dir)
        expected = [f["name"] for f in res.fields]
        if list(frame.columns) != expected:
            raise DataError(script, f"derivation returns columns {list(frame.columns)}, schema expects {expected}")
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, lineterminator="\n")
        try:
            check_text(module.OUTPUT, buffer.getvalue(), data_dir)
        except DataError as exc:
            raise DataError(exc.file, f"{exc.problem} (in the table {script} derives)", exc.line, exc.field) from None
        out[res.descriptor["path"]] = buffer.getvalue()
    return out


def datapackage(data_dir: Path = DATA_DIR) -> str:
    """The text of ``datapackage.json``: package metadata, sources and every descriptor."""
    sources = load("sources", data_dir)
    import yaml

    package = dict(PACKAGE)
    package["homepage"] = yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"))["repository-code"]
    package["sources"] = [
        {"title": f"{s.publisher}: {s.title}", "path": s.url} for s in sources.itertuples()
    ]
    package["resources"] = [resource(name, data_dir).descriptor for name in resource_names(data_dir)]
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


#: Characters BibTeX or LaTeX treat specially, written so that pybtex (which renders the
#: bibliography, through sphinxcontrib-bibtex) shows the character itself.
BIB_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}"}
#: Characters with no escape that both BibTeX and pybtex read back as the character: braces
#: (BibTeX counts every brace, escaped or not) and the circumflex. ``$`` is written as is:
#: pybtex shows it literally and would show ``\$`` with its backslash.
BIB_REFUSED = "{}^"
#: Character pairs that pybtex (like TeX) turns into other characters; broken up with ``{}``.
BIB_LIGATURES = ("--", "``", "''", ",,", "?`", "!`", "<<", ">>")


def bib_text(value: str, sources_file: Path, line: int, field: str) -> str:
    """``value`` escaped for a braced BibTeX field; DataError (file, line, field) if it cannot be."""
    for position, character in enumerate(value):
        if character in BIB_REFUSED:
            raise DataError(sources_file, f"{value!r}: {character!r} (character {position + 1}) cannot be written safely "
                                          "in book/references.bib (BibTeX counts every brace, escaped or not, and "
                                          "pybtex cannot show an escaped brace or circumflex); rephrase without it",
                            line, field)
    text = "".join(BIB_ESCAPES.get(c, c) for c in value)
    for pair in BIB_LIGATURES:
        while pair in text:
            text = text.replace(pair, f"{pair[0]}{{}}{pair[1]}")
    return text


def bib_url(url: str, sources_file: Path, line: int, field: str) -> str:
    """A URL as BibTeX's ``url`` field holds it (verbatim); DataError if it holds a character that is not safe there."""
    unsafe = next((c for c in url if c in '{}\\"<>^`| ' or not c.isascii() or not c.isprintable()), None)
    if unsafe is not None:
        raise DataError(sources_file, f"{url!r}: {unsafe!r} cannot be written in book/references.bib; "
                                      "percent-encode it", line, field)
    return url


def bibliography(data_dir: Path = DATA_DIR) -> str:
    """BibTeX entries, one per source, keyed by ``source_id``; values escaped (see :func:`bib_text`)."""
    data_dir = Path(data_dir)
    sources_file = resource("sources", data_dir).path
    entries = []
    for index, s in load("sources", data_dir).iterrows():
        line = line_of(index)
        published = s["date_published"] if isinstance(s["date_published"], str) else ""
        author = bib_text(s["publisher"], sources_file, line, "publisher")
        if s["host"] != s["publisher"]:
            author += ", via " + bib_text(s["host"], sources_file, line, "host")
        claim = {"russia": "; claims of Russia's side", "ukraine": "; claims of Ukraine's side"}.get(s["party"], "")
        fields = {"author": "{" + author + "}", "title": "{" + bib_text(s["title"], sources_file, line, "title") + "}"}
        fields["url"] = bib_url(s["url"], sources_file, line, "url")
        fields["year"] = published[:4]
        fields["note"] = ((f"Published {published}; accessed" if published else "Undated; accessed")
                          + f" {s['date_accessed'].date().isoformat()}" + claim)
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
        entries.append(f"@misc{{{s['source_id']},\n{body}\n}}\n")
    return "% Generated by `make data` from data/sources.csv. Do not edit by hand.\n\n" + "\n".join(entries)


def outputs(data_dir: Path = DATA_DIR, bib_file: Path = BIB_FILE) -> dict[Path, str]:
    """Every file this script writes, with its content, all checked; nothing is written."""
    data_dir = Path(data_dir)
    files = {data_dir / rel: text for rel, text in derived_tables(data_dir).items()}
    for path in files:
        check_inside(path, data_dir, "table")
    files[data_dir / "datapackage.json"] = datapackage(data_dir)
    files[Path(bib_file)] = bibliography(data_dir)
    return files


def write_all(files: dict[Path, str]) -> list[Path]:
    """Write the files whose content changed: each to a temporary file beside it, then all moved into place."""
    changed = {path: text for path, text in files.items()
               if not path.is_file() or path.read_text(encoding="utf-8") != text}
    ready: dict[Path, Path] = {}
    try:
        for path, text in changed.items():
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            ready[path] = Path(temporary)
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
    except BaseException:
        for temporary in ready.values():
            temporary.unlink(missing_ok=True)
        raise
    for path, temporary in ready.items():
        os.replace(temporary, path)
    return list(ready)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def main(argv: list[str] | None = None, data_dir: Path = DATA_DIR, bib_file: Path = BIB_FILE) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify instead of writing; exit 1 on any difference")
    parser.add_argument("--since", default="HEAD", metavar="REV",
                        help="compare each table's values with this commit (default: the last commit)")
    parser.add_argument("--record-edition", metavar="REV",
                        help="write the table changes since REV into the newest entry of book/editions.yml")
    args = parser.parse_args(argv)
    problems = check_raw(data_dir)
    files: dict[Path, str] = {}
    if not problems:
        try:
            files = outputs(data_dir, bib_file)
        except DataError as exc:
            problems.append(str(exc))
    if problems:
        for problem in problems:
            print(f"make data: {problem}", file=sys.stderr)
        if not args.check:
            print("make data: nothing was written", file=sys.stderr)
        return 1
    if args.check:
        for path, text in files.items():
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                problems.append(f"{shown_path(path)}: differs from what `make data` produces; "
                                "run `make data` and commit the result")
        for problem in problems:
            print(f"make data: {problem}", file=sys.stderr)
        return 1 if problems else 0
    for path in write_all(files):
        print(f"wrote {shown_path(path)}")
    if data_dir == DATA_DIR:
        report_changes(args.since, args.record_edition)
    return 0


def report_changes(since: str, record: str | None) -> None:
    """Print each table's rows added, removed and changed since ``since``, and the citation shares.

    Values are compared row by row on each table's primary key, so a silent revision of a
    series shows up. With ``record``, the changes since that commit go into the edition log.
    """
    from peacebook import editions, sources

    changes = editions.table_changes(since)
    for name, n in sorted(changes.items()):
        columns = f"; {n['columns_added']} column(s) added, {n['columns_removed']} removed" if \
            n["columns_added"] or n["columns_removed"] else ""
        print(f"{name}: {n['added']} row(s) added, {n['removed']} removed, {n['changed']} changed since {since}{columns}")
    if record:
        editions.record_edition(record)
        print(f"recorded the table changes since {record} in {shown_path(editions.LOG)}")
    for line in sources.share_report():
        print(line)


if __name__ == "__main__":
    sys.exit(main())
