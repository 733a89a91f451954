"""What the patient is told: next steps, guidance and the pre-visit checklist.

Each item is a sentence in our own words with its basis as data: the
article, with the sections it paraphrases, or the clinic's own policy (then
no section). Pages show the sentences, label clinic policy, and list the
sections once in "Where this information comes from"; the API returns them.
Nothing here claims more than the article does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .answers import Answers
from .article import BENEFITS, EFFECTIVENESS, HOW_IT_WORKS, SECTIONS, SIDE_EFFECTS
from .conditions import Condition
from .model import Basis, Outcome
from .text import N_, Message, Money

MAY_VISIT = frozenset({Outcome.ELIGIBLE, Outcome.NEEDS_REVIEW})


@dataclass(frozen=True)
class Statement:
    """One sentence of guidance and what it rests on."""

    text: str
    sections: tuple[str, ...] = ()
    basis: Basis = Basis.ARTICLE

    def as_dict(self) -> dict[str, object]:
        """Return the sentence with its basis and sections, JSON-ready."""
        return {
            "text": self.text,
            "basis": str(self.basis),
            "sections": list(self.sections),
        }


def clinic(text: str) -> Statement:
    """Return a sentence that is the clinic's own policy, not the article's."""
    return Statement(text, (), Basis.CLINIC_POLICY)


@dataclass(frozen=True)
class ChecklistItem(Statement):
    """A tick-box line, shown for some outcomes and, optionally, some answers."""

    id: str = ""
    outcomes: frozenset[Outcome] = MAY_VISIT
    condition: Condition | None = None

    def applies(self, outcome: Outcome, answers: Answers) -> bool:
        """Return True when this line belongs on this patient's checklist."""
        if outcome not in self.outcomes:
            return False
        return self.condition is None or self.condition.holds(answers, {})

    def as_dict(self) -> dict[str, object]:
        """Return the line with its id, basis and sections, JSON-ready."""
        return {"id": self.id, **super().as_dict()}


NEXT_STEPS = {
    Outcome.ELIGIBLE: clinic(
        N_(
            "Your answers meet the clinic's screening criteria, so you can book a "
            "consultation. The clinician will still check your health on the day."
        )
    ),
    Outcome.NEEDS_REVIEW: clinic(
        N_(
            "A clinician will read your answers and contact you by email or phone. "
            "Please wait to hear from the clinic before you book any treatment."
        )
    ),
    Outcome.NOT_ELIGIBLE: clinic(
        N_("If you would like advice about other options, talk to your doctor.")
    ),
}

BEFORE_TREATMENT = (
    Statement(
        N_("Do not shower or put on make-up just before your appointment."),
        (SIDE_EFFECTS,),
    ),
    Statement(
        N_(
            "Stay away from caffeine (in coffee, tea, cola and energy drinks) and "
            "other stimulants before your treatment."
        ),
        (SIDE_EFFECTS,),
    ),
    Statement(
        N_("Tell the clinic about every medicine and supplement you take."),
        (SIDE_EFFECTS,),
    ),
)

# The amounts are values, so each language writes them its own way.
ARTICLE_COST = Statement(
    Message(
        "Treatment can cost {lowest} to {highest} a session, and a course needs "
        "several sessions.",
        lowest=Money(300),
        highest=Money(500),
    ),
    (EFFECTIVENESS,),
)
# Shown instead when the clinic sets its own price (CLINIC_SESSION_PRICE).
CLINIC_COST = N_("At this clinic a session costs {price}, and a course needs several.")

