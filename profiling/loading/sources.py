"""Read raw bytes safely (paths, archives, bombs) and decide each input's format from its content."""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from profiling.errors import DataLoadError, LimitExceededError, UnsafeInputError
from profiling.loading.models import FileFormat, Limits, LoadOptions, Notes

__all__ = [
    "RawInput",
    "check_member_sizes",
    "detect_format",
    "iter_member",
    "read_member_limited",
    "read_path",
    "unpack",
]

_EXTENSIONS: dict[str, FileFormat] = {
    **dict.fromkeys((".csv", ".tsv", ".txt", ".data", ".test", ".dat", ".psv", ".tab"), "csv"),
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}
_FORMAT_NOUN: dict[str, str] = {
    "csv": "a CSV text file",
    "json": "a JSON file",
    "jsonl": "a JSON Lines file",
    "parquet": "a Parquet file",
    "xlsx": "an Excel .xlsx workbook",
}
_PICKLE_EXTENSIONS = {".pkl", ".pickle", ".joblib", ".dill", ".pt", ".pth", ".ckpt", ".sav"}
_UNSUPPORTED_EXTENSIONS = {
    ".npy", ".npz", ".h5", ".hdf5", ".hdf", ".feather", ".arrow", ".orc", ".avro", ".sqlite", ".db",
    ".exe", ".dll", ".so", ".bin", ".onnx", ".safetensors", ".mat", ".rds", ".rdata", ".sas7bdat", ".dta",
    ".xlsb", ".ods",
}  # fmt: skip
_ARCHIVE_EXTENSIONS = {".zip", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar", ".zst"}
# (magic bytes, what it is); checked before the extension is believed.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x7fELF", "an ELF executable"),
    (b"\x93NUMPY", "a NumPy array file"),
    (b"\x89HDF\r\n\x1a\n", "an HDF5 file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"ARROW1", "an Arrow/Feather file"),
    (b"Obj\x01", "an Avro file"),
)
_OTHER_COMPRESSION: tuple[tuple[bytes, str], ...] = (
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"\x28\xb5\x2f\xfd", "zstandard"),
)
_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARQUET_MAGIC = b"PAR1"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:(//|[\\/])")
_TEXT_PICKLE = re.compile(rb"^(?:\((?:dp|lp)\d*\n|c[\w.]+\n[\w.]+\n|[\]}]q\x00|\(i[\w.]+\n)")
_CHUNK = 1024 * 1024
# What zipfile raises on a damaged or hostile archive (it has no single error type).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    ValueError,
    struct.error,
)
# Control bytes that text does not hold (tab, newlines, form feed, ESC and NUL are left out).
_CONTROL_BYTES = bytes([*range(1, 9), *range(14, 27), *range(28, 32), 127])


@dataclass(frozen=True)
class RawInput:
    """The decompressed bytes of one data file, its (inner) name, format and outer compression."""

    data: bytes
    filename: str
    format: FileFormat
    compression: str | None = None


def read_path(path: str | Path, *, limits: Limits, data_root: Path | None = None) -> tuple[bytes, str]:
    """Read a regular file's bytes; with `data_root`, only a file that resolves inside it."""
    text = os.fspath(path)
    _check_path_string(text)
    resolved = _resolve(Path(text), data_root)
    info = _stat_regular(resolved, text)
    if info.st_size > limits.max_file_bytes:
        raise LimitExceededError(
            f"{text}: the file is too large ({_size(info.st_size)}; the limit is {_size(limits.max_file_bytes)}).",
            "Raise the limit (environment variable PRISM_MAX_UPLOAD_MB, in MB) to load it, or load a sample of it.",
        )
    return _read_regular(resolved, text, limits), text


