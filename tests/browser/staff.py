"""Staff accounts for the live server, signing in through the browser, staff pages."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pyotp
from sqlalchemy import select
from support.staff import add_staff

from screening.infra.extensions import db
from screening.models import StaffMember
from screening.services.auth import team

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
    page.check("#confirm_override")
    page.fill("#note", "Called the patient.\nExplained why the clinic cannot treat.")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state()


def open_override_with_errors(page, site):
    page.goto(f"/staff/screenings/{site.references['not_eligible']}")
    page.locator("input[name=kind]").first.check()
    page.fill("#note", "ok")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state()


def open_account_created(page, site):
    page.goto("/staff/accounts")
    page.fill("#email", f"invited-{next(NUMBERS)}@clinic.example")
    page.get_by_role("button", name="Create account and send set-up link").click()
    page.wait_for_load_state()


def open_account_created_with_errors(page, site):
    page.goto("/staff/accounts")
    page.get_by_role("button", name="Create account and send set-up link").click()
    page.wait_for_load_state()


def setup_link(app) -> str:
    """Return the path of a fresh set-up link for a new account."""
    admin = new_staff(app, admin=True)
    with app.app_context():
        by = db.session.scalar(select(StaffMember).filter_by(email=admin.email))
        _, link = team.invite_staff(f"invited-{next(NUMBERS)}@clinic.example", by)
        db.session.commit()
    return "/" + link.split("/", 3)[3]


def open_setup_page(page, site):
    page.goto(setup_link(site.app))


def open_setup_page_with_errors(page, site):
    page.goto(setup_link(site.app))
    page.get_by_role("button", name="Set my password").click()
    page.wait_for_load_state()


def open_disable_confirmation(page, site):
    member = new_staff(site.app)
    with site.app.app_context():
        ident = db.session.scalar(select(StaffMember.id).filter_by(email=member.email))
    page.goto(f"/staff/accounts/{ident}/disable")


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
    Screen(
        "staff-detail-override-errors",
        f"Error: Screening {DECIDED}",
        open_override_with_errors,
        "admin",
    ),
    Screen("staff-audit", "Audit log", visit("/staff/audit"), "admin"),
    Screen(
        "staff-audit-filtered",
        "Audit log",
        visit("/staff/audit?since=2026-01-01&until=2030-12-31"),
        "admin",
    ),
    Screen(
        "staff-audit-errors",
        "Error: Audit log",
        visit("/staff/audit?since=2030-12-31&until=2026-01-01"),
        "admin",
    ),
    Screen("staff-dashboard", "Dashboard", visit("/staff/dashboard"), "staff"),
    Screen("staff-account-created", "Staff accounts", open_account_created, "admin"),
    Screen(
        "staff-account-errors",
        "Error: Staff accounts",
        open_account_created_with_errors,
        "admin",
    ),
    Screen(
        "staff-account-disable", "Disable account", open_disable_confirmation, "admin"
    ),
    Screen("staff-setup-account", "Choose your password", open_setup_page),
    Screen(
        "staff-setup-account-errors",
        "Error: Choose your password",
        open_setup_page_with_errors,
    ),
    Screen(
        "staff-setup-link-invalid",
        "This set-up link does not work",
        visit("/staff/setup/" + "x" * 43),
    ),
    Screen("staff-accounts", "Staff accounts", visit("/staff/accounts"), "admin"),
    # With the admins' table of each catalogue's clinical review.
    Screen("staff-criteria", "Screening criteria", visit("/staff/criteria"), "admin"),
    Screen(
        "staff-forbidden",
        "You do not have access to this page",
        visit("/staff/audit"),
        "staff",
    ),
]
