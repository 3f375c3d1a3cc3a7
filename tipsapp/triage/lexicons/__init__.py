"""Per-language triage lexicons feeding the matcher in ``tipsapp.triage.classifier``.

One module per language (``sv``, ``en``, ``fi``...), each exposing ``ROWS`` (stems with a match
kind and category weights) and ``PHRASES`` (multi-word regexes over the folded text). Stems are
written in the language's natural spelling; the classifier folds them with ``normalise.fold``.

Row kinds: "w" whole token, "p" token prefix (inflection), "s" anywhere inside the token
(compounds, Arabic-script clitics), and "ws"/"ps"/"ss" the same matched without folding.
A stem of several words ("przemoc domow") is found in the running text with the same kinds.
Weights: about 1 = weak hint, 2 = typical word, 3 = strong, 4-6 = the offence's own name.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass

W = dict[str, float]
Row = tuple[str, str, W]
Phrase = tuple[str, W]

V = "violence"
S = "sexual_offence"
D = "disorder"
N = "drugs"
T = "traffic"
B = "burglary_theft"
SK = "vandalism"
F = "fraud"
U = "unsafe_environment"
DV = "domestic_violence"
OA = "online_abuse"
O = "other"  # noqa: E741 -- one letter like its siblings, read as "Other"
# Markers, not categories: a fire cue and something that is set on fire on purpose (a car, a
# bin). Together they make a resident's "the car is burning" vandalism (see the classifier).
FIRE = "_fire"
TGT = "_burnable"

# Every language the resident form offers; each has a module of the same name.
LANGUAGES: tuple[str, ...] = ("sv", "en", "fi", "ar", "so", "ti", "bs", "pl", "fa")


def rows(kind: str, weights: W, stems: Iterable[str]) -> list[Row]:
    """One row per stem, all with the same kind and weights."""
    return [(s, kind, weights) for s in stems]


@dataclass(frozen=True)
class Lexicon:
    language: str
    rows: list[Row]
    phrases: list[Phrase]


def load(language: str) -> Lexicon:
    """The lexicon module for one language code from ``LANGUAGES``."""
    module = importlib.import_module(f"{__name__}.{language}")
    return Lexicon(language, list(module.ROWS), list(module.PHRASES))
