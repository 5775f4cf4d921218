"""Unit tests of profiling.loading.sources: safe paths, archives, bombs and content-based format detection."""

from __future__ import annotations

import gzip
import io
import os
import pickle
import random
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from profiling.errors import DataLoadError, LimitExceededError, ProfilingError, UnsafeInputError
from profiling.loading import sources
from profiling.loading.models import Limits, LoadOptions, Notes

CSV = b"id,name\n1,a\n2,b\n"


def unpack(data: bytes, filename: str, *, limits: Limits | None = None, member: str | None = None):
    return sources.unpack(data, filename, options=LoadOptions(member=member), limits=limits or Limits(), notes=Notes())


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def parquet_bytes() -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.table({"x": [1, 2, 3]}), buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["a", "b"])
    workbook.active.append([1, 2])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- read_path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "root"
    folder.mkdir()
    (folder / "ok.csv").write_bytes(CSV)
    return folder


def test_read_path_inside_root(root: Path) -> None:
    data, name = sources.read_path("ok.csv", limits=Limits(), data_root=root)
    assert data == CSV
    assert name == "ok.csv"


def test_read_path_without_root_reads_any_regular_file(root: Path) -> None:
    data, _ = sources.read_path(root / "ok.csv", limits=Limits())
    assert data == CSV


@pytest.mark.parametrize("path", ["../outside.csv", "sub/../../outside.csv"])
def test_dot_dot_is_refused(root: Path, path: str) -> None:
    (root.parent / "outside.csv").write_bytes(CSV)
    with pytest.raises(UnsafeInputError, match="outside the data directory"):
        sources.read_path(path, limits=Limits(), data_root=root)


def test_absolute_path_elsewhere_is_refused(root: Path) -> None:
    other = root.parent / "other.csv"
    other.write_bytes(CSV)
    with pytest.raises(UnsafeInputError, match="outside the data directory"):
        sources.read_path(str(other), limits=Limits(), data_root=root)


def test_absolute_path_inside_root_is_allowed(root: Path) -> None:
    data, _ = sources.read_path(str(root / "ok.csv"), limits=Limits(), data_root=root)
    assert data == CSV


def test_symlink_leaving_root_is_refused(root: Path) -> None:
    secret = root.parent / "secret.csv"
    secret.write_bytes(CSV)
    (root / "link.csv").symlink_to(secret)
    with pytest.raises(UnsafeInputError, match="outside the data directory") as caught:
        sources.read_path("link.csv", limits=Limits(), data_root=root)
    assert "symlink" in str(caught.value)
    assert str(secret) not in caught.value.message  # the target is not revealed


def test_symlink_inside_root_is_followed(root: Path) -> None:
    (root / "alias.csv").symlink_to(root / "ok.csv")
    data, name = sources.read_path("alias.csv", limits=Limits(), data_root=root)
    assert data == CSV and name == "alias.csv"


def test_symlink_loop(root: Path) -> None:
    (root / "a.csv").symlink_to("b.csv")
    (root / "b.csv").symlink_to("a.csv")
    with pytest.raises(DataLoadError, match="symbolic links") as caught:
        sources.read_path("a.csv", limits=Limits(), data_root=root)
    assert "loop" in str(caught.value)


def test_directory_is_not_a_file(root: Path) -> None:
    (root / "folder.csv").mkdir()
    with pytest.raises(DataLoadError, match="directory, not a file"):
        sources.read_path("folder.csv", limits=Limits(), data_root=root)


@pytest.mark.timeout(10)
def test_fifo_is_refused_without_opening_it(root: Path) -> None:
    os.mkfifo(root / "fifo.csv")
    with pytest.raises(UnsafeInputError, match="not a regular file"):
        sources.read_path("fifo.csv", limits=Limits(), data_root=root)


@pytest.mark.timeout(10)
def test_device_is_refused() -> None:
    with pytest.raises(UnsafeInputError, match="not a regular file"):
        sources.read_path("/dev/zero", limits=Limits())


def test_symlink_to_device_inside_root_is_refused(root: Path) -> None:
    (root / "zero.csv").symlink_to("/dev/zero")
    with pytest.raises(UnsafeInputError, match="outside the data directory"):
        sources.read_path("zero.csv", limits=Limits(), data_root=root)


