"""`make data` checks every raw extract, derived table and source before it writes anything, then writes atomically."""

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

from peacebook import build
from peacebook.data import DATA_DIR, REPO_ROOT, DataError


@pytest.fixture
def repo(tmp_path):
    """A copy of data/ (with the raw extracts) and of book/references.bib that a test may break."""
    shutil.copytree(DATA_DIR, tmp_path / "data")
    (tmp_path / "book").mkdir()
    shutil.copy(REPO_ROOT / "book" / "references.bib", tmp_path / "book" / "references.bib")
    return tmp_path


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def make_data(repo: Path, *args: str) -> int:
    return build.main(list(args), data_dir=repo / "data", bib_file=repo / "book" / "references.bib")


def edit_raw(repo: Path, file: str, old: str, new: str, *, update_checksum: bool) -> None:
    """Replace ``old`` by ``new`` (once) in a raw extract; optionally record its new checksum, as a contributor would."""
    path = repo / "data" / "raw" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if update_checksum:
        origins = repo / "data" / "raw" / "origins.csv"
        with origins.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        for row in rows[1:]:
            if row[0] == file:
                row[7] = hashlib.sha256(path.read_bytes()).hexdigest()
        with origins.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)


def refused(repo, capsys, *messages: str, check: bool = False) -> str:
    """make data (or --check) exits 1, prints each message, and leaves every file as it was."""
    before = snapshot(repo)
    assert make_data(repo, *(["--check"] if check else [])) == 1
    err = capsys.readouterr().err.replace(f"{repo}/", "")  # paths as they read in the repository
    for message in messages:
        assert message in err, err
    assert "Traceback" not in err
    if not check:
        assert "make data: nothing was written" in err
    assert snapshot(repo) == before, "make data wrote a file although a check failed"
    return err


def test_a_copy_of_the_repository_is_current(repo, capsys):
    assert make_data(repo, "--check") == 0, capsys.readouterr().err
    assert make_data(repo) == 0
    assert capsys.readouterr().out == "", "nothing changed, so nothing is written"


def test_a_tampered_raw_extract_is_refused_before_anything_is_written(repo, capsys):
    edit_raw(repo, "deepstate_occupied_area.csv", "2024-07-10,109368.7", "2024-07-10,109999.9", update_checksum=False)
    refused(repo, capsys, "data/raw/deepstate_occupied_area.csv: SHA-256 ",
            "differs from data/raw/origins.csv, line 2 (a2d105a9")


@pytest.mark.parametrize("check", [False, True], ids=["make data", "--check"])
def test_a_negative_area_is_refused_even_with_its_checksum_updated(repo, capsys, check):
    edit_raw(repo, "deepstate_occupied_area.csv", "2024-07-08,109360.9", "2024-07-08,-5", update_checksum=True)
    refused(repo, capsys, "data/raw/deepstate_occupied_area.csv, line 2, field 'area_km2': "
                          "'-5' is outside the allowed range (minimum 0)", check=check)


@pytest.mark.parametrize("check", [False, True], ids=["make data", "--check"])
def test_a_placeholder_in_a_number_column_is_an_error_not_a_dropped_row(repo, capsys, check):
    edit_raw(repo, "liveuamap_territory.csv", "2022-02-21 00:00:00,42980.991", "2022-02-21 00:00:00,n/a",
             update_checksum=True)
    refused(repo, capsys, "data/raw/liveuamap_territory.csv, line 3, field 'area': 'n/a' is not a number: NaN, "
                          "infinity and placeholders such as n/a are refused; leave the cell empty", check=check)


def test_a_deleted_raw_file_is_named_without_a_traceback(repo, capsys):
    (repo / "data" / "raw" / "kiel_ust_r29_allocations_2022_2026.csv").unlink()
    refused(repo, capsys, "data/raw/origins.csv, line 8, field 'file': lists data/raw/kiel_ust_r29_allocations_2022_2026.csv, "
                          "which is missing")


def test_a_raw_file_without_an_origin_or_a_schema_is_named(repo, capsys):
    shutil.copy(repo / "data" / "raw" / "liveuamap_territory.csv", repo / "data" / "raw" / "extra_file.csv")
    (repo / "data" / "raw" / "schemas" / "liveuamap_territory.json").unlink()
    refused(repo, capsys, "data/raw/extra_file.csv: raw file has no row in data/raw/origins.csv",
            "data/raw/liveuamap_territory.csv: no schema for this raw extract: write data/raw/schemas/liveuamap_territory.json")


def test_a_raw_extract_that_links_out_of_data_raw_is_refused(repo, tmp_path, capsys):
    raw = repo / "data" / "raw" / "deepstate_occupied_area.csv"
    outside = tmp_path / "deepstate_occupied_area.csv"
    shutil.move(raw, outside)
    raw.symlink_to(outside)
    refused(repo, capsys, "data/raw/deepstate_occupied_area.csv: the raw extract is a symbolic link to")


