"""Read delimited text (CSV, TSV, semicolon, pipe, whitespace) into typed columns, reporting every repair."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

import charset_normalizer
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from profiling.errors import DataLoadError, LimitExceededError
from profiling.loading import coerce
from profiling.loading.columns import clean_column_names
from profiling.loading.models import DEFAULT_MISSING_MARKERS, Limits, LoadOptions, Notes
from profiling.loading.sources import RawInput

__all__ = ["ParsedText", "decode", "parse_delimited"]

_CANDIDATES = (",", ";", "\t", "|")
_WHITESPACE = " "
_QUOTE = '"'
_SAMPLE_CHARS = 64 * 1024
_SAMPLE_LINES = 200
_NEWLINE = re.compile(r"\r\n|\r|\n")
_NUMBER = re.compile(r"^\s*[+-]?([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][+-]?[0-9]+)?\s*$")
_COMMA_DECIMAL = re.compile(r"^[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+),[0-9]+$")
_DOT_DECIMAL = re.compile(r"^[+-]?[0-9]+\.[0-9]+$")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Encodings charset-normalizer may name for non-Latin scripts; for Latin text its guesses on small
# samples are unreliable (cp1250, cp437, ...), so Western files use the cp1252 / latin-1 rule below.
_NON_LATIN = {
    "cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866", "shift_jis", "cp932", "euc_jp", "iso2022_jp",
    "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "euc_kr", "cp949", "iso8859_7", "cp1253", "cp1255",
    "iso8859_8", "cp1256", "iso8859_6", "cp874", "tis_620", "cp1258",
}  # fmt: skip
_MAX_LISTED = 5


@dataclass
class ParsedText:
    """A parsed delimited file: the typed frame, the options in force and the encoding used."""

    frame: pd.DataFrame
    options: LoadOptions
    encoding: str


@dataclass
class _Layout:
    delimiter: str
    skip_rows: int
    header: bool
    width: int
    header_fields: list[str]
    skip_initial_space: bool
    decimal: str


@dataclass
class _Record:
    fields: list[str]
    first_line: int
    last_line: int


def parse_delimited(raw: RawInput, *, options: LoadOptions, limits: Limits, notes: Notes) -> ParsedText:
    """Parse delimited text: detect encoding, delimiter, preamble and header; repair and report."""
    name = raw.filename
    text, encoding = decode(raw.data, name, encoding=options.encoding, notes=notes)
    if not text.strip():
        raise DataLoadError(
            f"{name} is empty: no data and no columns.",
            "Check that the right file was chosen and that it was saved completely.",
        )
    layout = _detect_layout(text, name, options, notes)
    if layout.width > limits.max_columns:
        raise LimitExceededError(
            f"{name}: the table has {layout.width:,} columns; the limit is {limits.max_columns:,}.",
            "Raise the limit (PRISM_MAX_COLUMNS) or select fewer columns before loading.",
        )
    body = _drop_lines(text, layout.skip_rows)
    header, columns = _read_body(body, layout, name, notes)
    names = clean_column_names(_column_names(header, len(columns), options, name, notes), notes, limits)
    table = pa.table(dict(zip(names, columns, strict=True))) if columns else pa.table({})
    markers = options.missing_markers
    frame = coerce.infer_types(table, source=name, notes=notes, missing_markers=markers, decimal=layout.decimal)
    resolved = options.model_copy(
        update={
            "delimiter": layout.delimiter,
            "header": layout.header,
            "skip_rows": layout.skip_rows,
            "encoding": encoding,
            "missing_markers": tuple(DEFAULT_MISSING_MARKERS if markers is None else markers),
        }
    )
    return ParsedText(frame=frame, options=resolved, encoding=encoding)


# --- encoding -------------------------------------------------------------------------------


def decode(data: bytes, filename: str, *, encoding: str | None, notes: Notes) -> tuple[str, str]:
    """Bytes to text: the given encoding, else BOM, UTF-8, a detected legacy encoding or latin-1."""
    if encoding:
        text = _decode_forced(data, filename, encoding)
    else:
        text, encoding = _decode_detected(data, filename, notes)
    if text.startswith("\ufeff"):
        text = text[1:]
    nul = text.count("\x00")
    if nul:
        text = text.replace("\x00", "")
        notes.warn(
            "nul_bytes",
            f"{filename}: {nul:,} NUL byte(s) (binary zero characters) were removed from the text.",
            count=nul,
        )
    return text, encoding


def _decode_forced(data: bytes, filename: str, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise DataLoadError(
            f"{filename}: {encoding!r} is not a known text encoding.",
            "Pick another encoding (for example utf-8, cp1252 or latin-1), or leave it unset to detect it.",
        ) from None
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise DataLoadError(
            f"{filename}: cannot be decoded as {encoding}: byte 0x{data[err.start]:02x} on line {line} is not "
            "valid in that encoding.",
            "Pick another encoding (for example utf-8, cp1252 or latin-1), or leave it unset to detect it.",
        ) from None


def _decode_detected(data: bytes, filename: str, notes: Notes) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = _decode_forced(data, filename, name)
            if name == "utf-16":
                notes.warn(
                    "encoding", f"{filename}: the file is encoded as UTF-16 (byte-order mark); decoded as UTF-16."
                )
            return text, name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        encoding = _guess_encoding(data)
        notes.warn(
            "encoding",
            f"{filename}: the text is not valid UTF-8 (first invalid byte 0x{data[err.start]:02x} on line {line}); "
            f"decoded with the {_describe(encoding)} encoding instead. If characters look wrong, pass the right "
            "encoding.",
        )
        return data.decode(encoding), encoding


def _guess_encoding(data: bytes) -> str:
    if data.count(0) > len(data) // 10:
        odd_nuls = data[1::2].count(0)
        guess = "utf-16-le" if odd_nuls > data[0::2].count(0) else "utf-16-be"
        try:
            data.decode(guess)
            return guess
        except UnicodeDecodeError:
            pass  # many NULs but not valid UTF-16 (truncated, or binary): the checks below decide
    best = charset_normalizer.from_bytes(data[: 4 * _SAMPLE_CHARS]).best()
    if best is not None and best.encoding in _NON_LATIN:
        try:
            data.decode(best.encoding)
            return str(best.encoding)
        except UnicodeDecodeError:
            pass
    if re.search(rb"[\x80-\x9f]", data):
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return "latin-1"


def _describe(encoding: str) -> str:
    return {
        "cp1252": "cp1252 (Windows Western European)",
        "latin-1": "latin-1 (ISO-8859-1)",
        "utf-16-le": "UTF-16 little-endian (no byte-order mark)",
        "utf-16-be": "UTF-16 big-endian (no byte-order mark)",
    }.get(encoding, encoding)


# --- layout: delimiter, preamble, header ------------------------------------------------------


def _detect_layout(text: str, name: str, options: LoadOptions, notes: Notes) -> _Layout:
    sample, complete = _sample(text)
    delimiter = _delimiter(options.delimiter, sample, complete, name)
    records = _sample_records(sample, delimiter, complete)
    skip = options.skip_rows if options.skip_rows is not None else _detect_preamble(records, name, notes)
    body = [record for record in records if record.first_line > skip]
    header = options.header if options.header is not None else _looks_like_header(body)
    data = body[1:] if header else body
    counts = Counter(len(record.fields) for record in data)
    width = len(body[0].fields) if header and body else counts.most_common(1)[0][0] if counts else 1
    skip_space = delimiter != _WHITESPACE and _leading_spaces(data, name, notes)
    decimal = _decimal_mark(data, delimiter, name, notes)
    header_fields = body[0].fields if header and body else []
    return _Layout(delimiter, skip, header, width, header_fields, skip_space, decimal)


def _sample(text: str) -> tuple[str, bool]:
    """The first lines of the text; `complete` says whether the sample is the whole text."""
    end = min(len(text), _SAMPLE_CHARS)
    for count, match in enumerate(_NEWLINE.finditer(text, 0, end), 1):
        if count == _SAMPLE_LINES:
            return text[: match.end()], match.end() >= len(text)
    return text[:end], end >= len(text)


def _delimiter(given: str | None, sample: str, complete: bool, name: str) -> str:
    if given is not None:
        if given in (" ", r"\s+", "whitespace"):
            return _WHITESPACE
        if given == "\\t":
            return "\t"
        if len(given) != 1 or given in "\r\n" + _QUOTE:
            raise DataLoadError(
                f"{name}: the delimiter {given!r} cannot be used: it must be one character (not a quote or newline).",
                "Pass one of ',', ';', '\\t', '|' or ' ' (runs of spaces), or leave it unset to detect it.",
            )
        return given
    scores = {candidate: _consistency(sample, candidate, complete) for candidate in _CANDIDATES}
    best = max(_CANDIDATES, key=lambda candidate: scores[candidate])
    if scores[best][0]:
        return best
    lines = [line.split() for line in _NEWLINE.split(sample) if line.strip()]
    counts = Counter(len(fields) for fields in lines)
    mode, hits = counts.most_common(1)[0] if counts else (1, 0)
    return _WHITESPACE if mode > 1 and hits >= 0.8 * len(lines) else ","


def _consistency(sample: str, delimiter: str, complete: bool) -> tuple[bool, float, int]:
    """(splits at all, share of records with the most common field count, that count)."""
    counts = Counter(len(record.fields) for record in _sample_records(sample, delimiter, complete))
    if not counts:
        return (False, 0.0, 1)
    mode, hits = counts.most_common(1)[0]
    return (mode > 1, round(hits / sum(counts.values()), 2), mode)


def _sample_records(sample: str, delimiter: str, complete: bool) -> list[_Record]:
    """Non-blank records of the sample with their physical line numbers (1-based)."""
    records: list[_Record] = []
    if delimiter == _WHITESPACE:
        for number, line in enumerate(_NEWLINE.split(sample), 1):
            if line.strip():
                records.append(_Record(line.split(), number, number))
    else:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=_QUOTE)
        last = 0
        try:
            for fields in reader:
                if fields:
                    records.append(_Record(fields, last + 1, reader.line_num))
                last = reader.line_num
        except csv.Error:
            pass
    if not complete and records:
        records.pop()  # the sample may end inside the last record
    return records


def _detect_preamble(records: list[_Record], name: str, notes: Notes) -> int:
    """Skip leading lines with far fewer fields than the rest (titles, 'exported by ...' lines)."""
    if len(records) < 3:
        return 0
    mode = Counter(_filled(record) for record in records[1:]).most_common(1)[0][0]
    skipped: list[_Record] = []
    for record in records[:5]:
        if mode <= 1 or _filled(record) > max(1, mode // 2):
            break
        skipped.append(record)
    if not skipped or len(skipped) == len(records):
        return 0
    last = skipped[-1].last_line
    first_text = ",".join(skipped[0].fields)[:60]
    notes.warn(
        "preamble_skipped",
        f"{name}: line {skipped[0].first_line} ({first_text!r}) has {len(skipped[0].fields)} field(s), the lines "
        f"after it have {mode}. The first {last} line(s) look like a preamble and were skipped; skip_rows={last} "
        "reproduces this.",
        count=last,
    )
    return last


def _filled(record: _Record) -> int:
    """Field count without trailing empty fields (trailing delimiters do not make a row wider)."""
    count = len(record.fields)
    while count > 1 and not record.fields[count - 1].strip():
        count -= 1
    return count


def _looks_like_header(records: list[_Record]) -> bool:
    """A header row has text over numeric columns, or values that never recur in its column."""
    if not records:
        return True
    first = records[0].fields
    body = [record.fields for record in records[1:]]
    if not body:
        return not any(_NUMBER.match(value) for value in first)
    header_votes = data_votes = 0
    for position, value in enumerate(first):
        column = [row[position].strip() for row in body if position < len(row) and _informative(row[position])]
        if not column or not _informative(value):
            continue
        body_numeric = sum(bool(_NUMBER.match(item)) for item in column) >= 0.9 * len(column)
        head_numeric = bool(_NUMBER.match(value))
        if head_numeric and body_numeric:
            data_votes += 1
        elif head_numeric != body_numeric:
            header_votes += 1
    if header_votes or data_votes:
        return header_votes > data_votes
    return not any(value.strip() and value in {row[i] for row in body if i < len(row)} for i, value in enumerate(first))


def _informative(value: str) -> bool:
    stripped = value.strip()
    return bool(stripped) and stripped not in DEFAULT_MISSING_MARKERS


def _leading_spaces(data: list[_Record], name: str, notes: Notes) -> bool:
    later = [value for record in data for value in record.fields[1:] if value]
    spaced = sum(value.startswith(" ") for value in later)
    if not later or spaced < 0.5 * len(later):
        return False
    notes.warn(
        "leading_spaces",
        f"{name}: values start with a space after each delimiter (like ', Male'); the leading space was removed "
        "from every value (skipinitialspace).",
    )
    return True


def _decimal_mark(data: list[_Record], delimiter: str, name: str, notes: Notes) -> str:
    if delimiter == ",":
        return "."
    values = [value.strip() for record in data for value in record.fields]
    commas = sum(bool(_COMMA_DECIMAL.match(value)) for value in values)
    dots = sum(bool(_DOT_DECIMAL.match(value)) for value in values)
    if not commas or dots > commas:
        return "."
    notes.warn(
        "decimal_comma",
        f"{name}: numbers use a decimal comma (like '1,50' with delimiter {delimiter!r}); read with decimal ',' "
        "and '.' as the thousands separator.",
    )
    return ","


# --- body: fast path (pyarrow) and checked path (csv module) ---------------------------------


def _drop_lines(text: str, count: int) -> str:
    if count <= 0:
        return text
    for number, match in enumerate(_NEWLINE.finditer(text), 1):
        if number == count:
            return text[match.end() :]
    return ""


def _line_count(text: str) -> int:
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return breaks + (1 if text and text[-1] not in "\r\n" else 0)


def _read_body(body: str, layout: _Layout, name: str, notes: Notes) -> tuple[list[str], list[pa.Array]]:
    """The header fields and one string array per column (None marks a padded, missing cell)."""
    fast = _read_fast(body, layout)
    if fast is not None:
        return layout.header_fields, fast
    records = _read_records(body, layout, name)
    records = _drop_blank(records, layout, name, notes)
    header = records[0].fields if layout.header and records else []
    data = records[1:] if layout.header else records
    width = len(header) if layout.header else layout.width
    if data:
        _warn_quoted_lines(records, layout, _line_count(body), name, notes)
    rows = _fit_rows(data, width, layout, name, notes)
    columns = [pa.array(list(values), pa.string()) for values in zip(*rows, strict=True)] if rows else []
    return header, columns or [pa.array([], pa.string()) for _ in range(width)]


def _read_fast(body: str, layout: _Layout) -> list[pa.Array] | None:
    """pyarrow's multi-threaded reader when the file is regular; None sends it to the checked path."""
    width = len(layout.header_fields) if layout.header else layout.width
    expected = _line_count(body) - (1 if layout.header else 0)
    regular = layout.delimiter != _WHITESPACE and not layout.skip_initial_space and width > 1
    if not regular or expected <= 0 or body[:1] in "\r\n" or body.count(_QUOTE) % 2:
        return None
    invalid = 0

    def count_invalid(row: object) -> str:
        nonlocal invalid
        invalid += 1
        return "skip"

    names = [f"f{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(body.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1 if layout.header else 0),
            parse_options=pacsv.ParseOptions(
                delimiter=layout.delimiter, newlines_in_values=True, invalid_row_handler=count_invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    if invalid or table.num_rows != expected:
        return None
    return [column.combine_chunks() for column in table.columns]


def _read_records(body: str, layout: _Layout, name: str) -> list[_Record]:
    if layout.delimiter == _WHITESPACE:
        lines = _NEWLINE.split(body)
        if lines and lines[-1] == "":
            lines.pop()
        return [_Record(line.split(), number, number) for number, line in enumerate(lines, layout.skip_rows + 1)]
    csv.field_size_limit(2**31 - 1)
    reader = csv.reader(
        io.StringIO(body, newline=""),
        delimiter=layout.delimiter,
        quotechar=_QUOTE,
        skipinitialspace=layout.skip_initial_space,
    )
    records: list[_Record] = []
    last = 0
    offset = layout.skip_rows
    for fields in reader:
        records.append(_Record(fields, offset + last + 1, offset + reader.line_num))
        last = reader.line_num
    if records and records[-1].last_line > records[-1].first_line:
        _check_unterminated(body, records[-1], layout, name)
    return records


def _check_unterminated(body: str, last: _Record, layout: _Layout, name: str) -> None:
    """A last record that runs to the end of the file inside quotes is an unterminated quote."""
    tail = _drop_lines(body, last.first_line - layout.skip_rows - 1)
    reader = csv.reader(io.StringIO(tail, newline=""), delimiter=layout.delimiter, quotechar=_QUOTE, strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error as err:
        if "unexpected end of data" not in str(err):
            return
        raise DataLoadError(
            f"{name}: unterminated quote: the quote opened on line {last.first_line} is never closed, so the rest "
            f"of the file (lines {last.first_line}-{last.last_line}) would be one value (EOF inside string).",
            'Close the quote or remove the stray quote character; quotes inside a quoted value are written twice ("").',
        ) from None


def _drop_blank(records: list[_Record], layout: _Layout, name: str, notes: Notes) -> list[_Record]:
    while records and not records[-1].fields:
        records.pop()  # blank lines at the end of the file
    blank = [record.first_line for record in records if not record.fields]
    if not blank:
        return records
    lines = _listing(blank)
    if layout.width == 1 and not (layout.header and len(layout.header_fields) > 1):
        notes.warn(
            "blank_lines_missing",
            f"{name}: {len(blank):,} blank line(s) in this one-column file ({lines}) were read as missing values.",
            count=len(blank),
        )
        return [record if record.fields else _Record([""], record.first_line, record.last_line) for record in records]
    notes.warn("blank_lines", f"{name}: {len(blank):,} blank line(s) skipped ({lines}).", count=len(blank))
    return [record for record in records if record.fields]


def _listing(lines: list[int]) -> str:
    shown = ", ".join(str(line) for line in lines[:_MAX_LISTED])
    more = f" and {len(lines) - _MAX_LISTED:,} more" if len(lines) > _MAX_LISTED else ""
    return f"line{'s' if len(lines) > 1 else ''} {shown}{more}"


def _warn_quoted_lines(records: list[_Record], layout: _Layout, lines: int, name: str, notes: Notes) -> None:
    spans = [record for record in records if record.last_line > record.first_line]
    if not spans:
        return
    longest = max(spans, key=lambda record: record.last_line - record.first_line)
    size = longest.last_line - longest.first_line + 1
    notes.warn(
        "quote_line_count",
        f"{name}: line count and record count differ ({lines + layout.skip_rows:,} lines, "
        f"{len(records):,} records after the skipped lines): {len(spans):,} quoted value(s) run over several lines; "
        f"the longest spans {size:,} lines (lines {longest.first_line}-{longest.last_line}). If that is not intended, "
        f"a stray quote swallowed those rows: check the quoting on line {longest.first_line}.",
        count=len(spans),
    )


def _fit_rows(data: list[_Record], width: int, layout: _Layout, name: str, notes: Notes) -> list[list[str | None]]:
    long = [record for record in data if len(record.fields) > width]
    if long:
        _check_extra_fields(long, width, layout, name, notes)
    short = [record for record in data if len(record.fields) < width]
    if short:
        _warn_short_rows(short, width, layout, name, notes)
    return [[*record.fields[:width], *([None] * (width - len(record.fields)))] for record in data]


def _check_extra_fields(long: list[_Record], width: int, layout: _Layout, name: str, notes: Notes) -> None:
    for record in long:
        if any(value.strip() for value in record.fields[width:]):
            saw = len(record.fields)
            raise DataLoadError(
                f"{name}: line {record.first_line}: expected {width} fields, saw {saw}. The "
                f"{'header' if layout.header else 'first row'} has {width} fields, this row has {saw} and the extra "
                "ones hold data.",
                f"Fix that row (a value containing the delimiter {layout.delimiter!r} must be quoted), check the "
                "delimiter, or pass column_names for all the fields.",
            )
    extra = max(len(record.fields) for record in long) - width
    notes.warn(
        "extra_empty_fields",
        f"{name}: {len(long):,} row(s) have up to {extra} extra empty field(s) after the {width} columns (trailing "
        f"delimiters, from {_listing([record.first_line for record in long])}); the empty extras were dropped so "
        "every value stays in its column.",
        count=len(long),
    )


def _warn_short_rows(short: list[_Record], width: int, layout: _Layout, name: str, notes: Notes) -> None:
    lines = [record.first_line for record in short]
    notes.warn(
        "short_rows",
        f"{name}: {len(short):,} short rows have fewer than {width} fields ({_listing(lines)}); they were padded "
        "with missing values.",
        count=len(short),
    )
    others = [d for d in _CANDIDATES if d != layout.delimiter]
    odd = [record.first_line for record in short if any(d in layout.delimiter.join(record.fields) for d in others)]
    if odd:
        notes.warn(
            "inconsistent_delimiter",
            f"{name}: inconsistent delimiter: {_listing(odd)} do not split on {layout.delimiter!r} but contain "
            "another delimiter; those rows were read as one value each. Fix the file or pass delimiter=.",
            count=len(odd),
        )


def _column_names(header: list[str], width: int, options: LoadOptions, name: str, notes: Notes) -> list[str]:
    given = list(options.column_names or ())
    if given:
        if len(given) != width:
            raise DataLoadError(
                f"{name}: {len(given)} column names were given but the data has {width} columns.",
                f"Pass exactly {width} names in column_names, or leave it unset.",
            )
        return given
    if header:
        numeric = [value for value in header if _NUMBER.match(value)]
        if numeric:
            notes.warn(
                "column_name_numeric",
                f"{name}: {len(numeric)} column name(s) in the header look like numbers ({', '.join(map(repr, numeric[:5]))}); "
                "kept as text column names. If the first row is data, pass header=False.",
            )
        return header
    if options.header is None:
        notes.warn(
            "no_header",
            f"{name}: no header row detected; columns named column_1..column_{width}. Pass column names "
            "(column_names=...) or header=True if the first row is a header.",
        )
    return [f"column_{position}" for position in range(1, width + 1)]
