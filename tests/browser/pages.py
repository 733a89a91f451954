"""Every page a person can reach, and how a browser gets there."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from pypdf import PdfReader
from support.answers import BORN, FORM_NO_CONCERNS, PATIENT

from screening.infra.clock import clinic_today
from screening.infra.errors import error_response

from .records import stored_screening

SITE = " – Mesotherapy clinic"
# axe-core's tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA (2.2 adds AA
# rules only, so there is no "wcag22a" tag).
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()

# A patient who fills in the form completely and gets an eligible result.
VALID = {
    "full_name": PATIENT["full_name"],
    "email": PATIENT["email"],
    "date_of_birth": (str(BORN.day), str(BORN.month), str(BORN.year)),
    **FORM_NO_CONCERNS,
    "treatment_areas": ["thighs"],
    "consent": True,
}
DATE_PARTS = ("day", "month", "year")
YES_NO_QUESTIONS = tuple(FORM_NO_CONCERNS)


def fill_form(page, answers: dict) -> None:
    """Fill the screening form with the mouse and keys, as a person would.

    Answers first, then text: a box such as the medication list shows only
    once the answer that calls for it is chosen.
    """
    for name in YES_NO_QUESTIONS:
        if name in answers:
            page.check(f"input[name={name}][value={answers[name]}]")
    for area in answers.get("treatment_areas", ()):
        page.check(f"input[name=treatment_areas][value={area}]")
    for name in ("full_name", "email", "phone", "medications"):
        if name in answers:
            page.fill(f"#{name}", answers[name])
    for name in ("date_of_birth", "visit_date"):
        for part, value in zip(
            DATE_PARTS, answers.get(name, ("", "", "")), strict=True
        ):
            page.fill(f"#{name}-{part}", value)
    if answers.get("consent"):
        page.check("#consent")


def send(page) -> None:
    """Press the form's submit button and wait for the next page.

    Found by its place, not its words, so the Spanish pages use it too.
    """
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()


def squashed(text: str) -> str:
    """Return text without whitespace or ligatures, to compare with a PDF's."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def assert_checklist_on_one_sheet(page, paper: str, medications: str | None) -> None:
    """Print the open checklist on ``paper``: one sheet, with every item on it.

    And, when given, every medicine, in order, separated on paper by ";".
    """
    items = page.locator(".checklist__item").all_inner_texts()
    pdf = PdfReader(io.BytesIO(page.pdf(format=paper)))
    assert len(pdf.pages) == 1
    printed = squashed(pdf.pages[0].extract_text())
    for item in items:
        assert squashed(item) in printed
    if medications:
        assert squashed(";".join(medications.splitlines())) in printed


