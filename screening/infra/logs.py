"""Structured logs: one JSON object per line, one line per request, no personal data.

A request's line names the route rule (``/screening/<token>``), never the
raw path or query string, because screening tokens are secrets in URLs.
"""

from __future__ import annotations

import json
import logging
import re
import time
import traceback
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler

REQUEST_ID_HEADER = "X-Request-ID"
# Enough for UUIDs, hex and base64url ids from a load balancer; nothing else.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{8,128}")
# Only these ``extra`` fields reach the log: adding one is a reviewed decision.
FIELDS = ("request_id", "method", "route", "endpoint", "status", "duration_ms")
# Terminal colour codes (SGR), as the development server puts in its banner.
COLOUR_CODE = re.compile(r"\x1b\[[0-9;]*m")

request_log = logging.getLogger("screening.requests")


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record's time, level, logger, message and allowed fields."""
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            # A log store shows text, not a terminal's colours.
            "message": COLOUR_CODE.sub("", record.getMessage()),
        }
        if has_request_context() and "request_id" in g:
            # Every line written during a request carries its id.
            entry["request_id"] = g.request_id
        entry.update(
            (field, getattr(record, field))
            for field in FIELDS
            if hasattr(record, field)
        )
        if record.exc_info and record.exc_info[0] is not None:
            entry.update(describe_exception(record.exc_info))
        return json.dumps(entry, default=str)


def describe_exception(exc_info) -> dict[str, str]:
    """Return the exception's type and stack for a log entry.

    During a request the exception's message is left out: it can quote
    what a patient typed. At start-up it is kept: it says what to fix.
    """
    kind, error, stack = exc_info
    described = {
        "exception": kind.__qualname__,
        "stack": "".join(traceback.format_tb(stack)),
    }
    if not has_request_context():
        described["error"] = str(error)
    return described


def without_raw_request_lines(record: logging.LogRecord) -> bool:
    """Drop the development server's per-request lines: they carry raw paths.

    Werkzeug writes them in the common log format, "<address> - - [<date>] ...".
    """
    return " - - [" not in str(record.msg)


def request_id_from(header: str | None) -> str:
    """Return the caller's request id when well formed, else a new one."""
    if header and REQUEST_ID_PATTERN.fullmatch(header):
        return header
    return uuid.uuid4().hex


def start_request() -> None:
    """Give the request its id and start its clock."""
    g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
    g.request_started = time.perf_counter()


def log_request(response: Response) -> Response:
    """Write the request's one line and echo its id to the caller."""
    if "request_id" not in g:  # a hook before ours ended the request early
        start_request()
    request_log.info(
        "request",
        extra={
            "request_id": g.request_id,
            "method": request.method,
            "route": request.url_rule.rule if request.url_rule else None,
            "endpoint": request.endpoint,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - g.request_started) * 1000, 1),
        },
    )
    response.headers[REQUEST_ID_HEADER] = g.request_id
    return response


def install_json_handler(level: str) -> None:
    """Send every log record to stderr as JSON, unless logging is set up already.

    gunicorn.conf.py sets up the same formatter before the app starts, and
    a test runner has its own handlers; either way nothing is doubled.
    """
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(level)


def register_logging(app: Flask) -> None:
    """Log JSON lines, one per request, and tag every line with the request id."""
    install_json_handler(app.config["LOG_LEVEL"])
    logging.getLogger("screening").setLevel(app.config["LOG_LEVEL"])
    app.logger.removeHandler(default_handler)
    werkzeug_log = logging.getLogger("werkzeug")
    if without_raw_request_lines not in werkzeug_log.filters:
        werkzeug_log.addFilter(without_raw_request_lines)
    app.before_request(start_request)
    app.after_request(log_request)
