"""The nasty-input corpus: ``tests/data/nasty/``, one file for each kind of input councils
really export or that breaks naive readers, and ``expected.json``, what auditing each
must give, worked out by hand from how each file is built (below, next to it).

Run ``python -m tests.nasty_corpus`` to write the corpus; ``tests/unit/test_audit_nasty.py``
checks that the committed files are exactly what this writes, and audits each.

Every good case is one of two shapes under england-children-2006, audited as of Friday
10 May 2024 unless said otherwise: received Tuesday 2 April 2024 and answered Wednesday
10 April (Stage 1 met; the Stage 2 window open), or received only (Stage 1 due 17 April:
overdue by 10 May). Neither is in a final state, so every audited case is still open.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent / "data" / "nasty"
RS = "england-children-2006"
AS_OF = "2024-05-10"
HEADER = "case_id,ruleset,event,date,team"


def _answered(cid: str, team: str = "North", sep: str = ",") -> list[str]:
    return [
        sep.join([cid, RS, "received", "2024-04-02", team]),
        sep.join([cid, RS, "stage1_response", "2024-04-10", team]),
    ]


def _counts(rows: int, used: int, cases: int, audited: int) -> dict[str, int]:
    return {
        "rows_read": rows,
        "rows_used": used,
        "rows_rejected": rows - used,
        "cases_read": cases,
        "cases_audited": audited,
        "cases_rejected": cases - audited,
        "cases_open": audited,
    }


def _text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


#: Each file: (name, its bytes, what auditing it gives). "rejections" are
#: [line, case id, reason]; a reason ending in "..." is matched as a prefix (the text
#: after it is the calendar's, not the audit's).
Entry = tuple[str, bytes, dict[str, Any]]


_REFUSED = (
    ": the row is refused rather than read altered (if the file is in another encoding, "
    "give --encoding)"
)


def _encodings() -> list[Entry]:
    plain = _text([HEADER, *_answered("U-1"), *_answered("U-2")])
    ok = {"counts": _counts(4, 4, 2, 2), "rejections": []}
    accented = _text([HEADER, *_answered("W-1", "Équipe £ Nord")])
    return [
        # a UTF-8 byte-order mark (Excel's "CSV UTF-8") is not part of the first column
        ("utf8-bom.csv", codecs.BOM_UTF8 + plain.encode("utf-8"), ok),
        # UTF-16 with its BOM (Excel's "Unicode text", here comma separated)
        ("utf16.csv", plain.encode("utf-16"), ok),
        # UTF-16 without its BOM: found from the NUL byte paired with each ASCII one
        (
            "utf16le-no-bom.csv",
            plain.encode("utf-16-le"),
            {**ok, "note": "no byte-order mark; read as UTF-16 (little-endian)"},
        ),
        # a UTF-8 byte-order mark, then a row whose team was typed in Windows-1252 (0xC9
        # for É, 0xA3 for £, not valid UTF-8): that row's case is rejected naming the
        # bytes, the rest read as UTF-8; no byte is replaced with U+FFFD
        (
            "utf8-bom-then-cp1252.csv",
            codecs.BOM_UTF8
            + _text([HEADER, *_answered("U-1")]).encode()
            + _answered("W-1", "Équipe £ Nord")[0].encode("cp1252")
            + b"\n"
            + _text(_answered("W-1")[1:]).encode(),
            {
                "counts": _counts(4, 2, 2, 1),
                "rejections": [[4, "W-1", f"bytes 0xc9 0xa3 are not valid UTF-8{_REFUSED}"]],
            },
        ),
        # UTF-16 with its BOM, a lone high surrogate (bytes 00 D8, little-endian) in U-2's
        # first row: that case is rejected, U-1 audited
        (
            "utf16-lone-surrogate.csv",
            codecs.BOM_UTF16_LE
            + _text([HEADER, *_answered("U-1"), *_answered("U-2", "No\ud800rth")]).encode(
                "utf-16-le", "surrogatepass"
            ),
            {
                "counts": _counts(4, 2, 2, 1),
                "rejections": [[4, "U-2", f"bytes 0x00 0xd8 are not valid UTF-16{_REFUSED}"]],
            },
        ),
        # not valid UTF-8, so read as Windows-1252 (with the note); 0x81 is one of the five
        # bytes Windows-1252 has no character for: W-2's row is rejected, W-1 (É, £) read
        (
            "cp1252-undefined-byte.csv",
            _text([HEADER, *_answered("W-1", "Équipe £ Nord")]).encode("cp1252")
            + _text(_answered("W-2", "Nord-\x81")).encode("latin-1"),
            {
                "counts": _counts(4, 2, 2, 1),
                "rejections": [[4, "W-2", f"byte 0x81 is not valid Windows-1252{_REFUSED}"]],
                "note": "not valid UTF-8; read as Windows-1252",
            },
        ),
        # Windows-1252 bytes read with --encoding utf-8: W-1's first row is rejected
        (
            "cp1252-read-as-utf8.csv",
            _text([HEADER, *_answered("U-1"), *_answered("W-1", "Équipe £ Nord")]).encode("cp1252"),
            {
                "encoding": "utf-8",
                "counts": _counts(4, 2, 2, 1),
                "rejections": [[4, "W-1", f"bytes 0xc9 0xa3 are not valid UTF-8{_REFUSED}"]],
            },
        ),
        # not valid UTF-8 (0xC9 for É, 0xA3 for £): read as Windows-1252, with a note
        (
            "cp1252.csv",
            accented.encode("cp1252"),
            {
                "counts": _counts(2, 2, 1, 1),
                "rejections": [],
                "group_by": ["team"],
                "groups": ["Équipe £ Nord"],
                "note": "not valid UTF-8; read as Windows-1252",
            },
        ),
    ]


def _delimiters() -> list[Entry]:
    ok = {"counts": _counts(4, 4, 2, 2), "rejections": []}
    return [
        (
            "semicolon.csv",
            _text(
                [HEADER.replace(",", ";"), *_answered("S-1", sep=";"), *_answered("S-2", sep=";")]
            ).encode(),
            {**ok, "delimiter": ";"},
        ),
        (
            "tab.tsv",
            _text(
                [
                    HEADER.replace(",", "\t"),
                    *_answered("T-1", sep="\t"),
                    *_answered("T-2", sep="\t"),
                ]
            ).encode(),
            {**ok, "delimiter": "\t"},
        ),
        # header names in any case, with spaces around them; --group-by Team finds team
        (
            "upper-headers.csv",
            _text(
                [
                    " Case_ID ,RULESET,Event,DATE , Team",
                    *_answered("H-1"),
                    *_answered("H-2", "South"),
                ]
            ).encode(),
            {**ok, "group_by": ["Team"], "groups": ["North", "South"]},
        ),
    ]


def _quotes() -> list[Entry]:
    # 1,001 one-row cases; the first has an unterminated quote. The parser gives up on it
    # after 10 lines and reads on from line 3: the other 1,000 cases are audited.
    lines = [HEADER, f'Q-0000,{RS},received,2024-04-02,"North']
    lines += [f"Q-{i:04d},{RS},received,2024-04-02,North" for i in range(1, 1001)]
    runaway = "a quoted field runs over more than 10 lines (an unterminated quote?)"
    # a quoted field over three lines is fine; the last line's quote never closes
    notes = _text(
        [
            HEADER + ",notes",
            f'M-1,{RS},received,2024-04-02,North,"first line',
            "second line",
            'third line"',
            f'M-2,{RS},received,2024-04-02,North,"never closed',
        ]
    )
    # a note over 15 lines (its quote closes only on the last): R-2 is rejected once, on
    # line 4 where it starts; after 10 lines the parser gives up and reading resumes at
    # the next line that starts a record and a case (read alone, a whole record of the
    # header's 6 cells with a case id): line 19, R-2's response (rejected with its case).
    # Lines 5-18, the rest of the note, one or two cells each, are skipped with it, not
    # read as cases. Rows: R-1 2 + R-2 2 (line 4, line 19) + R-3 2 = 6 read, 4 used.
    note = [f"call {k}, no answer" if k % 2 else f"call {k}" for k in range(1, 14)]
    runaway_note = _text(
        [
            HEADER + ",notes",
            *[r + "," for r in _answered("R-1")],
            f'R-2,{RS},received,2024-04-02,North,"called on the 2nd',  # line 4
            *note,  # lines 5-17
            'end of the notes"',  # line 18
            _answered("R-2")[1] + ",",  # line 19
            *[r + "," for r in _answered("R-3")],
        ]
    )
    skipped = "lines 5 to 18 were skipped with it (up to the next line that starts a case)"
    return [
        (
            "runaway-note.csv",
            runaway_note.encode(),
            {
                "counts": _counts(6, 4, 3, 2),
                "rejections": [[4, "R-2", f"{runaway}; {skipped}"]],
            },
        ),
        (
            "unterminated-quote.csv",
            _text(lines).encode(),
            {"counts": _counts(1001, 1000, 1001, 1000), "rejections": [[2, "Q-0000", runaway]]},
        ),
        (
            "multiline-and-eof-quote.csv",
            notes.encode(),
            {
                "counts": _counts(2, 1, 2, 1),
                "rejections": [
                    [5, "M-2", "unterminated quote (the file ends inside a quoted field)"]
                ],
            },
        ),
    ]


def _blank_rows() -> list[Entry]:
    # rows of empty cells as Excel writes blank rows (",,,,"), one of spaces, one of the
    # wrong width and an empty line: all skipped like blank lines, not counted as rows
    lines = [
        HEADER,
        *_answered("B-1"),
        ",,,,",
        "  , ,,,\t",
        ",,",
        "",
        *_answered("B-2"),
        ",,,,",
    ]
    ok = {"counts": _counts(4, 4, 2, 2), "rejections": []}
    return [
        ("blank-rows.csv", _text(lines).encode(), ok),
        # the same in UTF-16, which is read on the careful path
        ("blank-rows-utf16.csv", _text(lines).encode("utf-16"), ok),
    ]


def _cells() -> list[Entry]:
    long_team = "x" * 140_000
    return [
        # a cell over 131,072 characters rejects its row's case, not the file
        (
            "long-cell.csv",
            _text([HEADER, *_answered("L-1", long_team), *_answered("L-2")]).encode(),
            {
                "counts": _counts(4, 2, 2, 1),
                "rejections": [[2, "L-1", "a cell is longer than 131,072 characters"]],
            },
        ),
        (
            "nul.csv",
            _text([HEADER, *_answered("N-1", "No\0rth"), *_answered("N-2")]).encode(),
            {
                "counts": _counts(4, 2, 2, 1),
                "rejections": [[2, "N-1", "contains a NUL character"]],
            },
        ),
        # a row with one cell too many rejects its whole case (both rows)
        (
            "wrong-width.csv",
            _text(
                [HEADER, _answered("X-1")[0] + ",extra", _answered("X-1")[1], *_answered("X-2")]
            ).encode(),
            {
                "counts": _counts(4, 2, 2, 1),
                "rejections": [[2, "X-1", "expected 5 cells, got 6"]],
            },
        ),
    ]


_EXT_HEADER = HEADER + ",clock,working_days,reason,agreed_with_complainant"
_HUGE = "9" * 5000
_HUGE_REASON = "extension.working_days: 999999999999... is not a whole number of at most 18 digits"


def _numbers_and_dates() -> list[Entry]:
    ext = f"B-1,{RS},extension,2024-04-03,North,stage1_response,{_HUGE},agreed,true"
    jsonl = [
        json.dumps({"case_id": "B-1", "ruleset": RS, "event": "received", "date": "2024-04-02"}),
        # a raw JSON integer of 5,000 digits (json.loads would refuse to convert it)
        json.dumps(
            {
                "case_id": "B-1",
                "ruleset": RS,
                "event": "extension",
                "date": "2024-04-03",
                "clock": "stage1_response",
                "working_days": 0,
                "reason": "agreed",
                "agreed_with_complainant": True,
            }
        ).replace('"working_days": 0', f'"working_days": {_HUGE}'),
        json.dumps({"case_id": "B-2", "ruleset": RS, "event": "received", "date": "2024-04-02"}),
    ]
    return [
        (
            "huge-int.csv",
            _text(
                [_EXT_HEADER, _answered("B-1")[0] + ",,,,", ext, _answered("B-2")[0] + ",,,,"]
            ).encode(),
            {"counts": _counts(3, 1, 2, 1), "rejections": [[3, "B-1", _HUGE_REASON]]},
        ),
        (
            "huge-int.jsonl",
            _text(jsonl).encode(),
            {"counts": _counts(3, 1, 2, 1), "rejections": [[2, "B-1", _HUGE_REASON]]},
        ),
        # a receipt in 9999 is outside the calendar: that case is rejected, not counted
        (
            "year-9999.csv",
            _text([HEADER, f"Y-1,{RS},received,9999-01-04,North", *_answered("Y-2")]).encode(),
            {
                "counts": _counts(3, 2, 2, 1),
                "rejections": [
                    [
                        2,
                        "Y-1",
                        "date '9999-01-04' is outside the supported range 1990-01-01 .. 2100-12-31",
                    ]
                ],
            },
        ),
        # as of 2100-12-31, a complaint of 20 December 2100 has its Stage 1 due date past
        # the calendar's end: that case cannot be evaluated and is rejected with its id
        (
            "late-2100.csv",
            _text(
                [
                    HEADER,
                    f"E-1,{RS},received,2100-12-20,North",
                    f"E-2,{RS},received,2100-11-01,North",
                ]
            ).encode(),
            {
                "as_of": "2100-12-31",
                "counts": _counts(2, 1, 2, 1),
                "rejections": [[2, "E-1", "cannot be evaluated at 2100-12-31: ..."]],
            },
        ),
    ]


def _dates() -> list[Entry]:
    # slash dates are read day first, never month first: D-1's 28/03/2024 and 15/04/2024
    # are 28 March and 15 April; D-2's 03/13/2024 can only be month first (no month 13)
    # and D-3's 03/04/2024 could be either: both rejected, each saying which
    # --date-format would read it
    lines = [
        HEADER,
        f"D-1,{RS},received,28/03/2024,North",
        f"D-1,{RS},stage1_response,15/04/2024,North",
        f"D-2,{RS},received,03/13/2024,North",
        f"D-3,{RS},received,03/04/2024,North",
    ]
    return [
        (
            "slash-dates.csv",
            _text(lines).encode(),
            {
                "counts": _counts(4, 2, 3, 1),
                "rejections": [
                    [
                        4,
                        "D-2",
                        "date '03/13/2024' cannot be day first (there is no month 13): slash "
                        "dates are read day first (DD/MM/YYYY); if the input's dates are month "
                        "first, give --date-format %m/%d/%Y (date_format= in Python)",
                    ],
                    [5, "D-3", "date '03/04/2024' is ambiguous (3 April or 4 March?); ..."],
                ],
            },
        ),
    ]


def _json_lines() -> list[Entry]:
    good = json.dumps({"case_id": "J-2", "ruleset": RS, "event": "received", "date": "2024-04-02"})
    # json.dumps writes the lone surrogate as the escape \ud800
    surrogate = json.dumps(
        {
            "case_id": "J-1",
            "ruleset": RS,
            "event": "received",
            "date": "2024-04-02",
            "team": "\ud800",
        }
    )

    def received(cid: str, **more: Any) -> dict[str, Any]:
        return {"case_id": cid, "ruleset": RS, "event": "received", "date": "2024-04-02", **more}

    twice = json.dumps(received("J-3", team="North")).replace("}", ', "team": "South"}')
    in_any_case = json.dumps(received("J-4", Team="North", team="North"))
    # Python's json writes NaN and -Infinity for the floats, as it reads them
    nan = json.dumps(received("J-5", team=float("nan")))
    minus_inf = json.dumps(received("J-6", team=float("-inf")))
    not_json = "is not valid JSON (RFC 8259 has no NaN or Infinity)"
    given_twice = (
        "is given more than once in this object (keys are matched trimmed and in any case)"
    )
    # --group-by Team finds the key team, written Team and " team " on some lines
    teams = [
        json.dumps(received("K-1", Team="North")),
        json.dumps(received("K-2", **{" team ": "South"})),
        json.dumps(received("K-3", team="North")),
    ]
    return [
        # a key given twice, exactly or in another case: the row is rejected, naming it
        (
            "duplicate-key.jsonl",
            _text([twice, in_any_case, good]).encode(),
            {
                "counts": _counts(3, 1, 3, 1),
                "rejections": [
                    [1, "J-3", f"the key 'team' {given_twice}"],
                    [2, "J-4", f"the key 'team' {given_twice}"],
                ],
            },
        ),
        # NaN, Infinity and -Infinity are not JSON: rejected, not group labels 'nan', '-inf'
        (
            "nan.jsonl",
            _text([nan, minus_inf, good]).encode(),
            {
                "counts": _counts(3, 1, 3, 1),
                "rejections": [
                    [1, "J-5", f"team: NaN {not_json}"],
                    [2, "J-6", f"team: -Infinity {not_json}"],
                ],
            },
        ),
        (
            "group-any-case.jsonl",
            _text(teams).encode(),
            {
                "counts": _counts(3, 3, 3, 3),
                "rejections": [],
                "group_by": ["Team"],
                "groups": ["North", "South"],
            },
        ),
        # 100,000 nested lists: one rejected row with no case, not a RecursionError
        (
            "deep.jsonl",
            _text(["[" * 100_000, good]).encode(),
            {
                "counts": _counts(2, 1, 1, 1),
                "rejections": [[1, None, "not valid JSON (nested too deeply)"]],
            },
        ),
        # a lone surrogate escape: the row (and its case) is rejected, never written out
        (
            "surrogate.jsonl",
            _text([surrogate, good]).encode(),
            {
                "counts": _counts(2, 1, 2, 1),
                "rejections": [
                    [1, "J-1", "team: a cell holds a lone surrogate or NUL character (not text)"]
                ],
            },
        ),
    ]


def _errors() -> list[Entry]:
    return [
        # the header itself unusable: one error before any case is replayed
        (
            "no-case-id.csv",
            _text(["ref;ruleset;event;date", f"A;{RS};received;2024-04-02"]).encode(),
            {
                "error": "{path}:1: missing column(s) case_id; a long-format file needs "
                "case_id, ruleset, event, date (columns found: ref, ruleset, event, date)"
            },
        ),
        # a group column that is an event field would be stripped from every event
        (
            "group-is-a-field.csv",
            _text([HEADER + ",reason", *[r + "," for r in _answered("G-1")]]).encode(),
            {
                "group_by": ["Reason"],
                "error": "group column 'Reason' is an event field (reason, of the extension "
                "event); its values belong to events, so it cannot be a group",
            },
        ),
        # JSON Lines has no header: the keys of the first 1,000 objects are looked at
        (
            "group-missing.jsonl",
            _text(
                [
                    json.dumps(
                        {"case_id": "G-3", "ruleset": RS, "event": "received", "date": "2024-04-02"}
                    ),
                    json.dumps(
                        {
                            "case_id": "G-3",
                            "ruleset": RS,
                            "event": "stage1_response",
                            "date": "2024-04-10",
                            "team": None,
                        }
                    ),
                ]
            ).encode(),
            {
                "group_by": ["teams"],
                "error": "group column 'teams' is not a key of any object on the first 1,000 "
                "lines of {path}; keys there: case_id, ruleset, event, date, team",
            },
        ),
        (
            "group-missing.csv",
            _text([HEADER, *_answered("G-2")]).encode(),
            {
                "group_by": ["area"],
                "error": "group column 'area' is not a column of {path}; there: case_id, "
                "ruleset, event, date, team",
            },
        ),
    ]


BUILDERS: tuple[Callable[[], list[Entry]], ...] = (
    _encodings,
    _delimiters,
    _quotes,
    _blank_rows,
    _cells,
    _numbers_and_dates,
    _dates,
    _json_lines,
    _errors,
)


def corpus() -> dict[str, tuple[bytes, dict[str, Any]]]:
    """Every file of the corpus by name: its bytes and what auditing it gives."""
    return {name: (data, expected) for build in BUILDERS for name, data, expected in build()}


def write(folder: Path = FOLDER) -> None:
    """Write the corpus and ``expected.json`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    files = corpus()
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    expected = {name: exp for name, (_, exp) in files.items()}
    (folder / "expected.json").write_text(
        json.dumps(expected, indent=2, ensure_ascii=False, sort_keys=True) + "\n", "utf-8"
    )


if __name__ == "__main__":
    write()