def axe_violations(page) -> list[dict]:
    """Return axe-core's WCAG 2.2 A and AA violations on the current page."""
    options = {"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}}
    return AXE.run(page, options=options).response["violations"]


def describe(violations: list[dict]) -> str:
    """Return the violations as lines a developer can act on."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + ", ".join(str(node["target"]) for node in v["nodes"])
        for v in violations
    )


@dataclass(frozen=True)
class Site:
    """What openers need: the live application and the screenings stored in it."""

    app: Flask
    tokens: dict[str, str]
    references: dict[str, str]


@dataclass(frozen=True)
class Screen:
    """A page in a given state: its name, expected title and the way there.

    ``who`` names the signed-in staff role the page needs, if any; the title
    may name ``{references[outcome]}``.
    """

    name: str
    title: str
    open: Callable
    who: str | None = None

    def expected_title(self, site: Site) -> str:
        """Return the full page title, with the site's name."""
        return self.title.format(references=site.references) + SITE


def open_form_with_every_error(page, site):
    page.goto("/screening")
    send(page)


def open_form_with_other_errors(page, site):
    page.goto("/screening")
    last_year = str(clinic_today("UTC").year - 1)
    fill_form(
        page,
        {
            **VALID,
            "email": "not-an-email",
            "phone": "call me",
            "date_of_birth": ("14", "", "1990"),
            "visit_date": ("1", "1", last_year),
            "takes_medication": "yes",
            "consent": False,
        },
    )
    send(page)


def open_form_after_session_expired(page, site):
    page.goto("/screening")
    fill_form(page, VALID)
    page.context.clear_cookies()
    send(page)


def open_too_large(page, site):
    page.goto("/screening")
    fill_form(page, {**VALID, "takes_medication": "yes"})
    # Far beyond the textarea's maxlength: only a tampered form can send this.
    page.eval_on_selector("#medications", "el => { el.value = 'x'.repeat(70000); }")
    send(page)


def open_too_many_requests(page, site):
    page.goto("/screening")
    limit = int(site.app.config["RATELIMIT_SCREENING"].split()[0])
    for _ in range(limit + 1):
        send(page)


def open_delete_confirmation(page, site):
    token, _ = stored_screening(site.app, "eligible")
    page.goto(f"/screening/{token}/delete")


def open_deleted(page, site):
    open_delete_confirmation(page, site)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()


def rendered_error(status: int) -> Callable:
    """Return an opener for an error page the tests cannot provoke for real.

    The page is the application's own rendering of that error, served at a
    made-up address on the live server so its stylesheet loads as usual.
    """

    def open_error(page, site):
        # In the language the browser's cookie or Accept-Language asks for.
        cookies = {c["name"]: c["value"] for c in page.context.cookies()}
        asked = page.evaluate("navigator.language")
        headers = {"Accept-Language": asked}
        if "language" in cookies:
            headers["Cookie"] = f"language={cookies['language']}"
        with site.app.test_request_context(headers=headers):
            body, _ = error_response(status)
        address = f"/rendered-error/{status}"
        page.route(
            f"**{address}",
            lambda route: route.fulfill(
                status=status, body=body, content_type="text/html; charset=utf-8"
            ),
        )
        page.goto(address)

    return open_error


def visit(path: str) -> Callable:
    """Return an opener for a GET; the path may name ``{tokens[outcome]}``."""

    def open_page(page, site):
        page.goto(path.format(tokens=site.tokens, references=site.references))

    return open_page


PATIENT_SCREENS = [
    Screen("start", "Check if mesotherapy is suitable for you", visit("/")),
    Screen("form", "Screening questions", visit("/screening")),
    Screen("form-errors", "Error: Screening questions", open_form_with_every_error),
    Screen(
        "form-other-errors", "Error: Screening questions", open_form_with_other_errors
    ),
    Screen(
        "form-session-expired", "Screening questions", open_form_after_session_expired
    ),
    *(
        Screen(
            f"result-{outcome}",
            "Your screening result",
            visit(f"/screening/{{tokens[{outcome}]}}"),
        )
        for outcome in ("eligible", "needs_review", "not_eligible")
    ),
    *(
        Screen(
            f"checklist-{outcome}",
            "Your pre-visit checklist",
            visit(f"/screening/{{tokens[{outcome}]}}/checklist"),
        )
        for outcome in ("eligible", "needs_review")
    ),
    Screen(
        "checklist-not_eligible",
        "There is no visit to prepare",
        visit("/screening/{tokens[not_eligible]}/checklist"),
    ),
    Screen(
        "own-answers",
        "Your answers",
        visit("/screening/{tokens[needs_review]}/answers"),
    ),
    Screen("delete", "Delete your screening", open_delete_confirmation),
    Screen("deleted", "Your screening has been deleted", open_deleted),
]
ERROR_SCREENS = [
    Screen("not-found", "Page not found", visit("/no-such-page")),
    Screen("result-not-found", "Page not found", visit("/screening/no-such-token")),
    Screen("too-large", "What you sent is too large", open_too_large),
    Screen("bad-request", "There is a problem with your request", rendered_error(400)),
    Screen("too-many-requests", "Too many requests", open_too_many_requests),
    Screen(
        "server-error",
        "Sorry, there is a problem with the service",
        rendered_error(500),
    ),
    Screen("unavailable", "Sorry, the service is unavailable", rendered_error(503)),
]