def unpack(data: bytes, filename: str, *, options: LoadOptions, limits: Limits, notes: Notes) -> RawInput:
    """Decompress a gzip or zip input (with bomb checks) and decide the format of the file inside."""
    _refuse_by_extension(filename)
    if len(data) > limits.max_file_bytes:
        raise LimitExceededError(
            f"{filename}: the file is too large ({_size(len(data))}; the limit is {_size(limits.max_file_bytes)}).",
            "Raise the limit (environment variable PRISM_MAX_UPLOAD_MB, in MB) to load it.",
        )
    if data.startswith(_GZIP_MAGIC):
        inner_name = _strip_suffix(filename, ".gz")
        inner = _gunzip(data, filename, limits)
        _refuse_nested(inner, inner_name, outer=filename)
        return RawInput(inner, inner_name, detect_format(inner, inner_name), "gzip")
    if data.startswith(_ZIP_MAGIC):
        archive = _open_zip(data, filename)
        if _is_workbook(archive):
            return RawInput(data, filename, _workbook_format(filename), None)
        inner_name, inner = _read_member(archive, filename, options=options, limits=limits, notes=notes)
        _refuse_by_extension(inner_name)
        _refuse_nested(inner, inner_name, outer=filename)
        return RawInput(inner, inner_name, detect_format(inner, inner_name), "zip")
    if filename.lower().endswith(".gz"):
        inner_name = _strip_suffix(filename, ".gz")
        notes.warn("not_compressed", f"{filename}: named .gz but not gzip-compressed; read as {inner_name}.")
        return RawInput(data, inner_name, detect_format(data, inner_name), None)
    if filename.lower().endswith(".zip"):
        raise DataLoadError(
            f"{filename}: the name says zip but the content is not a ZIP archive (wrong magic bytes).",
            "Check the file was fully downloaded, or rename it to its real type.",
        )
    return RawInput(data, filename, detect_format(data, filename), None)


def detect_format(data: bytes, filename: str) -> FileFormat:
    """The format of decompressed bytes: the extension, checked against the content's magic bytes."""
    _refuse_by_extension(filename)
    claimed = _EXTENSIONS.get(Path(filename).suffix.lower())
    _refuse_by_content(data, filename, claimed)
    if data.startswith(_ZIP_MAGIC):
        if claimed == "xlsx":
            return "xlsx"
        raise UnsafeInputError(
            f"{filename}: this is a ZIP archive (or an Excel file), not {_noun(claimed)}.",
            "If it is an Excel workbook, rename it to .xlsx; if it is an archive, give it a .zip name.",
        )
    if claimed == "parquet":
        return _check_parquet(data, filename)
    if claimed == "xlsx":
        raise DataLoadError(
            f"{filename}: not a valid Excel .xlsx workbook (it is not a ZIP package).",
            "Open it in a spreadsheet program and save it again as .xlsx, or check its real type.",
        )
    if data.startswith(_PARQUET_MAGIC):
        if claimed is None:
            return "parquet"
        raise UnsafeInputError(
            f"{filename}: this is a Parquet file, not {_noun(claimed)}.", "Rename it to .parquet to load it."
        )
    _refuse_binary(data, filename, claimed)
    return claimed if claimed is not None else _sniff_text(data)


# ---------------------------------------------------------------- paths


def _check_path_string(text: str) -> None:
    if "\x00" in text:
        raise UnsafeInputError(f"{text!r}: a path with a NUL byte is not allowed.", "Give a plain file name.")
    if _SCHEME.match(text) or text.startswith(("\\\\", "//")):
        raise UnsafeInputError(
            f"{text}: URLs and network paths (a scheme such as http:// or file://) are not allowed.",
            "Download the file and load it from the data directory.",
        )
    if text.strip() in ("", "-"):
        raise DataLoadError(f"{text!r}: not a file name.", "Give the name of a file to load.")


def _resolve(path: Path, data_root: Path | None) -> Path:
    root = None if data_root is None else Path(data_root).resolve()
    candidate = path if root is None else Path(root, path)
    try:
        resolved = candidate.resolve(strict=True)
    except FileNotFoundError as exc:
        _refuse_outside(candidate, root, shown=path, lexical=True)
        raise DataLoadError(f"{path}: no such file.", "Check the name and the folder it is in.") from exc
    except (RuntimeError, OSError) as exc:
        if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
            raise DataLoadError(
                f"{path}: cannot open it: too many levels of symbolic links (a symlink loop).",
                "Point the link at a real file.",
            ) from exc
        raise DataLoadError(f"{path}: cannot open it ({exc.strerror}).", "Check the path and permissions.") from exc
    _refuse_outside(candidate, root, shown=path, lexical=True)
    _refuse_outside(resolved, root, shown=path, lexical=False)
    return resolved


def _refuse_outside(target: Path, root: Path | None, *, shown: Path, lexical: bool) -> None:
    if root is None:
        return
    where = Path(os.path.normpath(target)) if lexical else target
    if where == root or root in where.parents:
        return
    why = "" if lexical else " (a symlink points outside it)"
    raise UnsafeInputError(
        f"{shown}: refused: the path is outside the data directory{why}.",
        f"Only files inside {root} can be loaded; copy the file there.",
    )


