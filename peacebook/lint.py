"""``make lint``: ruff over the package, the tests, the build tools and the notebooks, with a ratchet.

The rules are ruff's configuration in ``pyproject.toml``. Findings that predate ``make lint``
are listed, per file and rule, in ``.ci/lint-baseline.txt``: those files may keep that many
findings of that rule and no more, and every other file must have none. So new code is clean
from its first commit, and the old findings can be fixed by whoever owns those files, at their
pace. A file that has fewer findings than its baseline is reported; ``python -m peacebook.lint
--shrink-baseline`` then lowers the baseline (it never raises it). With an empty baseline this
is exactly ``ruff check``.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
from pathlib import Path

from peacebook.toc import REPO_ROOT

PATHS = ("peacebook", "tests", ".ci", "book")
BASELINE = REPO_ROOT / ".ci" / "lint-baseline.txt"
HEADER = """\
# Ruff findings that predate `make lint`, per file and rule: "count rule path".
# A file may keep at most this many findings of that rule; any other finding fails `make lint`.
# Fix them, then run `python -m peacebook.lint --shrink-baseline` (it only ever lowers counts).
"""

Key = tuple[str, str]  # (path relative to the repository, rule code)


def ruff_findings(paths=PATHS, root: Path = REPO_ROOT) -> list[dict]:
    """Ruff's findings as dicts (JSON output), paths relative to ``root``."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "json", "--exit-zero", *paths],
                            cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"make lint: ruff failed:\n{result.stderr}")
    findings = json.loads(result.stdout or "[]")
    for finding in findings:
        finding["path"] = Path(finding["filename"]).resolve().relative_to(root.resolve()).as_posix()
    return findings


def count(findings: list[dict]) -> dict[Key, int]:
    return dict(collections.Counter((f["path"], f["code"] or "syntax") for f in findings))


def read_baseline(path: Path = BASELINE) -> dict[Key, int]:
    baseline = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                number, code, file = line.split(maxsplit=2)
                baseline[(file, code)] = int(number)
    return baseline


def write_baseline(baseline: dict[Key, int], path: Path = BASELINE) -> None:
    lines = [f"{n} {code} {file}" for (file, code), n in sorted(baseline.items()) if n > 0]
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")


def compare(current: dict[Key, int], baseline: dict[Key, int]) -> tuple[dict[Key, tuple[int, int]], dict[Key, tuple[int, int]]]:
    """(over, under): keys with more findings than the baseline allows, and with fewer; values (now, allowed)."""
    over = {k: (n, baseline.get(k, 0)) for k, n in current.items() if n > baseline.get(k, 0)}
    under = {k: (current.get(k, 0), n) for k, n in baseline.items() if current.get(k, 0) < n}
    return over, under


def describe(finding: dict) -> str:
    where = finding["path"]
    if finding.get("cell"):
        where += f", cell {finding['cell']}"
    row = finding.get("location", {}).get("row", "?")
    return f"{where}:{row}: {finding['code']} {finding['message']}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m peacebook.lint", description=__doc__.split("\n\n")[0])
    parser.add_argument("--shrink-baseline", action="store_true", help="lower the baseline to the findings left")
    args = parser.parse_args(argv)
    findings = ruff_findings()
    current, baseline = count(findings), read_baseline()
    over, under = compare(current, baseline)
    if args.shrink_baseline:
        write_baseline({k: min(n, current.get(k, 0)) for k, n in baseline.items()})
        print(f"make lint: baseline lowered for {len(under)} file and rule pair(s)")
        return 0
    if under:
        print(f"make lint: {len(under)} file and rule pair(s) have fewer findings than .ci/lint-baseline.txt allows; "
              "run `python -m peacebook.lint --shrink-baseline` to record it")
    if over:
        print("make lint: new ruff findings (the baseline in .ci/lint-baseline.txt allows none of these):")
        for (file, code), (now, allowed) in sorted(over.items()):
            print(f"  {file}: {now} finding(s) of {code}, {allowed} allowed")
            for finding in findings:
                if (finding["path"], finding["code"] or "syntax") == (file, code):
                    print(f"    {describe(finding)}")
        print("Fix them (`.venv-test/bin/ruff check --fix` fixes some).")
        return 1
    print(f"make lint: ruff found nothing new ({sum(current.values())} old finding(s) in the baseline remain)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
