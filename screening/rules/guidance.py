"""What the patient is told: next steps, guidance and the pre-visit checklist.

Every sentence paraphrases the reference article, cited by section heading;
wording that the clinic adds is marked with ``CLINIC_POLICY`` as its source.
"""

from __future__ import annotations

from dataclasses import dataclass

from .answers import Answers
from .conditions import Condition
from .model import Outcome
from .parameters import CLINIC_POLICY, SIDE_EFFECTS

HOW_IT_WORKS = "How Does Mesotherapy Work?"
BENEFITS = "What are the Benefits of Using Mesotherapy?"
EFFECTIVENESS = "Is Mesotherapy an Effective Way to Get Rid of Cellulite Permanently?"

NOT_ELIGIBLE_ONLY = frozenset({Outcome.NOT_ELIGIBLE})
MAY_VISIT = frozenset({Outcome.ELIGIBLE, Outcome.NEEDS_REVIEW})
ALL_OUTCOMES = frozenset(Outcome)


@dataclass(frozen=True)
class Statement:
    """One sentence of guidance and where it comes from."""

    text: str
    source: str


@dataclass(frozen=True)
class ChecklistItem:
    """A tick-box line, shown for some outcomes and, optionally, some answers."""

    id: str
    text: str
    source: str
    outcomes: frozenset[Outcome]
    condition: Condition | None = None

    def applies(self, outcome: Outcome, answers: Answers) -> bool:
        """Return True when this line belongs on this patient's checklist."""
        if outcome not in self.outcomes:
            return False
        return self.condition is None or self.condition.holds(answers, {})


NEXT_STEPS = {
    Outcome.ELIGIBLE: Statement(
        "Your answers meet the clinic's screening criteria, so you can book a "
        "consultation. The clinician will still check your health on the day.",
        CLINIC_POLICY,
    ),
    Outcome.NEEDS_REVIEW: Statement(
        "A clinician will read your answers and contact you by email or phone. "
        "Please wait to hear from the clinic before you book any treatment.",
        CLINIC_POLICY,
    ),
    Outcome.NOT_ELIGIBLE: Statement(
        "The clinic cannot offer you mesotherapy based on these answers. If you "
        "would like advice about other options, talk to your doctor.",
        CLINIC_POLICY,
    ),
}

BEFORE_TREATMENT = (
    Statement(
        "Do not shower or put on make-up just before your appointment.",
        SIDE_EFFECTS,
    ),
    Statement(
        "Stay away from caffeine (in coffee, tea, cola and energy drinks) and "
        "from other stimulants before your treatment.",
        SIDE_EFFECTS,
    ),
    Statement(
        "Tell the clinic about every medicine and supplement you take.",
        SIDE_EFFECTS,
    ),
)

WHAT_TO_EXPECT = (
    Statement(
        "Mesotherapy is a course, not a single visit: the article we rely on "
        "mentions 5 to 10 sessions for the best results in one place and 10 to 12 "
        "sessions to see a real change in another.",
        f"{HOW_IT_WORKS}; {BENEFITS}",
    ),
    Statement(
        "Each session involves between 50 and 150 small injections.",
        BENEFITS,
    ),
    Statement(
        "A session typically costs between $300 and $500, so a full course is a "
        "large expense, and it is money spent even if the treatment does not "
        "work for you.",
        EFFECTIVENESS,
    ),
    Statement(
        "Results rarely last: most people need further rounds of treatment over "
        "the following months or years to keep them.",
        f"{HOW_IT_WORKS}; {EFFECTIVENESS}",
    ),
    Statement(
        "Some people see no change at all: even practitioners in the field say "
        "about 5 in every 100 patients do not respond.",
        EFFECTIVENESS,
    ),
    Statement(
        "There is little scientific proof that it works: the claims of success "
        "come from patients and practitioners, not from clinical studies.",
        f"{BENEFITS}; {EFFECTIVENESS}",
    ),
)

SIDE_EFFECTS_AND_AFTERCARE = (
    Statement(
        "Bruising is one of the most common side effects; for most people it "
        "clears up within about a week, and ice packs can help it heal faster.",
        SIDE_EFFECTS,
    ),
    Statement(
        "The treated area may feel sore for a day or two.",
        SIDE_EFFECTS,
    ),
    Statement(
        "Because substances are injected into the skin, an infection or an "
        "allergic reaction is possible. If you think the treated area is "
        "infected, or you react badly after treatment, see a doctor.",
        SIDE_EFFECTS,
    ),
)

CHECKLIST = (
    ChecklistItem(
        "wait-for-clinic",
        "Wait until the clinic has contacted you before booking treatment.",
        CLINIC_POLICY,
        frozenset({Outcome.NEEDS_REVIEW}),
    ),
    ChecklistItem(
        "talk-to-doctor",
        "Talk to your doctor before you consider any treatment for cellulite.",
        CLINIC_POLICY,
        NOT_ELIGIBLE_ONLY,
    ),
    ChecklistItem(
        "bring-medication-list",
        "Bring a written list of every medicine and supplement you take.",
        SIDE_EFFECTS,
        ALL_OUTCOMES,
        Condition("takes_medication", "equals", True),
    ),
    ChecklistItem(
        "no-shower-or-make-up",
        "Do not shower or put on make-up just before the appointment.",
        SIDE_EFFECTS,
        MAY_VISIT,
    ),
    ChecklistItem(
        "avoid-stimulants",
        "Avoid caffeine (coffee, tea, cola, energy drinks) and other stimulants "
        "before the treatment.",
        SIDE_EFFECTS,
        MAY_VISIT,
    ),
    ChecklistItem(
        "check-cost",
        "Check the cost: a session typically costs $300 to $500 and a course "
        "needs several sessions.",
        EFFECTIVENESS,
        MAY_VISIT,
    ),
    ChecklistItem(
        "ice-pack",
        "Have an ice pack ready at home in case of bruising afterwards.",
        SIDE_EFFECTS,
        MAY_VISIT,
    ),
    ChecklistItem(
        "bring-this-sheet",
        "Bring this sheet and your screening reference with you.",
        CLINIC_POLICY,
        ALL_OUTCOMES,
    ),
)


def checklist_for(outcome: Outcome, answers: Answers) -> tuple[ChecklistItem, ...]:
    """Return the checklist lines for this patient, in reading order."""
    return tuple(item for item in CHECKLIST if item.applies(outcome, answers))
