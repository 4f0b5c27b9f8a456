"""An input file as the audit reads it: its format, text encoding and CSV delimiter, each
given or found out once, before any row is read.

Encodings: a byte-order mark says UTF-8 or UTF-16; a file without one that starts with
two ASCII characters each paired with a NUL byte is UTF-16 of that byte order (with a
note); any other is UTF-8 when all of it decodes as UTF-8, and otherwise Windows-1252
(what Excel's "CSV" writes in the UK), with a note in the report's meta. Delimiters: the one of comma, semicolon and tab that
occurs most often, outside quotes, in the header line (comma when none does; tab for a
``.tsv`` file). ``-`` is standard input, copied once to a temporary file since the audit
reads its inputs more than once.

Nothing is silently replaced: a byte that is not valid in the file's encoding (a
Windows-1252 byte in a file with a UTF-8 byte-order mark, a lone surrogate in UTF-16, one
of the five bytes Windows-1252 leaves undefined) is read as a mark (:data:`MARK_ERRORS`,
one lone surrogate per byte) rather than U+FFFD, and the row holding it is rejected
(:func:`undecodable` says why). Whether a file has any such byte is found out with its
encoding (:attr:`Source.clean`), so a file that has none is never searched for them.
"""

from __future__ import annotations

import codecs
import functools
import io
import re
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
    "MARK_ERRORS",
    "STDIN",
    "STDIN_NAME",
    "Source",
    "as_source",
    "byte_safe",
    "detect_delimiter",
    "detect_encoding",
    "resolve_source",
    "resolve_sources",
    "shown_marks",
    "spool_stdin",
    "undecodable",
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

#: The error handler inputs are decoded with: each byte that is not valid in the
#: encoding becomes the lone surrogate U+DC00 + its value (surrogateescape's idea, but
#: for every byte, so that it works for UTF-16 too), never U+FFFD.
MARK_ERRORS = "statdeadline.mark"
_MARKS = re.compile("[\udc00-\udcff]")
#: Lone surrogates of any kind, which decoded text holds only as marks.
_SURROGATES = re.compile("[\ud800-\udfff]")
#: How messages name the encodings the audit finds on its own.
_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 (little-endian)",
    "utf-16-be": "UTF-16 (big-endian)",
    "cp1252": "Windows-1252",
}


def _mark(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):  # pragma: no cover - only decoding uses it
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(chr(0xDC00 + b) for b in bad), exc.end


codecs.register_error(MARK_ERRORS, _mark)


def undecodable(text: str, encoding: str) -> str | None:
    """Why text read with :data:`MARK_ERRORS` cannot be used: the bytes that were not
    valid in ``encoding`` (a Python codec name), or a lone surrogate; ``None`` when it
    has neither (at C speed for the usual, ASCII, text).

    >>> undecodable(b"caf\\x92 x".decode("utf-8", MARK_ERRORS), "utf-8-sig")
    'byte 0x92 is not valid UTF-8: the row is refused rather than read altered (if the file is in another encoding, give --encoding)'
    >>> undecodable("caf\u00e9", "utf-8") is None
    True
    """
    if text.isascii() or _SURROGATES.search(text) is None:
        return None
    marks = list(dict.fromkeys(ord(m) - 0xDC00 for m in _MARKS.findall(text)))  # file order
    label = _LABELS.get(codecs.lookup(encoding).name, encoding)
    if not marks:
        return "holds a lone surrogate (not text)"
    shown = " ".join(f"0x{b:02x}" for b in marks[:4]) + (" ..." if len(marks) > 4 else "")
    what = f"byte {shown} is" if len(marks) == 1 else f"bytes {shown} are"
    return (
        f"{what} not valid {label}: the row is refused rather than read altered "
        "(if the file is in another encoding, give --encoding)"
    )


def shown_marks(text: str) -> str:
    """Text read with :data:`MARK_ERRORS` with each mark written as the byte it stands
    for (``\\x92``; another lone surrogate as ``\\udXXX``), so that the case id of a
    row refused for it can be reported.

    >>> print(shown_marks(b"C\\x92-1".decode("utf-8", MARK_ERRORS)))
    C\\x92-1
    """
    if text.isascii():
        return text
    return _SURROGATES.sub(_shown, text)