@pytest.mark.parametrize(
    "path", ["http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "s3://bucket/key.csv", "\\\\host\\x"]
)
def test_urls_and_schemes_are_refused(root: Path, path: str) -> None:
    with pytest.raises(UnsafeInputError, match="scheme|network"):
        sources.read_path(path, limits=Limits(), data_root=root)


def test_nul_in_path_is_refused(root: Path) -> None:
    with pytest.raises(UnsafeInputError, match="NUL"):
        sources.read_path("ok.csv\x00.png", limits=Limits(), data_root=root)


def test_missing_file_names_the_path(root: Path) -> None:
    with pytest.raises(DataLoadError, match="nope.csv: no such file"):
        sources.read_path("nope.csv", limits=Limits(), data_root=root)


def test_too_large_file_names_size_and_limit(root: Path) -> None:
    with pytest.raises(LimitExceededError, match="too large") as caught:
        sources.read_path("ok.csv", limits=Limits(max_file_bytes=10), data_root=root)
    assert "10 bytes" in caught.value.message and "PRISM_MAX_UPLOAD_MB" in caught.value.hint


# ---------------------------------------------------------------- compression


@pytest.mark.parametrize(
    ("name", "payload", "fmt"),
    [("d.csv", CSV, "csv"), ("d.json", b'[{"a": 1}]', "json"), ("d.parquet", parquet_bytes(), "parquet")],
)
def test_gzip_round_trip(name: str, payload: bytes, fmt: str) -> None:
    raw = unpack(gzip.compress(payload), name + ".gz")
    assert (raw.data, raw.filename, raw.format, raw.compression) == (payload, name, fmt, "gzip")


def test_multi_member_gzip_is_read_whole() -> None:
    raw = unpack(gzip.compress(b"a\n1\n") + gzip.compress(b"2\n"), "d.csv.gz")
    assert raw.data == b"a\n1\n2\n"


def test_gzip_detected_by_magic_without_extension() -> None:
    raw = unpack(gzip.compress(CSV), "upload.csv")
    assert raw.compression == "gzip" and raw.data == CSV


def test_truncated_gzip() -> None:
    with pytest.raises(DataLoadError, match="truncated"):
        unpack(gzip.compress(CSV * 100)[:-20], "d.csv.gz")


def test_gz_name_without_gzip_content_is_read_as_is() -> None:
    notes = Notes()
    raw = sources.unpack(CSV, "d.csv.gz", options=LoadOptions(), limits=Limits(), notes=notes)
    assert raw.format == "csv" and raw.compression is None
    assert "not gzip" in notes.items[0].message


@pytest.mark.parametrize(
    ("name", "payload", "fmt"),
    [("two.csv", CSV, "csv"), ("d.jsonl", b'{"a": 1}\n', "jsonl"), ("d.parquet", parquet_bytes(), "parquet")],
)
def test_zip_round_trip(name: str, payload: bytes, fmt: str) -> None:
    raw = unpack(zip_bytes({name: payload}), "x.zip")
    assert (raw.data, raw.filename, raw.format, raw.compression) == (payload, name, fmt, "zip")


def test_zip_ignores_macosx_and_directories() -> None:
    data = zip_bytes({"__MACOSX/._d.csv": b"junk", "folder/": b"", "folder/d.csv": CSV, "folder/.DS_Store": b"x"})
    raw = unpack(data, "x.zip")
    assert raw.filename == "d.csv" and raw.data == CSV


def test_zip_with_several_members_lists_them() -> None:
    data = zip_bytes({"a.csv": CSV, "b.csv": CSV})
    with pytest.raises(DataLoadError, match="multiple files") as caught:
        unpack(data, "x.zip")
    assert "a.csv" in caught.value.message and "b.csv" in caught.value.message
    assert "member=" in caught.value.hint


def test_zip_member_option_chooses_one() -> None:
    raw = unpack(zip_bytes({"a.csv": b"a\n1\n", "b.csv": CSV}), "x.zip", member="b.csv")
    assert raw.filename == "b.csv" and raw.data == CSV


def test_zip_unknown_member_lists_names() -> None:
    with pytest.raises(DataLoadError, match="a.csv"):
        unpack(zip_bytes({"a.csv": CSV}), "x.zip", member="zzz.csv")


def test_empty_zip() -> None:
    with pytest.raises(DataLoadError, match="empty"):
        unpack(zip_bytes({}), "x.zip")


@pytest.mark.parametrize("name", ["../evil.csv", "/etc/evil.csv", "a\\..\\evil.csv", "ok/../../evil.csv"])
def test_unsafe_member_names_are_refused(name: str) -> None:
    with pytest.raises(UnsafeInputError, match="unsafe member name"):
        unpack(zip_bytes({name: CSV, "ok.csv": CSV}), "x.zip")


@pytest.mark.parametrize(
    ("members", "name"),
    [
        ({"inner.zip": zip_bytes({"d.csv": CSV})}, "x.zip"),
        ({"d.csv": zip_bytes({"d.csv": CSV})}, "x.zip"),  # an archive disguised by its member name
        ({"d.csv": gzip.compress(CSV)}, "x.zip"),
    ],
)
def test_nested_archives_are_refused(members: dict[str, bytes], name: str) -> None:
    with pytest.raises(UnsafeInputError, match="nested archive"):
        unpack(zip_bytes(members), name)


def test_gzip_of_a_zip_is_refused_as_nested() -> None:
    with pytest.raises(UnsafeInputError, match="nested archive"):
        unpack(gzip.compress(zip_bytes({"d.csv": CSV})), "d.zip.gz")


def test_corrupt_zip() -> None:
    with pytest.raises(DataLoadError, match="not a valid ZIP"):
        unpack(b"PK\x03\x04" + b"\x00" * 40, "x.zip")


def test_zip_name_without_zip_content() -> None:
    with pytest.raises(DataLoadError, match="not a ZIP"):
        unpack(CSV, "x.zip")


# ---------------------------------------------------------------- bombs (small limits)

BOMB_LIMITS = Limits(max_uncompressed_bytes=4 * 1024**2, ratio_check_after_bytes=1024**2, max_compression_ratio=50)


def test_gzip_over_uncompressed_limit_stops_early() -> None:
    payload = random.Random(1).randbytes(6 * 1024**2).hex().encode()  # hard to compress, 12 MiB of text
    with pytest.raises(UnsafeInputError, match="decompressed size too large") as caught:
        unpack(gzip.compress(payload, compresslevel=1), "d.csv.gz", limits=BOMB_LIMITS)
    assert "limit" in caught.value.message


def test_gzip_over_ratio_is_refused() -> None:
    with pytest.raises(UnsafeInputError, match="ratio"):
        unpack(gzip.compress(b"0\n" * 2 * 1024**2), "d.csv.gz", limits=BOMB_LIMITS)


def test_gzip_under_limits_loads() -> None:
    payload = b"0\n" * 200_000  # very compressible, but small: the ratio is only checked after 1 MiB
    assert unpack(gzip.compress(payload), "d.csv.gz", limits=BOMB_LIMITS).data == payload


def test_zip_declared_size_is_checked_before_reading() -> None:
    with pytest.raises(UnsafeInputError, match="declares"):
        unpack(zip_bytes({"d.csv": b"0\n" * 1024**2}), "x.zip", limits=BOMB_LIMITS)


def test_zip_declared_total_over_limit() -> None:
    limits = Limits(max_uncompressed_bytes=1000)
    with pytest.raises(UnsafeInputError, match="decompressed size too large"):
        unpack(zip_bytes({"d.csv": CSV * 100}), "x.zip", limits=limits)


def test_upload_over_file_limit() -> None:
    with pytest.raises(LimitExceededError, match="too large"):
        unpack(CSV, "d.csv", limits=Limits(max_file_bytes=5))


# ---------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("d.csv", "csv"),
        ("d.tsv", "csv"),
        ("adult.test", "csv"),
        ("d.data", "csv"),
        ("d.psv", "csv"),
        ("D.CSV", "csv"),
        ("d.txt", "csv"),
    ],
)
def test_text_extensions(name: str, fmt: str) -> None:
    assert unpack(CSV, name).format == fmt


