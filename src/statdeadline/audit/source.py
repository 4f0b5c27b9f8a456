"""An input file as the audit reads it: its format, text encoding and CSV delimiter, each
given or found out once, before any row is read.

Encodings: a byte-order mark says UTF-8 or UTF-16; a file without one that starts with
two ASCII characters each paired with a NUL byte is UTF-16 of that byte order (with a
note); any other is UTF-8 when all of it decodes as UTF-8, and otherwise Windows-1252
(what Excel's "CSV" writes in the UK), with a note in the report's meta. Delimiters: the one of comma, semicolon and tab that
occurs most often, outside quotes, in the header line (comma when none does; tab for a
``.tsv`` file). ``-`` is standard input, copied once to a temporary file since the audit
reads its inputs more than once.
"""

from __future__ import annotations

import codecs
import functools
import io
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import attrs

from ..exceptions import AuditError, InvalidArgumentError

__all__ = [
    "DELIMITERS",
    "INPUT_FORMATS",
    "STDIN",
    "STDIN_NAME",
    "Source",
    "as_source",
    "byte_safe",
    "detect_delimiter",
    "detect_encoding",
    "resolve_source",
    "resolve_sources",
    "spool_stdin",
]

#: The name standard input is given as an input, and the name rows and messages use.
STDIN = "-"
STDIN_NAME = "<stdin>"
#: Input formats by file suffix.
INPUT_FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xlsx": "xlsx",
}
#: The delimiters looked for in a header line, by the name ``--delimiter`` accepts.
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\\t": "\t", "\t": "\t", "|": "|"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACK = "cp1252"


@attrs.frozen
class Source:
    """One input: ``path`` is the file read (a temporary copy for standard input),
    ``name`` how rows and messages name it; ``format`` is ``csv`` or ``jsonl``;
    ``encoding`` a Python codec name; ``delimiter`` the CSV delimiter (``None`` for JSON
    Lines and workbooks); ``note`` what the report's meta should say about how it was
    read; ``sheet`` the worksheet of an ``xlsx`` workbook (``None``: the first)."""

    path: Path
    name: str
    format: str
    encoding: str = "utf-8-sig"
    delimiter: str | None = ","
    note: str | None = None
    sheet: str | None = None  # of a workbook: the first when None
    #: no NUL byte anywhere (found while checking the encoding): CSV may be read on the
    #: fast path, which leaves odd records to the careful one
    plain: bool = False
    #: the part of the file read (a worker's share, see :mod:`~statdeadline.audit.split`):
    #: bytes ``start`` to ``end`` (``None``: the end of the file), whose first record
    #: begins on physical line ``line``; past ``start`` 0 the header is read apart
    start: int = 0
    end: int | None = None
    line: int = 1

    def open(self) -> TextIO:
        """The file (or its part from :attr:`start` to :attr:`end`) as text
        (undecodable bytes, possible only with a given encoding or UTF-16, become
        U+FFFD)."""
        if not self.start and self.end is None:
            return self.path.open(encoding=self.encoding, errors="replace", newline="")
        window = io.BufferedReader(_Window(self.path, self.start, self.end), 1 << 16)
        # past the start of the file, a U+FEFF is text, not a byte-order mark
        codec = "utf-8" if self.start and self.encoding == "utf-8-sig" else self.encoding
        return io.TextIOWrapper(window, encoding=codec, errors="replace", newline="")

    def whole(self) -> Source:
        """This input read from its start to its end."""
        return attrs.evolve(self, start=0, end=None, line=1)

    def meta(self) -> dict[str, str | None]:
        """How the file was read, for the report's meta."""
        if self.format == "xlsx":
            return {"format": "xlsx", "sheet": self.sheet, "delimiter": None, "note": None}
        return {
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "note": self.note,
        }


class _Window(io.RawIOBase):
    """Bytes ``start`` to ``end`` of a file, as a file of their own."""

    def __init__(self, path: Path, start: int, end: int | None):
        super().__init__()
        self._fh = path.open("rb", buffering=0)
        self._fh.seek(start)
        self._left = (end - start) if end is not None else -1

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._left >= 0:
            view = view[: self._left]
        got = self._fh.readinto(view) or 0
        if self._left >= 0:
            self._left -= got
        return got

    def close(self) -> None:
        self._fh.close()
        super().close()


def detect_encoding(fh: BinaryIO) -> tuple[str, str | None]:
    """The codec of a file read from its start, and a note when it was a guess
    (:func:`scan_bytes` without whether it has a NUL byte).

    >>> import io
    >>> detect_encoding(io.BytesIO("caf\\u00e9".encode("utf-8")))
    ('utf-8-sig', None)
    >>> detect_encoding(io.BytesIO("\\ufeffx".encode("utf-16")))
    ('utf-16', None)
    >>> detect_encoding(io.BytesIO("caf\\u00e9".encode("cp1252")))
    ('cp1252', 'not valid UTF-8; read as Windows-1252')
    """
    codec, note, _ = scan_bytes(fh)
    return codec, note


def scan_bytes(fh: BinaryIO) -> tuple[str, str | None, bool]:
    """The codec of a file read from its start, a note when it was a guess, and whether
    it has no NUL byte (one pass over the bytes, at C speed)."""
    head = fh.read(4)
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec, None, False  # UTF-16: NUL bytes are part of the text
    if len(head) == 4 and head[0] and head[2] and not head[1] and not head[3]:
        return "utf-16-le", "no byte-order mark; read as UTF-16 (little-endian)", False
    if len(head) == 4 and head[1] and head[3] and not head[0] and not head[2]:
        return "utf-16-be", "no byte-order mark; read as UTF-16 (big-endian)", False
    decoder = codecs.getincrementaldecoder("utf-8")()
    chunk = head
    plain = True
    valid = True
    while chunk:
        plain = plain and b"\0" not in chunk
        if valid:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                valid = False
        chunk = fh.read(1 << 20)
    if valid:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            valid = False
    if not valid:
        return _FALLBACK, "not valid UTF-8; read as Windows-1252", plain
    return "utf-8-sig", None, plain


