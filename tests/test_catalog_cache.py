"""The catalog cache: used while fresh, rebuilt on any doubt, silent when it cannot be kept."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from aitrainer_cli.banks import cache, loader, yaml_source
from aitrainer_cli.banks.catalog import Catalog, load_catalog
from aitrainer_cli.banks.schema import schema
from aitrainer_cli.paths import builtin_banks_dir
from aitrainer_cli.progress.records import content_hash
from support import DATA, Run

VALID = DATA / "valid"
BROKEN = DATA / "broken"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every YAML document the loader parses from now on (the cache parses none)."""
    seen: list[bytes] = []
    real = yaml_source.parse_source

    def spy(raw: bytes, *args: object, **kwargs: object) -> yaml_source.Source:
        seen.append(raw)
        return real(raw, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(yaml_source, "parse_source", spy)
    monkeypatch.setattr(loader, "parse_source", spy)  # the loader holds its own reference
    return seen


@pytest.fixture
def banks(tmp_path: Path) -> Path:
    """A private copy of the valid test banks, free to edit."""
    copy = tmp_path / "banks"
    shutil.copytree(VALID, copy)
    return copy


def cache_files() -> list[Path]:
    return sorted(cache.cache_dir().glob("catalog-*.pickle"))


def same(one: Catalog, other: Catalog) -> None:
    assert one == other
    assert one.findings == other.findings
    assert list(one.entries) == list(other.entries)


def test_a_fresh_cache_is_used_and_gives_an_equal_catalog(banks: Path, parses: list[bytes]) -> None:
    first = load_catalog([banks], cached=True)
    assert len(parses) == 2
    assert len(cache_files()) == 1
    parses.clear()
    second = load_catalog([banks], cached=True)
    assert parses == []
    same(second, first)
    assert second is not first


def test_cached_and_uncached_loads_agree(banks: Path) -> None:
    fresh = load_catalog([banks])
    load_catalog([banks], cached=True)
    cached = load_catalog([banks], cached=True)
    assert cached.entries == fresh.entries
    assert cached.banks == fresh.banks
    assert cached.blueprints == fresh.blueprints
    assert cached.findings == fresh.findings


def test_the_cache_lives_where_aitrainer_cache_points(
    banks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AITRAINER_CACHE", str(tmp_path / "elsewhere"))
    load_catalog([banks], cached=True)
    assert [p.parent for p in cache_files()] == [tmp_path / "elsewhere"]


def test_a_changed_mtime_rebuilds(banks: Path, parses: list[bytes]) -> None:
    load_catalog([banks], cached=True)
    parses.clear()
    path = banks / "all-types.yaml"
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 2_000_000_000))
    load_catalog([banks], cached=True)
    assert len(parses) == 2
    parses.clear()
    load_catalog([banks], cached=True)
    assert parses == []  # and the rebuilt cache is used in turn


def test_an_edit_that_keeps_the_mtime_still_rebuilds(banks: Path) -> None:
    path = banks / "all-types.yaml"
    before = load_catalog([banks], cached=True)
    status = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Which", "What", 1), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    after = load_catalog([banks], cached=True)
    assert after.entries != before.entries
    assert after.entries == load_catalog([banks]).entries


def test_a_changed_size_rebuilds_with_the_new_content(banks: Path, parses: list[bytes]) -> None:
    load_catalog([banks], cached=True)
    path = banks / "all-types.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "explanation: DPO trains on the same chosen and rejected pairs; "
            "only the reward model goes away.",
            "explanation: Not so.",
        ),
        encoding="utf-8",
    )
    parses.clear()
    rebuilt = load_catalog([banks], cached=True)
    assert len(parses) == 2
    assert [f.code for f in rebuilt.findings] == ["short-explanation"]


def test_an_added_file_rebuilds(banks: Path, parses: list[bytes]) -> None:
    before = load_catalog([banks], cached=True)
    shutil.copy(BROKEN / "semantics.yaml", banks / "zz-more.yaml")
    parses.clear()
    after = load_catalog([banks], cached=True)
    assert len(parses) == 3
    assert len(after.files) == len(before.files) + 1
    assert any(f.file.endswith("zz-more.yaml") for f in after.findings)


