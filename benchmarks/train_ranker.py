"""Fit the generator's ranker on the labelled candidates and write its weights (a
development tool beside the benchmarks: it reports the held-back figures too).

    python -m benchmarks.train_ranker        (needs the `train` extra: scikit-learn)

Why offline: the app ships only the weights (app/core/generate/ranker_weights.json)
and scores with a dot product, so scikit-learn is never a runtime dependency.
Trains on the labelled articles except the held-back third
(tests/helpers/labelled.py HELD_BACK), on which the figures are reported.
The target is "good" (weak and bad are not), with bad cards weighted double:
the top of the list must above all not hold a bad card.
"""

from __future__ import annotations

import json
import sys

from sklearn.linear_model import LogisticRegression

from app.core.articles.importers import import_file
from app.core.generate import build_raws
from app.core.generate.ranker import FEATURE_NAMES, WEIGHTS
from tests.helpers.labelled import (
    HELD_BACK,
    article_path,
    label_of,
    score_top,
    training_articles,
)

BAD_WEIGHT = 2.0
REGULARISATION = 1.0  # scikit-learn's C: the set is small, so keep the weights modest


def main() -> int:
    rows, targets, weights = [], [], []
    for article in training_articles():
        for raw in build_raws(import_file(article_path(article))):
            label = label_of(article, raw.candidate)
            if label is None:
                continue
            rows.append(list(raw.features))
            targets.append(1 if label == "good" else 0)
            weights.append(BAD_WEIGHT if label == "bad" else 1.0)
    model = LogisticRegression(C=REGULARISATION, max_iter=2000)
    model.fit(rows, targets, sample_weight=weights)
    WEIGHTS.write_text(json.dumps({
        "about": "Logistic regression P(good card); written by benchmarks/train_ranker.py",
        "trained_on": training_articles(), "held_back": list(HELD_BACK),
        "examples": len(rows), "features": list(FEATURE_NAMES),
        "weights": [round(float(w), 5) for w in model.coef_[0]],
        "bias": round(float(model.intercept_[0]), 5),
    }, indent=1) + "\n", encoding="utf-8")
    print(f"trained on {len(rows)} labelled candidates of {len(training_articles())} articles")
    for name, w in sorted(zip(FEATURE_NAMES, model.coef_[0], strict=True), key=lambda x: -abs(x[1])):
        print(f"  {name:18} {w:+.3f}")
    from app.core.generate.ranker import model as shipped
    shipped.cache_clear()
    for article in HELD_BACK:
        s = score_top(article)
        print(f"held back {article}: top {s.n}: good {s.precision:.0%}, bad {s.bad_rate:.0%}, "
              f"unlabelled {s.unlabelled}, sections {s.sections_covered}/{s.sections_total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
