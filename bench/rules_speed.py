"""Time the rules engine alone over a varied set of answers."""

from __future__ import annotations

import itertools
import statistics
import time
from datetime import date, timedelta

from screening.rules import Answers, default_ruleset, evaluate

from .dataset import FLAGS

TARGET_US = 20.0


def varied_answers(count: int) -> list[Answers]:
    """Return ``count`` answer sets covering every outcome and age boundary."""
    as_of = date(2026, 11, 26)
    births = [as_of - timedelta(days=days) for days in (6200, 6575, 9000, 25550, 26000)]
    births.append(date(2008, 2, 29))
    flags = (True, False)
    combos = itertools.product(
        births, ("yes", "no", "unsure"), flags, flags, flags, flags, flags
    )
    pool = [(birth, as_of, *answers) for birth, *answers in combos]
    # A new object per screening, as in use: nothing worked out for one
    # evaluation is found ready on the next.
    return [
        Answers(birth, as_of, **dict(zip(FLAGS, answers, strict=True)))
        for birth, as_of, *answers in (pool[i % len(pool)] for i in range(count))
    ]


def measure(count: int = 100_000, repeats: int = 5) -> dict[str, float]:
    """Return microseconds per evaluation: the median and best of ``repeats`` runs."""
    ruleset = default_ruleset()
    runs = []
    for _ in range(repeats):
        answers = varied_answers(count)
        start = time.perf_counter()
        for item in answers:
            evaluate(item, ruleset)
        runs.append((time.perf_counter() - start) / count * 1e6)
    outcomes = {str(evaluate(item, ruleset).outcome) for item in answers}
    return {
        "evaluations": count * repeats,
        "median_us": statistics.median(runs),
        "best_us": min(runs),
        "answer_sets": len(set(answers)),
        "outcomes": len(outcomes),
    }