def test_a_removed_file_rebuilds(banks: Path, parses: list[bytes]) -> None:
    before = load_catalog([banks], cached=True)
    (banks / "exam.yaml").unlink()
    parses.clear()
    after = load_catalog([banks], cached=True)
    assert len(parses) == 1
    assert before.blueprints
    assert not after.blueprints


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: b"", id="empty"),
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
        pytest.param(lambda raw: raw[:-1], id="last-byte-missing"),
        pytest.param(lambda raw: b"\x80\x04garbage" * 50, id="garbage"),
        pytest.param(lambda raw: raw[:40] + bytes(200) + raw[240:], id="zeroed-middle"),
        pytest.param(lambda raw: raw.replace(b"all-types", b"all-typez"), id="bytes-flipped"),
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(
    banks: Path, parses: list[bytes], damage: Callable[[bytes], bytes]
) -> None:
    expected = load_catalog([banks], cached=True)
    (stored,) = cache_files()
    stored.write_bytes(damage(stored.read_bytes()))
    parses.clear()
    again = load_catalog([banks], cached=True)
    assert again.entries == expected.entries
    assert again.findings == expected.findings
    parses.clear()
    same(load_catalog([banks], cached=True), expected)
    assert parses == []  # the damaged file was replaced by a good one


def test_a_cache_of_something_else_is_ignored(banks: Path, parses: list[bytes]) -> None:
    import pickle

    load_catalog([banks], cached=True)
    (stored,) = cache_files()
    raw = stored.read_bytes()
    key = pickle.loads(raw[len(b"aitrainer-catalog-cache\n") :])
    fake = (
        b"aitrainer-catalog-cache\n" + pickle.dumps(key) + pickle.dumps(({"not": "a catalog"}, {}))
    )
    stored.write_bytes(fake)
    parses.clear()
    catalog = load_catalog([banks], cached=True)
    assert isinstance(catalog, Catalog)
    assert len(parses) == 2


