"""Column alignment across 2..N sources: groups of columns that hold one variable, by names AND content."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from profiling.schema.models import ColumnGroup, Evidence
from profiling.schema.names import NameMatch, compare_names, value_names_column
from profiling.schema.similarity import ContentMatch, compare_content
from profiling.schema.summary import Content

THRESHOLD = 0.55  # pairs scoring below this are never grouped
_QUESTION = 0.3  # same names but contents this unlike are questioned
_MIN_VALUES = 20  # fewer non-missing values than this cannot contradict a name


@dataclass(frozen=True)
class Pair:
    """Two columns of two sources and how alike they are."""

    a: Content
    b: Content
    name: NameMatch
    content: ContentMatch | None
    score: float
    questioned: bool

    def evidence(self) -> list[Evidence]:
        sources = [self.a.summary.source, self.b.summary.source]
        columns = [self.a.summary.column, self.b.summary.column]
        found = []
        if self.name.score > 0:
            found.append(
                Evidence(
                    kind="name",
                    method=self.name.method,
                    score=self.name.score,
                    sources=sources,
                    columns=columns,
                    detail=self.name.detail,
                )
            )
        if self.content is not None:
            found.append(
                Evidence(
                    kind="content",
                    method=self.content.method,
                    score=self.content.score,
                    sources=sources,
                    columns=columns,
                    detail=self.content.detail,
                )
            )
        return found


@dataclass
class _Extras:
    """Columns attached to groups after grouping, keyed by group number."""

    alternatives: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    pairs: dict[int, list[Pair]] = field(default_factory=dict)
    absorbed: set[int] = field(default_factory=set)
    split: set[int] = field(default_factory=set)


def compare_pair(a: Content, b: Content) -> Pair:
    """Score one pair of columns from two sources: names first, contents confirm or question them."""
    name = compare_names(a.summary.column, b.summary.column)
    content = compare_content(a, b)
    c = content.score if content is not None else 0.5
    enough = min(a.summary.rows - a.summary.missing_count, b.summary.rows - b.summary.missing_count) >= _MIN_VALUES
    questioned = name.score >= 0.8 and content is not None and c < _QUESTION and enough
    if name.score >= 0.8:
        score = 0.65 * name.score + 0.35 * c
    elif content is not None and content.identifying and _informative(a) and _informative(b):
        score = 0.55 + 0.3 * c + 0.1 * name.score  # below any good name match with alike contents
    elif name.score > 0 and c >= 0.6:
        score = 0.5 * name.score + 0.5 * c
    else:
        score = 0.0
    return Pair(a, b, name, content, round(score, 4), questioned)


def _informative(content: Content) -> bool:
    """Enough varied values for contents alone to identify a variable (constants match anything)."""
    s = content.summary
    varied = s.distinct_count >= (10 if s.numeric and not s.values else 2)
    return varied and s.rows - s.missing_count >= _MIN_VALUES


def align(sources: list[str], contents: dict[str, list[Content]]) -> list[ColumnGroup]:
    """Groups with at most one column per source; leftovers that recode or split a grouped column join it."""
    pairs = {(_key(p.a), _key(p.b)): p for p in _candidate_pairs(sources, contents)}
    members: dict[tuple[str, str], int] = {}
    groups: dict[int, dict[str, str]] = {}
    for number, key in enumerate(_key(c) for s in sources for c in contents[s]):
        members[key] = number
        groups[number] = {key[0]: key[1]}
    used: dict[int, list[Pair]] = {n: [] for n in groups}
    for pair in sorted(pairs.values(), key=lambda p: -p.score):
        if pair.score < THRESHOLD:
            break
        ga, gb = members[_key(pair.a)], members[_key(pair.b)]
        if ga == gb or set(groups[ga]) & set(groups[gb]):
            continue
        groups[ga].update(groups.pop(gb))
        used[ga] += used.pop(gb) + [pair]
        for source, column in groups[ga].items():
            members[(source, column)] = ga
    return _finish(sources, contents, groups, used, pairs)


def _candidate_pairs(sources: list[str], contents: dict[str, list[Content]]) -> list[Pair]:
    return [
        compare_pair(a, b) for left, right in combinations(sources, 2) for a in contents[left] for b in contents[right]
    ]


def _finish(
    sources: list[str],
    contents: dict[str, list[Content]],
    groups: dict[int, dict[str, str]],
    used: dict[int, list[Pair]],
    pairs: dict[tuple[tuple[str, str], tuple[str, str]], Pair],
) -> list[ColumnGroup]:
    singles = {n for n, g in groups.items() if len(g) == 1}
    extras = _alternatives(sources, groups, singles, pairs, contents)
    order = {_key(c): i for i, c in enumerate(c for s in sources for c in contents[s])}
    result = []
    kept = [n for n in groups if n not in extras.absorbed]
    for new_id, number in enumerate(sorted(kept, key=lambda n: min(order[(s, c)] for s, c in groups[n].items()))):
        result.append(_group(new_id, sources, groups[number], used[number], extras, number, pairs))
    return result


def _group(
    new_id: int,
    sources: list[str],
    columns: dict[str, str],
    used: list[Pair],
    extras: _Extras,
    number: int,
    pairs: dict[tuple[tuple[str, str], tuple[str, str]], Pair],
) -> ColumnGroup:
    inner = _inner_pairs(sources, columns, pairs)
    alternatives: dict[str, list[str]] = extras.alternatives.get(number, {})
    evidence = [e for p in used for e in p.evidence()]
    evidence += [e for p in extras.pairs.get(number, []) for e in p.evidence()]
    if inner:
        confidence = sum(p.score for p in inner) / len(inner)
    else:  # one column: how sure we are that no other source holds it
        best = max((p.score for k, p in pairs.items() if (next(iter(columns.items()))) in k), default=0.0)
        confidence = 1 - best
    mappings = [p.content.mapping for p in inner + extras.pairs.get(number, []) if p.content and p.content.mapping]
    one_to_one = all(m.covers for m in mappings) and number not in extras.split
    reference = next(columns[s] for s in sources if s in columns)
    return ColumnGroup(
        id=new_id,
        name=reference,
        columns={s: columns.get(s) for s in sources},
        alternatives=alternatives,
        confidence=round(min(max(confidence, 0.0), 1.0), 4),
        evidence=evidence,
        one_to_one=one_to_one,
        questioned=any(p.questioned for p in inner),
    )


def _alternatives(
    sources: list[str],
    groups: dict[int, dict[str, str]],
    singles: set[int],
    pairs: dict[tuple[tuple[str, str], tuple[str, str]], Pair],
    contents: dict[str, list[Content]],
) -> _Extras:
    """Leftover columns that hold a grouped variable again: recoded (alive for survived) or split (hispanic)."""
    by_key = {_key(c): c for s in sources for c in contents[s]}
    out = _Extras()
    for single in sorted(singles):
        ((source, column),) = groups[single].items()
        best: tuple[float, int, Pair | None, bool] = (0.0, -1, None, False)
        for number, members in groups.items():
            if number in singles or source not in members:
                continue
            for other, other_column in members.items():
                if other == source:
                    continue
                pair = _lookup(pairs, (source, column), (other, other_column))
                content = pair.content  # a duplicate by distribution alone is too weak a sign: a mapping is needed
                if content is not None and content.mapping is not None and content.strong and content.score > best[0]:
                    best = (content.score, number, pair, False)
                elif best[2] is None and _names_a_value(by_key[(other, other_column)], column):
                    best = (0.01, number, pair, True)
        if best[2] is not None:
            out.alternatives.setdefault(best[1], {}).setdefault(source, []).append(column)
            out.pairs.setdefault(best[1], []).append(best[2])
            out.absorbed.add(single)
            if best[3]:
                out.split.add(best[1])
    return out


def _names_a_value(content: Content, column: str) -> bool:
    """True when a category of `content` is named like `column` ('hispanic' in ethnicity, column hispanic)."""
    return any(value_names_column(value, column) for value in content.summary.values)


def _inner_pairs(
    sources: list[str], columns: dict[str, str], pairs: dict[tuple[tuple[str, str], tuple[str, str]], Pair]
) -> list[Pair]:
    present = [(s, columns[s]) for s in sources if s in columns]
    return [_lookup(pairs, a, b) for a, b in combinations(present, 2)]


def _lookup(pairs: dict[tuple[tuple[str, str], tuple[str, str]], Pair], a: tuple[str, str], b: tuple[str, str]) -> Pair:
    return pairs[(a, b)] if (a, b) in pairs else pairs[(b, a)]


def _key(content: Content) -> tuple[str, str]:
    return (content.summary.source, content.summary.column)
