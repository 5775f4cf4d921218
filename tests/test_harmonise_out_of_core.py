"""Harmonised copies of out-of-core datasets: every row streamed, values equal to `apply_mapping` on the whole frame."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from profiling.errors import ColumnNotFoundError, ProfilingError
from profiling.loading import LoadOptions, load_path
from profiling.schema import SchemaSource, compare_schemas
from profiling.schema.harmonise import harmonise_into_workspace
from profiling.schema.harmonise_stream import StreamedFile, harmonise_sources
from profiling.schema.mapping import MappingSpec, apply_mapping, propose_mapping
from profiling.workspace import DatasetMeta, Workspace
from tests.schema_truth import ADULT, HEART

BATCH = 37  # small batches: some hold a missing value or a marker, others none


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, datasets: Path) -> Path:
    """Heart: Cleveland in memory; Switzerland and VA kept out of core. Adult: train and test kept out of core."""
    root = tmp_path_factory.mktemp("ooc-harmonise")
    (root / ".examples-seeded").write_text("test workspace\n")
    workspace = Workspace(root)
    heart = datasets / "heart_disease"
    options = LoadOptions(column_names=HEART)
    cleveland = load_path(heart / "processed.cleveland.data", options=options)
    workspace.add(cleveland, origin="test", role="reference", name="cleveland")
    for name, rows, role in (("switzerland", 40, "source"), ("va", 60, "current")):
        workspace.add_file(
            heart / f"processed.{name}.data",
            origin="test",
            options=options,
            filename=f"{name}.csv",
            role=role,  # type: ignore[arg-type]
            name=name,
            sample_rows=rows,
        )
    adult = LoadOptions(column_names=ADULT, skip_rows=0)
    workspace.add_file(
        datasets / "adult" / "adult.data", origin="test", options=adult, filename="adult_train.csv",
        role="reference", name="adult_train", sample_rows=500,
    )  # fmt: skip
    workspace.add_file(
        datasets / "adult" / "adult.test", origin="test", options=adult.model_copy(update={"skip_rows": 1}),
        filename="adult_test.csv", role="current", name="adult_test", sample_rows=500,
    )  # fmt: skip
    return root


@pytest.fixture
def workspace(template: Path, copy_workspace: Callable[[Path], Path]) -> Workspace:
    return Workspace(copy_workspace(template))


def _metas(workspace: Workspace, *names: str) -> dict[str, DatasetMeta]:
    return {name: workspace.find(name) for name in names}


def _full_frames(workspace: Workspace, metas: dict[str, DatasetMeta]) -> dict[str, pd.DataFrame]:
    """Every row of each dataset in pandas (the whole Parquet file of one kept out of core)."""
    return {
        name: pd.read_parquet(workspace.parquet_path(m.id)) if m.out_of_core else workspace.frame(m.id)
        for name, m in metas.items()
    }


def _heart_spec(workspace: Workspace, metas: dict[str, DatasetMeta], *, union: bool) -> MappingSpec:
    """The proposed mapping on the samples, plus every kind of step: a marker made missing, a unit factor, a
    recode that turns numbers into text, and a rename."""
    report = compare_schemas([SchemaSource(name=n, frame=workspace.frame(m.id)) for n, m in metas.items()])
    spec = propose_mapping(report, union=union)
    edits = {
        "chol": {"missing_values": {"switzerland": ["0"], "va": ["0"]}},
        "trestbps": {"scale": {"va": 0.133322}},  # mmHg -> kPa
        "sex": {"recode": {"switzerland": {"1": "male", "0": "female"}, "va": {"1": "male"}}},
        "thalach": {"target": "max_heart_rate"},
    }
    columns = [c.model_copy(update=edits.get(c.target, {})) for c in spec.columns]
    return spec.model_copy(update={"columns": columns})


def _normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers as float64 and everything else as objects with None (Parquet keeps no pandas dtype), rows sorted
    (DuckDB stores an out-of-core dataset without its row order)."""
    out = pd.DataFrame(
        {
            c: frame[c].astype("float64")
            if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
            else frame[c].astype(object).where(frame[c].notna(), None)
            for c in frame.columns
        }
    )
    return out.sort_values(list(out.columns), na_position="last", key=lambda s: s.astype(str)).reset_index(drop=True)


