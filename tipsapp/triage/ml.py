"""Optional learned triage model (scikit-learn), trained on labelled tips.

scikit-learn is imported lazily inside the functions, so the rest of the package imports and
works without it; only ``train`` and ``load`` need it. The model returns the same
``Suggestion`` as the built-in classifier, so callers can switch between them freely.
Urgency is always taken from the rule-based ``detect_urgency``: it must not depend on what a
model happened to learn.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .classifier import Suggestion, detect_urgency

_MAX_WORDS = 8
# Words of two or more letters; digits (dates, ages, addresses) carry no category signal.
_WORD_TOKENS = r"(?u)\b[^\W\d_]{2,}\b"


@dataclass
class TrainedModel:
    """A fitted TF-IDF + logistic regression pipeline and the labels it was trained on."""

    pipeline: Any
    categories: tuple[str, ...]
    n_examples: int

    def suggest(self, text: str, language: str | None = None) -> Suggestion:
        """Suggest a category with its probability and the features that pushed it most."""
        del language  # char n-grams cover Swedish and English alike
        features = self.pipeline.named_steps["features"]
        clf = self.pipeline.named_steps["clf"]
        x = features.transform([text])
        proba = clf.predict_proba(x)[0]
        best = int(proba.argmax())
        urgent, urgency_words = detect_urgency(text)
        return Suggestion(
            category=str(clf.classes_[best]),
            confidence=round(float(proba[best]), 4),
            words=self._top_words(x, best),
            urgent=urgent,
            urgency_words=urgency_words,
        )

    def _top_words(self, x: Any, class_index: int) -> tuple[str, ...]:
        """Features present in the text with the largest positive weight for the class.

        Word features are preferred because staff can read them; character n-grams are used
        only when no word feature contributes (e.g. a misspelling the vocabulary lacks).
        """
        clf = self.pipeline.named_steps["clf"]
        coef = clf.coef_
        if coef.shape[0] == 1:  # binary problem: one row, positive for classes_[1]
            weights = coef[0] if class_index == 1 else -coef[0]
        else:
            weights = coef[class_index]
        names = self._feature_names()
        row = x.tocsr()
        contributions = row.data * weights[row.indices]
        order = contributions.argsort()[::-1]
        ranked = [str(names[row.indices[i]]) for i in order if contributions[i] > 0]
        words = [n.split("__", 1)[1] for n in ranked if n.startswith("word__")]
        if not words:
            words = [n.split("__", 1)[1].strip() for n in ranked]
        return tuple(dict.fromkeys(words))[:_MAX_WORDS]

    def _feature_names(self) -> Any:
        cached = getattr(self, "_names", None)
        if cached is None:
            cached = self.pipeline.named_steps["features"].get_feature_names_out()
            self._names = cached
        return cached


def train(examples: Iterable[tuple[str, str]]) -> TrainedModel:
    """Fit a model on (text, category) pairs.

    Character n-grams within word boundaries (2-5) catch Swedish compounds, inflections and
    misspellings without a stemmer; word unigrams and bigrams add readable evidence. Logistic
    regression gives usable probabilities directly, so no separate calibration step is needed.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    pairs = [(str(text), str(label)) for text, label in examples]
    if not pairs:
        raise ValueError("no training examples")
    texts = [t for t, _ in pairs]
    labels = [c for _, c in pairs]
    if len(set(labels)) < 2:
        raise ValueError("need at least two categories to train")

    features = FeatureUnion(
        [
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True
                ),
            ),
            (
                "word",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    lowercase=True,
                    token_pattern=_WORD_TOKENS,
                ),
            ),
        ]
    )
    clf = LogisticRegression(C=20.0, max_iter=3000, class_weight="balanced")
    pipeline = Pipeline([("features", features), ("clf", clf)])
    pipeline.fit(texts, labels)
    return TrainedModel(
        pipeline=pipeline,
        categories=tuple(str(c) for c in clf.classes_),
        n_examples=len(pairs),
    )


def save(model: TrainedModel, path: str | Path) -> None:
    """Write the model with joblib (pickle-based)."""
    import joblib

    model.__dict__.pop("_names", None)  # derived cache; rebuilt on demand
    joblib.dump(model, Path(path))


def load(path: str | Path) -> TrainedModel:
    """Load a model written by ``save``.

    The file is unpickled, which can execute code: only load files this application wrote
    itself (``flask triage train``) from a location users cannot write to. Never load a model
    file received from outside.
    """
    import joblib

    model = joblib.load(Path(path))
    if not isinstance(model, TrainedModel):
        raise TypeError(f"{path} does not contain a TrainedModel")
    return model