def _stat_regular(resolved: Path, shown: str) -> os.stat_result:
    try:
        info = os.stat(resolved)
    except OSError as exc:
        raise DataLoadError(f"{shown}: cannot open it ({exc.strerror}).", "Check the path and permissions.") from exc
    if stat.S_ISDIR(info.st_mode):
        raise DataLoadError(f"{shown}: is a directory, not a file.", "Give the path of a file inside it.")
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeInputError(
            f"{shown}: not a regular file (a device, pipe or socket); refused.", "Load an ordinary file instead."
        )
    return info


def _read_regular(resolved: Path, shown: str, limits: Limits) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(resolved, flags)
    except OSError as exc:
        raise DataLoadError(f"{shown}: cannot open it ({exc.strerror}).", "Check the path and permissions.") from exc
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since the stat: refuse
            raise UnsafeInputError(f"{shown}: not a regular file; refused.", "Load an ordinary file instead.")
        data = handle.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        raise LimitExceededError(
            f"{shown}: the file is too large (over the limit of {_size(limits.max_file_bytes)}).",
            "Raise the limit (environment variable PRISM_MAX_UPLOAD_MB, in MB) to load it.",
        )
    return data


# ---------------------------------------------------------------- archives


def _gunzip(data: bytes, filename: str, limits: Limits) -> bytes:
    out: list[bytes] = []
    produced = consumed = 0
    pending = data
    while pending:
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        position = 0
        while not decoder.eof and position < len(pending):
            piece = pending[position : position + 64 * 1024]
            position += len(piece)
            try:
                chunk = decoder.decompress(piece, _CHUNK)
                while True:
                    consumed_now = consumed + position - len(decoder.unconsumed_tail)
                    produced += len(chunk)
                    out.append(chunk)
                    _check_growth(filename, produced, consumed_now, limits)
                    if not decoder.unconsumed_tail:
                        break
                    chunk = decoder.decompress(decoder.unconsumed_tail, _CHUNK)
            except zlib.error as exc:
                raise DataLoadError(f"{filename}: corrupt gzip data ({exc}).", "Compress the file again.") from exc
        if not decoder.eof:
            raise DataLoadError(f"{filename}: the gzip file is truncated.", "Download or copy it again.")
        rest = decoder.unused_data + pending[position:]
        consumed += len(pending) - len(rest)
        rest = rest.lstrip(b"\x00")
        pending = rest if rest.startswith(_GZIP_MAGIC) else b""  # another gzip member may follow
    return b"".join(out)


def _check_growth(filename: str, produced: int, consumed: int, limits: Limits) -> None:
    if produced > limits.max_uncompressed_bytes:
        raise UnsafeInputError(
            f"{filename}: decompressed size too large: more than {_size(limits.max_uncompressed_bytes)} "
            "(the limit); refused as a possible decompression bomb.",
            "Raise the limit (PRISM_MAX_UNCOMPRESSED_MB) if the file is genuine, or load the uncompressed file.",
        )
    ratio = produced / max(consumed, 1)
    if produced > limits.ratio_check_after_bytes and ratio > limits.max_compression_ratio:
        raise UnsafeInputError(
            f"{filename}: decompressed size too large for its compressed size: {_size(produced)} from "
            f"{_size(consumed)} (ratio {ratio:,.0f}:1, the limit is {limits.max_compression_ratio:,.0f}:1); "
            "refused as a likely decompression bomb.",
            "Raise Limits.max_compression_ratio (library option) if the file is genuine.",
        )


