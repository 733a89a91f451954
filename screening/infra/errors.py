"""Friendly error pages for people, JSON errors for the API, no tracebacks.

The words are the reader's language (a page's or the API's Accept-Language):
titles are looked up when an error is shown, never at import.
"""

from __future__ import annotations

import logging
import math
import time
import traceback

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext, lazy_gettext, ngettext
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db, limiter

log = logging.getLogger(__name__)

TITLES = {
    400: lazy_gettext("There is a problem with your request"),
    401: lazy_gettext("You need to sign in"),
    403: lazy_gettext("You do not have access to this page"),
    404: lazy_gettext("Page not found"),
    405: lazy_gettext("This page cannot be used that way"),
    413: lazy_gettext("What you sent is too large"),
    429: lazy_gettext("Too many requests"),
    500: lazy_gettext("Sorry, there is a problem with the service"),
    503: lazy_gettext("Sorry, the service is unavailable"),
}


def json_error(status: int, message: str):
    """Return a JSON error body with the given status."""
    return jsonify(error=str(message)), status


def wants_json() -> bool:
    """Return True for API requests, which always answer in JSON."""
    return request.path.startswith("/api/")


def error_response(status: int, message: str | None = None):
    """Render the error in the shape the caller expects."""
    title = str(TITLES.get(status, TITLES[500]))
    if wants_json():
        return json_error(status, message or title)
    page = render_template(
        "errors/error.html", status=status, title=title, message=message
    )
    return page, status


def handle_http_error(error: HTTPException):
    """Render any HTTP error raised by Flask, Werkzeug or a view.

    The error's own headers are kept: a 405 must say which methods are allowed.
    """
    body, status = error_response(error.code or InternalServerError.code)
    headers = [
        (name, value)
        for name, value in error.get_headers()
        if name.lower() != "content-type"
    ]
    return body, status, headers


def handle_csrf_error(error: CSRFError):
    """Refuse a POST whose CSRF token is missing, wrong or from an old session."""
    return error_response(
        400,
        gettext(
            "Your session has expired or the page was out of date. Please try again."
        ),
    )


def handle_rate_limited(error: RateLimitExceeded):
    """Refuse politely and say when to come back, in words and in Retry-After."""
    seconds = retry_after_seconds()
    response = make_response(
        error_response(
            429,
            gettext(
                "You have sent a lot of requests in a short time, so we did not "
                "accept the last one and nothing from it was saved. Please wait "
                "%(wait)s, then try again.",
                wait=wait(seconds),
            ),
        )
    )
    response.headers["Retry-After"] = str(seconds)
    return response


def retry_after_seconds() -> int:
    """Return how long until the breached limit lets this client in again."""
    breached = limiter.current_limit
    if breached is None:
        return 60
    return max(1, math.ceil(breached.window.reset_time - time.time()))


def wait(seconds: int) -> str:
    """Return a waiting time as people say it."""
    if seconds < 60:
        return ngettext("%(num)d second", "%(num)d seconds", seconds)
    minutes = math.ceil(seconds / 60)
    return ngettext("%(num)d minute", "%(num)d minutes", minutes)


def handle_database_unavailable(error: OperationalError):
    """Say plainly that nothing was saved when the database cannot be reached."""
    db.session.rollback()
    log.error("database unavailable: %s", type(error.orig).__name__)
    return error_response(
        503,
        gettext(
            "We could not reach our database, so your answers were not saved. "
            "Please try again in a few minutes."
        ),
    )


def handle_unexpected_error(error: Exception):
    """Log where it failed, not what it said, and show a plain 500 page.

    An exception's message can quote the answers it was handed (``int()``
    of a name, say), so only its type and stack frames reach the log.
    """
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    db.session.rollback()
    log.error(
        "unhandled %s on %s\n%s",
        type(error).__name__,
        request.endpoint,
        "".join(traceback.format_tb(error.__traceback__)),
    )
    return error_response(InternalServerError.code)


def register_error_handlers(app: Flask) -> None:
    """Attach every error handler to the application."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(RateLimitExceeded, handle_rate_limited)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(Exception, handle_unexpected_error)
