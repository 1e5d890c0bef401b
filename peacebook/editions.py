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
    """Per table: rows ``added``, ``removed`` and ``changed`` since commit ``base``, and columns added or removed.

    Rows are matched on the table's primary key and compared, as the CSV writes them, on the
    columns both versions have; a table new since ``base`` counts all its rows as added. Where
    the key itself changed, every row counts as removed and added again.
    """
    changes = {}
    for name in resource_names(data_dir):
        res = resource(name, data_dir)
        rel = res.descriptor["path"]
        now = pd.read_csv(data_dir / rel, dtype=str, keep_default_na=False)
        old_text = _committed_csv(base, rel)
        old = pd.read_csv(io.StringIO(old_text), dtype=str, keep_default_na=False) if old_text else now.iloc[0:0]
        key = res.primary_key or list(now.columns)
        common = [c for c in now.columns if c in old.columns]
        counts = {"added": 0, "removed": 0, "changed": 0,
                  "columns_added": len([c for c in now.columns if c not in old.columns]) if old_text else 0,
                  "columns_removed": len([c for c in old.columns if c not in now.columns])}
        if old_text and not set(key) <= set(old.columns):
            counts.update(added=len(now), removed=len(old))
        else:
            now_rows = {tuple(r[key]): tuple(r[common]) for _, r in now.iterrows()}
            old_rows = {tuple(r[key]): tuple(r[common]) for _, r in old.iterrows()}
            counts["added"] = len(now_rows.keys() - old_rows.keys())
            counts["removed"] = len(old_rows.keys() - now_rows.keys())
            counts["changed"] = sum(1 for k in now_rows.keys() & old_rows.keys() if now_rows[k] != old_rows[k])
        if any(counts.values()):
            changes[name] = counts
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
            parts.append("*Tables changed* (rows compared with the previous edition on their keys; columns counted apart)\n")
            parts.append(table(frame, {"table": "Table", "added": "Rows added", "removed": "Rows removed",
                                       "changed": "Rows changed", "columns_added": "Columns added",
                                       "columns_removed": "Columns removed"}).data + "\n")
    return Markdown("\n".join(parts))