def test_streamed_batches_equal_apply_mapping_row_by_row(workspace: Workspace, tmp_path: Path) -> None:
    metas = _metas(workspace, "cleveland", "switzerland", "va")
    spec = _heart_spec(workspace, metas, union=True)
    full = _full_frames(workspace, metas)
    sources = {n: workspace.parquet_path(m.id) if m.out_of_core else full[n] for n, m in metas.items()}
    seen: list[float] = []
    out = harmonise_sources(spec, sources, tmp_path / "out", batch_rows=BATCH, progress=lambda _m, f: seen.append(f))
    expected = apply_mapping(spec, full)
    assert list(out) == list(expected) == ["cleveland", "switzerland", "va", "cleveland_union"]
    assert isinstance(out["cleveland"], pd.DataFrame)
    pd.testing.assert_frame_equal(out["cleveland"], expected["cleveland"])  # in memory: the very same frame
    for name in ("switzerland", "va", "cleveland_union"):
        result = out[name]
        assert isinstance(result, StreamedFile) and result.rows == len(expected[name])
        parquet = pq.ParquetFile(result.path)
        assert parquet.metadata.num_row_groups > 1 or name == "cleveland_union"
        written = parquet.read().to_pandas()
        # The stream keeps the row order: compare row by row, each column in the type apply_mapping chose.
        for column, dtype in expected[name].dtypes.items():
            want = expected[name][column]
            if str(dtype) == "Int64":
                assert str(parquet.schema_arrow.field(column).type) == "int64", (name, column)
                want = want.astype("float64")
            got = written[column].astype(want.dtype) if want.dtype != object else written[column]
            pd.testing.assert_series_equal(got, want, check_names=False, obj=f"{name}.{column}")
    sex = expected["va"]["sex"]
    assert sex.dtype == object and set(sex.dropna()) == {"male", "0"}  # numbers became text in every source
    assert expected["switzerland"]["chol"].notna().sum() == 0  # Switzerland's cholesterol is all 0: all missing
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 10


def test_a_type_only_the_last_batches_decide_holds_for_every_batch(workspace: Workspace, tmp_path: Path) -> None:
    """Rows reordered so that every fractional `oldpeak` comes last: the first batches alone look like whole
    numbers (Int64), but the column is float64 over every row, in every batch, as apply_mapping makes it."""
    metas = _metas(workspace, "switzerland", "va")
    full = _full_frames(workspace, metas)
    sources: dict[str, pd.DataFrame | Path] = {}
    for name, frame in full.items():
        fractional = frame["oldpeak"].notna() & (frame["oldpeak"] % 1 != 0)
        assert 0 < fractional.sum() < len(frame) - BATCH  # the real files hold both
        ordered = pd.concat([frame[~fractional], frame[fractional]], ignore_index=True)
        ordered.to_parquet(tmp_path / f"{name}.parquet", index=False)
        full[name], sources[name] = ordered, tmp_path / f"{name}.parquet"
    spec = _heart_spec(workspace, metas, union=False).model_copy(update={"reference": "va"})
    first = {n: pd.read_parquet(p).head(BATCH) for n, p in sources.items() if isinstance(p, Path)}
    assert str(apply_mapping(spec, first)["va"]["oldpeak"].dtype) == "Int64"  # what one batch alone would choose
    out = harmonise_sources(spec, sources, tmp_path / "out", batch_rows=BATCH)
    expected = apply_mapping(spec, full)
    for name in ("switzerland", "va"):
        result = out[name]
        assert isinstance(result, StreamedFile)
        written = pq.read_table(result.path)
        assert (
            str(written.schema.field("oldpeak").type) == "double" and str(expected[name]["oldpeak"].dtype) == "float64"
        )
        pd.testing.assert_series_equal(
            written.column("oldpeak").to_pandas(), expected[name]["oldpeak"], check_names=False
        )
        assert pq.ParquetFile(result.path).metadata.num_row_groups > 1