WHAT_TO_EXPECT = (
    Statement(
        N_(
            "At a consultation a mixture is chosen for you: for cellulite it is "
            "usually vitamins, amino acids, medicines and minerals. Tiny doses are "
            "injected with a needle into the middle layer of the skin."
        ),
        (HOW_IT_WORKS,),
    ),
    Statement(
        N_(
            "It is a course, not one visit: the article mentions 5 to 10 sessions "
            "for the best results in one place, and 10 to 12 to see real results in "
            "another. Each session means 50 to 150 injections."
        ),
        (HOW_IT_WORKS, BENEFITS),
    ),
    Statement(
        N_(
            "Most people feel no pain during a session, and you can go back to work "
            "or home as soon as it is over."
        ),
        (BENEFITS,),
    ),
    ARTICLE_COST,
    Statement(
        N_("That is a lot of money to spend on a treatment that may not work for you."),
        (EFFECTIVENESS,),
    ),
    Statement(
        N_(
            "Results seldom last: most people need more sessions over the following "
            "months or years to keep them."
        ),
        (HOW_IT_WORKS, EFFECTIVENESS),
    ),
    Statement(
        N_(
            "Some people see no change at all: even leaders in the field say 5 in "
            "every 100 patients do not respond."
        ),
        (EFFECTIVENESS,),
    ),
    Statement(
        N_(
            "Many people say it worked for them, but no clinical studies back these "
            "claims."
        ),
        (BENEFITS, EFFECTIVENESS),
    ),
)

SIDE_EFFECTS_AND_AFTERCARE = (
    Statement(
        N_(
            "Bruising is one of the most common side effects. For most people it "
            "heals within a week, and ice packs can help it heal faster."
        ),
        (SIDE_EFFECTS,),
    ),
    Statement(N_("The treated area may be sore for a day or two."), (SIDE_EFFECTS,)),
    Statement(
        N_(
            "Because substances are injected, there is a chance of an infection or "
            "an allergic reaction."
        ),
        (SIDE_EFFECTS,),
    ),
    clinic(
        N_(
            "If you think the treated area is infected, or you react badly after "
            "treatment, see a doctor."
        )
    ),
)

CHECKLIST = (
    ChecklistItem(
        N_("Wait until the clinic has contacted you before booking treatment."),
        basis=Basis.CLINIC_POLICY,
        id="wait-for-clinic",
        outcomes=frozenset({Outcome.NEEDS_REVIEW}),
    ),
    ChecklistItem(
        N_("Bring a written list of every medicine and supplement you take."),
        (SIDE_EFFECTS,),
        id="bring-medication-list",
        condition=Condition("takes_medication", "equals", True),
    ),
    ChecklistItem(
        N_("Do not shower or put on make-up just before the appointment."),
        (SIDE_EFFECTS,),
        id="no-shower-or-make-up",
    ),
    ChecklistItem(
        N_(
            "Avoid caffeine (coffee, tea, cola, energy drinks) and other stimulants "
            "before the treatment."
        ),
        (SIDE_EFFECTS,),
        id="avoid-stimulants",
    ),
    ChecklistItem(
        N_("Work out what a whole course of several sessions would cost you."),
        (EFFECTIVENESS,),
        id="check-cost",
    ),
    ChecklistItem(
        N_("Have an ice pack ready at home in case of bruising afterwards."),
        (SIDE_EFFECTS,),
        id="ice-pack",
    ),
    ChecklistItem(
        N_("Bring this sheet and your screening reference with you."),
        basis=Basis.CLINIC_POLICY,
        id="bring-this-sheet",
    ),
)


def checklist_for(outcome: Outcome, answers: Answers) -> tuple[ChecklistItem, ...]:
    """Return the checklist lines for this patient, in reading order."""
    return tuple(item for item in CHECKLIST if item.applies(outcome, answers))


def cost_statement(clinic_price: str | None) -> Statement:
    """Return the clinic's own price per session when set, else the article's."""
    if not clinic_price:
        return ARTICLE_COST
    return clinic(Message(CLINIC_COST, price=clinic_price))


def with_clinic_price(
    statements: Iterable[Statement], clinic_price: str | None
) -> tuple[Statement, ...]:
    """Return ``statements`` with the article's price swapped for the clinic's."""
    cost = cost_statement(clinic_price)
    return tuple(cost if item is ARTICLE_COST else item for item in statements)


def sections_used(*groups: Iterable[Statement]) -> tuple[str, ...]:
    """Return the article sections these statements rest on, in the article's order."""
    used = {section for group in groups for item in group for section in item.sections}
    return tuple(section for section in SECTIONS if section in used)


def has_clinic_policy(*groups: Iterable[Statement]) -> bool:
    """Return True when any of these statements is the clinic's own policy."""
    return any(item.basis is Basis.CLINIC_POLICY for group in groups for item in group)
