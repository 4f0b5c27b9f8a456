"""statdeadline.calendar.cache: the file cache of each division's bank holidays.

Every test points ``XDG_CACHE_HOME`` at its own ``tmp_path`` (the ``cache_home``
fixture) or turns the cache off, so the suite never reads or writes the user's cache.
Builds here call ``build_index.__wrapped__`` (the function under the in-process LRU
cache) so that they really build, and leave the shared LRU cache alone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import statdeadline.calendar.index as index_module
from statdeadline import DIVISIONS, WorkingDayCalendar
from statdeadline.calendar import cache
from statdeadline.calendar.bank_holidays import DATA_VERSION, holiday_names, holidays_version
from statdeadline.calendar.index import Index, build_index, weekday_holidays
from statdeadline.calendar.overrides import CalendarOverrides

build = build_index.__wrapped__
VERSION = holidays_version()
NO_OVERRIDES = CalendarOverrides()


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache on, in ``tmp_path``; returns the folder the files go in."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(cache.DISABLE_ENV, raising=False)
    return tmp_path / "statdeadline"


def entry(folder: Path, division: str, version: str | None = VERSION) -> Path:
    return folder / f"holidays-{division}-{version}-v{DATA_VERSION}.json"


def forbid_holidays(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make deriving the holidays from the ``holidays`` package fail, to prove a build
    read them from the cache."""

    def refuse(division: str) -> dict[int, str]:
        raise AssertionError(f"holiday_names({division!r}) called: the cache was not used")

    monkeypatch.setattr(index_module, "holiday_names", refuse)


def same_index(a: Index, b: Index) -> bool:
    return (a.fingerprint, a.before, a.working, a.reasons, a.extra_working) == (
        b.fingerprint,
        b.before,
        b.working,
        b.reasons,
        b.extra_working,
    )


# --------------------------------------------------------------------------- the folder


def test_folder_is_under_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An absolute XDG_CACHE_HOME holds the cache folder 'statdeadline'."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(cache.DISABLE_ENV, raising=False)
    assert cache.cache_folder() == tmp_path / "statdeadline"