def test_json_extensions() -> None:
    assert unpack(b'[{"a": 1}]', "d.json").format == "json"
    assert unpack(b'{"a": 1}\n', "d.ndjson").format == "jsonl"
    assert unpack(parquet_bytes(), "d.pq").format == "parquet"
    assert unpack(xlsx_bytes(), "d.xlsx").format == "xlsx"
    assert unpack(xlsx_bytes(), "d.xlsm").format == "xlsx"


@pytest.mark.parametrize(
    ("payload", "fmt"),
    [
        (parquet_bytes(), "parquet"),
        (xlsx_bytes(), "xlsx"),
        (b'  [{"a": 1}]', "json"),
        (b'{"a": 1}\n{"a": 2}\n', "jsonl"),
        (b'{"rows": [{"a": 1}]}', "json"),
        (CSV, "csv"),
    ],
)
def test_unknown_extensions_are_sniffed(payload: bytes, fmt: str) -> None:
    assert unpack(payload, "upload").format == fmt
    assert unpack(payload, "upload.bak").format == fmt


def test_xlsx_inside_zip_is_not_an_archive() -> None:
    raw = unpack(xlsx_bytes(), "book.xlsx")
    assert raw.compression is None and raw.data.startswith(b"PK")


def test_xlsx_named_csv_is_refused() -> None:
    with pytest.raises(UnsafeInputError, match=r"Excel file \(ZIP\), not a CSV") as caught:
        unpack(xlsx_bytes(), "data.csv")
    assert "rename it to .xlsx" in caught.value.hint.lower()


