"""Reading suite JSON from outside (uploads, files, the project folder) all or nothing, with Prism's own checks."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from profiling.expectations.catalogue import build_expectation, check_value
from profiling.expectations.models import ExpectationSpec, SuiteDocument, SuiteError

MAX_SUITE_BYTES = 1_000_000
REASON_KEY = "prism_reason"

_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}
_SUITE_KEYS = {"name", "id", "expectations", "meta", "notes"}
_EXPECTATION_KEYS = {"type", "kwargs", "meta", "id", "notes", "description", "severity", "rendered_content"}


def check_suite_name(name: object) -> str:
    """A suite name safe as a file name everywhere: 1-100 of A-Z a-z 0-9 _ . -, not '.', '..' or a device name."""
    text = unicodedata.normalize("NFC", name) if isinstance(name, str) else ""
    if not _NAME.match(text) or set(text) == {"."} or text.split(".")[0].upper() in _RESERVED:
        shown = repr(name)[:60]
        raise SuiteError(
            f"Invalid suite name {shown}.",
            "Use 1 to 100 letters, digits, '_', '-' or '.', for example adult_train_balanced.",
        )
    return text


def parse_suites(data: bytes, *, source: str = "the suite file") -> list[SuiteDocument]:
    """Every suite in a JSON file (one object, or a list of them); any problem rejects the whole file."""
    raw = _load_json(data, source)
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise SuiteError(f"{source} holds an empty list: no suite to import.")
    suites = [_suite(item, source) for item in items]
    names = [suite.name for suite in suites]
    if len(set(names)) != len(names):
        raise SuiteError(f"{source} holds two suites with the same name.", "Give each suite its own name.")
    return suites


def parse_suite(data: bytes, *, source: str = "the suite file") -> SuiteDocument:
    """The one suite in a JSON file."""
    suites = parse_suites(data, source=source)
    if len(suites) != 1:
        raise SuiteError(f"{source} holds {len(suites)} suites; expected an object with one suite.")
    return suites[0]


def spec_from_gx(item: dict[str, Any], *, where: str) -> ExpectationSpec:
    """An expectation dict of a GX 1.x suite file as a spec; Prism's reason travels in meta."""
    meta = dict(item.get("meta") or {})
    reason = meta.pop(REASON_KEY, "")
    return ExpectationSpec(
        type=item["type"], kwargs=item.get("kwargs") or {}, reason=str(reason), meta=meta, notes=item.get("notes")
    )


def _load_json(data: bytes, source: str) -> Any:
    if len(data) > MAX_SUITE_BYTES:
        raise SuiteError(
            f"{source} is too large: {len(data):,} bytes (limit {MAX_SUITE_BYTES:,}).",
            "A suite with very large value_set lists is better split, or checked with a pattern.",
        )
    if not data.strip():
        raise SuiteError(f"{source} is empty.", "Choose a suite JSON file exported by Prism or Great Expectations 1.x.")
    try:
        text = data.decode("utf-8-sig")
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except UnicodeDecodeError as err:
        raise SuiteError(f"{source} is not UTF-8 text ({err.reason}).", "Save the suite as UTF-8 JSON.") from err
    except RecursionError as err:
        raise SuiteError(f"{source} is nested too deeply (depth limit): invalid suite.") from err
    except json.JSONDecodeError as err:
        raise SuiteError(
            f"{source} is not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}.",
            "Suites are JSON files as exported by Prism or Great Expectations 1.x.",
        ) from err


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise SuiteError(f"Duplicate key {key!r} in the suite JSON.", "Keep one value for each key.")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise SuiteError(
        f"The suite JSON holds {name}, which is not a finite number (invalid JSON).", "Use a number or null."
    )


def _suite(item: Any, source: str) -> SuiteDocument:
    if not isinstance(item, dict):
        raise SuiteError(f"{source}: expected an object with a suite, found {type(item).__name__}.")
    if "expectation_suite_name" in item or any(
        isinstance(e, dict) and "expectation_type" in e for e in item.get("expectations") or []
    ):
        raise SuiteError(
            f"{source} is a legacy Great Expectations 0.x suite (expectation_suite_name / expectation_type).",
            "Prism reads GX 1.x suites: rename expectation_suite_name to name and expectation_type to type.",
        )
    _known_keys(item, _SUITE_KEYS, f"{source}")
    name = check_suite_name(item.get("name"))
    expectations = item.get("expectations")
    if not isinstance(expectations, list):
        raise SuiteError(f"{source}: suite {name!r} has no 'expectations' list.")
    check_value(item.get("meta") or {}, path=f"{source}: suite {name!r} meta")
    specs = [_expectation(e, f"{source}: suite {name!r}, expectation {i + 1}: ") for i, e in enumerate(expectations)]
    notes = item.get("notes")
    return SuiteDocument(name=name, expectations=specs, notes=notes if isinstance(notes, str) else None)


def _expectation(item: Any, where: str) -> ExpectationSpec:
    if not isinstance(item, dict) or not isinstance(item.get("type"), str):
        raise SuiteError(f"{where}expected an object with a 'type' and 'kwargs'.")
    _known_keys(item, _EXPECTATION_KEYS, where.rstrip(": "))
    kwargs = item.get("kwargs") or {}
    if not isinstance(kwargs, dict):
        raise SuiteError(f"{where}'kwargs' must be an object.")
    for key in ("meta",):
        if not isinstance(item.get(key) or {}, dict):
            raise SuiteError(f"{where}'{key}' must be an object.")
    _known_keys(kwargs, None, where.rstrip(": "))
    spec = spec_from_gx(item, where=where)
    build_expectation(spec, where=where)
    return spec


def _known_keys(item: dict[str, Any], allowed: set[str] | None, where: str) -> None:
    for key in item:
        if key.startswith("__") or key in {"constructor", "prototype"} or (allowed is not None and key not in allowed):
            raise SuiteError(
                f"{where}: unknown field {key!r} (invalid key).", "Remove it; suites hold only GX 1.x fields."
            )