@pytest.mark.parametrize("xdg", [None, "", "relative/cache"])
def test_folder_defaults_to_home_dot_cache(
    xdg: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without an absolute XDG_CACHE_HOME (unset, empty, or relative, which the XDG spec
    says to ignore) the folder is ~/.cache/statdeadline."""
    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    monkeypatch.delenv(cache.DISABLE_ENV, raising=False)
    assert cache.cache_folder() == tmp_path / ".cache" / "statdeadline"


@pytest.mark.parametrize(("value", "off"), [("1", True), ("yes", True), ("0", False), ("", False)])
def test_env_var_turns_the_cache_off(
    value: str, off: bool, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """STATDEADLINE_NO_CACHE set to anything but '' or '0' turns the cache off."""
    monkeypatch.setenv("STATDEADLINE_NO_CACHE", value)
    assert (cache.cache_folder() is None) is off


# --------------------------------------------------------------------------- round trip


def test_first_build_writes_the_entry_and_the_next_reads_it(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build saves the division's holidays under the holidays version and the data
    version; a second build reads them back without calling the holidays package."""
    first = weekday_holidays("scotland")
    assert first == holiday_names("scotland")
    assert [p.name for p in cache_home.iterdir()] == [entry(cache_home, "scotland").name]
    forbid_holidays(monkeypatch)
    assert weekday_holidays("scotland") == first


@pytest.mark.parametrize("division", DIVISIONS)
def test_fingerprint_and_index_are_the_same_from_cache_or_fresh(
    division: str, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index built from cached holidays equals one built from the holidays package:
    the same fingerprint, counts, working days and reasons, overrides or none."""
    overrides = CalendarOverrides.of({"2024-06-10": "closure"}, {"2024-12-26": "open"})
    with monkeypatch.context() as m:
        m.setenv("STATDEADLINE_NO_CACHE", "1")
        fresh = [build(division, NO_OVERRIDES), build(division, overrides)]
    build(division, NO_OVERRIDES)  # fills the cache
    forbid_holidays(monkeypatch)
    cached = [build(division, NO_OVERRIDES), build(division, overrides)]
    assert [same_index(a, b) for a, b in zip(fresh, cached, strict=True)] == [True, True]
    assert fresh[0].fingerprint == WorkingDayCalendar.for_division(division).fingerprint


def test_file_is_json_with_key_digest_and_days(cache_home: Path) -> None:
    """The entry is plain JSON (no pickle): its format, the key it was derived under, a
    SHA-256 of the days, and the days as [ISO date, name] pairs in date order."""
    weekday_holidays("england-and-wales")
    data = json.loads(entry(cache_home, "england-and-wales").read_text(encoding="utf-8"))
    assert data["format"] == "statdeadline-cache/1"
    assert data["key"] == {
        "division": "england-and-wales",
        "holidays": VERSION,
        "data": DATA_VERSION,
        "first": "1990-01-01",
        "last": "2100-12-31",
    }
    assert ["2024-12-25", "Christmas Day"] in data["days"]
    assert data["days"] == sorted(data["days"])
    assert len(data["sha256"]) == 64


def test_another_holidays_version_is_another_entry(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Upgrading holidays misses the cache: the holidays are derived again and saved
    beside the old entry, which is left for the version it belongs to."""
    weekday_holidays("scotland")
    monkeypatch.setattr(index_module, "holidays_version", lambda: "9.9.9")
    calls: list[str] = []

    def counting(division: str) -> dict[int, str]:
        calls.append(division)
        return holiday_names(division)

    monkeypatch.setattr(index_module, "holiday_names", counting)
    weekday_holidays("scotland")
    assert calls == ["scotland"]
    assert {p.name for p in cache_home.iterdir()} == {
        entry(cache_home, "scotland").name,
        entry(cache_home, "scotland", "9.9.9").name,
    }


def test_without_holidays_metadata_nothing_is_cached(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the holidays version cannot be read there is no key, so no cache."""
    monkeypatch.setattr(index_module, "holidays_version", lambda: None)
    assert weekday_holidays("scotland") == holiday_names("scotland")
    assert not cache_home.exists()


def test_cache_off_reads_and_writes_nothing(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With STATDEADLINE_NO_CACHE=1 a valid entry is not read and none is written."""
    weekday_holidays("scotland")
    before = entry(cache_home, "scotland").read_bytes()
    monkeypatch.setenv("STATDEADLINE_NO_CACHE", "1")
    calls: list[str] = []
    monkeypatch.setattr(
        index_module, "holiday_names", lambda d: calls.append(d) or holiday_names(d)
    )
    weekday_holidays("scotland")
    weekday_holidays("northern-ireland")
    assert calls == ["scotland", "northern-ireland"]
    assert [p.name for p in cache_home.iterdir()] == [entry(cache_home, "scotland").name]
    assert entry(cache_home, "scotland").read_bytes() == before


# --------------------------------------------------------------------------- failures


def corrupt_variants(text: str) -> dict[str, str]:
    data = json.loads(text)
    wrong_key = dict(data, key=dict(data["key"], holidays="0.1"))
    wrong_digest = dict(data, days=[*data["days"], ["2024-06-10", "Extra"]])
    return {
        "empty": "",
        "truncated": text[: len(text) // 2],
        "not JSON": "\x00\x01 not json",
        "a list": "[1, 2, 3]",
        "wrong format": json.dumps(dict(data, format="other/9")),
        "wrong key": json.dumps(wrong_key),
        "wrong digest": json.dumps(wrong_digest),
        "days not pairs": json.dumps(dict(data, days=[1], sha256=cache._digest([1]))),
    }


@pytest.mark.parametrize(
    "variant",
    [
        "empty",
        "truncated",
        "not JSON",
        "a list",
        "wrong format",
        "wrong key",
        "wrong digest",
        "days not pairs",
    ],
)
def test_a_corrupt_entry_is_ignored_and_rewritten(
    variant: str, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry that is empty, cut short, not JSON, of another shape, format or key, or
    whose days do not match its digest, is ignored: the holidays are derived again and
    a good entry replaces it."""
    expected = weekday_holidays("scotland")
    path = entry(cache_home, "scotland")
    good = path.read_text(encoding="utf-8")
    path.write_text(corrupt_variants(good)[variant], encoding="utf-8")
    assert weekday_holidays("scotland") == expected
    assert path.read_text(encoding="utf-8") == good


@pytest.mark.parametrize(
    "days",
    [{739046: "Sunday 9 June 2024"}, {100: "year 1"}, {800000: "after 2100"}],
    ids=["weekend", "before range", "after range"],
)
def test_an_entry_with_impossible_days_is_ignored(days: dict[int, str], cache_home: Path) -> None:
    """A well-formed entry whose days cannot be weekday bank holidays in range (a weekend
    day, a date outside 1990..2100) is ignored, never indexed."""
    assert cache.save(cache_home, entry(cache_home, "scotland").stem, _key("scotland"), days)
    assert weekday_holidays("scotland") == holiday_names("scotland")


def _key(division: str) -> dict[str, object]:
    return {
        "division": division,
        "holidays": VERSION,
        "data": DATA_VERSION,
        "first": "1990-01-01",
        "last": "2100-12-31",
    }


def test_an_unusable_folder_means_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the cache folder cannot be created (here a file stands in its way) the build
    still succeeds, from the holidays package, and nothing is raised or written."""
    blocker = tmp_path / "statdeadline"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(cache.DISABLE_ENV, raising=False)
    assert weekday_holidays("scotland") == holiday_names("scotland")
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["statdeadline"]


def test_a_failed_write_leaves_no_temporary_file(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If moving the written file into place fails, save() says so, removes its
    temporary file and leaves any previous entry as it was."""
    assert cache.save(cache_home, "entry", {"k": 1}, {738000: "old"})

    def failing_replace(src: str, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    assert cache.save(cache_home, "entry", {"k": 1}, {738000: "new"}) is False
    assert [p.name for p in cache_home.iterdir()] == ["entry.json"]
    assert cache.load(cache_home, "entry", {"k": 1}) == {738000: "old"}


def test_save_replaces_an_entry_whole(cache_home: Path) -> None:
    """save() over an existing entry replaces it; no temporary file is left beside it."""
    assert cache.save(cache_home, "entry", {"k": 1}, {738000: "old", 738001: "older"})
    assert cache.save(cache_home, "entry", {"k": 1}, {738002: "new"})
    assert [p.name for p in cache_home.iterdir()] == ["entry.json"]
    assert cache.load(cache_home, "entry", {"k": 1}) == {738002: "new"}
    assert cache.load(cache_home, "entry", {"k": 2}) is None
    assert cache.load(cache_home, "missing", {"k": 1}) is None


# --------------------------------------------------------------------------- processes

_CHILD = """
import json, sys
import statdeadline
imported_on_import = "holidays" in sys.modules
cal = statdeadline.WorkingDayCalendar.for_division(sys.argv[1], authoritative_until=2100)
print(json.dumps({"on_import": imported_on_import, "on_build": "holidays" in sys.modules,
                  "fingerprint": cal.fingerprint}))
"""


def run_child(division: str, env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, division],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "", "PYTHONHASHSEED": "0", **env},
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def test_a_second_process_builds_from_the_cache_without_importing_holidays(
    tmp_path: Path,
) -> None:
    """Across processes: importing statdeadline never imports holidays; the first build
    does and fills the cache; the next process builds from the cache without importing
    holidays at all, to the same fingerprint as a build with the cache off."""
    on = {"XDG_CACHE_HOME": str(tmp_path)}
    off = {"STATDEADLINE_NO_CACHE": "1", "XDG_CACHE_HOME": str(tmp_path / "unused")}
    cold = run_child("united-kingdom", on)
    warm = run_child("united-kingdom", on)
    uncached = run_child("united-kingdom", off)
    assert [cold["on_import"], warm["on_import"], uncached["on_import"]] == [False] * 3
    assert [cold["on_build"], warm["on_build"], uncached["on_build"]] == [True, False, True]
    assert cold["fingerprint"] == warm["fingerprint"] == uncached["fingerprint"]
    assert warm["fingerprint"] == WorkingDayCalendar.for_division("united-kingdom").fingerprint
    assert not (tmp_path / "unused").exists()
