"""The edition log: what each edition added and corrected, and how each table's values changed.

``book/editions.yml`` is the committed changelog (newest edition first). :func:`table_changes`
compares every table, row by row on its primary key, with the same table at another commit,
so a silent revision of a series shows up as changed rows; ``make data`` prints it and
``python -m peacebook.build --record-edition BASE`` writes it into the newest entry. The
edition log page renders the file with :func:`log_page`.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pandas as pd
import yaml
from IPython.display import Markdown

from peacebook.data import DATA_DIR, REPO_ROOT, resource, resource_names
from peacebook.formats import long_date
from peacebook.tables import escape, table

LOG = REPO_ROOT / "book" / "editions.yml"


def load_log(path: Path = LOG) -> list[dict]:
    """The editions, newest first, each with ``version``, ``date``, ``added``, ``corrected``, ``tables``."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    for i, entry in enumerate(entries):
        missing = {"version", "date", "added", "corrected", "tables"} - set(entry)
        if missing:
            raise ValueError(f"{shown}: entry {i + 1} lacks {sorted(missing)}")
        if not isinstance(entry["date"], dt.date):
            raise ValueError(f"{shown}: entry {i + 1}: date {entry['date']!r} is not YYYY-MM-DD")
    dates = [e["date"] for e in entries]
    if dates != sorted(dates, reverse=True):
        raise ValueError(f"{shown}: editions must be listed newest first")
    return entries


def _committed_csv(rev: str, rel: str) -> str | None:
    result = subprocess.run(["git", "show", f"{rev}:data/{rel}"], cwd=REPO_ROOT, capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def table_changes(base: str, data_dir: Path = DATA_DIR) -> dict[str, dict[str, int]]:
    """Per table: rows ``added``, ``removed`` and ``changed`` (same key, other values) since commit ``base``.

    Rows are matched on the table's primary key and compared as text, exactly as the CSV
    holds them. A table new since ``base`` counts all its rows as added.
    """
    changes = {}
    for name in resource_names(data_dir):
        res = resource(name, data_dir)
        rel = res.descriptor["path"]
        now = pd.read_csv(data_dir / rel, dtype=str, keep_default_na=False)
        old_text = _committed_csv(base, rel)
        old = pd.read_csv(io.StringIO(old_text), dtype=str, keep_default_na=False) if old_text else now.iloc[0:0]
        key = [k for k in res.primary_key if k in now.columns and k in old.columns] or list(now.columns[:1])
        now_rows = {tuple(r[key]): tuple(r) for _, r in now.iterrows()}
        old_rows = {tuple(r[key]): tuple(r) for _, r in old.iterrows()} if set(old.columns) == set(now.columns) else \
            {tuple(r[key]): ("<columns changed>",) for _, r in old.iterrows()}
        added = len(now_rows.keys() - old_rows.keys())
        removed = len(old_rows.keys() - now_rows.keys())
        changed = sum(1 for k in now_rows.keys() & old_rows.keys() if now_rows[k] != old_rows[k])
        if added or removed or changed:
            changes[name] = {"added": added, "removed": removed, "changed": changed}
    return changes


def record_edition(base: str, path: Path = LOG) -> dict[str, dict[str, int]]:
    """Write :func:`table_changes` since ``base`` into the newest entry of the log; return them."""
    changes = table_changes(base)
    text = path.read_text(encoding="utf-8")
    entries = load_log(path)
    entries[0]["tables"] = changes
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    path.write_text(header + yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    return changes


def log_page(entries: list[dict]) -> Markdown:
    """The edition log as Markdown: per edition its date, additions, corrections and table changes."""
    parts = []
    for entry in entries:
        parts.append(f"**Edition {escape(entry['version'])}, {escape(long_date(entry['date']))}**\n")
        for heading, items in (("Added", entry["added"]), ("Corrected", entry["corrected"])):
            if items:
                parts.append(f"*{heading}*\n\n" + "\n".join(f"- {escape(item)}" for item in items) + "\n")
        if entry["tables"]:
            frame = pd.DataFrame([{"table": name, **counts} for name, counts in sorted(entry["tables"].items())])
            parts.append("*Tables changed* (rows compared with the previous edition)\n")
            parts.append(table(frame, {"table": "Table", "added": "Rows added", "removed": "Rows removed",
                                       "changed": "Rows changed"}).data + "\n")
    return Markdown("\n".join(parts))