def _shown(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code - 0xDC00:02x}" if code >= 0xDC00 and code <= 0xDCFF else f"\\u{code:04x}"


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
    #: every byte decodes in the encoding (found while checking it): when not, each
    #: record is searched for the marks of the bytes that do not (:func:`undecodable`)
    clean: bool = True

    def open(self) -> TextIO:
        """The file (or its part from :attr:`start` to :attr:`end`) as text; a byte
        that is not valid in the encoding is read as a mark (:data:`MARK_ERRORS`)."""
        if not self.start and self.end is None:
            return self.path.open(encoding=self.encoding, errors=MARK_ERRORS, newline="")
        window = io.BufferedReader(_Window(self.path, self.start, self.end), 1 << 16)
        # past the start of the file, a U+FEFF is text, not a byte-order mark
        codec = "utf-8" if self.start and self.encoding == "utf-8-sig" else self.encoding
        return io.TextIOWrapper(window, encoding=codec, errors=MARK_ERRORS, newline="")

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
    (:func:`scan_bytes` without the rest).

    >>> import io
    >>> detect_encoding(io.BytesIO("caf\\u00e9".encode("utf-8")))
    ('utf-8-sig', None)
    >>> detect_encoding(io.BytesIO("\\ufeffx".encode("utf-16")))
    ('utf-16', None)
    >>> detect_encoding(io.BytesIO("caf\\u00e9".encode("cp1252")))
    ('cp1252', 'not valid UTF-8; read as Windows-1252')
    """
    codec, note, _, _ = scan_bytes(fh)
    return codec, note


#: The five bytes Windows-1252 gives no character.
_CP1252_UNDEFINED = re.compile(b"[\\x81\\x8d\\x8f\\x90\\x9d]")


def scan_bytes(fh: BinaryIO) -> tuple[str, str | None, bool, bool]:
    """The codec of a file read from its start, a note when it was a guess, whether it
    has no NUL byte, and whether every byte decodes in that codec (one pass over the
    bytes at C speed; two for a file read as Windows-1252 after all).

    A UTF-8 byte-order mark says UTF-8, and the rest is checked as UTF-8 (a later
    Windows-1252 byte is then a byte that does not decode, not a reason to read the
    file another way)."""
    head = fh.read(4)
    for mark, codec in _BOMS[1:]:
        if head.startswith(mark):
            return codec, None, False, _decodes(fh, codec, head)  # NULs are part of the text
    if len(head) == 4 and head[0] and head[2] and not head[1] and not head[3]:
        codec = "utf-16-le"
        note = "no byte-order mark; read as UTF-16 (little-endian)"
        return codec, note, False, _decodes(fh, codec, head)
    if len(head) == 4 and head[1] and head[3] and not head[0] and not head[2]:
        codec = "utf-16-be"
        note = "no byte-order mark; read as UTF-16 (big-endian)"
        return codec, note, False, _decodes(fh, codec, head)
    bom = head.startswith(codecs.BOM_UTF8)
    plain, valid = _scan(fh, "utf-8", head[3:] if bom else head)
    if bom or valid:
        return "utf-8-sig", None, plain, valid
    fh.seek(0)
    clean = True
    while clean and (chunk := fh.read(1 << 20)):
        clean = _CP1252_UNDEFINED.search(chunk) is None
    return _FALLBACK, "not valid UTF-8; read as Windows-1252", plain, clean


def _decodes(fh: BinaryIO, codec: str, head: bytes = b"") -> bool:
    """Whether ``head`` and the rest of ``fh`` decode in ``codec`` (at C speed)."""
    decoder = codecs.getincrementaldecoder(codec)()
    chunk = head
    try:
        while chunk:
            decoder.decode(chunk)
            chunk = fh.read(1 << 20)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


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


def _check_given(path: Path, codec: str) -> tuple[bool, bool]:
    """Whether a file has no NUL byte, and whether all of it decodes in ``codec`` (one
    pass over the bytes, at C speed)."""
    with path.open("rb") as fh:
        return _scan(fh, codec)


def _scan(fh: BinaryIO, codec: str, head: bytes | None = None) -> tuple[bool, bool]:
    """Whether ``head`` (default: none read yet) and the rest of ``fh`` have no NUL
    byte, and whether they all decode in ``codec``: one pass over the bytes."""
    decoder = codecs.getincrementaldecoder(codec)()
    no_nul = clean = True
    chunk = fh.read(1 << 20) if head is None else head
    while chunk:
        no_nul = no_nul and b"\0" not in chunk
        if clean:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                clean = False
        chunk = fh.read(1 << 20)
    if clean:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            clean = False
    return no_nul, clean


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
            encoding, note, plain, clean = scan_bytes(fh)
    else:
        try:
            encoding = codecs.lookup(encoding).name
            codecs.getincrementaldecoder(encoding)
        except LookupError:
            raise InvalidArgumentError(
                "encoding", encoding, "a text encoding Python knows, e.g. utf-8, cp1252, utf-16"
            ) from None
        if encoding == "utf-8":
            encoding = "utf-8-sig"  # a BOM is never part of the first column's name
        no_nul, clean = _check_given(path, encoding)
        # in such an encoding a NUL byte is a NUL character: none, and the fast path reads it
        plain = fmt == "csv" and byte_safe(encoding) and no_nul
    # a file with bytes that do not decode is read on the careful path, which finds them
    plain = plain and clean
    if fmt != "csv":
        return Source(path, name, fmt, encoding, None, note, clean=clean)
    if delimiter is None:
        default = "\t" if path.suffix.lower() == ".tsv" else ","
        delimiter = detect_delimiter(_first_line(path, encoding), default)
    return Source(path, name, fmt, encoding, delimiter, note, None, plain, clean=clean)


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
    sources = [
        resolve_source(p, n, input_format, encoding, delimiter, sheet)
        for p, n in zip(inputs, names, strict=True)
    ]
    _check_applies(sources, encoding, delimiter, sheet)
    return sources


def _check_applies(
    sources: Sequence[Source], encoding: str | None, delimiter: str | None, sheet: str | None
) -> None:
    """Refuse an option no input is read by (``--sheet`` with no workbook; ``--encoding``
    or ``--delimiter`` with only workbooks): given, it was meant for something, and
    ignoring it silently would hide the mistake."""
    formats = {s.format for s in sources}
    if sheet is not None and "xlsx" not in formats:
        raise InvalidArgumentError("sheet", sheet, "an .xlsx input (the inputs have no worksheets)")
    if formats == {"xlsx"}:
        for name, value in (("encoding", encoding), ("delimiter", delimiter)):
            if value is not None:
                raise InvalidArgumentError(
                    name, value, "a CSV or JSON Lines input (a workbook has no " + name + ")"
                )