def test_a_table_that_links_out_of_data_is_not_overwritten(repo, tmp_path, capsys):
    table = repo / "data" / "control_area.csv"
    outside = tmp_path / "control_area.csv"
    shutil.move(table, outside)
    table.symlink_to(outside)
    refused(repo, capsys, "data/control_area.csv: the table is a symbolic link to")


def test_a_derived_table_that_breaks_its_schema_is_not_written(repo, capsys, monkeypatch):
    from peacebook.derivations import gas_imports_russia_eurostat as module

    original = module.derive
    monkeypatch.setattr(module, "derive", lambda raw_dir: original(raw_dir).assign(share_pct=-1.0))
    refused(repo, capsys, "data/gas_imports_russia_eurostat.csv, line 2, field 'share_pct': '-1.0' is outside the allowed "
                          "range (minimum 0) (in the table peacebook/derivations/gas_imports_russia_eurostat.py derives)")


def test_outputs_are_written_only_when_every_check_passes(repo, capsys):
    """A changed raw extract would rewrite a table, but a bad source stops everything: nothing is written."""
    edit_raw(repo, "deepstate_occupied_area.csv", "2024-07-08,109360.9", "2024-07-08,109360.8", update_checksum=True)
    sources = repo / "data" / "sources.csv"
    text = sources.read_text(encoding="utf-8")
    line = text[:text.index(",Putin says he is ready to meet Trump 'any time'")].count("\n") + 1
    sources.write_text(text.replace(",Putin says he is ready", ",{Putin} says he is ready", 1), encoding="utf-8")
    refused(repo, capsys, f"data/sources.csv, line {line}, field 'title': "
                          "\"{Putin} says he is ready to meet Trump 'any time'\": "
                          "'{' (character 1) cannot be written safely in book/references.bib")
    sources.write_text(sources.read_text(encoding="utf-8").replace("{Putin}", "Putin"), encoding="utf-8")
    assert make_data(repo) == 0
    assert capsys.readouterr().out == f"wrote {repo}/data/control_area.csv\n"
    assert not list(repo.rglob("*.tmp")), "no temporary file is left behind"
    assert "2024-07-08,DeepState,109360.8," in (repo / "data" / "control_area.csv").read_text()


def test_write_all_keeps_the_file_mode_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("old\n")
    path.chmod(0o640)
    assert build.write_all({path: "new\n", tmp_path / "new.csv": "x\n"}) == [path, tmp_path / "new.csv"]
    assert path.read_text() == "new\n" and (path.stat().st_mode & 0o777) == 0o640
    assert build.write_all({path: "new\n"}) == [], "an unchanged file is not rewritten"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.csv", "table.csv"]


# ---- the bibliography: escaped, or refused naming sources.csv, line and field

def test_a_brace_in_a_url_is_refused_naming_sources_csv(repo, capsys):
    sources = repo / "data" / "sources.csv"
    sources.write_text(sources.read_text(encoding="utf-8").replace("https://www.kyivpost.com/post/44189",
                                                                   "https://www.kyivpost.com/post/44189}", 1), encoding="utf-8")
    refused(repo, capsys, "data/sources.csv, line 5, field 'url': 'https://www.kyivpost.com/post/44189}' is not a valid URL: "
                          "U+007D RIGHT CURLY BRACKET at character 36 is not allowed in a URL; percent-encode it as %7D")


@pytest.mark.parametrize("value, words", [
    ("a {b", "'{' (character 3) cannot be written safely in book/references.bib"),
    ("x^2", "'^' (character 2) cannot be written safely"),
])
def test_bib_text_refuses_what_it_cannot_escape(value, words):
    with pytest.raises(DataError) as caught:
        build.bib_text(value, DATA_DIR / "sources.csv", 7, "title")
    assert caught.value.file == "data/sources.csv" and caught.value.line == 7 and caught.value.field == "title"
    assert words in str(caught.value)


def _pybtex_text(latex: str) -> str:
    from pybtex.richtext import Text

    return Text.from_latex(latex).render_as("text")


@pytest.mark.parametrize("value", ["P&I Club", "40% of $20 #156 nrg_ti_gas", r"a\b", "~tilde", "en--dash ``quoted''",
                                   "¿what?` !`", "<<x>>", "Café – 12 km²"])
def test_bib_text_reads_back_as_written(value):
    assert _pybtex_text("{" + build.bib_text(value, Path("sources.csv"), 2, "title") + "}") == value


def test_every_source_reads_back_from_references_bib_as_in_sources_csv():
    """What pybtex (the book's bibliography renderer) reads from references.bib is exactly sources.csv."""
    from pybtex.database import parse_file

    from peacebook.data import load

    entries = parse_file(str(REPO_ROOT / "book" / "references.bib"), "bibtex").entries
    for s in load("sources").itertuples():
        entry = entries[s.source_id]
        assert _pybtex_text(entry.fields["title"]) == s.title, s.source_id
        assert entry.fields["url"] == s.url, s.source_id
        (author,) = entry.persons["author"]
        cited_as = s.publisher if s.host == s.publisher else f"{s.publisher}, via {s.host}"
        assert _pybtex_text(" ".join(author.last_names)) == cited_as, s.source_id
