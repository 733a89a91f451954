"""Clinic staff pages: sign-in, review queue, screening detail, audit, export.

Every address under /staff needs a signed-in staff member, except the
steps of signing in; the guard runs for the whole /staff path, so a page
added later cannot be left open by mistake.
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user

from ..infra.errors import error_response
from ..infra.extensions import login_manager
from ..infra.transactions import unit_of_work
from ..services import audit, wording

bp = Blueprint("staff", __name__, url_prefix="/staff")

# Pages reached before signing in: the steps of signing in, and the
# one-time link a new member chooses their password with.
PUBLIC_ENDPOINTS = frozenset(
    {"staff.login", "staff.login_code", "staff.login_setup", "staff.setup_account"}
)
# All a member whose password an admin chose may reach before changing it.
MUST_CHANGE_ENDPOINTS = frozenset({"staff.change_password", "staff.logout"})


def wants_redirect() -> bool:
    """Return True for a browser asking for a page, which a login page can serve."""
    accepted = {value for value, _quality in request.accept_mimetypes}
    return request.method in ("GET", "HEAD") and "text/html" in accepted


@login_manager.unauthorized_handler
def unauthorized():
    """Send browsers to the login page; answer anything else with 401."""
    if wants_redirect():
        target = request.full_path if request.query_string else request.path
        return redirect(url_for("staff.login", next=target))
    return error_response(401)


@bp.before_app_request
def require_staff():
    """Refuse every /staff address to anyone not signed in as staff."""
    in_staff_area = request.path == "/staff" or request.path.startswith("/staff/")
    if not in_staff_area or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    with unit_of_work():
        # Loading the member ends an expired session or notes this use.
        authenticated = current_user.is_authenticated
    if not authenticated:
        return unauthorized()
    if (
        current_user.must_change_password
        and request.endpoint not in MUST_CHANGE_ENDPOINTS
    ):
        return redirect(url_for("staff.change_password"), code=303)
    return None


bp.add_app_template_filter(wording.phone_link, "phone_link")
# Pages speak the reader's language: these filters translate the stored
# codes and English words (the CSV exports keep the English ones).
bp.add_app_template_filter(wording.short_date, "short_date")
bp.add_app_template_filter(wording.outcome_words, "outcome_words")
bp.add_app_template_filter(wording.decision_words, "decision_words")
bp.add_app_template_filter(wording.basis_words, "basis_words")
bp.add_app_template_filter(wording.answered_in, "answered_in")
bp.add_app_template_filter(audit.event_words, "event_label")
bp.add_app_template_filter(lambda counts: sum(counts.values()), "dictsum")
bp.add_app_template_filter(audit.detail_on_page, "audit_detail")
bp.add_app_template_filter(wording.severity_words, "severity_words")


def admin_required(view):
    """Answer 403 to staff who are not admins."""

    @wraps(view)
    def admin_view(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return admin_view


from . import (  # noqa: E402,F401
    account_pages,
    admin_pages,
    criteria_pages,
    dashboard_pages,
    delivery_pages,
    fhir_pages,
    password_pages,
    queue_pages,
    screening_pages,
    sign_in,
)
