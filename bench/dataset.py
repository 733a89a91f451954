"""Realistic screening rows for the scale benchmark, made without the HTTP form.

Names follow a long-tailed distribution like real surnames (the commonest
about 1% of rows, thousands of rare ones), answers and ages vary as a
clinic's patients would, the rules decide each outcome, and most
screenings are already decided. Later rows arrive later, as they do in
use. One patient, the one staff search for, is planted at fixed
positions: rare at any size.
"""

from __future__ import annotations

import base64
import itertools
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache

from screening.models import REFERENCE_ALPHABET, DecisionKind
from screening.rules import Answers, default_ruleset, evaluate
from screening.rules.answers import age_on

# The health questions a generated screening answers, in the order of its flags.
HEALTH_QUESTIONS = (
    "pregnant",
    "good_health",
    "cancer_history",
    "heart_arrhythmia",
    "blood_clots",
    "takes_medication",
)

# Row i arrives about STEP after row i - 1, as a busy clinic chain's would:
# a million screenings span about a year.
STEP = timedelta(seconds=30)
FIRST = datetime(2025, 12, 1, 9, 0, tzinfo=UTC)
ONSETS = ("Br", "C", "D", "F", "G", "H", "K", "L", "M", "N", "P", "R", "S", "T", "W")
VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ou")
CODAS = ("n", "r", "l", "m", "s", "th", "ck", "nd", "rt", "ll")
SURNAME_ENDINGS = ("son", "ley", "ford", "wood", "ton", "er", "well", "by", "ham", "")
FIRST_ENDINGS = ("a", "ie", "o", "en", "el", "ine", "y", "us", "ah", "")
DOMAINS = ("example.com", "example.org", "mail.example", "clinic-patients.example")
AREAS = ("thighs", "abdomen", "hips", "arms", "neck", "other")
PLANTED_EVERY = 200_000
PLANTED_AT = 42


@dataclass(frozen=True)
class Planted:
    """The rare patient staff search for, and how to find their row."""

    full_name: str = "Philippa Quennell-Abernethy"
    email: str = "Philippa.Quennell@example.org"
    index: int = PLANTED_AT


def pool(endings: tuple[str, ...], size: int) -> list[str]:
    """Return ``size`` distinct invented names built from syllables."""
    syllables = [o + v + c for o in ONSETS for v in VOWELS for c in CODAS]
    names = (
        (first + second.lower() + ending).capitalize()
        for ending in endings
        for first, second in itertools.product(syllables, syllables[::7])
    )
    made = list(itertools.islice(names, size))
    # Shuffled, so the common names are not all alike.
    random.Random(size).shuffle(made)
    return made


@cache
def names() -> tuple[list[str], list[float], list[str], list[float]]:
    """Return first names and surnames with Zipf-like cumulative weights."""
    firsts, surnames = pool(FIRST_ENDINGS, 3_000), pool(SURNAME_ENDINGS, 30_000)
    return (
        firsts,
        list(itertools.accumulate(1 / (rank + 8) for rank in range(len(firsts)))),
        surnames,
        list(itertools.accumulate(1 / (rank + 12) for rank in range(len(surnames)))),
    )


def common_surname() -> str:
    """Return the commonest surname (about 1% of rows)."""
    return names()[2][0]


def reference_for(index: int) -> str:
    """Return a unique reference for row ``index`` (a bijection, not random)."""
    number = (index * 0x9E3779B1 + 0x2545F491) % 32**10
    digits = []
    for _ in range(10):
        number, digit = divmod(number, 32)
        digits.append(REFERENCE_ALPHABET[digit])
    return f"MS-{''.join(digits[:5])}-{''.join(digits[5:])}"


@cache
def decided(age: int, flags: tuple) -> tuple[str, str, list[dict]]:
    """Return (outcome, rule-set version, fired rules) for these answers."""
    as_of = date(2026, 6, 1)
    birth = date(as_of.year - age, 1, 1)
    answers = Answers(birth, as_of, **dict(zip(HEALTH_QUESTIONS, flags, strict=True)))
    evaluation = evaluate(answers, default_ruleset())
    fired = [item.as_dict() for item in evaluation.fired]
    return str(evaluation.outcome), evaluation.ruleset_version, fired


def rows(start: int, count: int, seed: int = 7) -> list[dict]:
    """Return screenings ``start`` to ``start + count - 1``, ready for INSERT."""
    rng = random.Random(seed * 1_000_003 + start)
    firsts, first_weights, surnames, surname_weights = names()
    chosen_firsts = rng.choices(firsts, cum_weights=first_weights, k=count)
    chosen_surnames = rng.choices(surnames, cum_weights=surname_weights, k=count)
    made = []
    for offset in range(count):
        index = start + offset
        full_name = f"{chosen_firsts[offset]} {chosen_surnames[offset]}"
        email = f"{full_name.replace(' ', '.')}{index % 89}@{rng.choice(DOMAINS)}"
        if index % PLANTED_EVERY == PLANTED_AT:
            full_name, email = Planted.full_name, Planted.email
        made.append(row(rng, index, full_name, email))
    return made


def row(rng: random.Random, index: int, full_name: str, email: str) -> dict:
    """Return one complete screening row."""
    created = FIRST + STEP * index + timedelta(seconds=rng.uniform(-1, 1))
    birth = created.date() - timedelta(days=int(rng.gauss(40, 12) * 365.25))
    age = age_on(birth, created.date())
    flags = (
        rng.choices(("no", "unsure", "yes"), (90, 5, 5))[0],
        rng.random() < 0.92,
        rng.random() < 0.03,
        rng.random() < 0.04,
        rng.random() < 0.03,
        rng.random() < 0.3,
    )
    outcome, version, fired = decided(age, flags)
    status = "decided" if rng.random() < 0.85 else "new"
    decided_at = created + timedelta(minutes=(index * 7919) % (4 * 24 * 60) + 5)
    return {
        "token": base64.urlsafe_b64encode(rng.randbytes(32)).decode().rstrip("="),
        "reference": reference_for(index),
        "submission_nonce": base64.urlsafe_b64encode(rng.randbytes(18)).decode(),
        "created_at": created,
        "full_name": full_name,
        "email": email,
        "email_key": email.lower(),
        "phone": f"07700 900{index % 1000:03d}" if index % 3 else None,
        "date_of_birth": birth,
        "visit_date": None,
        "pregnant": flags[0],
        "good_health": flags[1],
        "cancer_history": flags[2],
        "heart_arrhythmia": flags[3],
        "blood_clots": flags[4],
        "takes_medication": flags[5],
        "medications": "ibuprofen 200 mg as needed" if flags[5] else None,
        "treatment_areas": rng.sample(AREAS, rng.randint(0, 2)),
        "consent_given_at": created,
        "privacy_notice_version": "2026-11-26",
        "as_of_date": created.date(),
        "age": age,
        "outcome": outcome,
        "ruleset_version": version,
        "fired_rules": fired,
        "review_status": status,
        "latest_decision": rng.choice(list(DecisionKind)).value
        if status == "decided"
        else None,
        # Decided within four days, spread by row (no extra random draw, so
        # every other column stays as it was).
        "latest_decision_at": decided_at if status == "decided" else None,
        "decided_at": decided_at if status == "decided" else None,
    }
