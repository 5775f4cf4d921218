"""`python -m profiling bias DATA... --target COL`: label balance and bias across sensitive attributes, as JSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from pydantic import ValidationError

from profiling.bias import BiasOptions, BiasReport, audit_frame, audit_frames
from profiling.bias.options import DEFAULT_AGE_BINS, parse_edges
from profiling.bias.representation import parse_expected
from profiling.commands.common import EXIT_OK, add_load_options, load_data, summary_stream, write_json
from profiling.errors import ProfilingError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "bias",
        help="label balance and bias across sensitive attributes (sex, race, age, ...)",
        description="Audit the data before any model exists: label balance, outcome rates per group with "
        "Wilson intervals, disparities to a reference group, intersections, representation and proxies. "
        "Several DATA are audited side by side and pooled.",
    )
    parser.add_argument("data", nargs="+", metavar="DATA", help="file paths")
    add_load_options(parser)
    parser.add_argument("--target", required=True, metavar="COL", help="the label column")
    parser.add_argument("--positive", metavar="VALUE", help="outcome of interest: a class, or a comparison like '>0'")
    parser.add_argument("--sensitive", nargs="+", metavar="COL", help="sensitive attributes (default: detected)")
    parser.add_argument("--reference-group", action="append", default=[], metavar="COL=GROUP", help="reference group")
    parser.add_argument("--favoured", action="store_true", help="reference = most favoured group (default: largest)")
    parser.add_argument("--min-group", type=int, default=30, metavar="N", help="small-group minimum (default 30)")
    parser.add_argument("--age-bins", metavar="EDGES", help="age bin edges (default 25,35,45,55,65)")
    parser.add_argument(
        "--expected",
        action="append",
        default=[],
        metavar="COL=G:S,...",
        help="expected shares, e.g. sex=Male:0.49,Female:0.51",
    )
    parser.add_argument("--reference-data", metavar="PATH", help="another file to compare representation with")
    parser.add_argument("--json", metavar="PATH", help="write the audit as JSON ('-' for stdout)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    options = options_from_args(args)
    out = summary_stream(args)
    loaded = [load_data(path, args) for path in args.data]
    frames = [(Path(path).stem, item.frame) for path, item in zip(args.data, loaded, strict=True)]
    if len(frames) == 1:
        reference = None
        if args.reference_data:
            reference = (Path(args.reference_data).stem, load_data(args.reference_data, args).frame)
        report = audit_frame(frames[0][1], options, name=frames[0][0], reference=reference)
        print(summary(report), file=out)
        payload: dict[str, object] = report.model_dump(mode="json")
    else:
        if args.reference_data:
            raise ProfilingError(
                "--reference-data works with one DATA.", "Give one DATA, or compare the datasets side by side."
            )
        multi = audit_frames(frames, options)
        for item in [*multi.reports, *([multi.pooled] if multi.pooled else [])]:
            print(summary(item), file=out)
        payload = multi.model_dump(mode="json")
    if args.json:
        write_json(args.json, payload)
    return EXIT_OK


def options_from_args(args: argparse.Namespace) -> BiasOptions:
    """BiasOptions from the parsed arguments; a bad value is one clear error."""
    try:
        return BiasOptions(
            target=args.target,
            positive=args.positive,
            sensitive=tuple(args.sensitive) if args.sensitive else None,
            reference="favoured" if args.favoured else "largest",
            reference_groups=dict(_pair(item, "--reference-group") for item in args.reference_group),
            min_group_size=args.min_group,
            age_bins=parse_edges(args.age_bins) if args.age_bins else DEFAULT_AGE_BINS,
            expected_shares=parse_expected("\n".join(args.expected)),
        )
    except ValidationError as err:
        problem = err.errors()[0]
        field = ".".join(str(part) for part in problem["loc"])
        raise ProfilingError(
            f"Invalid bias option {field}: {problem['msg']}.", "See `python -m profiling bias --help`."
        ) from err


def summary(report: BiasReport) -> str:
    """The headline figures and every finding, one line each."""
    balance = report.label_balance
    head = f"{report.dataset}: {report.rows:,} rows; outcome {report.outcome}"
    if report.overall_rate is not None:
        head += f" in {report.overall_rate:.3f} of labelled rows"
    if balance.imbalance_ratio is not None:
        head += f"; imbalance ratio {balance.imbalance_ratio:.2f}, minority share {balance.minority_share:.3f}"
    attributes = ", ".join(a.column + ("" if a.detected else " (given)") for a in report.sensitive_attributes)
    lines = [head, f"  sensitive attributes: {attributes or 'none'}"]
    lines += [f"  {f.severity}: {f.message}" for f in report.findings]
    return "\n".join(lines)


def _pair(text: str, option: str) -> tuple[str, str]:
    column, sep, value = text.partition("=")
    if not sep or not column.strip():
        raise ProfilingError(f"{option} {text!r} is not COLUMN=VALUE.", f"For example {option} sex=Male.")
    return column.strip(), value.strip()