def test_adult_out_of_core_copies_have_every_row_and_the_whole_table_matches(workspace: Workspace) -> None:
    metas = _metas(workspace, "adult_train", "adult_test")
    assert all(m.out_of_core and m.sample_rows == 500 for m in metas.values())
    report = compare_schemas([SchemaSource(name=n, frame=workspace.frame(m.id)) for n, m in metas.items()])
    spec = propose_mapping(report)
    [income] = [c for c in spec.columns if c.target == "income"]
    # Found on the samples; out of core the values keep the file's leading space (no trimming when streamed).
    assert income.recode == {"adult_test": {" >50K.": " >50K", " <=50K.": " <=50K"}}
    added = harmonise_into_workspace(workspace, spec, metas, batch_rows=5_000)
    expected = apply_mapping(spec, _full_frames(workspace, metas))
    assert [m.name for m in added] == ["adult_train_harmonised", "adult_test_harmonised"]
    for copy, (name, source) in zip(added, metas.items(), strict=True):
        assert copy.out_of_core and copy.rows == source.rows == len(expected[name])
        assert copy.rows in (32_561, 16_281) and copy.sample_rows == 500
        assert copy.role == source.role and copy.origin.startswith("harmonised by mapping ")
        [note] = [w for w in copy.load_report.warnings if w.type == "harmonised"]
        assert "value(s) recoded" in note.message
        stored = pd.read_parquet(workspace.parquet_path(copy.id))
        pd.testing.assert_frame_equal(_normalised(stored), _normalised(expected[name]))
        assert len(workspace.frame(copy.id)) == 500  # pandas still gets only a stated sample
    labels = pd.read_parquet(workspace.parquet_path(added[1].id), columns=["income"])["income"]
    assert set(labels) == {" >50K", " <=50K"} and len(labels) == 16_281


def test_mixed_in_memory_and_out_of_core_apply_with_a_union(workspace: Workspace) -> None:
    metas = _metas(workspace, "cleveland", "switzerland", "va")
    spec = _heart_spec(workspace, metas, union=True)
    added = {m.name: m for m in harmonise_into_workspace(workspace, spec, metas, batch_rows=BATCH)}
    expected = apply_mapping(spec, _full_frames(workspace, metas))
    assert list(added) == [
        "cleveland_harmonised",
        "switzerland_harmonised",
        "va_harmonised",
        "cleveland_union_harmonised",
    ]
    memory = added["cleveland_harmonised"]
    assert not memory.out_of_core and memory.role == "reference"
    pd.testing.assert_frame_equal(workspace.frame(memory.id), expected["cleveland"])
    for name in ("switzerland", "va", "cleveland_union"):
        copy = added[f"{name}_harmonised"]
        assert copy.out_of_core and copy.rows == len(expected[name])
        stored = pd.read_parquet(workspace.parquet_path(copy.id))
        pd.testing.assert_frame_equal(_normalised(stored), _normalised(expected[name]))
    assert added["cleveland_union_harmonised"].rows == 303 + 123 + 200
    assert added["cleveland_union_harmonised"].role == "source" and added["va_harmonised"].role == "current"
    assert "max_heart_rate" in added["va_harmonised"].column_names
    again = harmonise_into_workspace(workspace, spec, metas, batch_rows=BATCH)  # the same content: the same datasets
    assert [m.id for m in again] == [m.id for m in added.values()]
    assert sum(w.type == "harmonised" for w in workspace.get(again[1].id).load_report.warnings) == 1


def test_a_column_the_parquet_lacks_is_refused_before_anything_is_written(workspace: Workspace) -> None:
    metas = _metas(workspace, "cleveland", "va")
    spec = _heart_spec(workspace, metas, union=False)
    columns = [c.model_copy(update={"columns": {**c.columns, "va": "cholesterol"}}) if c.target == "chol" else c
               for c in spec.columns]  # fmt: skip
    before = {m.id for m in workspace.datasets()}
    with pytest.raises(ColumnNotFoundError, match="'cholesterol' of va") as raised:
        harmonise_into_workspace(workspace, spec.model_copy(update={"columns": columns}), metas)
    assert "chol" in (raised.value.hint or "") and "thalach" in (raised.value.hint or "")  # the file's columns
    with pytest.raises(ProfilingError, match="not given: va"):
        harmonise_into_workspace(workspace, spec, {"cleveland": metas["cleveland"]})
    assert {m.id for m in workspace.datasets()} == before
    assert not [p for p in workspace.root.iterdir() if p.name.startswith(".harmonise-")]