def test_an_unreadable_cache_is_ignored_without_a_word(
    banks: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = load_catalog([banks])
    where = cache.cache_dir() / f"catalog-{cache._name([banks])}.pickle"
    where.mkdir(parents=True)  # a directory where the file should be: cannot be read or replaced
    for _ in range(2):
        catalog = load_catalog([banks], cached=True)
        assert catalog.entries == expected.entries
        assert catalog.findings == expected.findings
    assert where.is_dir()
    assert list(where.parent.glob("*.tmp")) == []
    assert capsys.readouterr() == ("", "")


def test_an_unwritable_cache_dir_means_no_cache_and_no_error(
    banks: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cli: Callable[..., Run],
    parses: list[bytes],
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file, so nothing can be created below it")
    monkeypatch.setenv("AITRAINER_CACHE", str(blocker / "cache"))
    expected = load_catalog([banks])
    parses.clear()
    for _ in range(2):
        assert load_catalog([banks], cached=True).entries == expected.entries
    assert len(parses) == 4  # parsed every time: nothing was cached
    assert not (blocker.parent / "cache").exists()
    result = cli("exam", "--list")
    assert result.code == 0
    assert result.err == ""
    assert "quick-screening" in result.out


def test_findings_survive_the_cache_exactly(tmp_path: Path) -> None:
    copy = tmp_path / "broken"
    shutil.copytree(BROKEN, copy)
    fresh = load_catalog([copy])
    assert fresh.errors()
    assert any(f.severity == "warning" for f in fresh.findings)
    cold = load_catalog([copy], cached=True)
    warm = load_catalog([copy], cached=True)
    assert fresh.findings == cold.findings == warm.findings
    assert [f.text() for f in warm.findings] == [f.text() for f in fresh.findings]
    assert warm.errors(strict=True) == fresh.errors(strict=True)
    assert [(f.path, f.kind, f.question_count) for f in warm.files] == [
        (f.path, f.kind, f.question_count) for f in fresh.files
    ]


def test_file_names_follow_the_working_directory(
    banks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(banks)
    inside = load_catalog([banks], cached=True)
    assert {f.path for f in inside.files} == {"all-types.yaml", "exam.yaml"}
    monkeypatch.chdir(tmp_path)
    outside = load_catalog([banks], cached=True)
    assert {f.path for f in outside.files} == {"banks/all-types.yaml", "banks/exam.yaml"}


def test_another_version_or_layout_rebuilds(
    banks: Path, parses: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_catalog([banks], cached=True)
    for name, value in (("__version__", "999.0"), ("LAYOUT", cache.LAYOUT + 1)):
        with monkeypatch.context() as patch:
            patch.setattr(cache, name, value)
            parses.clear()
            load_catalog([banks], cached=True)
            assert len(parses) == 2, name


def test_an_edited_source_file_changes_the_code_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "package"
    (package / "sub").mkdir(parents=True)
    (package / "models.py").write_text("x = 1\n")
    (package / "sub" / "more.py").write_text("y = 2\n")
    monkeypatch.setattr(cache, "_PACKAGE", package)
    before = cache.code_fingerprint()
    assert cache.code_fingerprint() == before
    status = (package / "sub" / "more.py").stat()
    os.utime(package / "sub" / "more.py", ns=(status.st_atime_ns, status.st_mtime_ns + 10**9))
    touched = cache.code_fingerprint()
    assert touched != before
    (package / "models.py").write_text("x = 10\n")
    assert cache.code_fingerprint() != touched
    (package / "new.py").write_text("")
    assert len(cache.code_fingerprint()[2]) == 3


def test_the_real_package_is_fingerprinted() -> None:
    names = {Path(path).name for path, _, _ in cache.code_fingerprint()[2]}
    assert {"cache.py", "catalog.py", "ranking.py", "loader.py"} <= names  # models in items/


def test_the_format_version_is_the_one_the_models_accept() -> None:
    for kind in ("bank", "exam"):
        assert schema(kind)["properties"]["format"]["const"] == cache.BANK_FORMAT_VERSION


def test_stored_content_hashes_equal_computed_ones() -> None:
    load_catalog([builtin_banks_dir()], cached=True)
    warm = load_catalog([builtin_banks_dir()], cached=True)
    for entry in warm.entries.values():
        # a copy is another object, so its hash is computed from its content
        assert content_hash(entry.question) == content_hash(entry.question.model_copy())


def test_hashes_are_remembered_for_one_catalog_at_most(banks: Path) -> None:
    from aitrainer_cli.progress import records

    load_catalog([builtin_banks_dir()], cached=True)
    builtin = load_catalog([builtin_banks_dir()], cached=True)
    load_catalog([banks], cached=True)
    small = load_catalog([banks], cached=True)
    assert len(records._KNOWN_HASHES) == len(small.entries)
    question = next(iter(builtin.entries.values())).question
    assert content_hash(question) == content_hash(question.model_copy())


def test_bank_validate_never_uses_the_cache(
    banks: Path,
    cli: Callable[..., Run],
    parses: list[bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    load_catalog([banks], cached=True)

    def refuse(*args: object, **kwargs: object) -> Catalog:
        raise AssertionError("bank validate must re-check the files")

    monkeypatch.setattr(cache, "cached_catalog", refuse)
    parses.clear()
    result = cli("bank", "validate", str(banks))
    assert result.code == 0
    assert len(parses) == 2


def test_exam_commands_start_from_the_cache(cli: Callable[..., Run], parses: list[bytes]) -> None:
    assert cli("exam", "--list").code == 0
    assert parses
    assert len(cache_files()) == 1
    parses.clear()
    listed = cli("exam", "--list")
    assert listed.code == 0
    assert "quick-screening" in listed.out
    assert parses == []
