"""Staff accounts for the live server, signing in through the browser, staff pages."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pyotp
from support.staff import add_staff

from .pages import Screen, visit

STAFF_PASSWORD = "browser tests sail at dawn"  # noqa: S105 (a test account's)
NUMBERS = itertools.count(1)


@dataclass(frozen=True)
class Staff:
    """A staff account made for a test, with what it takes to sign in."""

    email: str
    password: str
    secret: str | None


def new_staff(app, *, admin: bool = False, two_factor: bool = True) -> Staff:
    """Create a fresh account, so no test reuses another's one-time codes."""
    email = f"staff-{next(NUMBERS)}@clinic.example"
    with app.app_context():
        _, secret = add_staff(email, STAFF_PASSWORD, admin=admin, two_factor=two_factor)
    return Staff(email, STAFF_PASSWORD, secret)


def enter_password(page, staff: Staff) -> None:
    """Do the first step of signing in: email address and password."""
    page.goto("/staff/login")
    page.fill("#email", staff.email)
    page.fill("#password", staff.password)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def enter_code(page, code: str, button: str = "Sign in") -> None:
    """Do the second step: the authenticator app's code."""
    page.fill("#code", code)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def sign_in(page, staff: Staff) -> None:
    """Sign in with password and the current authenticator code."""
    enter_password(page, staff)
    enter_code(page, pyotp.TOTP(staff.secret).now())
    page.wait_for_url("**/staff/")


def open_login_with_error(page, site):
    enter_password(page, Staff("nobody@clinic.example", "not the password", None))


def open_code_step(page, site):
    enter_password(page, new_staff(site.app))


def open_code_with_error(page, site):
    staff = new_staff(site.app)
    enter_password(page, staff)
    right = int(pyotp.TOTP(staff.secret).now())
    enter_code(page, f"{(right + 500_000) % 1_000_000:06d}")


def open_two_factor_setup(page, site):
    enter_password(page, new_staff(site.app, two_factor=False))


def open_recovery_codes(page, site):
    open_two_factor_setup(page, site)
    secret = page.locator(".secret-key code").inner_text()
    enter_code(page, pyotp.TOTP(secret).now(), "Turn on two-factor sign-in")


def open_queue_search_without_match(page, site):
    page.goto("/staff/screenings")
    page.fill("#q", "nobody by this name")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()


def open_decision_with_errors(page, site):
    page.goto(f"/staff/screenings/{site.references['needs_review']}")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state()


def open_recorded_decision(page, site):
    page.goto(f"/staff/screenings/{site.references['not_eligible']}")
    page.locator("input[name=kind]").first.check()
    page.fill("#note", "Called the patient.\nExplained why the clinic cannot treat.")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state()


REVIEWED = "{references[needs_review]}"
DECIDED = "{references[not_eligible]}"
STAFF_SCREENS = [
    Screen("staff-login", "Sign in", visit("/staff/login")),
    Screen("staff-login-errors", "Error: Sign in", open_login_with_error),
    Screen("staff-code", "Enter your security code", open_code_step),
    Screen(
        "staff-code-errors", "Error: Enter your security code", open_code_with_error
    ),
    Screen("staff-setup", "Set up two-factor sign-in", open_two_factor_setup),
    Screen("staff-recovery-codes", "Your recovery codes", open_recovery_codes),
    Screen("staff-work-queue", "Work queue", visit("/staff/"), "admin"),
    Screen("staff-queue", "All screenings", visit("/staff/screenings"), "admin"),
    Screen(
        "staff-queue-filtered",
        "All screenings",
        visit("/staff/screenings?outcome=needs_review&status=new"),
        "admin",
    ),
    Screen(
        "staff-queue-no-match",
        "All screenings",
        open_queue_search_without_match,
        "admin",
    ),
    Screen(
        "staff-detail",
        f"Screening {REVIEWED}",
        visit(f"/staff/screenings/{REVIEWED}"),
        "admin",
    ),
    Screen(
        "staff-detail-errors",
        f"Error: Screening {REVIEWED}",
        open_decision_with_errors,
        "admin",
    ),
    Screen(
        "staff-detail-decided", f"Screening {DECIDED}", open_recorded_decision, "admin"
    ),
    Screen(
        "staff-summary",
        f"Screening summary {REVIEWED}",
        visit(f"/staff/screenings/{REVIEWED}/summary"),
        "admin",
    ),
    Screen("staff-audit", "Audit log", visit("/staff/audit"), "admin"),
    Screen("staff-accounts", "Staff accounts", visit("/staff/accounts"), "admin"),
    Screen(
        "staff-forbidden",
        "You do not have access to this page",
        visit("/staff/audit"),
        "staff",
    ),
]
