"""Evaluate the triage classifiers on the labelled police-event file.

Usage: python bench/triage_eval.py [--data PATH] [--multilingual-only]

The file is an *evaluation* set. It is split deterministically in two halves by a hash of
each row's ``id``: the built-in lexicon may only ever be inspected and tuned against the
"dev" half, so its figures are printed separately for dev, held-out and the whole file to
make any overfitting visible. The optional scikit-learn model is trained on the dev half and
scored on the held-out half.

A second section scores the multilingual tips (bench/data/multilingual_tips_{dev,test}.jsonl):
per language, category accuracy, urgent recall and false alarms, language detection and how
many wrong suggestions are flagged for translation. Tune only on the dev file; the test file
is for reporting.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tipsapp.triage import classifier  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/polisen_events_eval.jsonl"
# dev: tuned against; extra_dev: colloquial Arabic urgent tips and Tigrinya with Swedish names,
# written later to find gaps (also tuned against); test: never tuned against.
MULTILINGUAL = {
    "dev": Path(__file__).resolve().parent / "data/multilingual_tips_dev.jsonl",
    "extra_dev": Path(__file__).resolve().parent / "data/multilingual_extra_dev.jsonl",
    "test": Path(__file__).resolve().parent / "data/multilingual_tips_test.jsonl",
}
# The detector answers "bs" or "hr"/"sr" for the same Latin-script language.
SAME_LANGUAGE = {"bs": {"bs", "hr", "sr"}}

Row = dict[str, object]


def is_dev(row: Row) -> bool:
    """Stable half split: the same id always lands in the same half, on any machine."""
    digest = hashlib.sha256(str(row.get("id", row.get("text", ""))).encode("utf-8")).digest()
    return digest[0] % 2 == 0


def load(path: Path) -> list[Row]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def report(title: str, gold: Sequence[str], pred: Sequence[str]) -> float:
    """Print accuracy, macro-F1, per-class P/R/F1 and a confusion matrix; return macro-F1."""
    labels = sorted(set(gold))
    extra = sorted(set(pred) - set(labels))
    cols = labels + extra
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    for g, p in zip(gold, pred, strict=True):
        confusion[(g, p)] += 1
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    accuracy = sum(tp.values()) / len(gold) if gold else 0.0
    print(f"\n=== {title} (n={len(gold)}) ===")
    print(f"{'class':<16} {'prec':>6} {'recall':>6} {'f1':>6} {'support':>8}")
    f1s = []
    for label in labels:
        p_den = tp[label] + fp[label]
        r_den = tp[label] + fn[label]
        precision = tp[label] / p_den if p_den else 0.0
        recall = tp[label] / r_den if r_den else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        print(f"{label:<16} {precision:6.3f} {recall:6.3f} {f1:6.3f} {r_den:8d}")
    macro_f1 = sum(f1s) / len(f1s) if f1s else 0.0
    print(
        f"accuracy {accuracy:.3f}   macro-F1 {macro_f1:.3f} (over the {len(labels)} gold classes)"
    )
    if extra:
        print(f"predicted classes absent from gold (count as errors): {', '.join(extra)}")
    short = {c: c[:7] for c in cols}
    print("confusion (rows = gold, columns = predicted):")
    print(" " * 16 + "".join(f"{short[c]:>8}" for c in cols))
    for g in labels:
        print(f"{g:<16}" + "".join(f"{confusion[(g, p)]:>8}" for p in cols))
    return macro_f1


def builtin_predictions(rows: Sequence[Row]) -> tuple[list[str], float]:
    """Predict with the built-in model; also return the mean latency in microseconds."""
    texts = [str(r["text"]) for r in rows]
    for text in texts[:50]:  # warm up; the token cache then fills as the pass goes on
        classifier.suggest(text)
    start = time.perf_counter()
    preds = [classifier.suggest(t).category for t in texts]
    elapsed = time.perf_counter() - start
    return preds, elapsed / max(len(texts), 1) * 1e6


def cold_latency_us(rows: Sequence[Row]) -> float:
    """Mean latency with the token cache cleared before every call (worst case)."""
    texts = [str(r["text"]) for r in rows][:300]
    total = 0.0
    for text in texts:
        classifier._token_hits.cache_clear()
        start = time.perf_counter()
        classifier.suggest(text)
        total += time.perf_counter() - start
    return total / max(len(texts), 1) * 1e6


def _language_tools() -> tuple[Any, Any]:
    """``detect_language`` and ``needs_translation`` when the language module exists."""
    try:
        from tipsapp.triage import language
    except ImportError:
        return None, None
    return (
        getattr(language, "detect_language", None),
        getattr(language, "needs_translation", None),
    )


def _share(part: int, whole: int) -> str:
    return f"{part / whole:6.0%}" if whole else "     -"


def multilingual_report(title: str, rows: Sequence[Row]) -> None:
    """Per language: category accuracy, urgency recall/false alarms, detection, flagging."""
    detect, needs_translation = _language_tools()
    print(f"\n=== multilingual {title} (n={len(rows)}) ===")
    print(
        f"{'lang':<5} {'n':>4} {'cat acc':>8} {'urg rec':>8} {'false al':>9} "
        f"{'lang ok':>8} {'wrong flagged':>14}"
    )
    totals: Counter[str] = Counter()
    by_lang: dict[str, list[Row]] = {}
    for row in rows:
        by_lang.setdefault(str(row["lang"]), []).append(row)
    for lang in sorted(by_lang):
        c: Counter[str] = Counter()
        for row in by_lang[lang]:
            text = str(row["text"])
            detected = detect(text) if detect else None
            suggestion = classifier.suggest(text, detected)
            c["n"] += 1
            right = suggestion.category == row["category"]
            c["right"] += right
            if row["urgent"]:
                c["urgent"] += 1
                c["caught"] += suggestion.urgent
            else:
                c["calm"] += 1
                c["false_alarm"] += suggestion.urgent
            if detected is not None:
                c["detected"] += detected in SAME_LANGUAGE.get(lang, {lang})
            if not right:
                c["wrong"] += 1
                if needs_translation and detected is not None:
                    c["flagged"] += bool(needs_translation(detected, suggestion.confidence))
        totals.update(c)
        if lang != "sv":
            totals.update({f"nonsv_{k}": v for k, v in c.items()})
        _print_language_row(lang, c, detect is not None, needs_translation is not None)
    _print_language_row("all", totals, detect is not None, needs_translation is not None)
    nonsv = Counter({k[6:]: v for k, v in totals.items() if k.startswith("nonsv_")})
    _print_language_row("¬sv", nonsv, detect is not None, needs_translation is not None)


def _print_language_row(lang: str, c: Counter[str], detected: bool, flagged: bool) -> None:
    false_alarms = f"{c['false_alarm']}/{c['calm']}"
    print(
        f"{lang:<5} {c['n']:>4} {_share(c['right'], c['n']):>8} "
        f"{_share(c['caught'], c['urgent']):>8} {false_alarms:>9} "
        f"{_share(c['detected'], c['n']) if detected else '     n/a':>8} "
        f"{_share(c['flagged'], c['wrong']) if flagged else '           n/a':>14}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--multilingual-only", action="store_true")
    parser.add_argument(
        "--parts",
        default="dev,extra_dev,test",
        help="multilingual files to score, comma-separated (e.g. 'dev' while tuning)",
    )
    args = parser.parse_args(argv)
    parts = {p.strip() for p in args.parts.split(",") if p.strip()}
    print("\n##### Multilingual tips (built-in lexicons; tune on dev only) #####")
    for part, path in MULTILINGUAL.items():
        if part not in parts:
            continue
        if path.exists():
            multilingual_report(part, load(path))
        else:
            print(f"{path} not found -- skipped")
    if args.multilingual_only:
        return 0
    if not args.data.exists():
        print(f"Evaluation file not found: {args.data} -- nothing to evaluate.")
        return 0

    rows = load(args.data)
    dev = [r for r in rows if is_dev(r)]
    held = [r for r in rows if not is_dev(r)]
    print(f"{len(rows)} rows from {args.data}: dev half {len(dev)}, held-out half {len(held)}")

    print("\n##### Built-in lexicon classifier (no training; tuned on the dev half only) #####")
    summary = {}
    for title, part in (("dev half", dev), ("held-out half", held), ("whole file", rows)):
        preds, _ = builtin_predictions(part)
        gold = [str(r["category"]) for r in part]
        summary[title] = report(f"built-in, {title}", gold, preds)
    _, warm_us = builtin_predictions(rows)
    cold_us = cold_latency_us(rows)
    mean_len = sum(len(str(r["text"])) for r in rows) / max(len(rows), 1)
    print(
        f"\nbuilt-in suggest() latency: mean {warm_us:.0f} µs per text over a pass of the file, "
        f"{cold_us:.0f} µs with the token cache cleared before every call; "
        f"mean text length {mean_len:.0f} chars"
    )

    print("\n##### scikit-learn model (trained on the dev half, scored on the held-out half) #####")
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("skipped: scikit-learn is not installed")
    else:
        from tipsapp.triage import ml

        start = time.perf_counter()
        model = ml.train((str(r["text"]), str(r["category"])) for r in dev)
        train_s = time.perf_counter() - start
        texts = [str(r["text"]) for r in held]
        start = time.perf_counter()
        preds = [model.suggest(t).category for t in texts]
        ml_us = (time.perf_counter() - start) / max(len(texts), 1) * 1e6
        summary["sklearn held-out"] = report(
            "sklearn, held-out half", [str(r["category"]) for r in held], preds
        )
        print(f"\nsklearn: trained in {train_s:.1f} s; suggest() mean {ml_us:.0f} µs per text")

    print("\n##### Summary (macro-F1) #####")
    for title, value in summary.items():
        print(f"{title:<20} {value:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
