"""Measure personal-data masking (tipsapp.triage.pii) on labelled tips.

Usage: python bench/pii_eval.py [--file dev|dev2|test|PATH ...] [--limit N] [--repeat N]

Each row is {"id", "text", "pii": [{"kind", "text"}]} with kind one of name, address,
personnummer, phone, email, regnr. Tune only on the dev file; the test file is for
reporting at the end (and the real targets are measured on a set nobody here sees).

Definitions, on the original text and the spans ``find_pii`` masks (``mask_pii`` replaces
exactly those spans):

* a labelled pii text is *masked* when every word character (``\\w``) of every occurrence of
  it in the text lies inside a masked span, i.e. none of its word characters survive;
  recall per kind = masked / labelled;
* an *ordinary word* is a ``\\w+`` run that does not overlap any labelled pii occurrence; it
  is *wrongly masked* when any of its characters lies inside a masked span; the figure is
  wrongly masked / ordinary words, over the whole file;
* speed: microseconds per tip for ``mask_pii``, the best of ``--repeat`` passes over the file.

Targets: recall >= 90 % for every kind (PASS or BELOW), ordinary words masked <= 5 %
(PASS or ABOVE).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tipsapp.triage.pii import find_pii, mask_pii  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
FILES = {
    "dev": DATA / "pii_dev.jsonl",
    "dev2": DATA / "pii_dev2.jsonl",  # harder shapes: rural addresses, loose numbers, nicknames
    "test": DATA / "pii_test.jsonl",
}
KINDS = ("name", "address", "personnummer", "phone", "email", "regnr")
RECALL_TARGET = 0.90
ORDINARY_TARGET = 0.05
_WORD = re.compile(r"\w+")


@dataclass
class Result:
    rows: int = 0
    labelled: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    masked: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    ordinary: int = 0
    ordinary_masked: int = 0
    us_per_tip: float = 0.0
    missed: list[tuple[str, str, str]] = field(default_factory=list)
    wrongly: list[tuple[str, str]] = field(default_factory=list)


def load(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    found, start = [], text.find(needle)
    while needle and start != -1:
        found.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return found


def evaluate(rows: Sequence[dict[str, Any]], repeat: int = 3) -> Result:
    result = Result(rows=len(rows))
    for row in rows:
        text = row["text"]
        covered = [False] * len(text)
        for _kind, start, end in find_pii(text):
            covered[start:end] = [True] * (end - start)
        labelled_spans: list[tuple[int, int]] = []
        for item in row["pii"]:
            kind = item["kind"]
            spans = _occurrences(text, item["text"])
            labelled_spans += spans
            result.labelled[kind] = result.labelled.get(kind, 0) + 1
            hidden = bool(spans) and all(
                all(covered[s + m.start() : s + m.end()])
                for s, e in spans
                for m in _WORD.finditer(text[s:e])
            )
            if hidden:
                result.masked[kind] = result.masked.get(kind, 0) + 1
            else:
                result.missed.append((kind, item["text"], row["id"]))
        for m in _WORD.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in labelled_spans):
                continue
            result.ordinary += 1
            if any(covered[m.start() : m.end()]):
                result.ordinary_masked += 1
                result.wrongly.append((m.group(), row["id"]))
    texts = [row["text"] for row in rows]
    best = float("inf")
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        for text in texts:
            mask_pii(text)
        best = min(best, time.perf_counter() - started)
    result.us_per_tip = best / max(1, len(texts)) * 1e6
    return result


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def report(name: str, result: Result, out: TextIO, details: bool = False) -> None:
    print(f"== {name}: {result.rows} tips", file=out)
    print(f"{'kind':<14}{'labelled':>9}{'masked':>8}{'recall':>9}  target  verdict", file=out)
    for kind in KINDS:
        n, k = result.labelled.get(kind, 0), result.masked.get(kind, 0)
        recall = _share(k, n)
        shown = "-" if recall is None else f"{recall:.1%}"
        verdict = "-" if recall is None else ("PASS" if recall >= RECALL_TARGET else "BELOW")
        print(f"{kind:<14}{n:>9}{k:>8}{shown:>9}  >=90%   {verdict}", file=out)
    total_n, total_k = sum(result.labelled.values()), sum(result.masked.values())
    total = _share(total_k, total_n)
    print(f"{'all pii':<14}{total_n:>9}{total_k:>8}{'-' if total is None else f'{total:.1%}':>9}",
          file=out)  # fmt: skip
    share = _share(result.ordinary_masked, result.ordinary) or 0.0
    verdict = "PASS" if share <= ORDINARY_TARGET else "ABOVE"
    print(
        f"{'ordinary words':<14}{result.ordinary:>9}{result.ordinary_masked:>8}{share:>9.1%}"
        f"  <=5%    {verdict}",
        file=out,
    )
    print(f"speed: {result.us_per_tip:.0f} µs per tip (mask_pii, best pass)", file=out)
    if details:
        for kind, text, row_id in result.missed:
            print(f"  missed {kind:<13} {text!r} ({row_id})", file=out)
        for word, row_id in result.wrongly:
            print(f"  masked word {word!r} ({row_id})", file=out)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", action="append", help="dev, dev2, test or a path (repeatable)")
    parser.add_argument("--limit", type=int, help="only the first N rows of each file")
    parser.add_argument("--repeat", type=int, default=3, help="timing passes (best is kept)")
    parser.add_argument("--details", action="store_true", help="list misses and masked words")
    args = parser.parse_args(argv)
    out = out or sys.stdout
    for name in args.file or ["dev", "test"]:
        path = FILES.get(name, Path(name))
        if not path.exists():
            print(f"== {name}: {path} not found", file=out)
            continue
        report(name, evaluate(load(path, args.limit), args.repeat), out, args.details)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