@functools.cache
def byte_safe(codec: str) -> bool:
    """Whether, in ``codec`` (a Python codec name), every ASCII character is its own
    byte and never part of another character's bytes: UTF-8, or a single-byte encoding
    that keeps ASCII as it is (Windows-1252, Latin-1, ISO 8859-15, Mac Roman, KOI8-R...).
    A file in such an encoding can be cut at a line break, a line's quotes and delimiters
    found in its bytes, and a NUL byte is a NUL character. Not UTF-16 or UTF-32 (two or
    four bytes a character), EBCDIC, UTF-7 or the East Asian multi-byte encodings.

    >>> byte_safe("cp1252"), byte_safe("utf-8-sig"), byte_safe("iso8859-15")
    (True, True, True)
    >>> byte_safe("utf-16"), byte_safe("shift_jis"), byte_safe("cp500")
    (False, False, False)
    """
    name = codecs.lookup(codec).name
    if name in ("utf-8", "utf-8-sig"):
        return True
    try:
        every = bytes(range(256)).decode(name, "replace")
        alone = [bytes([b]).decode(name, "replace") for b in range(256)]
    except (UnicodeError, LookupError, TypeError):  # a codec that is not text
        return False
    ascii_kept = every[:128] == "".join(map(chr, range(128)))
    return len(every) == 256 and alone == list(every) and ascii_kept


def _no_nul(path: Path) -> bool:
    """Whether the file has no NUL byte (one pass over the bytes, at C speed)."""
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            if b"\0" in block:
                return False
    return True


def detect_delimiter(header: str, default: str = ",") -> str:
    """The delimiter of a CSV file from its header line: the one of comma, semicolon and
    tab found most often outside double quotes (``default`` when none is; a tie goes to
    the one listed first).

    >>> detect_delimiter("case_id;ruleset;event;date"), detect_delimiter('"a,b";c;d')
    (';', ';')
    >>> detect_delimiter("case_id\\truleset"), detect_delimiter("case_id", "\\t")
    ('\\t', '\\t')
    """
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else default


def _format_of(path: Path, given: str | None) -> str:
    if given is not None:
        return given
    fmt = INPUT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise AuditError(
            f"{path}: unknown input format {path.suffix or '(no extension)'}; expected .csv, .tsv, .jsonl or .xlsx (or give --input-format)",
            str(path),
        )
    return fmt


def _first_line(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, errors="replace", newline="") as fh:
        return fh.readline()


def resolve_source(
    path: Path,
    name: str,
    input_format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> Source:
    """``path`` as a :class:`Source`: what was not given, found out."""
    fmt = _format_of(path, input_format)
    note = None
    if fmt == "xlsx":
        return Source(path, name, fmt, "utf-8", None, None, sheet)
    plain = False
    if encoding is None:
        with path.open("rb") as fh:
            encoding, note, plain = scan_bytes(fh)
    else:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise InvalidArgumentError(
                "encoding", encoding, "a text encoding Python knows, e.g. utf-8, cp1252, utf-16"
            ) from None
        if encoding == "utf-8":
            encoding = "utf-8-sig"  # a BOM is never part of the first column's name
        # in such an encoding a NUL byte is a NUL character: none, and the fast path reads it
        plain = fmt == "csv" and byte_safe(encoding) and _no_nul(path)
    if fmt != "csv":
        return Source(path, name, fmt, encoding, None, note)
    if delimiter is None:
        default = "\t" if path.suffix.lower() == ".tsv" else ","
        delimiter = detect_delimiter(_first_line(path, encoding), default)
    return Source(path, name, fmt, encoding, delimiter, note, None, plain)


def as_source(source: Source | Path) -> Source:
    """``source`` itself, or a path read as found out (a reader called directly)."""
    return source if isinstance(source, Source) else resolve_source(Path(source), str(source))


def spool_stdin(folder: Path, input_format: str | None, stdin: BinaryIO | None = None) -> Path:
    """Standard input copied to a file in ``folder`` (the audit reads its input more than
    once); ``input_format`` must say what it is."""
    if input_format is None:
        raise InvalidArgumentError(
            "input_format", None, "csv, jsonl or xlsx when reading standard input (-)"
        )
    target = folder / f"stdin.{input_format}"
    source = stdin if stdin is not None else sys.stdin.buffer
    with target.open("wb") as out:
        shutil.copyfileobj(source, out, 1 << 20)
    return target


def resolve_sources(
    inputs: Sequence[Path],
    names: Sequence[str],
    input_format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> list[Source]:
    """Every input as a :class:`Source` (``names`` says how each is named)."""
    if input_format is not None and input_format not in ("csv", "jsonl", "xlsx"):
        raise InvalidArgumentError("input_format", input_format, "csv, jsonl or xlsx")
    if delimiter is not None:
        if delimiter not in DELIMITERS:
            raise InvalidArgumentError("delimiter", delimiter, "one of: ',', ';', tab, '|'")
        delimiter = DELIMITERS[delimiter]
    return [
        resolve_source(p, n, input_format, encoding, delimiter, sheet)
        for p, n in zip(inputs, names, strict=True)
    ]