def test_parquet_named_csv_is_refused() -> None:
    with pytest.raises(UnsafeInputError, match="Parquet file, not a CSV"):
        unpack(parquet_bytes(), "data.csv")


def test_text_named_parquet() -> None:
    with pytest.raises(DataLoadError, match="not a valid Parquet file"):
        unpack(CSV, "data.parquet")


def test_text_named_xlsx() -> None:
    with pytest.raises(DataLoadError, match="not a valid Excel"):
        unpack(CSV, "data.xlsx")


@pytest.mark.parametrize("protocol", [2, 3, 4, 5])
@pytest.mark.parametrize("name", ["d.csv", "d.json", "d.parquet", "upload"])
def test_pickles_are_refused_by_content(protocol: int, name: str) -> None:
    with pytest.raises(UnsafeInputError, match="pickle.*not accepted"):
        unpack(pickle.dumps({"a": [1, 2, 3]}, protocol=protocol), name)


@pytest.mark.parametrize("protocol", [0, 1])
def test_old_protocol_pickles_are_refused(protocol: int) -> None:
    with pytest.raises(UnsafeInputError, match="pickle"):
        unpack(pickle.dumps({"a": [1, 2, 3]}, protocol=protocol), "d.csv")


def test_gzipped_pickle_is_refused() -> None:
    with pytest.raises(UnsafeInputError, match="pickle"):
        unpack(gzip.compress(pickle.dumps([1, 2])), "d.csv.gz")


@pytest.mark.parametrize("name", ["d.pkl", "d.pickle", "d.joblib", "d.PKL"])
def test_pickle_extensions_are_refused_whatever_the_content(name: str) -> None:
    with pytest.raises(UnsafeInputError, match="not supported") as caught:
        unpack(CSV, name)
    assert "unsafe" in caught.value.message


@pytest.mark.parametrize("name", ["d.npy", "d.h5", "d.feather"])
def test_other_binary_extensions_are_not_supported(name: str) -> None:
    with pytest.raises(UnsafeInputError, match="not supported"):
        unpack(CSV, name)


def test_pickle_inside_zip_by_name() -> None:
    with pytest.raises(UnsafeInputError, match="pickle"):
        unpack(zip_bytes({"model.pkl": b"x"}), "x.zip")


@pytest.mark.parametrize(
    ("magic", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00", "GIF image"),
        (b"%PDF-1.7\n", "PDF document"),
        (b"\x7fELF\x02\x01\x01", "ELF executable"),
    ],
)
def test_binary_types_are_refused_by_magic(magic: bytes, what: str) -> None:
    with pytest.raises(UnsafeInputError, match=f"{what}, not a CSV"):
        unpack(magic + bytes(200), "d.csv")


def test_legacy_xls_by_magic_and_by_name() -> None:
    with pytest.raises(DataLoadError, match=r"legacy \.xls is not supported") as caught:
        unpack(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "book.xlsx")
    assert ".xlsx" in caught.value.hint
    with pytest.raises(DataLoadError, match="legacy .xls"):
        unpack(b"anything", "book.xls")


def test_binary_garbage_is_refused() -> None:
    garbage = random.Random(7).randbytes(8192)
    with pytest.raises(UnsafeInputError, match=r"not a text file \(binary"):
        unpack(garbage, "d.csv")


@pytest.mark.parametrize(
    "payload",
    [
        "id,name\n1,Ærø\n2,日本\n".encode("utf-16"),  # with BOM
        "id,name\n1,abc\n2,def\n".encode("utf-16-le"),  # without BOM
        "id,name\n1,abc\n".encode("utf-16-be"),
        b"a,b\n1,x\x00y\n2,\x00\x00\n",  # NULs are handled by the text parser
        "name\nJosé\nZürich\n".encode("latin-1"),
        "q\n\u201cquoted\u201d,\u20ac5\n".encode("cp1252"),
        b"",
    ],
)
def test_text_in_any_encoding_is_not_binary(payload: bytes) -> None:
    assert unpack(payload, "d.csv").format == "csv"


def test_every_failure_is_a_profiling_error() -> None:
    rng = random.Random(3)
    for _ in range(200):
        blob = rng.choice([b"PK\x03\x04", b"\x1f\x8b", b"PAR1", b"\x80\x04", b""]) + rng.randbytes(rng.randint(0, 300))
        try:
            unpack(blob, rng.choice(["d.csv", "d.zip", "d.gz", "d.parquet", "d.xlsx", "d"]))
        except ProfilingError:
            pass
