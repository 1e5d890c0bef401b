"""``make data``: derive the book's tables from ``data/raw/`` and assemble the data package.

Run ``python -m peacebook.build`` to write, ``python -m peacebook.build --check`` to
verify that everything committed equals what this script produces (the tests do).

It does four things, all deterministic:

1. checks every raw extract against the SHA-256 in ``data/raw/origins.csv``;
2. runs each derivation in :mod:`peacebook.derivations` and writes ``data/<name>.csv``;
3. assembles ``data/datapackage.json`` from the descriptors in ``data/schemas/`` and the
   sources in ``data/sources.csv``;
4. writes ``book/references.bib`` from ``data/sources.csv`` so prose can cite any source
   by its ``source_id`` (``{footcite}`source-id```).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sys
from pathlib import Path

from peacebook.data import DATA_DIR, REPO_ROOT, DataError, load, resource, resource_names
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


def check_raw(data_dir: Path = DATA_DIR) -> list[str]:
    """Problems with the raw extracts: unlisted files, missing files, checksum mismatches."""
    origins = load(ORIGINS, data_dir)
    raw_dir = data_dir / "raw"
    problems = []
    listed = set(origins["file"])
    for path in sorted(raw_dir.glob("*.csv")):
        if path.name != "origins.csv" and path.name not in listed:
            problems.append(f"data/raw/{path.name}: raw file has no row in data/raw/origins.csv")
    for row in origins.itertuples():
        path = raw_dir / row.file
        if not path.is_file():
            problems.append(f"data/raw/{row.file}: listed in origins.csv but missing")
        elif sha256(path) != row.sha256:
            problems.append(f"data/raw/{row.file}: SHA-256 {sha256(path)} differs from origins.csv ({row.sha256}); "
                            "if the extract changed on purpose, update its origin record")
    return problems


def derived_tables(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """Run every derivation; return ``{relative path: CSV text}``."""
    out = {}
    for module in derivations():
        frame = module.derive(data_dir / "raw")
        expected = [f["name"] for f in resource(module.OUTPUT, data_dir).fields]
        if list(frame.columns) != expected:
            raise DataError(f"peacebook/derivations/{module.__name__.rsplit('.', 1)[-1]}.py",
                            f"derivation returns columns {list(frame.columns)}, schema expects {expected}")
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, lineterminator="\n")
        out[resource(module.OUTPUT, data_dir).descriptor["path"]] = buffer.getvalue()
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


def bibliography(data_dir: Path = DATA_DIR) -> str:
    """BibTeX entries, one per source, keyed by ``source_id``."""
    entries = []
    for s in load("sources", data_dir).itertuples():
        published = s.date_published if isinstance(s.date_published, str) else ""
        author = s.publisher if s.host == s.publisher else f"{s.publisher}, via {s.host}"
        claim = {"russia": "; claims of Russia's side", "ukraine": "; claims of Ukraine's side"}.get(s.party, "")
        fields = {
            "author": "{" + _bib_escape(author) + "}",
            "title": "{" + _bib_escape(s.title) + "}",
            "url": s.url,
            "year": published[:4],
            "note": (f"Published {published}; accessed" if published else "Undated; accessed") + f" {s.date_accessed.date().isoformat()}" + claim,
        }
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
        entries.append(f"@misc{{{s.source_id},\n{body}\n}}\n")
    return "% Generated by `make data` from data/sources.csv. Do not edit by hand.\n\n" + "\n".join(entries)


def outputs(data_dir: Path = DATA_DIR) -> dict[Path, str]:
    """Every file this script writes, with its content."""
    files = {data_dir / rel: text for rel, text in derived_tables(data_dir).items()}
    files[data_dir / "datapackage.json"] = datapackage(data_dir)
    files[BIB_FILE] = bibliography(data_dir)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify instead of writing; exit 1 on any difference")
    args = parser.parse_args(argv)
    try:
        problems = check_raw()
        files = outputs()
    except DataError as exc:
        print(f"make data: {exc}", file=sys.stderr)
        return 1
    for path, text in files.items():
        rel = path.relative_to(REPO_ROOT)
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        if args.check:
            problems.append(f"{rel}: differs from what `make data` produces; run `make data` and commit the result")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {rel}")
    for problem in problems:
        print(f"make data: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _bib_escape(text: str) -> str:
    return text.replace("\\", "").replace("{", "").replace("}", "").replace("&", r"\&").replace("%", r"\%")


if __name__ == "__main__":
    sys.exit(main())