def _open_zip(data: bytes, filename: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise DataLoadError(f"{filename}: not a valid ZIP file ({exc}).", "Download or create it again.") from exc


def _is_workbook(archive: zipfile.ZipFile) -> bool:
    names = set(archive.namelist())
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def _workbook_format(filename: str) -> FileFormat:
    claimed = _EXTENSIONS.get(Path(filename).suffix.lower())
    if claimed in (None, "xlsx"):
        return "xlsx"
    raise UnsafeInputError(
        f"{filename}: this is an Excel file (ZIP), not {_noun(claimed)}.", "Rename it to .xlsx to load it as Excel."
    )


def _read_member(
    archive: zipfile.ZipFile, filename: str, *, options: LoadOptions, limits: Limits, notes: Notes
) -> tuple[str, bytes]:
    infos = [i for i in archive.infolist() if not i.is_dir()]
    for info in infos:
        _check_member_name(info.filename, filename)
    members = [i for i in infos if not _is_junk_member(i.filename)]
    info = _choose_member(members, filename, options.member)
    if Path(info.filename).suffix.lower() in _ARCHIVE_EXTENSIONS:
        raise UnsafeInputError(
            f"{filename}: the member {info.filename} is itself an archive; a nested archive is refused.",
            "Extract the inner archive and load the data file itself.",
        )
    shown = f"{filename}/{info.filename}"
    check_member_sizes([info], shown, limits)
    data = read_member_limited(archive, info, shown, limits)
    if len(infos) > len(members):
        notes.warn("archive_members_ignored", f"{filename}: ignored {len(infos) - len(members)} system file(s).")
    return PurePosixPath(info.filename).name, data


def _check_member_name(name: str, filename: str) -> None:
    parts = PurePosixPath(name).parts
    if "\\" in name or name.startswith("/") or ".." in parts or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
        raise UnsafeInputError(
            f"{filename}: unsafe member name {name!r} (an absolute path or one leading outside the archive).",
            "Re-create the archive with plain relative file names.",
        )


def _is_junk_member(name: str) -> bool:
    base = PurePosixPath(name).name
    return name.startswith("__MACOSX/") or base in (".DS_Store", "Thumbs.db", "desktop.ini") or base.startswith("._")


def _choose_member(members: list[zipfile.ZipInfo], filename: str, wanted: str | None) -> zipfile.ZipInfo:
    names = [m.filename for m in members]
    if wanted is not None:
        for member in members:
            if wanted in (member.filename, PurePosixPath(member.filename).name):
                return member
        raise DataLoadError(
            f"{filename}: no member named {wanted!r}; it holds: {', '.join(names) or 'nothing'}.",
            "Choose one of those names with member=.",
        )
    if not members:
        raise DataLoadError(f"{filename}: the ZIP archive is empty (no data file inside).", "Add the data file.")
    if len(members) > 1:
        shown = ", ".join(names[:20]) + (f" and {len(names) - 20} more" if len(names) > 20 else "")
        raise DataLoadError(
            f"{filename}: the archive holds multiple files ({shown}).", "Choose one with member=<name>."
        )
    return members[0]


def check_member_sizes(infos: list[zipfile.ZipInfo], shown: str, limits: Limits) -> None:
    """Refuse members whose declared sizes or compression ratio look like a bomb, before reading them."""
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise UnsafeInputError(
            f"{shown}: decompressed size too large: {_size(total)} declared, the limit is "
            f"{_size(limits.max_uncompressed_bytes)}.",
            "Raise the limit (PRISM_MAX_UNCOMPRESSED_MB) if the file is genuine.",
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_check_after_bytes and ratio > limits.max_compression_ratio:
            raise UnsafeInputError(
                f"{shown}: decompressed size too large for its compressed size: {info.filename} declares "
                f"{_size(info.file_size)} from {_size(info.compress_size)} (ratio {ratio:,.0f}:1, the limit is "
                f"{limits.max_compression_ratio:,.0f}:1); refused as a likely decompression bomb.",
                "Raise Limits.max_compression_ratio (library option) if the file is genuine.",
            )


def read_member_limited(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str, limits: Limits) -> bytes:
    """A member's bytes, stopping as soon as it grows past its declared size or a limit."""
    return b"".join(iter_member(archive, info, shown, limits))


def iter_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str, limits: Limits) -> Iterator[bytes]:
    """A member's bytes in chunks, stopping as soon as it grows past its declared size or a limit."""
    produced = 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                produced += len(chunk)
                yield chunk
                if produced > info.file_size:
                    raise UnsafeInputError(
                        f"{shown}: the member is larger than its declared size; refused.", "Re-create the archive."
                    )
                _check_growth(shown, produced, info.compress_size, limits)
    except ZIP_ERRORS as exc:
        raise DataLoadError(f"{shown}: corrupt or unsupported ZIP member ({exc}).", "Re-create the archive.") from exc
    except RuntimeError as exc:  # encrypted member
        raise DataLoadError(f"{shown}: cannot read it ({exc}).", "Use an archive without a password.") from exc


def _refuse_nested(data: bytes, name: str, *, outer: str) -> None:
    if data.startswith(_GZIP_MAGIC) or (data.startswith(_ZIP_MAGIC) and not _is_workbook_bytes(data)):
        raise UnsafeInputError(
            f"{outer}: holds another archive ({name}); a nested archive is refused.",
            "Extract the inner archive and load the data file itself.",
        )


def _is_workbook_bytes(data: bytes) -> bool:
    try:
        return _is_workbook(zipfile.ZipFile(io.BytesIO(data)))
    except ZIP_ERRORS:
        return False


# ---------------------------------------------------------------- content checks


def _refuse_by_extension(filename: str) -> None:
    suffix = Path(filename).suffix.lower()
    if suffix in _PICKLE_EXTENSIONS:
        raise UnsafeInputError(
            f"{filename}: pickle files ({suffix}) are not supported: unpickling runs code, so they are unsafe.",
            "Export the data as CSV or Parquet and load that.",
        )
    if suffix in _UNSUPPORTED_EXTENSIONS:
        raise UnsafeInputError(
            f"{filename}: the {suffix} format is not supported.",
            "Supported: CSV/TSV, JSON, JSON Lines, Parquet, Excel .xlsx (optionally gzip or zip compressed).",
        )
    if suffix == ".xls":
        raise DataLoadError(
            f"{filename}: the legacy .xls format is not supported.", "Save it as .xlsx (Excel: Save As > .xlsx)."
        )


def _refuse_by_content(data: bytes, filename: str, claimed: FileFormat | None) -> None:
    head = data[:64]
    if _is_pickle(data):
        raise UnsafeInputError(
            f"{filename}: this is a Python pickle, not {_noun(claimed)}; pickles are not accepted (unsafe: "
            "loading one can run code).",
            "Export the data as CSV or Parquet and load that.",
        )
    if head.startswith(_OLE_MAGIC):
        raise DataLoadError(
            f"{filename}: this is a legacy .xls workbook (or a password-protected Excel file); legacy .xls is "
            "not supported.",
            "Save it as .xlsx (without a password) and load that.",
        )
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            raise UnsafeInputError(
                f"{filename}: this is {what}, not {_noun(claimed)}.", "Load a data file (CSV, JSON, Parquet, .xlsx)."
            )
    for magic, what in _OTHER_COMPRESSION:
        if head.startswith(magic) and (what != "bzip2" or head[4:10] == b"1AY&SY"):
            raise DataLoadError(
                f"{filename}: {what}-compressed data is not supported.",
                "Decompress it, or compress it with gzip or zip.",
            )


def _is_pickle(data: bytes) -> bool:
    if len(data) >= 2 and data[0] == 0x80 and 2 <= data[1] <= 5:
        return True
    return bool(_TEXT_PICKLE.match(data[:256])) and data.rstrip().endswith(b".")


def _check_parquet(data: bytes, filename: str) -> FileFormat:
    if data.startswith(_PARQUET_MAGIC):
        return "parquet"
    _refuse_binary(data, filename, "parquet")
    raise DataLoadError(
        f"{filename}: not a valid Parquet file: corrupt or truncated (missing magic bytes PAR1).",
        "Write the file again, or check it is really Parquet.",
    )


def _refuse_binary(data: bytes, filename: str, claimed: FileFormat | None) -> None:
    if _looks_binary(data[: 64 * 1024]):
        raise UnsafeInputError(
            f"{filename}: not a text file (binary content), so not {_noun(claimed)}.",
            "Check the file type; if it is text in an unusual encoding, set encoding= explicitly.",
        )


def _looks_binary(sample: bytes) -> bool:
    """Many control bytes (NUL aside, which text may carry) mean binary; UTF-16/32 text is not binary."""
    if not sample or sample.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    if _looks_utf16(sample):
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    nuls = sample.count(b"\x00")
    return controls / len(sample) > 0.05 or nuls / len(sample) > 0.5


def _looks_utf16(sample: bytes) -> bool:
    even, odd = sample[0::2], sample[1::2]
    if len(sample) < 4:
        return False
    for zeros, text in ((odd, even), (even, odd)):
        if zeros.count(b"\x00") / len(zeros) > 0.7 and text.count(b"\x00") / len(text) < 0.1:
            return True
    return False


def _sniff_text(data: bytes) -> FileFormat:
    text = data[: 64 * 1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"["):
        return "json"
    if text.startswith(b"{"):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) > 1 and lines[0].endswith(b"}") and lines[1].startswith(b"{"):
            return "jsonl"
        return "json"
    return "csv"


def _noun(claimed: FileFormat | None) -> str:
    return _FORMAT_NOUN.get(claimed or "", "a data file") if claimed != "csv" else "a CSV file"


def _strip_suffix(filename: str, suffix: str) -> str:
    if filename.lower().endswith(suffix):
        return filename[: -len(suffix)]
    if filename.lower().endswith(".tgz"):
        return filename[:-4] + ".tar"
    return filename


def _size(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} GiB"
